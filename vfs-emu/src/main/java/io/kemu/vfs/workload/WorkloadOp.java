package io.kemu.vfs.workload;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.Pages;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.VfsResult;
import java.util.List;

/**
 * One operation of a workload: a system call with its arguments, applied to a {@link Mount} with
 * {@link #applyTo}. Records are plain data, so a workload can be logged, compared and replayed.
 */
public sealed interface WorkloadOp {

    /** The VOP this operation reaches. */
    OpKind kind();

    /** Runs the system call; the result is whatever the mount answers. */
    VfsResult<?> applyTo(Mount mount, Cred cred);

    /** {@code open(O_CREAT|O_EXCL)}. */
    record Create(String path, int mode) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.CREATE;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.create(cred, path, mode);
        }
    }

    /** {@code pwritev} at {@code offset}, or an O_APPEND write. */
    record Write(String path, long offset, boolean append, List<byte[]> iovecs) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.WRITE;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return append ? mount.append(cred, path, iovecs) : mount.write(cred, path, offset, iovecs);
        }

        @Override
        public String toString() {
            long bytes = 0;
            for (byte[] iov : iovecs) {
                bytes += iov.length;
            }
            return "Write[" + path + (append ? " append" : " @" + offset) + ", " + iovecs.size() + " iovecs, "
                    + bytes + " bytes]";
        }
    }

    /** fsync(2). */
    record Fsync(String path) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.FSYNC;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.fsync(cred, path);
        }
    }

    /** The pager writing back dirty pages. */
    record Putpages(String path, Pages pages) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.PUTPAGES;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.putpages(cred, path, pages);
        }

        @Override
        public String toString() {
            return "Putpages[" + path + " @" + pages.offset() + ", " + pages.count() + " bytes]";
        }
    }

    /** Any {@code VOP_SETATTR} request: chmod, chown, truncate, utimes or chflags. */
    record Setattr(String path, Vattr request) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.SETATTR;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.setattr(cred, path, request);
        }
    }

    /** {@code __acl_set_file}. */
    record Setacl(String path, byte[] acl) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.SETACL;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.setacl(cred, path, acl);
        }
    }

    /** {@code extattr_set_file}. */
    record Setextattr(String path, String name, byte[] value) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.SETEXTATTR;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.setextattr(cred, path, name, value);
        }
    }

    /** mknod (devices), mkfifo, or bind of a unix socket ({@code type} VSOCK goes through ncreate). */
    record Mknod(String path, VType type, int mode, int major, int minor) implements WorkloadOp {
        public OpKind kind() {
            return type == VType.VSOCK ? OpKind.CREATE : OpKind.MKNOD;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return switch (type) {
                case VFIFO -> mount.mkfifo(cred, path, mode);
                case VSOCK -> mount.bind(cred, path, mode);
                default -> mount.mknod(cred, path, type, mode, major, minor);
            };
        }
    }

    /** link(2). */
    record Link(String existing, String path) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.LINK;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.link(cred, existing, path);
        }
    }

    /** symlink(2). */
    record Symlink(String target, String path) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.SYMLINK;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.symlink(cred, target, path);
        }
    }

    /** mknod(S_IFWHT) to create a whiteout, or undelete(2) to remove one. */
    record Whiteout(String path, boolean create) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.WHITEOUT;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return create ? mount.whiteout(cred, path) : mount.undelete(cred, path);
        }
    }

    /** unlink(2). */
    record Remove(String path) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.REMOVE;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.unlink(cred, path);
        }
    }

    /** mkdir(2). */
    record Mkdir(String path, int mode) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.MKDIR;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.mkdir(cred, path, mode);
        }
    }

    /** rmdir(2). */
    record Rmdir(String path) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.RMDIR;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.rmdir(cred, path);
        }
    }

    /** rename(2). */
    record Rename(String from, String to) implements WorkloadOp {
        public OpKind kind() {
            return OpKind.RENAME;
        }

        public VfsResult<?> applyTo(Mount mount, Cred cred) {
            return mount.rename(cred, from, to);
        }
    }
}
