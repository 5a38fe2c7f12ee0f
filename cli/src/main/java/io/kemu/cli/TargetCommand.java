package io.kemu.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kemu target --listen 127.0.0.1:PORT --journal FILE [--mirror DIR]}: a journal target server.
 * Appends what journals send to FILE (replayed records skipped), optionally mirrors it into DIR, and
 * acknowledges each batch once it is on disk. Runs until interrupted. FILE must be a regular file or
 * absent, in an existing directory; DIR absent, empty or kemu's own mirror. When it cannot listen,
 * it says why in one line and leaves no journal file behind that it created. Listening on anything
 * but a loopback address prints a warning: the target has no authentication.
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

    @Option(names = "--allow-outward-symlinks", description = "With --mirror: create symlinks that could lead out of"
            + " the mirror's root, as kemu jscan mirror's option of the same name does (off: such records are refused,"
            + " so the mirror may differ from the journal's tree). kemu never follows a symlink.")
    boolean allowOutwardSymlinks;

    @Override
    public Integer call() throws Exception {
        final PrintWriter err = spec.commandLine().getErr();
        final InetSocketAddress address;
        try {
            address = parse(listen);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--listen " + Names.quote(listen) + " refused", e.getMessage());
        }
        if (allowOutwardSymlinks && mirror == null) {
            throw CliFailure.badInput("--allow-outward-symlinks refused", "it applies to the mirror: give --mirror DIR");
        }
        final InetAddress host = resolve(address.getHostString());
        OutputPaths.checkAppendableFile("--journal", journal);
        if (mirror != null) {
            OutputPaths.checkResumableMirror("--mirror", mirror);
        }
        if (!host.isLoopbackAddress()) {
            err.println("kemu target: warning: listening on " + listen + " makes this target reachable from the"
                    + " network, and it has no authentication: anyone who can connect can write to the journal"
                    + (mirror != null ? " and the mirror" : ""));
            err.flush();
        }
        final boolean journalExisted = Files.exists(journal);
        if (mirror != null) {
            Files.createDirectories(mirror);
        }
        final MirrorConsumer mirrorConsumer = mirror == null ? null : MirrorConsumer.open(mirror,
                MirrorOptions.DEFAULT.withAllowOutwardSymlinks(allowOutwardSymlinks));
        final JournalStore store = JournalStore.open(journal, mirrorConsumer);
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "kemu-target");
        final JournalTargetServer server;
        try {
            server = JournalTargetServer.start(system, address.getHostString(), address.getPort(), store,
                    JournalTargetServer.TargetSettings.fromConfig(ConfigFactory.load())).toCompletableFuture().get();
        } catch (ExecutionException e) {
            system.terminate();
            store.close();
            if (!journalExisted && Files.size(journal) == 0) {
                Files.delete(journal);
            }
            throw CliFailure.runtime("cannot listen on " + Names.quote(listen), bindFailure(e.getCause()), e.getCause());
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
        return ExitStatus.OK;
    }

    /** Why a bind failed, without the exception class names Akka's message wraps it in. */
    private static String bindFailure(Throwable failure) {
        final String message = String.valueOf(failure.getMessage());
        if (message.contains("Address already in use")) {
            return "the address is already in use";
        }
        if (message.contains("Permission denied")) {
            return "permission denied (ports below 1024 need privileges)";
        }
        return KemuCommand.oneLine(message);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw CliFailure.badInput("--listen host " + Names.quote(host) + " refused", "it does not resolve");
        }
    }

    static InetSocketAddress parse(String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--listen wants HOST:PORT");
        }
        final int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0..65535, got " + port);
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }
}
