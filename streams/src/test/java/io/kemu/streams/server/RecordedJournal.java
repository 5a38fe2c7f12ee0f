package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.vfs.workload.JournalRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real journal stream (a seeded workload through the kernel's ring, ASSOCIATE to DISASSOCIATE) and its tree. */
record RecordedJournal(byte[] stream, Path tree, List<Record> records) {
    /** One raw record of the stream. */
    record Record(long offset, int size, long transid, boolean pad) {
        long end() {
            return offset + size;
        }
    }

    static RecordedJournal record(long seed, int ops, Path dir) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final Path tree = dir.resolve("tree-" + seed + "-" + ops);
        JournalRecorder.record(new JournalRecorder.Options(seed, ops, false, true, 64 * 1024), out, tree);
        final byte[] stream = out.toByteArray();
        return new RecordedJournal(stream, tree, recordsOf(stream));
    }

    static List<Record> recordsOf(byte[] stream) throws IOException {
        final List<Record> records = new ArrayList<>();
        RecordDecoder.decodeAll(new ByteArrayInputStream(stream), new RecordDecoder.Listener() {
            @Override
            public void onRecord(RawRecord r) {
                records.add(new Record(r.offset(), r.alignedSize(), r.transid(), r.isPad()));
            }

            @Override
            public void onProblem(ScanProblem problem) {
                throw new AssertionError(problem.toString());
            }
        });
        return records;
    }

    /** The stream's bytes from record {@code from} (inclusive) to record {@code to} (exclusive). */
    byte[] slice(int from, int to) {
        final long start = records.get(from).offset();
        final long end = to == records.size() ? stream.length : records.get(to).offset();
        return Arrays.copyOfRange(stream, (int) start, (int) end);
    }

    /** Record {@code i}'s bytes with its transid replaced: well formed, but not this journal's. */
    byte[] forged(int i, long transid) {
        final byte[] bytes = slice(i, i + 1);
        RawRecordHeaderDescriptor.transid(bytes, 0, transid);
        return bytes;
    }

    /**
     * Asserts what an ack of {@code ack} promises: every non-pad record of this journal with a transid
     * at or below it lies, byte for byte, in {@code storeFile}.
     */
    void assertStoredThrough(long ack, Path storeFile) throws IOException {
        final byte[] stored = Files.readAllBytes(storeFile);
        final Map<Long, Record> byTransid = new HashMap<>();
        for (Record r : recordsOf(stored)) {
            if (!r.pad()) {
                byTransid.put(r.transid(), r);
            }
        }
        for (Record r : records) {
            if (r.pad() || r.transid() > ack) {
                continue;
            }
            final Record held = byTransid.get(r.transid());
            assertThat(held).as("acked record transid %x is stored", r.transid()).isNotNull();
            assertThat(Arrays.copyOfRange(stored, (int) held.offset(), (int) held.end()))
                    .as("stored bytes of transid %x", r.transid())
                    .isEqualTo(Arrays.copyOfRange(stream, (int) r.offset(), (int) r.end()));
        }
    }
}
