package com.example.orders;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.Kemu;
import io.kemu.streams.api.KemuMount;
import io.kemu.vfs.workload.WorkloadOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A service that journals its order files: to a file (the first argument, else a temporary file) and to a stream. */
public final class OrdersService {
    // Created before the ActorSystem, so SLF4J is ready when Akka logs its first line.
    private static final Logger log = LoggerFactory.getLogger(OrdersService.class);

    public static void main(String[] args) throws Exception {
        Path journalFile = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("orders", ".journal");
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "orders-service");
        try {
            run(system, journalFile);
            log.info("journal {}: {} bytes", journalFile, Files.size(journalFile));
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Runs the example in {@code system}; returns the count of bytes the stream consumer has seen so far. */
    public static AtomicLong run(ActorSystem<?> system, Path journalFile) throws Exception {
        Kemu kemu = Kemu.get(system);
        KemuMount orders = kemu.mount("orders");

        // A journal as an Akka Streams Source: pipe it into any Sink (Kafka, S3, a socket). Unconsumed, it backpressures.
        Kemu.JournalStream audit = kemu.journalStream("audit");
        AtomicLong streamed = new AtomicLong();
        audit.bytes().runForeach(bytes -> streamed.addAndGet(bytes.size()), system);

        orders.install("backup", JournalTargets.file(journalFile))
                .thenCompose(installed -> orders.install("audit", audit.target()))
                .thenCompose(installed -> orders.execute(
                        new WorkloadOp.Mkdir("2026", 0755),
                        new WorkloadOp.Create("2026/order-1", 0644),
                        new WorkloadOp.Write("2026/order-1", 0, false, List.of("paid".getBytes()))))
                // Unmount drains every journal (DISASSOCIATE last) and hands the emulated mount back.
                .thenCompose(executed -> orders.unmount())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return streamed;
    }
}
