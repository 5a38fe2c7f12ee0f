package io.kemu.hammer2.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.BrefType;
import io.kemu.hammer2.chain.Chain;
import io.kemu.hammer2.chain.ChainFlag;
import io.kemu.hammer2.chain.InodeDataDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** hammer2_cluster_snapshot(): the new PFS root's identity and flags, and its flush. */
class ClusterSnapshotRulesTest {
    private static final UUID FSID = new UUID(0x0102030405060708L, 0x1112131415161718L);
    private static final UUID CLID = new UUID(0x2122232425262728L, 0x3132333435363738L);

    private static Cluster origin(Pfs pfs) {
        final Chain origin = new Chain(0, Blockref.of(BrefType.INODE, 0x77, 0), InodeDataDescriptor.INODE_BYTES);
        origin.setData(new byte[InodeDataDescriptor.INODE_BYTES], InodeDataDescriptor.INODE_BYTES);
        return ClusterLocking.fromChain(origin, pfs);
    }

    private static UUID uuidAt(byte[] inode, int offset) {
        final ByteBuffer b = ByteBuffer.wrap(inode, offset, InodeDataDescriptor.UUID_BYTES);
        return new UUID(b.getLong(), b.getLong());
    }

    @Test
    void shouldGiveTheNewRootItsIdentityAndFlagsAndFlushIt() {
        final ClusterFixture f = ClusterFixture.masters(2);
        final ArrayDeque<UUID> uuids = new ArrayDeque<>(List.of(FSID, CLID));
        final ClusterSnapshot snapshots = new ClusterSnapshot(f.nodes, uuids::poll);

        final Cluster snap = snapshots.snapshot(f.nextTransaction(), origin(f.pfs), f.lockedRoots(), "s").orElseThrow();

        assertThat(snap.nchains()).isEqualTo(2);
        assertThat(snap.item(2).has(ItemFlag.INVALID)).as("past the slots in use").isFalse();
        for (int i = 0; i < 2; i++) {
            final Chain chain = snap.chain(i);
            final byte[] data = chain.data();
            assertThat(uuidAt(data, InodeDataDescriptor.PFS_FSID_OFFSET)).as("slot %d", i).isEqualTo(FSID);
            assertThat(uuidAt(data, InodeDataDescriptor.PFS_CLID_OFFSET)).isEqualTo(CLID);
            assertThat(data[InodeDataDescriptor.OP_FLAGS_OFFSET] & InodeDataDescriptor.OPFLAG_PFSROOT)
                    .isEqualTo(InodeDataDescriptor.OPFLAG_PFSROOT);
            assertThat(chain.hasFlag(ChainFlag.MODIFIED)).as("flushed").isFalse();
            assertThat(chain.hasFlag(ChainFlag.ONFLUSH)).isFalse();
        }
    }
}
