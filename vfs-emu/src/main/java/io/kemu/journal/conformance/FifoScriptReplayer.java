package io.kemu.journal.conformance;

import io.kemu.journal.fifo.AckResult;
import io.kemu.journal.fifo.DrainResult;
import io.kemu.journal.fifo.JournalFifo;
import io.kemu.journal.fifo.Reservation;
import io.kemu.journal.jrecord.JRecord;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays one FIFO conformance script ({@code vectors/fifo/FORMAT.md}) against {@link JournalFifo}
 * and {@link JRecord}, producing the result lines and the bytes the writer sent, exactly as the
 * kernel's code compiled into the reference driver did.
 *
 * <p>The driver's execution model: an operation that would sleep is BLOCKED and every effect it had
 * is undone (ring bytes, indices, slot state, stream bytes) except the {@code fifostalls} it counted;
 * with AUTODRAIN a stall first runs one writer pass and retries when that moved {@code xindex}.
 * Payload bytes follow the fill rule {@code (7k + 16 slot + 1) mod 256}. A script that breaks the
 * format or a precondition is reported as {@link MalformedVectorException} naming its line.
 */
public final class FifoScriptReplayer {
    private static final int SLOTS = 64;

    private final String file;
    private final List<String> results = new ArrayList<>();
    private final Stream stream = new Stream();
    private final Slot[] slots = new Slot[SLOTS];
    private JournalFifo fifo;
    private boolean autodrain;
    private int lineNumber;

    private FifoScriptReplayer(String file) {
        this.file = file;
    }

    /** The outcome of a replay: one result line per operation and the concatenated stream. */
    public record Replay(List<String> lines, byte[] stream) {
    }

    /** Replays {@code scriptLines} (the script's text, line by line) named {@code file} in errors. */
    public static Replay replay(String file, List<String> scriptLines) throws MalformedVectorException {
        final FifoScriptReplayer replayer = new FifoScriptReplayer(file);
        for (String raw : scriptLines) {
            ++replayer.lineNumber;
            final int hash = raw.indexOf('#');
            final String text = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (!text.isEmpty()) {
                replayer.execute(text.split("[ \t]+"));
            }
        }
        return new Replay(List.copyOf(replayer.results), replayer.stream.toByteArray());
    }

    private MalformedVectorException malformed(String reason) {
        return new MalformedVectorException(file, lineNumber, reason);
    }

    private void execute(String[] tokens) throws MalformedVectorException {
        final String op = tokens[0];
        if (fifo == null && !op.equals("fifo")) {
            throw malformed("first operation must be 'fifo', got '" + op + "'");
        }
        final String result = switch (op) {
            case "fifo" -> opFifo(tokens);
            case "reserve" -> blockable(tokens, () -> opReserve(tokens));
            case "extend" -> blockable(tokens, () -> opExtend(tokens));
            case "commit" -> opCommit(tokens);
            case "abort" -> opAbort(tokens);
            case "drain" -> opDrain(tokens);
            case "ack" -> opAck(tokens);
            case "jinit" -> blockable(tokens, () -> opJinit(tokens));
            case "jpush" -> blockable(tokens, () -> opJpush(tokens));
            case "jpop" -> blockable(tokens, () -> opJpop(tokens));
            case "jleaf" -> blockable(tokens, () -> opJleaf(tokens));
            case "jdone" -> opJdone(tokens);
            case "memhash" -> opMemhash(tokens);
            default -> throw malformed("unknown operation '" + op + "'");
        };
        results.add(String.join(" ", tokens) + " | " + result + " | " + stateText());
    }

    private String stateText() {
        return "w=" + fifo.windex() + " r=" + fifo.rindex() + " x=" + fifo.xindex() + " t=" + fifo.transid()
                + " acked=" + fifo.totalAcked() + " stalls=" + fifo.fifostalls();
    }

    @FunctionalInterface
    private interface Attempt {
        /** Runs the operation; null means it would have slept. */
        String run() throws MalformedVectorException;
    }

