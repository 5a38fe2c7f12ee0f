/**
 * The emulated filesystem: what the journal journals.
 *
 * <p>A {@link io.kemu.vfs.Mount} owns a {@link io.kemu.vfs.MemFilesystem} (the filesystem's own VOPs,
 * {@code mnt_vn_norm_ops}) and offers the system calls ({@code create}, {@code write},
 * {@code rename}, ...) that reach it. Each system call mirrors a {@code kern_*} function: it resolves
 * paths through the name cache ({@link io.kemu.vfs.Namecache}, always fully resolved here), makes the
 * checks the kernel makes before calling a VOP, and then calls exactly one VOP on the
 * {@link io.kemu.vfs.VopVector} currently installed on the mount. Journals replace that vector
 * ({@code io.kemu.vfs.jops}), exactly as {@code vfs_add_vnodeops()} puts {@code mnt_vn_journal_ops}
 * in front of the filesystem.
 *
 * <p>Results are typed: every call answers a {@link io.kemu.vfs.VfsResult}, either a value or the
 * {@link io.kemu.vfs.Errno} a BSD kernel would return. Errors found before the VOP never reach a
 * journal; errors returned by a VOP abort its journal transactions. Nothing is unbounded: files,
 * the mount's space and its inode count are limited by {@link io.kemu.vfs.MountLimits}. Time comes
 * only from an injected {@link io.kemu.vfs.Clock}, so a run is reproducible.
 */
package io.kemu.vfs;
