package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.vfs.workload.JournalRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@link MirrorOptions#allowOutwardSymlinks()} no symlink in the mirror leads out of its root,
 * however it came to be: created so, renamed (alone or inside a directory) to where it climbs too
 * far, hard-linked there, or chained through another symlink ({@code x -> d/l/..} with {@code d/l ->
 * ..}). Checked by resolving every symlink of the mirror as the kernel would ({@code ..} applies to
 * where a symlink leads). With the option, the same records are applied as they are.
 */
class MirrorSymlinkTest {
    @TempDir
    Path dir;

    /** Each case: records that, applied in order, would leave a symlink leading out of the root. */
    private static final List<List<byte[]>> CASES = List.of(
            List.of(Vops.mkdir("d", 0755), Vops.symlink("d/s", "../x"), Vops.rename("d/s", "s", null)),
            List.of(Vops.mkdir("a", 0755), Vops.mkdir("a/b", 0755), Vops.symlink("a/b/l", "../../t"),
                    Vops.rename("a/b", "b", null)),
            List.of(Vops.mkdir("d", 0755), Vops.symlink("d/l", ".."), Vops.symlink("x", "d/l/..")),
            List.of(Vops.mkdir("d", 0755), Vops.mkdir("d/e", 0755), Vops.symlink("d/e/l", "../.."),
                    Vops.symlink("d/y", "e/l/../..")),
            List.of(Vops.mkdir("d", 0755), Vops.symlink("d/s", "../t"), Vops.link("s", "d/s")),
            List.of(Vops.symlink("abs", "/etc"), Vops.symlink("up", "../t")));

    private MirrorReport mirror(Path root, List<byte[]> records, MirrorOptions options) throws Exception {
        StreamWriter w = new StreamWriter(100);
        records.forEach(w::single);
        return Mirror.apply(List.of(ByteBuffer.wrap(w.toBytes())), root, options);
    }

    /** Symlinks under {@code root} that lead out of it when resolved as the kernel resolves them. */
    static List<String> escapingSymlinks(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p) && !staysInside(root, p.getParent(), Files.readSymbolicLink(p).toString(), 0)) {
                    out.add(root.relativize(p) + " -> " + Files.readSymbolicLink(p));
                }
            }
        }
        return out;
    }

    /** Resolves {@code target} from the real directory {@code from}, following symlinks; false if it leaves root. */
    private static boolean staysInside(Path root, Path from, String target, int depth) throws IOException {
        if (target.startsWith("/") || depth > 40) {
            return false;
        }
        Path cur = from;
        for (String c : target.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (cur.equals(root)) {
                    return false;
                }
                cur = cur.getParent();
                continue;
            }
            Path next = cur.resolve(c);
            if (Files.isSymbolicLink(next)) {
                String via = Files.readSymbolicLink(next).toString();
                if (!staysInside(root, cur, via, depth + 1)) {
                    return false;
                }
                cur = resolvedDirectory(cur, via);
                if (cur == null) {
                    return true;
                }
            } else if (Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                cur = next;
            } else {
                return true;
            }
        }
        return true;
    }

    /** Where {@code target} leads from {@code from} if that is a directory (already known to be inside), else null. */
    private static Path resolvedDirectory(Path from, String target) throws IOException {
        Path cur = from;
        for (String c : target.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                cur = cur.getParent();
                continue;
            }
            Path next = cur.resolve(c);
            if (Files.isSymbolicLink(next)) {
                cur = resolvedDirectory(cur, Files.readSymbolicLink(next).toString());
                if (cur == null) {
                    return null;
                }
            } else if (Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                cur = next;
            } else {
                return null;
            }
        }
        return cur;
    }

    @Test
    void shouldRefuseEverySymlinkThatWouldLeadOutHoweverItArises() throws Exception {
        for (int i = 0; i < CASES.size(); i++) {
            Path root = dir.resolve("off-" + i);
            MirrorReport r = mirror(root, CASES.get(i), MirrorOptions.DEFAULT);
            assertThat(r.problems()).as("case %d", i).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.kind()).isEqualTo(ProblemKind.REFUSED));
            assertThat(r.problems().stream().map(ScanProblem::toString)).as("case %d", i)
                    .allSatisfy(m -> assertThat(m).containsAnyOf("climbs out of the mirror root", "'..' after a name",
                            "is absolute"));
            assertThat(escapingSymlinks(root)).as("case %d", i).isEmpty();
        }
    }

    @Test
    void shouldApplyTheSameRecordsAsTheyAreWhenOutwardSymlinksAreAllowed() throws Exception {
        MirrorOptions allow = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(true);
        for (int i = 0; i < CASES.size(); i++) {
            Path root = dir.resolve("on-" + i);
            MirrorReport r = mirror(root, CASES.get(i), allow);
            assertThat(r.problems()).as("case %d", i).isEmpty();
            assertThat(escapingSymlinks(root)).as("case %d", i).isNotEmpty();
        }
    }

    /** The report: a plain {@code record --seed 1 --reversible} mirror held 6 outward symlinks. */
    @Test
    void shouldLeaveNoOutwardSymlinkInTheMirrorOfARecordedWorkload() throws Exception {
        ByteArrayOutputStream journal = new ByteArrayOutputStream();
        JournalRecorder.record(new JournalRecorder.Options(1, 1000, true, false, 0), journal, dir.resolve("tree"));
        Path root = dir.resolve("mirror");
        MirrorReport r = Mirror.apply(List.of(ByteBuffer.wrap(journal.toByteArray())), root,
                MirrorOptions.DEFAULT.withApplyOwnership(false));
        assertThat(escapingSymlinks(dir.resolve("tree"))).as("the source tree has some").isNotEmpty();
        assertThat(escapingSymlinks(root)).isEmpty();
        assertThat(r.problems()).as("each refusal is reported").anySatisfy(p -> assertThat(p.toString())
                .startsWith("REFUSED").contains("symlink"));
    }
}
