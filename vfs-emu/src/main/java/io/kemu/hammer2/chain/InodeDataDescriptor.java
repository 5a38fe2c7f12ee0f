package io.kemu.hammer2.chain;

/**
 * Layout of the inode data a chain of type INODE carries ({@code hammer2_inode_data_t}, 1024
 * bytes), limited to the fields kemu's cluster operations read or write. Offsets follow
 * {@code hammer2_disk.h}'s inode meta layout; multi-byte fields are little-endian.
 *
 * <pre>
 *   0x000 +-------------------------------------------------------------+
 *         | meta (256 bytes)                                            |
 *         |   0x003 pfs_subtype   0x051 op_flags   0x086 pfs_nmasters   |
 *         |   0x087 pfs_type      0x090 pfs_clid (16)  0x0A0 pfs_fsid (16)|
 *   0x100 +-------------------------------------------------------------+
 *         | filename (256 bytes, unterminated)                          |
 *   0x200 +-------------------------------------------------------------+
 *         | u: blockset (4 x 128-byte blockrefs) or 512 bytes direct data|
 *   0x400 +-------------------------------------------------------------+
 * </pre>
 *
 * hammer2_cluster_modsync() copies only the part before {@code u} between nodes unless
 * DIRECTDATA is set (blockref tables differ per node; embedded data does not).
 */
public final class InodeDataDescriptor {
    public static final int INODE_BYTES = 1024;
    public static final int PFS_SUBTYPE_OFFSET = 0x003;
    public static final int OP_FLAGS_OFFSET = 0x051;
    public static final int PFS_NMASTERS_OFFSET = 0x086;
    public static final int PFS_TYPE_OFFSET = 0x087;
    public static final int PFS_CLID_OFFSET = 0x090;
    public static final int PFS_FSID_OFFSET = 0x0A0;
    public static final int UUID_BYTES = 16;
    public static final int FILENAME_OFFSET = 0x100;
    /** {@code offsetof(hammer2_inode_data_t, u)}. */
    public static final int U_OFFSET = 0x200;
    /** {@code HAMMER2_EMBEDDED_BYTES}: size of {@code u}. */
    public static final int EMBEDDED_BYTES = 512;

    /** {@code HAMMER2_OPFLAG_DIRECTDATA}: {@code u} holds file data, not a blockset. */
    public static final int OPFLAG_DIRECTDATA = 0x01;
    /** {@code HAMMER2_OPFLAG_PFSROOT}: the inode is a PFS root. */
    public static final int OPFLAG_PFSROOT = 0x02;
    /** {@code HAMMER2_PFSSUBTYPE_SNAPSHOT}. */
    public static final int PFSSUBTYPE_SNAPSHOT = 1;

    private InodeDataDescriptor() {
    }

    /** The op_flags byte of inode data (0 when the data is too short to hold it). */
    public static int opFlags(byte[] inode) {
        return inode.length > OP_FLAGS_OFFSET ? inode[OP_FLAGS_OFFSET] & 0xFF : 0;
    }
}
