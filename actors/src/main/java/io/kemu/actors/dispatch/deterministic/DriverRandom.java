package io.kemu.actors.dispatch.deterministic;

import java.lang.reflect.Field;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the driver thread's {@link ThreadLocalRandom} from the run's seed. Akka draws every actor's
 * uid from {@code ThreadLocalRandom} ({@code ActorCell.newUid}), and an {@code ActorRef}'s hash code
 * is its uid; Akka itself iterates hash sets and maps of {@code ActorRef}s (death watch: the
 * {@code Unwatch} messages an actor sends as it stops, the {@code DeathWatchNotification}s to its
 * watchers), so the order it queues system messages in, hence the PRNG's choices after it, depended
 * on the per-process seed the JDK gives {@code ThreadLocalRandom} (from the wall clock at class
 * initialisation). With the driver thread's generator reset to a value derived from the run's seed,
 * the same seed gives the same uids, in any process and on any rerun.
 *
 * <p>The JDK offers no API to seed {@code ThreadLocalRandom} ({@code setSeed} throws); its state is the
 * {@code threadLocalRandomSeed} field of {@link Thread}, written here through {@code sun.misc.Unsafe}
 * (module {@code jdk.unsupported}, as Akka itself does). If that is not possible on a JVM, runs still
 * work and replay within one process, and a warning says traces may differ across processes.
 */
final class DriverRandom {
    private static final Logger LOG = LoggerFactory.getLogger(DriverRandom.class);
    /** Mixed into the seed so the uids' generator differs from the scheduler's and the workload's. */
    private static final long UID_SALT = 0x6B656D7555494453L;

    private static final sun.misc.Unsafe UNSAFE;
    private static final long SEED_OFFSET;

    static {
        sun.misc.Unsafe unsafe = null;
        long offset = -1;
        try {
            final Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
            offset = unsafe.objectFieldOffset(Thread.class.getDeclaredField("threadLocalRandomSeed"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot seed ThreadLocalRandom ({}): deterministic traces may differ between processes", e.toString());
            unsafe = null;
        }
        UNSAFE = unsafe;
        SEED_OFFSET = offset;
    }

    private DriverRandom() {
    }

    /** Resets the calling thread's {@code ThreadLocalRandom} to a state derived from {@code seed}. */
    static void seedCurrentThread(long seed) {
        // current() initialises the thread's probe first, so it will not re-seed the thread later.
        ThreadLocalRandom.current();
        if (UNSAFE != null) {
            UNSAFE.putLong(Thread.currentThread(), SEED_OFFSET, seed ^ UID_SALT);
        }
    }
}
