package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kemu record} end to end: files written, deterministic per seed, bad targets refused. */
class RecordCommandTest {
    @TempDir
    Path tmp;

    private int run(String... args) {
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            return KemuCommand.newCommandLine().execute(args);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void shouldWriteTheSameJournalAndTreeForTheSameSeed() throws Exception {
        for (String name : new String[] {"one", "two"}) {
            assertThat(run("record", "--ops", "300", "--seed", "11", "--reversible", "--portable",
                    "--journal", tmp.resolve(name + ".journal").toString(), "--tree", tmp.resolve(name).toString()))
                    .isZero();
        }
        final byte[] first = Files.readAllBytes(tmp.resolve("one.journal"));
        assertThat(first.length).isGreaterThan(64);
        assertThat(first[0]).isEqualTo((byte) 0x34);
        assertThat(first[1]).isEqualTo((byte) 0x12);
        assertThat(Files.readAllBytes(tmp.resolve("two.journal"))).isEqualTo(first);
        try (var a = Files.list(tmp.resolve("one")); var b = Files.list(tmp.resolve("two"))) {
            assertThat(a.map(p -> p.getFileName().toString()).sorted().toList())
                    .isEqualTo(b.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void shouldFailWithoutTouchingAnythingWhenTheTreeDirectoryIsNotEmpty() throws Exception {
        Files.writeString(tmp.resolve("occupied"), "x");
        assertThat(run("record", "--ops", "10", "--journal", tmp.resolve("j").toString(), "--tree", tmp.toString()))
                .isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(tmp.resolve("j")).doesNotExist();
    }

    @Test
    void shouldOverwriteAnExistingJournalOnlyWithForce() throws Exception {
        final Path journal = tmp.resolve("j");
        Files.writeString(journal, "the user's");
        assertThat(run("record", "--ops", "10", "--journal", journal.toString(), "--tree", tmp.resolve("t").toString()))
                .isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(Files.readString(journal)).isEqualTo("the user's");
        assertThat(tmp.resolve("t")).doesNotExist();
        assertThat(run("record", "--ops", "10", "--journal", journal.toString(), "--tree", tmp.resolve("t").toString(),
                "--force")).isZero();
        assertThat(Files.readAllBytes(journal)[0]).isEqualTo((byte) 0x34);
    }

    @Test
    void shouldRejectANegativeOperationCount() {
        assertThat(run("record", "--ops", "-1", "--journal", tmp.resolve("j").toString(), "--tree",
                tmp.resolve("t").toString())).isEqualTo(2);
    }
}
