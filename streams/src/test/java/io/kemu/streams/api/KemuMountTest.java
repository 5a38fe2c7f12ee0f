package io.kemu.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.stream.javadsl.AsPublisher;
import akka.stream.javadsl.Sink;
import akka.util.ByteString;
import com.typesafe.config.ConfigFactory;
import io.kemu.actors.journal.JournalStatus;
import io.kemu.actors.mount.MountProtocol;
import io.kemu.streams.JournalTargets;
import io.kemu.streams.Kemu;
import io.kemu.vfs.Cred;
import io.kemu.vfs.Errno;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.Vnode;
import io.kemu.vfs.jops.InstallRequest;
import io.kemu.vfs.workload.WorkloadOp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade: its results, and one test per way a command fails. */
class KemuMountTest {
    /** One mount busy slot and one stash slot, so that a third waiting batch is refused. */
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString(
            "kemu.mount.max-batches-in-flight = 1\nkemu.mount.stash-capacity = 1").withFallback(ConfigFactory.load()));
    private static final AtomicInteger mounts = new AtomicInteger();

    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static KemuMount newMount() {
        return Kemu.get(testKit.system()).mount("m" + mounts.incrementAndGet());
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** The KemuException a failed stage carries. */
    private static KemuException failure(CompletionStage<?> stage) {
        final Throwable thrown = catchThrowable(() -> await(stage));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(KemuException.class);
        return (KemuException) thrown.getCause();
    }

    @Test
    void shouldInstallExecuteAndUnmountWithTheDefaults() throws Exception {
        final KemuMount mount = newMount();
        final Path journal = dir.resolve("orders.journal");
        final KemuMount.Installed installed = await(mount.install("backup", JournalTargets.file(journal)));
        assertThat(installed.journalId()).isEqualTo("backup");
        assertThat(installed.target()).isEqualTo("file " + journal);

        final KemuMount.Executed executed = await(mount.execute(new WorkloadOp.Mkdir("2026", 0755),
                new WorkloadOp.Mkdir("2026", 0755)));
        assertThat(executed).isEqualTo(new KemuMount.Executed(2, 1));
        assertThat(await(mount.status())).extracting(JournalStatus::id).containsExactly("backup");

        final MountProtocol.Unmounted unmounted = await(mount.unmount());
        assertThat(unmounted.bytesSent()).isPositive();
        assertThat(Files.size(journal)).isEqualTo(unmounted.bytesSent());
    }

    @Test
    void shouldRunOperationsWithTheCredentialsOfTheOptions() throws Exception {
        final Cred clerk = new Cred(1001, 100, 4242, "clerk");
        final KemuMount mount = Kemu.get(testKit.system()).mount("m" + mounts.incrementAndGet(),
                MountOptions.defaults().withCred(clerk));
        await(mount.execute(new WorkloadOp.Create("order-1", 0644)));
        final VfsResult<Vnode> file = await(mount.unmount()).mount().resolve("order-1");
        assertThat(((VfsResult.Ok<Vnode>) file).value().uid()).isEqualTo(1001);
    }

    @Test
    void shouldDescribeThisProcessHonestlyByDefault() {
        final Cred cred = MountOptions.defaults().cred();
        assertThat(cred.pid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(cred.comm()).isNotEmpty();
        final String user = System.getProperty("user.name");
        assertThat(cred.isRoot()).as("uid 0 only when the JVM runs as root (user %s)", user)
                .isEqualTo("root".equals(user));
    }

    @Test
    void shouldFailTheInstallWhenTheTargetFileCannotBeOpened() throws Exception {
        final KemuMount mount = newMount();
        final Path missing = dir.resolve("no-such-dir").resolve("orders.journal");
        final KemuException e = failure(mount.install("backup", JournalTargets.file(missing)));
        assertThat(e.errno()).contains(Errno.ENOENT);
        assertThat(e.getMessage()).isEqualTo("mount " + mount.name() + ": cannot install journal backup: cannot open "
                + "journal file " + missing + ": directory " + missing.getParent() + " does not exist");
        assertThat(await(mount.status())).as("nothing installed").isEmpty();
        assertThat(missing.getParent()).doesNotExist();

        final KemuException directory = failure(mount.install("backup", JournalTargets.throttled(
                JournalTargets.file(dir), 1000)));
        assertThat(directory.errno()).contains(Errno.EISDIR);
        await(mount.unmount());
    }

    @Test
    void shouldFailTheInstallWhenATcpHostDoesNotResolve() throws Exception {
        final KemuMount mount = newMount();
        final KemuException e = failure(mount.install("backup", JournalTargets.tcp("no-such-host.invalid", 9)));
        assertThat(e.errno()).contains(Errno.EINVAL);
        assertThat(e.getMessage()).endsWith("cannot resolve journal target host no-such-host.invalid");
        await(mount.unmount());
    }

    @Test
    void shouldRefuseADuplicateJournalIdWithEexist() throws Exception {
        final KemuMount mount = newMount();
        final CompletionStage<KemuMount.Installed> first = mount.install("backup", JournalTargets.discard());
        final CompletionStage<KemuMount.Installed> second = mount.install("backup", JournalTargets.discard());
        await(first);
        final KemuException e = failure(second);
        assertThat(e.errno()).contains(Errno.EEXIST);
        assertThat(e.getMessage()).contains("journal backup is already installed (EEXIST)");
        assertThat(await(mount.status())).hasSize(1);

        await(mount.remove("backup"));
        assertThat(await(mount.install("backup", JournalTargets.discard())).journalId())
                .as("the id is free again once removed").isEqualTo("backup");
        await(mount.unmount());
    }

    @Test
    void shouldRefuseBadJournalIdsWithEinval() throws Exception {
        final KemuMount mount = newMount();
        final String longId = "x".repeat(33);
        assertThat(failure(mount.install(longId, JournalTargets.discard())).errno()).contains(Errno.EINVAL);
        assertThat(failure(mount.remove(longId)).errno()).contains(Errno.EINVAL);
        await(mount.unmount());
    }

    @Test
    void shouldFailTheRemovalOfAJournalThatIsNotInstalled() throws Exception {
        final KemuMount mount = newMount();
        assertThat(failure(mount.remove("backup")).errno()).as("no journal at all").contains(Errno.ENOENT);
        await(mount.install("audit", JournalTargets.discard()));
        final KemuException e = failure(mount.remove("backup"));
        assertThat(e.errno()).as("another journal").contains(Errno.EINVAL);
        assertThat(e.getMessage()).isEqualTo("mount " + mount.name() + ": no journal backup to remove (EINVAL)");
        await(mount.unmount());
    }

    @Test
    void shouldFailEveryCommandAfterUnmount() throws Exception {
        final KemuMount mount = newMount();
        await(mount.unmount());
        final KemuException e = failure(mount.execute(new WorkloadOp.Mkdir("late", 0755)));
        assertThat(e.getMessage()).isEqualTo("mount " + mount.name() + " is unmounted: cannot execute 1 operations");
        assertThat(e.errno()).isEmpty();
        assertThat(failure(mount.install("backup", JournalTargets.discard())).getMessage())
                .isEqualTo("mount " + mount.name() + " is unmounted: cannot install journal backup");
        failure(mount.status());
        failure(mount.remove("backup"));
        failure(mount.unmount());
    }

    @Test
    void shouldRefuseASecondMountOfTheSameName() {
        final KemuMount mount = newMount();
        final Throwable thrown = catchThrowable(() -> Kemu.get(testKit.system()).mount(mount.name()));
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot start mount " + mount.name() + ":");
    }

    /**
     * A target that never asks for a byte: the 64 KiB ring and the stream's buffers fill, the 4 MiB
     * write's batch waits, the next batch waits in the stash (capacity 1), the one after is refused,
     * and unmount, which must drain, times out.
     */
    @Test
    void shouldFailABatchTheMountIsTooBusyToTakeAndTimeOutAnUnmountThatCannotDrain() throws Exception {
        final KemuMount mount = Kemu.get(testKit.system()).mount("m" + mounts.incrementAndGet(),
                MountOptions.defaults().withTimeout(Duration.ofMillis(500)));
        final Sink<ByteString, ?> stuck = Sink.asPublisher(AsPublisher.WITHOUT_FANOUT);
        await(mount.install(new InstallRequest(io.kemu.vfs.jops.JournalId.of("stuck"), 0, 64 << 10, 0),
                JournalTargets.sink(stuck, "a target that never pulls")));
        await(mount.execute(new WorkloadOp.Create("big", 0644)));
        // Larger than the ring plus every buffer between the writer and the sink (16 chunks of 64 KiB).
        final byte[] chunk = new byte[4 << 20];
        final CompletionStage<KemuMount.Executed> waiting = mount.execute(
                new WorkloadOp.Write("big", 0, false, List.of(chunk)));
        final CompletionStage<KemuMount.Executed> stashed = mount.execute(new WorkloadOp.Mkdir("a", 0755));
        final KemuException busy = failure(mount.execute(new WorkloadOp.Mkdir("b", 0755)));
        assertThat(busy.getMessage()).startsWith("mount " + mount.name() + ": mount busy: 1 requests already wait");
        assertThat(failure(waiting).getMessage()).isEqualTo("mount " + mount.name()
                + ": no answer to execute 1 operations within 500 ms");
        failure(stashed);
        assertThat(failure(mount.unmount()).getMessage()).isEqualTo("mount " + mount.name()
                + ": no answer to unmount within 500 ms");
    }
}