    /** Runs an operation that may sleep; if it does, undoes all its effects but the stall count. */
    private String blockable(String[] tokens, Attempt attempt) throws MalformedVectorException {
        final JournalFifo.Snapshot ring = fifo.snapshot();
        final Slot[] savedSlots = new Slot[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            savedSlots[i] = slots[i] == null ? null : slots[i].copy();
        }
        final int streamLength = stream.size();
        final String result = attempt.run();
        if (result != null) {
            return result;
        }
        fifo.restore(ring);
        System.arraycopy(savedSlots, 0, slots, 0, SLOTS);
        stream.truncate(streamLength);
        return "BLOCKED";
    }

    private String opFifo(String[] t) throws MalformedVectorException {
        if (fifo != null) {
            throw malformed("'fifo' given twice");
        }
        arity(t, 4, 5);
        final long size = number(t[1]);
        if (size < 64 || size > 16777216 || Long.bitCount(size) != 1) {
            throw malformed("ring size " + t[1] + " is not a power of two in 64..16777216");
        }
        final long transid = number(t[2]);
        if (transid < 1 || transid > (1L << 62)) {
            throw malformed("first transid " + t[2] + " out of range 1..2^62");
        }
        final boolean fullDuplex = flag(t[3]);
        autodrain = t.length == 5 && flag(t[4]);
        if (autodrain && fullDuplex) {
            throw malformed("AUTODRAIN needs half duplex");
        }
        fifo = new JournalFifo((int) size, transid, fullDuplex);
        fifo.stallHandler(autodrain ? this::autodrainPass : null);
        return "ok";
    }

    /** The driver's stall: one writer pass, retry when it moved {@code xindex}. */
    private boolean autodrainPass(JournalFifo ring) {
        final int before = ring.xindex();
        ring.drain(stream);
        return ring.xindex() != before;
    }

    private String opReserve(String[] t) throws MalformedVectorException {
        arity(t, 4, 4);
        final int slot = freeSlot(t[1]);
        final int streamId = streamId(t[2]);
        final int bytes = nonNegative(t[3]);
        final int record = fifo.reserve(streamId, bytes);
        if (record == JournalFifo.BLOCKED) {
            return null;
        }
        final Slot raw = Slot.raw(new Reservation(record));
        slots[slot] = raw;
        fill(raw, slot, record + RawRecordHeaderDescriptor.LENGTH, bytes);
        return "rec=" + record + " off=" + (record + RawRecordHeaderDescriptor.LENGTH) + " psz=" + payloadSize(record);
    }

    private String opExtend(String[] t) throws MalformedVectorException {
        arity(t, 4, 4);
        final int slot = slotIndex(t[1]);
        final Slot raw = rawSlot(slot, t[1]);
        final int trunc = nonNegative(t[2]);
        final int bytes = nonNegative(t[3]);
        if (trunc > payloadSize(raw.reservation.record())) {
            throw malformed("extend truncation " + trunc + " beyond the payload");
        }
        final int pointer = fifo.extend(raw.reservation, trunc, bytes);
        if (pointer == JournalFifo.BLOCKED) {
            return null;
        }
        final int record = raw.reservation.record();
        final int payload = payloadSize(record);
        fill(raw, slot, pointer, payload - (pointer - record - RawRecordHeaderDescriptor.LENGTH));
        return "new=" + (raw.reservation.pushedOut() ? 1 : 0) + " rec=" + record + " off=" + pointer
                + " psz=" + payload;
    }

    private String opCommit(String[] t) throws MalformedVectorException {
        arity(t, 4, 4);
        final int slot = slotIndex(t[1]);
        final Slot raw = rawSlot(slot, t[1]);
        final long bytes = number(t[2]);
        if (bytes < -1 || bytes > payloadSize(raw.reservation.record())) {
            throw malformed("commit of " + t[2] + " bytes outside -1..payload");
        }
        fifo.commit(raw.reservation.record(), (int) bytes, flag(t[3]));
        slots[slot] = null;
        return "ok";
    }

    private String opAbort(String[] t) throws MalformedVectorException {
        arity(t, 2, 2);
        final int slot = slotIndex(t[1]);
        fifo.abort(rawSlot(slot, t[1]).reservation.record());
        slots[slot] = null;
        return "ok";
    }

