package io.kemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoriesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldDeleteTheTreeWithUnreadableDirectoriesButNeverFollowASymlinkOutOfIt() throws Exception {
        final Path outside = Files.createDirectories(tmp.resolve("outside"));
        final Path kept = Files.writeString(outside.resolve("kept"), "user data");
        final Path work = Files.createDirectories(tmp.resolve("work/a/b"));
        Files.writeString(work.resolve("f"), "x");
        Files.createSymbolicLink(work.resolve("out"), outside);
        Files.createSymbolicLink(tmp.resolve("work/dangling"), tmp.resolve("nowhere"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("---------"));

        WorkDirectories.delete(tmp.resolve("work"));

        assertThat(tmp.resolve("work")).doesNotExist();
        assertThat(kept).hasContent("user data");
        assertThat(outside).isDirectory();
    }

    @Test
    void shouldTreatAMissingDirectoryAsNothingToDoAndRemoveALinkAsALink() throws Exception {
        WorkDirectories.delete(tmp.resolve("missing"));
        final Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("kept"), "k");
        final Path link = Files.createSymbolicLink(tmp.resolve("link"), target);

        WorkDirectories.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(target.resolve("kept")).hasContent("k");
    }

    @Test
    void shouldEmptyADirectoryButKeepItAndItsModeAndNeverFollowASymlinkOutOfIt() throws Exception {
        final Path outside = Files.createDirectories(tmp.resolve("outside"));
        final Path kept = Files.writeString(outside.resolve("kept"), "user data");
        final Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.setPosixFilePermissions(mirror, PosixFilePermissions.fromString("rwxr-x---"));
        final Path sub = Files.createDirectories(mirror.resolve("a/b"));
        Files.writeString(sub.resolve("f"), "x");
        Files.createSymbolicLink(mirror.resolve("out"), outside);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("---------"));

        WorkDirectories.deleteContents(mirror);

        assertThat(mirror).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mirror))).isEqualTo("rwxr-x---");
        assertThat(kept).hasContent("user data");
    }
}
