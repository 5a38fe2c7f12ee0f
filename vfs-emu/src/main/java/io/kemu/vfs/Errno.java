package io.kemu.vfs;

/**
 * The BSD error numbers an emulated VOP or system call can fail with ({@code sys/errno.h} values, as
 * DragonFly defines them). Expected failures are always reported as one of these inside a {@link
 * VfsResult}, never as an exception or a string.
 */
public enum Errno {
    EPERM(1),
    ENOENT(2),
    EIO(5),
    EBADF(9),
    ENOMEM(12),
    EACCES(13),
    EBUSY(16),
    EEXIST(17),
    EXDEV(18),
    ENOTDIR(20),
    EISDIR(21),
    EINVAL(22),
    EFBIG(27),
    ENOSPC(28),
    EMLINK(31),
    EAGAIN(35),
    EOPNOTSUPP(45),
    EADDRINUSE(48),
    ELOOP(62),
    ENAMETOOLONG(63),
    ENOTEMPTY(66);

    private final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The numeric value, as the kernel would store it in an ERROR leaf or return it. */
    public int code() {
        return code;
    }
}
