package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The undo log's file rules: coverage from its header, last entry wins, a torn tail is cut. */
class UndoLogTest {
    @TempDir
    Path dir;

    private MirrorState state() throws JournalScanException {
        return MirrorState.load(dir.resolve("state"), false);
    }

    private Path file() {
        return dir.resolve("state").resolve(UndoLog.FILE_NAME);
    }

    @Test
    void shouldCoverOnlyTransactionsAfterItsStart() throws Exception {
        UndoLog log = UndoLog.open(state(), 0x10);
        log.close();
        UndoLog again = UndoLog.existing(state()).orElseThrow();
        assertThat(again.covers(0x10)).isFalse();
        assertThat(again.covers(0x11)).isTrue();
        assertThat(again.covers(0x8000000000000000L)).as("transids are unsigned").isTrue();
        assertThat(Files.readString(file())).isEqualTo("kemu-undo-log 1 from 0000000000000010\n");
    }

    @Test
    void shouldKeepTheLastCompleteEntryOfATransidAndCutATornTail() throws Exception {
        UndoLog log = UndoLog.open(state(), 0);
        log.record(5, List.of("m a type=whiteout"));
        log.record(6, List.of());
        log.record(5, List.of("r a", "m b xattr.user.x=00"));
        log.close();
        Files.writeString(file(), "0000000000000007\tm c fla", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);

        Map<Long, List<String>> entries = UndoLog.existing(state()).orElseThrow().entries();
        assertThat(entries).containsOnlyKeys(5L);
        assertThat(entries.get(5L)).containsExactly("r a", "m b xattr.user.x=00");

        UndoLog reopened = UndoLog.open(state(), 0);
        reopened.record(8, List.of("r d"));
        reopened.close();
        assertThat(UndoLog.existing(state()).orElseThrow().entries()).containsOnlyKeys(5L, 8L);
        assertThat(Files.readString(file())).doesNotContain("fla");
    }

    @Test
    void shouldBeAbsentForAMirrorThatNeverKeptOneAndRefuseAForeignFile() throws Exception {
        assertThat(UndoLog.existing(state())).isEmpty();
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "something else\n");
        assertThatThrownBy(() -> UndoLog.existing(state())).isInstanceOf(JournalScanException.class)
                .hasMessageContaining("not a kemu undo log");
    }
}
