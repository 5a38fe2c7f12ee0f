package io.kemu.journal.scan.dump;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.JournalScanner;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.ResumePoint;
import io.kemu.journal.scan.ScanOptions;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.Transids;
import io.kemu.journal.scan.subrecord.RecordNames;
import io.kemu.journal.scan.subrecord.SubRecord;
import io.kemu.journal.scan.subrecord.SubRecordParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A readable listing of every transaction and sub-record of a stream: jscan's {@code -d} debug dump
 * ({@code dump_debug.c}). Each complete transaction is printed when its END arrives:
 * <pre>
 * STREAM 0100 0000000000000010 offset 0 records 1 {
 *     @16 RECORD CREATE [8015/96]
 *         @24 RECORD PATH1 [0402/12] DATA "a/b"
 *         ...
 * }
 * </pre>
 * {@code STREAM <13-bit id> <first record's transid> offset <of the BEGIN record> records <raw
 * records>}, then {@code ABORTED} for an aborted transaction or the control-stream name (DISCONT, ...)
 * for ids below 0x100, then one line per sub-record, {@code @offset RECORD name [rectype/recsize]},
 * indented four spaces per level, the rectype with its LAST bit, and {@code DATA value} for leaves
 * (see {@link LeafFormatter}). Pads are listed as {@code PAD offset N size S}. Problems appear in
 * stream order as lines starting with {@code !! }; a transaction whose sub-records cannot be parsed
 * shows the error instead of its records. Nothing is filtered (no duplicate skipping), as in jscan.
 */
public final class JournalDump {
    /** Default number of payload bytes shown in a hex dump. */
    public static final int DEFAULT_DATA_LIMIT = 32;

    private final PrintWriter out;
    private final LeafFormatter formatter;
    private final List<ScanProblem> problems = new ArrayList<>();

    private JournalDump(PrintWriter out, int dataLimit) {
        this.out = out;
        this.formatter = new LeafFormatter(dataLimit);
    }

    /**
     * Dumps everything {@code in} delivers to {@code out} and returns the problems found (also printed
     * inline). A read error ends the input and is one of the problems.
     */
    public static List<ScanProblem> dump(InputStream in, PrintWriter out, int dataLimit) {
        JournalDump dump = new JournalDump(out, dataLimit);
        JournalScanner scanner = new JournalScanner(dump.new Listener(), ScanOptions.DUMP, ResumePoint.START);
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                scanner.feed(chunk, 0, n);
            }
        } catch (IOException e) {
            dump.problem(ScanProblem.at(ProblemKind.IO, scanner.position() + scanner.pendingBytes(),
                    "reading the stream failed: " + e));
        }
        scanner.finish();
        out.flush();
        return List.copyOf(dump.problems);
    }

    private void problem(ScanProblem p) {
        problems.add(p);
        out.println("!! " + p);
    }

    private void printTransaction(Transaction tx) {
        StringBuilder head = new StringBuilder("STREAM ").append(hex4(tx.streamId())).append(' ')
                .append(Transids.hex16(tx.beginTransid())).append(" offset ").append(tx.beginOffset())
                .append(" records ").append(tx.recordCount());
        if (tx.isControl()) {
            head.append(' ').append(RecordNames.controlStreamName(tx.streamId()));
        }
        if (tx.isAborted()) {
            head.append(" ABORTED");
        }
        out.println(head.append(" {"));
        try {
            for (SubRecord r : SubRecordParser.parse(tx)) {
                printRecord(tx.data(), r, 1);
            }
        } catch (JournalScanException e) {
            out.println("    !! " + e.kind() + ": " + e.reason());
            if (!tx.isAborted()) {
                problems.add(new ScanProblem(e.kind(), tx.beginOffset(), java.util.OptionalLong.of(tx.beginTransid()),
                        String.format("stream 0x%04x: %s", tx.streamId(), e.reason())));
            }
        }
        out.println("}");
    }

    private void printRecord(byte[] buf, SubRecord r, int depth) {
        StringBuilder line = new StringBuilder("    ".repeat(depth)).append('@').append(r.index()).append(" RECORD ")
                .append(RecordNames.typeName(r.rectype()))
                .append(" [").append(hex4(r.rectype())).append('/').append(r.recsize()).append(']');
        if (!r.isNested()) {
            String data = formatter.format(buf, r);
            if (data != null) {
                line.append(" DATA ").append(data);
            }
        }
        out.println(line);
        for (SubRecord child : r.children()) {
            printRecord(buf, child, depth + 1);
        }
    }

    /** {@code String.format("%04x", v)} without the formatter: the dump prints one per sub-record. */
    static String hex4(int v) {
        String h = Integer.toHexString(v);
        return h.length() >= 4 ? h : "0000".substring(h.length()) + h;
    }

    private final class Listener implements JournalScanner.Listener {
        @Override
        public void onTransaction(Transaction transaction) {
            printTransaction(transaction);
        }

        @Override
        public void onProblem(ScanProblem problem) {
            problem(problem);
        }

        @Override
        public void onRecord(RawRecord record) {
            if (record.isPad()) {
                out.println("PAD offset " + record.offset() + " size " + record.alignedSize());
            }
        }
    }
}
