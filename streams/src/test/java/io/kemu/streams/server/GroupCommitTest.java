package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store's group commit: an answer only after a force covering it, and a failed force fails everything after. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    private static ForceRecordingChannel open(Path file) throws IOException {
        return new ForceRecordingChannel(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    private static void write(FileChannel channel, int bytes, long at) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, at + buffer.position());
        }
    }

    @Test
    void shouldAnswerWhatIsAlreadyDurableWithoutForcing(@TempDir Path tmp) throws Exception {
        try (ForceRecordingChannel channel = open(tmp.resolve("f"))) {
            write(channel, 100, 0);
            final GroupCommit commit = new GroupCommit(channel, 100, "t", l -> { });
            try {
                assertThat(commit.durable(100)).isCompleted();
                assertThat(commit.durable(0)).isCompleted();
                assertThat(commit.forcedLength()).isEqualTo(100);
                assertThat(commit.forces()).isZero();
            } finally {
                commit.close();
            }
            assertThat(channel.forces()).isZero();
        }
    }

    @Test
    void shouldCompleteAWaiterOnlyAfterAForceCoveringItsLength(@TempDir Path tmp) throws Exception {
        final List<Long> heard = new CopyOnWriteArrayList<>();
        try (ForceRecordingChannel channel = open(tmp.resolve("f"))) {
            final GroupCommit commit = new GroupCommit(channel, 0, "t", heard::add);
            try {
                write(channel, 300, 0);
                commit.written(300);
                final CompletableFuture<Void> first = commit.durable(200);
                final CompletableFuture<Void> second = commit.durable(300);
                CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);

                assertThat(channel.forcedLength()).isGreaterThanOrEqualTo(300);
                assertThat(commit.forcedLength()).isEqualTo(300);
                assertThat(commit.forces()).isPositive().isEqualTo(channel.forces());
                assertThat(heard).isNotEmpty().allMatch(l -> l == 300L);
                final long forces = commit.forces();
                assertThat(commit.durable(300)).as("covered by the force already made").isCompleted();
                assertThat(commit.durable(1)).isCompleted();
                assertThat(commit.forces()).isEqualTo(forces);
            } finally {
                commit.close();
            }
        }
    }

    @Test
    void shouldServeWaitersInTheOrderOfTheirLengthsAsWritingGoesOn(@TempDir Path tmp) throws Exception {
        try (ForceRecordingChannel channel = open(tmp.resolve("f"))) {
            final GroupCommit commit = new GroupCommit(channel, 0, "t", l -> { });
            try {
                write(channel, 100, 0);
                commit.written(100);
                final CompletableFuture<Void> early = commit.durable(100);
                early.get(10, TimeUnit.SECONDS);
                write(channel, 100, 100);
                commit.written(200);
                final CompletableFuture<Void> late = commit.durable(200);
                late.get(10, TimeUnit.SECONDS);
                assertThat(commit.forcedLength()).isEqualTo(200);
                assertThat(channel.forcedLength()).isEqualTo(200);
                assertThat(commit.forces()).isGreaterThanOrEqualTo(2);
            } finally {
                commit.close();
            }
        }
    }

    @Test
    void shouldFailTheWaiterAndEveryLaterRequestWhenAForceFails(@TempDir Path tmp) throws Exception {
        final ForceRecordingChannel channel = open(tmp.resolve("f"));
        final List<Long> heard = new CopyOnWriteArrayList<>();
        final GroupCommit commit = new GroupCommit(channel, 0, "t", heard::add);
        try {
            write(channel, 50, 0);
            commit.written(50);
            channel.close();
            final CompletableFuture<Void> waiter = commit.durable(50);

            assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedChannelException.class);
            assertThat(commit.durable(0)).as("even a length already durable: the file is in doubt")
                    .isCompletedExceptionally();
            assertThat(commit.durable(60)).isCompletedExceptionally();
            assertThat(commit.forcedLength()).isZero();
            assertThat(commit.forces()).isEqualTo(1);
            assertThat(heard).as("no durable length announced after a failed force").isEmpty();
        } finally {
            commit.close();
        }
    }

    @Test
    void shouldServeQueuedWaitersBeforeClosing(@TempDir Path tmp) throws Exception {
        try (ForceRecordingChannel channel = open(tmp.resolve("f"))) {
            final GroupCommit commit = new GroupCommit(channel, 0, "t", l -> { });
            write(channel, 10, 0);
            commit.written(10);
            final CompletableFuture<Void> waiter = commit.durable(10);
            commit.close();
            assertThat(waiter).isCompleted();
            assertThat(channel.forcedLength()).isEqualTo(10);
        }
    }

    @Test
    void shouldTimeItsForcesAndOnlyThem(@TempDir Path tmp) throws Exception {
        try (ForceRecordingChannel channel = open(tmp.resolve("f"))) {
            final GroupCommit commit = new GroupCommit(channel, 0, "t", l -> { });
            try {
                assertThat(commit.forceNanos()).isZero();
                write(channel, 100, 0);
                commit.written(100);
                commit.durable(100).get(10, TimeUnit.SECONDS);
                assertThat(commit.forces()).isEqualTo(1);
                assertThat(commit.forceNanos()).isPositive();
            } finally {
                commit.close();
            }
        }
    }
}
