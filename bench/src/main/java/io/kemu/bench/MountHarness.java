package io.kemu.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalSettings;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.journal.JournalTarget;
import io.kemu.actors.mount.MountActor;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.testkit.Asks;
import io.kemu.testkit.MountClient;
import io.kemu.testkit.TestMounts;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.workload.JournalRecorder;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's actor side: an actor system holding one {@link MountActor} (with the journals
 * installed on it), driven from the benchmark thread by asks. Not an actor itself; it waits, so it belongs in
 * benchmark drivers only. The mount's clock and filesystem id are {@link JournalRecorder}'s, so the
 * direct side of a comparison can build an identical mount.
 */
final class MountHarness implements AutoCloseable {
    /** The longest a benchmark waits for one answer before it gives up with an error. */
    static final Duration ASK = Duration.ofSeconds(60);

    private final ActorSystem<SpawnProtocol.Command> system;
    private final MountClient mount;

    private MountHarness(ActorSystem<SpawnProtocol.Command> system, ActorRef<MountProtocol.Command> mount) {
        this.system = system;
        this.mount = new MountClient(mount, system.scheduler(), ASK);
    }

    /** Starts a system named {@code name} and spawns the mount actor (a mount like {@link JournalRecorder}'s); no journal yet. */
    static MountHarness start(String name) {
        final ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), name,
                ConfigFactory.parseString("akka.daemonic = on").withFallback(ConfigFactory.load()));
        try {
            final JournalSettings settings = JournalSettings.fromConfig(system.settings().config());
            return new MountHarness(system, Asks.spawn(system, MountActor.create(TestMounts.likeRecorder(), settings,
                    system.ignoreRef(), cpu -> new WorkloadGenerator(cpu, true)), "mount", Props.empty(), ASK));
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** mountctl install: the journal streams to {@code target} from now on. */
    void install(InstallRequest request, JournalTarget target) {
        mount.install(request, target);
    }

    /** Runs the setup steps (one batch) and fails if any of them returned an errno. */
    void prepare(List<Step> steps) {
        if (executeAll(List.of(steps)) != 0) {
            throw new IllegalStateException("a benchmark setup step failed");
        }
    }

    /** Unmount: every journal drains to its target, then the mount actor stops. */
    void unmount() {
        mount.unmount();
    }

    ActorSystem<SpawnProtocol.Command> system() {
        return system;
    }

    ActorRef<MountProtocol.Command> mount() {
        return mount.ref();
    }

    /** Sends one batch; the stage completes once every journal holds its transactions. */
    CompletionStage<MountProtocol.Executed> execute(List<Step> steps) {
        return mount.execute(steps);
    }

    /**
     * Runs the batches concurrently (all in flight at once), waits for every answer and returns how
     * many VOPs failed with an errno.
     */
    int executeAll(List<List<Step>> batches) {
        final CompletableFuture<?>[] answers = new CompletableFuture<?>[batches.size()];
        for (int i = 0; i < answers.length; i++) {
            answers[i] = execute(batches.get(i)).toCompletableFuture();
        }
        await(CompletableFuture.allOf(answers));
        int failed = 0;
        for (CompletableFuture<?> answer : answers) {
            final MountProtocol.Executed executed = (MountProtocol.Executed) answer.join();
            if (!executed.refused().isEmpty()) {
                throw new IllegalStateException("journal refused a batch: " + executed.refused());
            }
            failed += executed.failed();
        }
        return failed;
    }

    List<JournalStatus> status() {
        return mount.status();
    }

    static <R> R await(CompletionStage<R> stage) {
        return Asks.await(stage, ASK, "the benchmark's actor system");
    }

    /** Terminates the system without draining (a stalled target would never let a drain finish). */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("actor system did not terminate: " + e, e);
        }
    }
}