    private String opDrain(String[] t) throws MalformedVectorException {
        arity(t, 1, 1);
        final DrainResult result = fifo.drain(stream);
        return "writes=" + result.writes() + " bytes=" + result.bytes();
    }

    private String opAck(String[] t) throws MalformedVectorException {
        arity(t, 2, 2);
        if (!fifo.fullDuplex()) {
            throw malformed("ack needs a full-duplex fifo");
        }
        final long transid = number(t[1]);
        if (transid < 0) {
            throw malformed("negative ack transid " + t[1]);
        }
        final AckResult result = fifo.ack(transid);
        final String stop = switch (result.stop()) {
            case EQUAL -> "eq";
            case GREATER -> "gt";
            case EMPTY -> "empty";
        };
        return "recs=" + result.retired() + " stop=" + stop;
    }

    private String opJinit(String[] t) throws MalformedVectorException {
        arity(t, 3, 3);
        final int slot = freeSlot(t[1]);
        final JRecord jrec = JRecord.tryInit(fifo, streamId(t[2]));
        if (jrec == null) {
            return null;
        }
        slots[slot] = Slot.jrecord(jrec);
        return jrecordText(jrec);
    }

    private String opJpush(String[] t) throws MalformedVectorException {
        arity(t, 3, 3);
        final JRecord jrec = jrecordSlot(t[1]);
        return jrec.tryPush(rectype(t[2])) ? jrecordText(jrec) : null;
    }

    private String opJpop(String[] t) throws MalformedVectorException {
        arity(t, 2, 2);
        final JRecord jrec = jrecordSlot(t[1]);
        if (jrec.pushCount() == 0) {
            throw malformed("jpop without an open push");
        }
        return jrec.tryPop() ? jrecordText(jrec) : null;
    }

    private String opJleaf(String[] t) throws MalformedVectorException {
        arity(t, 4, 4);
        final int slot = slotIndex(t[1]);
        final JRecord jrec = jrecordSlot(t[1]);
        final int rectype = rectype(t[2]);
        final int bytes = nonNegative(t[3]);
        if (bytes > 0 && (rectype & 0x8000) != 0) {
            throw malformed("a leaf with data cannot be NESTED");
        }
        final byte[] data = new byte[bytes];
        for (int j = 0; j < bytes; j++) {
            data[j] = fillByte(j, slot);
        }
        return jrec.tryLeaf(rectype, data, 0, bytes) ? jrecordText(jrec) : null;
    }

    private String opJdone(String[] t) throws MalformedVectorException {
        arity(t, 3, 3);
        final int slot = slotIndex(t[1]);
        final JRecord jrec = jrecordSlot(t[1]);
        final boolean abort = flag(t[2]);
        if (!abort && jrec.pushCount() != 0) {
            throw malformed("jdone 0 with " + jrec.pushCount() + " open pushes");
        }
        jrec.finish(abort);
        slots[slot] = null;
        return "ok";
    }

    private String opMemhash(String[] t) throws MalformedVectorException {
        arity(t, 1, 1);
        int hash = 0x811c9dc5;
        for (byte b : fifo.memory()) {
            hash = (hash ^ (b & 0xFF)) * 0x01000193;
        }
        return String.format(Locale.ROOT, "fnv=%08x", hash);
    }

    private static String jrecordText(JRecord jrec) {
        return "rec=" + jrec.record() + " ptr=" + jrec.ptr() + " rsv=" + jrec.reserved() + " resid=" + jrec.resid()
                + " pc=" + jrec.pushCount() + " good=" + jrec.pushPtrGood();
    }

    private int payloadSize(int record) {
        return RawRecordHeaderDescriptor.recsize(fifo.memory(), record) - RawRecordHeaderDescriptor.OVERHEAD;
    }

    private void fill(Slot raw, int slot, int at, int count) {
        final byte[] ring = fifo.memory();
        for (int i = 0; i < count; i++) {
            ring[at + i] = fillByte(raw.fillCounter++, slot);
        }
    }

