package io.kemu.streams.server;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.KillSwitches;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.util.ByteString;
import io.kemu.actors.journal.JournalTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A full-duplex journal target without a socket: each {@link #connect} is a new connection straight
 * into a {@link JournalStore}'s {@link JournalTargetServer#connectionFlow} (the same session rules,
 * batching and acks as behind TCP), its store work run at once on the stream's own thread. With an
 * {@link JournalStore#inMemory} store and the deterministic thread model, the whole target — disk,
 * link and timers — runs on the driver thread in virtual time: the simulated network and disk of
 * {@code kemu simulate --thread-model deterministic}.
 *
 * <p>The link: each chunk the journal sends, and each ack coming back, may wait a random time up
 * to {@code maxDelay} on the actor system's scheduler (virtual under the deterministic model), drawn from a generator seeded
 * with {@code seed}, so a seed replays the same delays. A disconnect is {@link #dropConnections()}
 * (what {@link JournalTargetServer#dropConnections()} is for a TCP target): every open connection
 * fails, the journal sees its target lost.
 *
 * <p>Invariants: open connections are kept in the order they were made, so drops happen in that
 * order; a connection leaves the list when its stream ends, whatever ended it.
 */
public final class MemoryTarget implements JournalTarget {
    private final JournalStore store;
    private final JournalTargetServer.TargetSettings settings;
    private final String name;
    private final long maxDelayNanos;
    private final SplittableRandom delays;
    private final List<UniqueKillSwitch> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    private MemoryTarget(JournalStore store, JournalTargetServer.TargetSettings settings, String name, Duration maxDelay,
            long seed) {
        this.store = store;
        this.settings = settings;
        this.name = name;
        this.maxDelayNanos = maxDelay.toNanos();
        this.delays = new SplittableRandom(seed);
    }

    /**
     * A target named {@code name} (in logs) into {@code store} under {@code settings}' limits; each
     * chunk delayed up to {@code maxDelay} (zero: not at all), the delays seeded by {@code seed}.
     */
    public static MemoryTarget create(JournalStore store, JournalTargetServer.TargetSettings settings, String name,
            Duration maxDelay, long seed) {
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("a link delay cannot be negative: " + maxDelay);
        }
        return new MemoryTarget(store, settings, name, maxDelay, seed);
    }

    @Override
    public Flow<ByteString, ByteString, ?> connect(ActorSystem<?> system) {
        final String peer = name + " connection " + connections.incrementAndGet();
        return Flow.<ByteString>create()
                .viaMat(KillSwitches.single(), Keep.right())
                .via(link(system))
                .via(JournalTargetServer.connectionFlow(store, Runnable::run, peer, settings))
                .via(link(system))
                .watchTermination((kill, done) -> {
                    open.add(kill);
                    // run where the stream ends (a plain whenComplete on Akka's stage would hop to the common pool)
                    done.whenCompleteAsync((ok, failure) -> open.remove(kill), Runnable::run);
                    return kill;
                });
    }

    /** One direction of the link: each chunk waits its seeded delay on the system's scheduler, in order. */
    private Flow<ByteString, ByteString, NotUsed> link(ActorSystem<?> system) {
        if (maxDelayNanos == 0) {
            return Flow.create();
        }
        return Flow.<ByteString>create().mapAsync(1, chunk -> {
            final CompletableFuture<ByteString> arrived = new CompletableFuture<>();
            system.scheduler().scheduleOnce(Duration.ofNanos(nextDelayNanos()), () -> arrived.complete(chunk),
                    system.executionContext());
            return arrived;
        });
    }

    private synchronized long nextDelayNanos() {
        return delays.nextLong(maxDelayNanos + 1);
    }

    /** Fails every open connection (the journals see their target lost); returns how many there were. */
    public int dropConnections() {
        int dropped = 0;
        for (UniqueKillSwitch kill : open) {
            kill.abort(new IOException("connection dropped by the target"));
            dropped++;
        }
        return dropped;
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    public JournalStore store() {
        return store;
    }

    @Override
    public String description() {
        return "in-memory target " + name;
    }
}
