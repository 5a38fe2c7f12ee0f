package io.kemu.vfs;

/**
 * Bounds of an emulated mount, so that no input can make it allocate without limit: requests
 * beyond them fail with a typed error ({@link Errno#EFBIG} for a file, {@link Errno#ENOSPC} for the
 * mount, {@link Errno#EINVAL} for an oversized ACL).
 *
 * @param maxFileSize largest regular file, bytes ({@code fs_maxfilesize})
 * @param maxTotalBytes file data the whole mount may hold
 * @param maxInodes vnodes the mount may hold, root included
 * @param maxExtattrBytes largest extended attribute value
 * @param maxAclBytes largest ACL
 */
public record MountLimits(long maxFileSize, long maxTotalBytes, long maxInodes, int maxExtattrBytes,
        int maxAclBytes) {
    /** 16 MiB files, 256 MiB in all, a million inodes, 64 KiB extended attributes, 4 KiB ACLs. */
    public static final MountLimits DEFAULT = new MountLimits(16L << 20, 256L << 20, 1L << 20, 64 << 10, 4 << 10);

    /** Files are held in one Java array each, so no file may exceed this. */
    public static final long ABSOLUTE_MAX_FILE_SIZE = Integer.MAX_VALUE - 64;

    public MountLimits {
        if (maxFileSize < 0 || maxFileSize > ABSOLUTE_MAX_FILE_SIZE) {
            throw new IllegalArgumentException("maxFileSize out of range: " + maxFileSize);
        }
        if (maxTotalBytes < 0 || maxInodes < 1 || maxExtattrBytes < 0 || maxAclBytes < 0) {
            throw new IllegalArgumentException("negative mount limit");
        }
    }
}
