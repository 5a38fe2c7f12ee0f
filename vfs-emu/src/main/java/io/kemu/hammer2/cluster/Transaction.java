package io.kemu.hammer2.cluster;

import java.util.Objects;

/**
 * The part of {@code hammer2_trans_t} the cluster operations use: the PFS clusters created in the
 * transaction belong to ({@code trans->pmp}) and the transaction id that becomes the
 * {@code modify_tid} of every chain the transaction modifies (an unsigned 64-bit number).
 */
public record Transaction(Pfs pfs, long tid) {
    public Transaction {
        Objects.requireNonNull(pfs, "pfs");
    }
}
