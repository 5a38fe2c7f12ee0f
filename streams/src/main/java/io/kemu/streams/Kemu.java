package io.kemu.streams;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.japi.Pair;
import akka.stream.Materializer;
import akka.stream.javadsl.BroadcastHub;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.MergeHub;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.kemu.actors.dispatch.ThreadModel;
import io.kemu.actors.journal.JournalEvent;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.streams.api.KemuMount;
import io.kemu.streams.api.MountOptions;
import io.kemu.streams.server.JournalStore;
import io.kemu.streams.server.JournalTargetServer;
import io.kemu.streams.server.MirrorConsumer;
import io.kemu.vfs.Mount;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * kemu inside an existing {@link ActorSystem}: {@code Kemu.get(system)} reads the {@code kemu { }}
 * settings and offers factories for mounts (the {@link KemuMount} facade, or the bare actor) (a {@link MountActor} under the system guardian's
 * {@code /system} tree), journal targets, journal streams as Akka Streams sources, and target
 * servers. Nothing is started until asked for. Mounts and their journals are placed by {@code
 * kemu.thread-model} (mount N on simulated CPU N under lwkt); a model other than fork-join needs its
 * dispatchers, so create the system with {@code ThreadModel.X.config(cpus).withFallback(...)}.
 */
public final class Kemu implements Extension {
    private final ActorSystem<?> system;
    private final JournalSettings settings;

    private final ThreadModel threadModel;
    private final int cpus;
    private int mounts;

    private Kemu(ActorSystem<?> system) {
        this.system = system;
        this.settings = JournalSettings.fromConfig(system.settings().config());
        this.threadModel = ThreadModel.fromConfig(system.settings().config());
        threadModel.checkAvailable();
        this.cpus = threadModel.configuredCpus(system.settings().config());
    }

    /** The extension of {@code system}, created on first use. */
    public static Kemu get(ActorSystem<?> system) {
        return Id.INSTANCE.apply(system);
    }

    /** The extension's identity, as Akka wants it. */
    public static final class Id extends ExtensionId<Kemu> {
        static final Id INSTANCE = new Id();

        private Id() {
        }

        @Override
        public Kemu createExtension(ActorSystem<?> system) {
            return new Kemu(system);
        }
    }

    public JournalSettings settings() {
        return settings;
    }

    /**
     * Starts a mount named {@code name} with every default ({@link MountOptions#defaults()}): the
     * facade most services need. IllegalArgumentException when the name is taken in this system.
     */
    public KemuMount mount(String name) {
        return mount(name, MountOptions.defaults());
    }

    /** {@link #mount(String)} with {@code options} (limits, clock, credentials, timeout, ...). */
    public KemuMount mount(String name, MountOptions options) {
        return KemuMount.start(system, name, options);
    }

    /**
     * Starts a mount actor owning {@code mount}; journal events (a lost target) go to {@code events}.
     * Generated workloads are seeded per simulated CPU from {@code seed}.
     */
    public synchronized ActorRef<MountProtocol.Command> mount(String name, Mount mount, ActorRef<JournalEvent> events,
            long seed) {
        final Props cpu = threadModel.selector(mounts++, cpus);
        return system.systemActorOf(MountActor.create(mount, settings, events,
                worker -> new WorkloadGenerator(seed * 1_000_003L + worker, false), cpu), "kemu-mount-" + name, cpu);
    }

    /** The thread model the system was configured with ({@code kemu.thread-model}). */
    public ThreadModel threadModel() {
        return threadModel;
    }

    /**
     * A journal's stream as a {@link Source}: install a journal with {@link JournalStream#target()}
     * and run {@link JournalStream#bytes()} into any sink. Until a consumer runs, the journal is held
     * back (and its producers wait once the ring is full); bytes are never dropped. With several
     * consumers each gets every byte, at the pace of the slowest.
     */
    public JournalStream journalStream(String description) {
        final Pair<Sink<ByteString, NotUsed>, Source<ByteString, NotUsed>> hub = MergeHub.of(ByteString.class, 16)
                .toMat(BroadcastHub.of(ByteString.class, 16), Keep.both())
                .run(Materializer.matFromSystem(system));
        return new JournalStream(JournalTargets.sink(hub.first(), description), hub.second());
    }

    /** See {@link #journalStream(String)}. */
    public record JournalStream(JournalTarget target, Source<ByteString, NotUsed> bytes) {}

    /**
     * A journal target server on {@code host:port} (0 picks a port) appending to {@code journalFile},
     * mirroring into {@code mirrorDir} when it is not null, acknowledging after fsync.
     */
    public CompletionStage<JournalTargetServer> targetServer(String host, int port, Path journalFile, Path mirrorDir)
            throws IOException {
        MirrorConsumer mirror = null;
        if (mirrorDir != null) {
            Files.createDirectories(mirrorDir);
            mirror = MirrorConsumer.open(mirrorDir, MirrorOptions.DEFAULT);
        }
        return JournalTargetServer.start(system, host, port, JournalStore.open(journalFile, mirror),
                JournalTargetServer.TargetSettings.DEFAULT);
    }

    /** The full-duplex return direction as a flow: ack records in, acknowledged transids out. */
    public Flow<ByteString, Long, NotUsed> ackDecoder() {
        return AckFlows.decoder();
    }
}
