package io.kemu.streams.api;

import akka.actor.typed.ActorRef;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.vfs.Clock;
import io.kemu.vfs.Cred;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.Timespec;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How {@code Kemu.mount(name, options)} builds a mount; every field has a default, change one with
 * its {@code withX} method: {@code MountOptions.defaults().withLimits(...).withCred(...)}.
 *
 * @param fsid the emulated filesystem's id (default 1)
 * @param limits sizes no input may exceed (default {@link MountLimits#DEFAULT})
 * @param clock the emulated kernel's clock (default {@link #wallClock()}); a
 *     {@link io.kemu.vfs.SteppingClock} makes a run reproducible
 * @param cred who runs the operations given to {@code execute(WorkloadOp...)} (default
 *     {@link #processCred()}: this JVM, as the operating system sees it)
 * @param events where journals report a lost target; null (the default) logs it as a warning
 * @param timeout how long a mount command may take before its stage fails (default 30 s)
 * @param seed seeds the mount's workload generators ({@code MountProtocol.Generate}); default 1
 */
public record MountOptions(long fsid, MountLimits limits, Clock clock, Cred cred, ActorRef<JournalEvent> events,
        Duration timeout, long seed) {
    /** The uid and gid used by {@link #processCred()} where the operating system does not tell them. */
    public static final int NOBODY = 65534;

    public MountOptions {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cred, "cred");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("mount command timeout must be positive, got " + timeout);
        }
    }

    /** Every default: fsid 1, default limits, the wall clock, this process's credentials, 30 s. */
    public static MountOptions defaults() {
        return new MountOptions(1, MountLimits.DEFAULT, wallClock(), processCred(), null, Duration.ofSeconds(30), 1);
    }

    public MountOptions withFsid(long fsid) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withLimits(MountLimits limits) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withClock(Clock clock) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withCred(Cred cred) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withEvents(ActorRef<JournalEvent> events) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withTimeout(Duration timeout) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    public MountOptions withSeed(long seed) {
        return new MountOptions(fsid, limits, clock, cred, events, timeout, seed);
    }

    /**
     * The calling JVM as a VOP caller: its pid, its command name (the launcher's file name, cut to
     * {@link Cred#MAXCOMLEN} bytes) and the uid and gid it runs as. The uid and gid come from
     * {@code com.sun.security.auth.module.UnixSystem}; where that is missing (not a Unix, or the
     * module not resolved) both are {@link #NOBODY}, never 0: kemu does not claim root for a caller
     * it cannot identify. A JVM running as root is journaled as uid 0, because it is root.
     */
    public static Cred processCred() {
        final ProcessHandle self = ProcessHandle.current();
        final String command = self.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("java");
        final long[] ids = unixIds();
        return new Cred((int) ids[0], (int) ids[1], (int) self.pid(), truncateComm(command));
    }

    private static long[] unixIds() {
        try {
            final Class<?> unix = Class.forName("com.sun.security.auth.module.UnixSystem");
            final Object system = unix.getConstructor().newInstance();
            final Method uid = unix.getMethod("getUid");
            final Method gid = unix.getMethod("getGid");
            return new long[] {(Long) uid.invoke(system), (Long) gid.invoke(system)};
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new long[] {NOBODY, NOBODY};
        }
    }

    /** {@code p_comm} holds at most MAXCOMLEN bytes; cut on a character boundary. */
    private static String truncateComm(String command) {
        String comm = command;
        while (comm.getBytes(StandardCharsets.UTF_8).length > Cred.MAXCOMLEN) {
            comm = comm.substring(0, comm.length() - 1);
        }
        return comm;
    }

    /**
     * The host's wall clock as the emulated kernel's {@code getnanotime()}: never goes backwards
     * (a reading at or before the previous one is moved 1 ns past it), so transids and timestamps
     * keep increasing even if the host clock is set back. Safe to share between mounts.
     */
    public static Clock wallClock() {
        return new Clock() {
            private long lastNanos;

            @Override
            public synchronized Timespec now() {
                final Instant now = Instant.now();
                final long nanos = Math.max(now.getEpochSecond() * 1_000_000_000L + now.getNano(), lastNanos + 1);
                lastNanos = nanos;
                return new Timespec(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
            }
        };
    }
}
