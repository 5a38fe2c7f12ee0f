package io.kemu.vfs.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vnode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exporting an emulated tree to a real directory, in jscan-mirror representation. */
class TreeExporterTest {
    private static final Cred ROOT = Cred.root(1, "t");

    @TempDir
    Path tmp;

    private static Mount newMount() {
        return new Mount(3, MountLimits.DEFAULT, new SteppingClock(new Timespec(10, 0), 1));
    }

    @Test
    void shouldWriteFilesDirectoriesLinksModesAndPlaceholdersWithTheMirrorsManifest() throws IOException {
        final Mount m = newMount();
        m.mkdir(ROOT, "d", 0500);
        m.create(ROOT, "d/f", 0640);
        m.write(ROOT, "d/f", 0, List.of("hello".getBytes(StandardCharsets.UTF_8)));
        m.link(ROOT, "d/f", "hard");
        m.symlink(ROOT, "d/f", "soft");
        m.bind(ROOT, "sock", 0600);
        m.mkfifo(ROOT, "fifo", 0640);
        m.mknod(ROOT, "dev", VType.VCHR, 0600, 1, 2);
        m.whiteout(ROOT, "wh");
        final Path out = tmp.resolve("tree");
        final TreeExporter.Report report = TreeExporter.export(m, out);
        assertThat(report).isEqualTo(new TreeExporter.Report(1, 1, 1, 1, 3, 1));
        assertThat(Files.readString(out.resolve("d/f"))).isEqualTo("hello");
        assertThat(Files.isSameFile(out.resolve("d/f"), out.resolve("hard"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("soft")).toString()).isEqualTo("d/f");
        for (String special : List.of("sock", "fifo", "dev")) {
            assertThat(out.resolve(special)).isRegularFile().isEmptyFile();
        }
        assertThat(mode(out.resolve("fifo"))).isEqualTo(0640);
        assertThat(Files.exists(out.resolve("wh"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(out.resolve(".kemu/nodes")).hasContent(
                "dev type=chr rdev=0x102 major=1 minor=2\nfifo type=fifo\nsock type=sock\nwh type=whiteout\n");
        assertThat(mode(out.resolve("d"))).isEqualTo(0500);
        assertThat(mode(out.resolve("d/f"))).isEqualTo(0640);
        Files.setPosixFilePermissions(out.resolve("d"), TreeExporter.permissions(0700));
    }

    @Test
    void shouldListInodeWideFactsUnderEveryHardLinkedNameAndXattrsWithoutTheirValues() throws IOException {
        final Mount m = newMount();
        m.create(ROOT, "f", 0644);
        m.link(ROOT, "f", "g");
        m.chmod(ROOT, "f", 04755);
        m.chflags(ROOT, "g", 0x2);
        m.setextattr(ROOT, "f", "user.a", "not journaled".getBytes(StandardCharsets.UTF_8));
        m.mkdir(ROOT, "t", 0777);
        m.chmod(ROOT, "t", 01777);
        final Path out = tmp.resolve("tree");
        TreeExporter.export(m, out);
        assertThat(out.resolve(".kemu/nodes")).hasContent(
                "f mode=4755 flags=0x2 xattr.user.a=\ng mode=4755 flags=0x2 xattr.user.a=\nt mode=1777\n");
        assertThat(mode(out.resolve("f"))).isEqualTo(0755);
    }

    @Test
    void shouldLeaveNoManifestDirectoryWhenNothingNeedsOne() throws IOException {
        final Mount m = newMount();
        m.create(ROOT, "f", 0644);
        final Path out = tmp.resolve("tree");
        TreeExporter.export(m, out);
        assertThat(out.resolve(".kemu")).doesNotExist();
    }

    @Test
    void shouldRefuseANonEmptyTarget() throws IOException {
        Files.writeString(tmp.resolve("x"), "x");
        assertThatThrownBy(() -> TreeExporter.export(newMount(), tmp)).isInstanceOf(DirectoryNotEmptyException.class);
    }

    @Test
    void shouldMatchThePortableWorkloadTreeEntryByEntry() throws IOException {
        for (long seed : new long[] {5, 6, 7}) {
            final Mount m = newMount();
            new WorkloadGenerator(seed, true).run(m, 1500);
            final Path out = tmp.resolve("seed" + seed);
            TreeExporter.export(m, out);
            assertThat(onDisk(out)).as("seed %d", seed).isEqualTo(emulated(m));
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** path -> "dir MODE" / "file MODE NLINK CONTENTS-HASH" / "link TARGET", from the real directory. */
    private static Map<String, String> onDisk(Path root) throws IOException {
        final Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                final String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    out.put(rel, "dir " + Integer.toOctalString(mode(p)));
                } else {
                    out.put(rel, "file " + Integer.toOctalString(mode(p)) + " " + Files.getAttribute(p, "unix:nlink")
                            + " " + java.util.Arrays.hashCode(Files.readAllBytes(p)));
                }
            }
        }
        return out;
    }

    private static Map<String, String> emulated(Mount m) {
        final Map<String, String> out = new TreeMap<>();
        collect(m.filesystem().root(), out);
        return out;
    }

    private static void collect(Vnode dir, Map<String, String> out) {
        for (Namecache nc : dir.entries().values()) {
            if (nc.isWhiteout()) {
                continue;
            }
            final Vnode vp = nc.vnode();
            switch (vp.type()) {
                case VDIR -> {
                    out.put(nc.path(), "dir " + Integer.toOctalString(vp.mode() & 0777));
                    collect(vp, out);
                }
                case VREG -> out.put(nc.path(), "file " + Integer.toOctalString(vp.mode() & 0777) + " " + vp.nlink()
                        + " " + java.util.Arrays.hashCode(vp.contents()));
                case VLNK -> out.put(nc.path(), "link " + new String(vp.symlinkTarget(), StandardCharsets.UTF_8));
                default -> throw new AssertionError("portable workload made a " + vp.type());
            }
        }
    }
}
