package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.RawRecord;
import io.kemu.journal.scan.RecordDecoder;
import io.kemu.journal.scan.ScanLimits;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.StreamReassembler;
import io.kemu.journal.scan.Transaction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Re-reads one transaction from a seekable stream file, given where it began and ended. Undo uses it
 * so that only one transaction at a time is in memory. Decoding restarts at the BEGIN record, which a
 * first pass validated, so it follows exactly the records that pass saw; records of other stream ids
 * and pads are skipped.
 */
final class TransactionReader {
    /** Where a transaction lies in the stream file. */
    record Location(int streamId, long beginOffset, long endOffset, long endTransid) {
    }

    private static final int CHUNK = 64 * 1024;

    private TransactionReader() {
    }

    static Transaction read(Path file, Location where, ScanLimits limits) throws JournalScanException {
        Transaction[] found = new Transaction[1];
        StreamReassembler reassembler = new StreamReassembler(new StreamReassembler.Listener() {
            @Override
            public void onTransaction(Transaction transaction) {
                found[0] = transaction;
            }

            @Override
            public void onFragmentEnd(StreamReassembler.Fragment fragment) {
            }

            @Override
            public void onProblem(ScanProblem problem) {
            }
        }, limits);
        RecordDecoder decoder = new RecordDecoder(new RecordDecoder.Listener() {
            @Override
            public void onRecord(RawRecord record) {
                if (found[0] == null && !record.isPad() && record.id() == where.streamId()
                        && record.offset() <= where.endOffset()) {
                    reassembler.accept(record);
                }
            }

            @Override
            public void onProblem(ScanProblem problem) {
            }
        }, where.beginOffset());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(where.beginOffset());
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (found[0] == null && decoder.position() <= where.endOffset() && ch.read(buf.clear()) >= 0) {
                decoder.feed(buf.flip());
            }
        } catch (IOException e) {
            throw new JournalScanException(ProblemKind.IO, where.beginOffset(), java.util.OptionalLong.empty(),
                    "cannot re-read " + file + ": " + e, e);
        }
        Transaction tx = found[0];
        if (tx == null || tx.endTransid() != where.endTransid() || tx.beginOffset() != where.beginOffset()) {
            throw new JournalScanException(ProblemKind.IO, where.beginOffset(), java.util.OptionalLong.empty(),
                    "the transaction seen by the first pass could not be re-read (did " + file + " change?)", null);
        }
        return tx;
    }
}
