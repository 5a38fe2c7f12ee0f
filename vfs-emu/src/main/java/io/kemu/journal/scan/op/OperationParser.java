package io.kemu.journal.scan.op;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.subrecord.LeafValues;
import io.kemu.journal.scan.subrecord.SubRecord;
import io.kemu.journal.scan.subrecord.SubRecordParser;
import io.kemu.journal.wire.RecordType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a transaction's sub-record tree into {@link Operation}s, one per top-level container. This is
 * the attribute collection of jscan's {@code dump_mirror.c} ({@code dump_mirror_rebuild_redo}/undo),
 * adapted: REDO and UNDO are kept apart instead of choosing one by scan direction, CRED is skipped,
 * any other container is recursed into and its leaves join the enclosing section.
 *
 * <p>Errors ({@link ProblemKind#MALFORMED}): a broken tree, FILEDATA before any SEEKPOS, a negative
 * SEEKPOS, an integer or time leaf of impossible width.
 */
public final class OperationParser {
    private OperationParser() {
    }

    public static List<Operation> parse(Transaction tx) throws JournalScanException {
        List<Operation> ops = new ArrayList<>();
        for (SubRecord record : SubRecordParser.parse(tx)) {
            if (!record.isNested()) {
                continue;
            }
            Section top = new Section();
            Section[] redoUndo = new Section[2];
            for (SubRecord child : record.children()) {
                switch (child.type()) {
                    case RecordType.CRED -> { }
                    case RecordType.REDO -> collect(tx, child.children(), redoUndo[0] = orNew(redoUndo[0]));
                    case RecordType.UNDO -> collect(tx, child.children(), redoUndo[1] = orNew(redoUndo[1]));
                    default -> collectOne(tx, child, top);
                }
            }
            ops.add(new Operation(tx, record.type(), record.index(), top, Optional.ofNullable(redoUndo[0]),
                    Optional.ofNullable(redoUndo[1])));
        }
        return ops;
    }

    private static Section orNew(Section s) {
        return s == null ? new Section() : s;
    }

    private static void collect(Transaction tx, List<SubRecord> records, Section into) throws JournalScanException {
        for (SubRecord r : records) {
            collectOne(tx, r, into);
        }
    }

    /** Adds one record's leaves to {@code into}; nested REDO/UNDO/CRED below the top level are ignored. */
    private static void collectOne(Transaction tx, SubRecord r, Section into) throws JournalScanException {
        byte[] buf = tx.data();
        int type = r.type();
        if (r.isNested()) {
            if (type != RecordType.CRED && type != RecordType.REDO && type != RecordType.UNDO) {
                collect(tx, r.children(), into);
            }
            return;
        }
        switch (type) {
            case RecordType.PATH1 -> into.path1 = first(into.path1, LeafValues.path(buf, r));
            case RecordType.PATH2 -> into.path2 = first(into.path2, LeafValues.path(buf, r));
            case RecordType.PATH_REF -> into.pathRef = first(into.pathRef, LeafValues.path(buf, r));
            case RecordType.ATTRNAME -> into.attrName = first(into.attrName, LeafValues.bytes(buf, r));
            case RecordType.SYMLINKDATA -> into.symlinkData = first(into.symlinkData, LeafValues.bytes(buf, r));
            case RecordType.SEEKPOS -> {
                long offset = LeafValues.integer(buf, r);
                if (offset < 0) {
                    throw new JournalScanException(ProblemKind.MALFORMED, "@" + r.index() + ": negative SEEKPOS " + offset);
                }
                into.startRun(offset);
            }
            case RecordType.FILEDATA -> {
                DataRun run = into.currentRun();
                if (run == null) {
                    throw new JournalScanException(ProblemKind.MALFORMED, "@" + r.index() + ": FILEDATA without a SEEKPOS");
                }
                if (run.offset() + run.length() + r.dataLength() < 0) {
                    throw new JournalScanException(ProblemKind.MALFORMED, "@" + r.index() + ": file data beyond 2^63");
                }
                run.add(r.dataIndex(), r.dataLength());
            }
            case RecordType.ERROR -> into.error = into.error != null ? into.error : LeafValues.integer(buf, r);
            case RecordType.ATIME, RecordType.MTIME, RecordType.CTIME ->
                    into.vattr().putTime(type, LeafValues.timespec(buf, r));
            case RecordType.VTYPE, RecordType.MODES, RecordType.NLINK, RecordType.UID, RecordType.GID,
                    RecordType.FSID, RecordType.INUM, RecordType.SIZE, RecordType.GEN, RecordType.FLAGS,
                    RecordType.FFLAGS, RecordType.UDEV, RecordType.UMAJOR, RecordType.UMINOR, RecordType.FILEREV ->
                    into.vattr().putInteger(type, LeafValues.integer(buf, r));
            default -> { }
        }
    }

    private static byte[] first(byte[] existing, byte[] value) {
        return existing != null ? existing : value;
    }
}
