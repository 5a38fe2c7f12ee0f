package io.kemu.journal.scan.op;

import io.kemu.journal.scan.Transaction;
import io.kemu.journal.scan.subrecord.RecordNames;

import java.util.Optional;

/**
 * One journaled VOP: a top-level container of a transaction (SETATTR, WRITE, CREATE, ...), read into
 * its three parts. {@code top} holds the leaves outside REDO/UNDO (PATH1, PATH2, PATH_REF, ATTRNAME,
 * MKDIR's bare VATTR); {@code redo} and {@code undo} are empty when the record has no such container
 * (UNDO exists only in reversible journals, and only for some VOPs: SPEC section 1.3).
 *
 * @param type the container's rectype without LAST (a {@code RecordType} constant)
 * @param index offset of the container inside the transaction's data
 */
public record Operation(Transaction transaction, int type, int index, Section top, Optional<Section> redo,
        Optional<Section> undo) {

    public String typeName() {
        return RecordNames.typeName(type);
    }
}
