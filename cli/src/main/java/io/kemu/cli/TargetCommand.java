package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu target --listen 127.0.0.1:PORT --journal FILE [--mirror DIR]}: a journal target server.
 * Appends what journals send to FILE (replayed records skipped), optionally mirrors it into DIR, and
 * acknowledges each batch once it is on disk. Runs until interrupted.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Serve as a journal target: append to FILE, optionally mirror, ack after fsync.")
public final class TargetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", description = "HOST:PORT to listen on (default 127.0.0.1:9020)")
    String listen = "127.0.0.1:9020";

    @Option(names = "--journal", required = true, description = "file the received stream is appended to")
    Path journal;

    @Option(names = "--mirror", description = "directory to mirror the stream into as it arrives")
    Path mirror;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final InetSocketAddress address;
        try {
            address = parse(listen);
        } catch (IllegalArgumentException e) {
            err.println("kemu target: " + e.getMessage());
            return 2;
        }
        if (mirror != null) {
            Files.createDirectories(mirror);
        }
        final MirrorConsumer mirrorConsumer = mirror == null ? null : MirrorConsumer.open(mirror, MirrorOptions.DEFAULT);
        final JournalStore store = JournalStore.open(journal, mirrorConsumer);
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kemu-target");
        final JournalTargetServer server;
        try {
            server = JournalTargetServer.start(system, address.getHostString(), address.getPort(), store,
                    JournalTargetServer.TargetSettings.fromConfig(ConfigFactory.load())).toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("kemu target: cannot listen on " + listen + ": " + e.getCause().getMessage());
            system.terminate();
            store.close();
            return 1;
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println("kemu target: listening on " + server.localAddress() + ", journal " + journal
                + (mirror != null ? ", mirror " + mirror : "") + " (Ctrl-C to stop)");
        out.flush();
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop().toCompletableFuture().join();
            system.terminate();
            System.out.println("kemu target: " + store.recordsStored() + " records stored, "
                    + store.duplicatesSkipped() + " replayed records skipped");
            stopped.countDown();
        }));
        system.getWhenTerminated().toCompletableFuture().join();
        stopped.await();
        return 0;
    }

    static InetSocketAddress parse(String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--listen wants HOST:PORT, got '" + hostPort + "'");
        }
        final int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen port is not a number: '" + hostPort + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen port out of range: " + port);
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }
}
