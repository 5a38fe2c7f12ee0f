package io.kemu.it;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import io.kemu.actors.mount.MountActor;
import io.kemu.streams.Kemu;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadOp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's embedding example, verbatim between the README markers: a service with its own
 * ActorSystem runs a journaled emulated mount and consumes the journal as an Akka Streams source.
 */
final class EmbeddingExample {
    private EmbeddingExample() {
    }

    /** Runs the example in {@code system}; returns the journal bytes the service consumed. */
    static long run(ActorSystem<?> system) throws Exception {
        final Duration timeout = Duration.ofSeconds(10);
        // README:start
        Kemu kemu = Kemu.get(system);
        Mount mount = new Mount(1, MountLimits.DEFAULT, new SteppingClock(new Timespec(1_767_225_600L, 0), 1_000));
        ActorRef<MountActor.Command> orders = kemu.mount("orders", mount, system.ignoreRef(), 42);

        // The journal as a Source: pipe it into any Sink (Kafka, S3, a socket). Unconsumed, it backpressures.
        Kemu.JournalStream journal = kemu.journalStream("orders backup");
        AtomicLong received = new AtomicLong();
        journal.bytes().runForeach(bytes -> received.addAndGet(bytes.size()), system);

        AskPattern.<MountActor.Command, MountActor.MountctlResult>ask(orders,
                reply -> new MountActor.Install(InstallRequest.of("backup", 0), journal.target(), reply),
                timeout, system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        Cred clerk = Cred.root(100, "orders");
        AskPattern.<MountActor.Command, MountActor.Executed>ask(orders, reply -> new MountActor.Execute(List.of(
                        new Step(new WorkloadOp.Mkdir("2026", 0755), clerk),
                        new Step(new WorkloadOp.Create("2026/order-1", 0644), clerk),
                        new Step(new WorkloadOp.Write("2026/order-1", 0, false, List.of("paid".getBytes())), clerk)),
                        reply),
                timeout, system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);

        // Unmount drains every journal (DISASSOCIATE last) and hands the mount back.
        AskPattern.<MountActor.Command, MountActor.Unmounted>ask(orders, MountActor.Unmount::new,
                timeout, system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // README:end
        return received.get();
    }
}
