package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.journal.scan.mirror.MirrorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The live mirror's bookkeeping: lag only grows with a larger durable length, and a file shorter than promised fails the close. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MirrorConsumerLagTest {

    @Test
    void shouldCountLagFromTheLargestDurableLengthAndNeverBelowZero(@TempDir Path tmp) throws IOException {
        final Path file = Files.write(tmp.resolve("j"), new byte[0]);
        final MirrorConsumer consumer = MirrorConsumer.open(tmp.resolve("m"), MirrorOptions.FAITHFUL);
        assertThat(consumer.lagBytes()).isZero();

        consumer.start(file, 100, 40);
        assertThat(consumer.lagBytes()).as("fed beyond what is durable").isZero();
        consumer.abandon();

        consumer.durable(150);
        assertThat(consumer.lagBytes()).isEqualTo(50);
        consumer.durable(120);
        assertThat(consumer.lagBytes()).as("a smaller durable length changes nothing").isEqualTo(50);
        consumer.durable(150);
        assertThat(consumer.lagBytes()).isEqualTo(50);
        consumer.durable(400);
        assertThat(consumer.lagBytes()).isEqualTo(300);
    }

    @Test
    void shouldFailTheCloseWhenTheFileEndsBeforeItsDurableLength(@TempDir Path tmp) throws IOException {
        final Path file = Files.write(tmp.resolve("j"), new byte[0]);
        final MirrorConsumer consumer = MirrorConsumer.open(tmp.resolve("m"), MirrorOptions.FAITHFUL);
        consumer.start(file, 0, 100);

        assertThatThrownBy(consumer::close).isInstanceOf(IOException.class)
                .hasMessage("mirror: journal file ended at 0 before its durable length 100");
    }

    @Test
    void shouldFinishAMirrorThatWasNeverFed(@TempDir Path tmp) throws IOException {
        final Path file = Files.write(tmp.resolve("j"), new byte[0]);
        final MirrorConsumer consumer = MirrorConsumer.open(tmp.resolve("m"), MirrorOptions.FAITHFUL);
        consumer.start(file, 0, 0);
        consumer.close();

        assertThat(consumer.report().problems()).isEmpty();
        assertThat(consumer.lagBytes()).isZero();
    }

    @Test
    void shouldRefuseARootHoldingSomeoneElsesFiles(@TempDir Path tmp) throws IOException {
        final Path root = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(root.resolve("theirs"), "x");

        assertThatThrownBy(() -> MirrorConsumer.open(root, MirrorOptions.FAITHFUL)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot mirror into " + root + ": ");
        assertThat(Files.readString(root.resolve("theirs"))).isEqualTo("x");
    }
}
