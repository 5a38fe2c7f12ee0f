package io.kemu.vfs;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The credentials of a VOP caller ({@code struct ucred}) together with the calling process, if any
 * ({@code curthread->td_proc}): its pid and command name ({@code p_comm}). A kernel thread has no
 * process: {@link #pid()} is {@link #NO_PROCESS} and {@link #comm()} empty.
 *
 * <p>Invariant: the command name fits {@code p_comm}, i.e. at most {@link #MAXCOMLEN} bytes.
 */
public record Cred(int uid, int gid, int pid, String comm) {
    /** {@code MAXCOMLEN}: p_comm holds this many bytes plus a NUL. */
    public static final int MAXCOMLEN = 16;
    /** The pid of a thread without a process. */
    public static final int NO_PROCESS = -1;

    public Cred {
        Objects.requireNonNull(comm, "comm");
        if (comm.getBytes(StandardCharsets.UTF_8).length > MAXCOMLEN) {
            throw new IllegalArgumentException("command name longer than MAXCOMLEN: " + comm);
        }
        if (pid == NO_PROCESS && !comm.isEmpty()) {
            throw new IllegalArgumentException("a thread without a process has no command name");
        }
    }

    /** Root (uid 0, gid 0) issuing VOPs from process {@code pid} named {@code comm}. */
    public static Cred root(int pid, String comm) {
        return new Cred(0, 0, pid, comm);
    }

    /** Credentials of a kernel thread: no process, so no PID or COMM in a CRED record. */
    public static Cred kernel(int uid, int gid) {
        return new Cred(uid, gid, NO_PROCESS, "");
    }

    public boolean hasProcess() {
        return pid != NO_PROCESS;
    }

    public boolean isRoot() {
        return uid == 0;
    }
}