    private static byte fillByte(int k, int slot) {
        return (byte) ((7 * k + 16 * slot + 1) & 0xFF);
    }

    private void arity(String[] t, int min, int max) throws MalformedVectorException {
        if (t.length < min || t.length > max) {
            throw malformed("'" + t[0] + "' takes " + (min == max ? "" + (min - 1) : (min - 1) + " or " + (max - 1))
                    + " arguments, got " + (t.length - 1));
        }
    }

    private long number(String token) throws MalformedVectorException {
        try {
            if (token.matches("0x[0-9a-fA-F]{1,16}")) {
                return Long.parseUnsignedLong(token.substring(2), 16);
            }
            if (token.matches("-?[0-9]+")) {
                return Long.parseLong(token);
            }
        } catch (NumberFormatException e) {
            throw malformed("number '" + token + "' does not fit in 64 bits");
        }
        throw malformed("bad number '" + token + "'");
    }

    private boolean flag(String token) throws MalformedVectorException {
        final long value = number(token);
        if (value != 0 && value != 1) {
            throw malformed("expected 0 or 1, got '" + token + "'");
        }
        return value == 1;
    }

    private int nonNegative(String token) throws MalformedVectorException {
        final long value = number(token);
        if (value < 0 || value > RawRecordHeaderDescriptor.MAX_RECSIZE) {
            throw malformed("size " + token + " out of range 0.." + RawRecordHeaderDescriptor.MAX_RECSIZE);
        }
        return (int) value;
    }

    private int streamId(String token) throws MalformedVectorException {
        final long value = number(token);
        if (value < 0 || value > 0x1FFF) {
            throw malformed("stream id " + token + " out of range 0..0x1FFF");
        }
        return (int) value;
    }

    private int rectype(String token) throws MalformedVectorException {
        final long value = number(token);
        if (value < 0 || value > 0xFFFF) {
            throw malformed("rectype " + token + " out of range 0..0xFFFF");
        }
        return (int) value;
    }

    private int slotIndex(String token) throws MalformedVectorException {
        final long value = number(token);
        if (value < 0 || value >= SLOTS) {
            throw malformed("slot " + token + " out of range 0.." + (SLOTS - 1));
        }
        return (int) value;
    }

    private int freeSlot(String token) throws MalformedVectorException {
        final int slot = slotIndex(token);
        if (slots[slot] != null) {
            throw malformed("slot " + slot + " is already in use");
        }
        return slot;
    }

    private Slot rawSlot(int slot, String token) throws MalformedVectorException {
        final Slot s = slots[slot];
        if (s == null || s.reservation == null) {
            throw malformed("slot " + token + " is not reserved (no raw transaction)");
        }
        return s;
    }

    private JRecord jrecordSlot(String token) throws MalformedVectorException {
        final Slot s = slots[slotIndex(token)];
        if (s == null || s.jrecord == null) {
            throw malformed("slot " + token + " holds no jrecord transaction");
        }
        return s.jrecord;
    }

    /** A script slot: a raw transaction (reservation + fill counter) or a jrecord. */
    private static final class Slot {
        final Reservation reservation;
        final JRecord jrecord;
        int fillCounter;

        private Slot(Reservation reservation, JRecord jrecord, int fillCounter) {
            this.reservation = reservation;
            this.jrecord = jrecord;
            this.fillCounter = fillCounter;
        }

        static Slot raw(Reservation reservation) {
            return new Slot(reservation, null, 0);
        }

        static Slot jrecord(JRecord jrecord) {
            return new Slot(null, jrecord, 0);
        }

        Slot copy() {
            return reservation != null
                    ? new Slot(new Reservation(reservation.record()), null, fillCounter)
                    : new Slot(null, jrecord.copy(), 0);
        }
    }

    /** The target's byte stream, truncatable so a BLOCKED operation's autodrain can be undone. */
    private static final class Stream extends ByteArrayOutputStream implements io.kemu.journal.fifo.WriteSink {
        @Override
        public void write(byte[] ring, int offset, int length) {
            super.write(ring, offset, length);
        }

        void truncate(int length) {
            count = length;
        }
    }
}
