package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.dump.JournalDump;
import io.kemu.journal.scan.op.VType;
import io.kemu.journal.scan.testing.StreamWriter;
import io.kemu.journal.scan.testing.SubRecordWriter;
import io.kemu.journal.scan.testing.TreeSnapshot;
import io.kemu.journal.scan.testing.Vops;
import io.kemu.journal.wire.LittleEndian;
import io.kemu.journal.wire.RecordType;
import io.kemu.journal.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import io.kemu.testing.Seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Thousands of seeded mutations (bit flips, interesting integers in header fields, truncation,
 * inserted garbage, deleted and duplicated regions) of journals that contain every VOP type, nesting
 * with -1 sizes, interleaving, pads, aborts and hostile paths. Each is dumped, mirrored (in random
 * chunks) into a fresh root and, sometimes, undone. Nothing may escape except {@link
 * JournalScanException}, nothing may hang, and a canary directory next to the roots must stay
 * untouched. Set {@code -Dkemu.fuzz.seed=N} to replay one iteration; the failing seed is printed.
 */
class MirrorFuzzTest {
    private static final int ITERATIONS = Integer.getInteger("kemu.fuzz.iterations", 2000);
    private static final long BASE_SEED = Seeds.of("MirrorFuzzTest", Long.getLong("kemu.fuzz.seed", 0x6B656D75L));
    private static final int[] INTERESTING = {0, 1, -1, 7, 8, 15, 16, 17, 24, 0x7FFFFFFF, 0x80000000, 0x08000000,
        0x08000001, 0xFFFF, 0x1234, 0xCDEF, 0x4000, 0x8000, 0xC001};

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Base journals: every VOP, nesting with -1 sizes, interleaving, pads, aborts, hostile paths. */
    private static List<byte[]> baseStreams() {
        List<byte[]> bases = new ArrayList<>();
        StreamWriter a = new StreamWriter(1000);
        a.single(Vops.mkdir("d", 0755));
        a.single(Vops.create("d/f", 0644));
        a.single(Vops.write("d/f", 0, Vops.writeUndo(0, 0, 0, new byte[0]), utf8("hello"), utf8(" world")));
        a.pad(16);
        a.single(Vops.setattr("d/f", w -> w.u32(RecordType.MODES, 04711).u64(RecordType.SIZE, 3)
                .time(RecordType.MTIME, 7, 7).u32(RecordType.FLAGS, 1), w -> Vops.vattr(w, VType.VREG, 0644)));
        a.single(Vops.mknod("d/c", VType.VCHR, 0600, 0x101, 1, 1));
        a.single(Vops.link("d/g", "d/f"));
        a.single(Vops.symlink("d/l", "f"));
        a.single(Vops.whiteout("w"));
        a.single(Vops.setextattr("d/f", "user.k", utf8("v")));
        a.single(Vops.setacl("d/f"));
        a.pad(48);
        a.single(Vops.rename("d/g", "d/h", null));
        a.single(Vops.remove("d/h", Vops.fileUndo(0644, utf8("hel"))));
        a.single(Vops.remove("d/l", Vops.symlinkUndo("f")));
        a.single(Vops.putpages("d/f", new long[] {0, 4096}, new byte[][] {utf8("pp"), utf8("qq")}));
        a.single(Vops.mkdir("e", 0700));
        a.single(Vops.rmdir("e", 0700));
        bases.add(a.toBytes());

        StreamWriter b = new StreamWriter(5000);
        b.record(StreamId.BEGIN | StreamId.END | StreamId.DISCONT, Vops.associate());
        byte[] nested = new SubRecordWriter().pushUnpatched(RecordType.CREATE).path(RecordType.PATH1, "n")
                .pushUnpatched(RecordType.REDO).pushUnpatched(RecordType.VATTR).u32(RecordType.VTYPE, VType.VREG)
                .u32(RecordType.MODES, 0600).popAfterFlush().popAfterFlush().path(RecordType.PATH_REF, "n").pop()
                .toBytes();
        b.record(StreamId.BEGIN | 0x100, Arrays.copyOfRange(nested, 0, 40));
        byte[] big = Vops.write("n", 0, null, new byte[3000]);
        b.record(StreamId.BEGIN | 0x101, Arrays.copyOfRange(big, 0, 1000));
        b.record(StreamId.END | 0x100, Arrays.copyOfRange(nested, 40, nested.length));
        b.pad(16);
        b.record(0x101, Arrays.copyOfRange(big, 1000, 2000));
        b.record(StreamId.END | 0x101, Arrays.copyOfRange(big, 2000, big.length));
        b.record(StreamId.BEGIN | 0x102, Vops.create("aborted", 0644));
        b.record(StreamId.END | StreamId.ABORTED | 0x102, new byte[0]);
        b.single(Vops.create("../canary/evil", 0644));
        b.single(Vops.symlink("out", "../canary"));
        b.single(Vops.create("out/evil", 0644));
        b.single(Vops.write("out/secret", 0, null, utf8("pwned")));
        b.single(Vops.rename("n", "../canary/secret", null));
        b.single(Vops.symlink("abs", "/tmp"));
        bases.add(b.toBytes());
        return bases;
    }

    private static byte[] mutate(byte[] base, Random r) {
        byte[] s = base.clone();
        int rounds = 1 + r.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            switch (r.nextInt(7)) {
                case 0 -> s[r.nextInt(s.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> {
                    int at = r.nextInt(Math.max(1, s.length - 4)) & ~3;
                    if (at + 4 <= s.length) {
                        LittleEndian.putI32(s, at, INTERESTING[r.nextInt(INTERESTING.length)]);
                    }
                }
                case 2 -> s = Arrays.copyOf(s, r.nextInt(s.length + 1));
                case 3 -> {
                    int at = r.nextInt(s.length + 1);
                    byte[] junk = new byte[r.nextInt(40)];
                    r.nextBytes(junk);
                    s = splice(s, at, junk);
                }
                case 4 -> {
                    int from = r.nextInt(s.length + 1);
                    int to = Math.min(s.length, from + r.nextInt(64));
                    byte[] t = new byte[s.length - (to - from)];
                    System.arraycopy(s, 0, t, 0, from);
                    System.arraycopy(s, to, t, from, s.length - to);
                    s = t;
                }
                case 5 -> {
                    int from = r.nextInt(s.length + 1) & ~15;
                    int to = Math.min(s.length, from + 16 * r.nextInt(8));
                    s = splice(s, r.nextInt(s.length + 1) & ~15, Arrays.copyOfRange(s, from, to));
                }
                default -> {
                    int at = r.nextInt(Math.max(1, s.length - 2)) & ~1;
                    if (at + 2 <= s.length) {
                        LittleEndian.putU16(s, at, INTERESTING[r.nextInt(INTERESTING.length)]);
                    }
                }
            }
            if (s.length == 0) {
                break;
            }
        }
        return s;
    }

    private static byte[] splice(byte[] s, int at, byte[] insert) {
        byte[] t = new byte[s.length + insert.length];
        System.arraycopy(s, 0, t, 0, at);
        System.arraycopy(insert, 0, t, at, insert.length);
        System.arraycopy(s, at, t, at + insert.length, s.length - at);
        return t;
    }

    private static List<ByteBuffer> chunks(byte[] s, Random r) {
        List<ByteBuffer> list = new ArrayList<>();
        for (int i = 0; i < s.length; ) {
            int n = Math.min(s.length - i, 1 + r.nextInt(300));
            list.add(ByteBuffer.wrap(s, i, n));
            i += n;
        }
        return list;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSurviveMutatedAndTruncatedStreamsWithoutEscapingTheRoot() throws Exception {
        List<byte[]> bases = baseStreams();
        Path canary = Files.createDirectory(dir.resolve("canary"));
        Files.writeString(canary.resolve("secret"), "untouched");
        Files.setLastModifiedTime(canary.resolve("secret"), FileTime.fromMillis(1_000_000L));
        Map<String, String> canaryBefore = TreeSnapshot.of(canary);
        PrintWriter devNull = new PrintWriter(java.io.Writer.nullWriter());
        long problems = 0;
        int iterations = System.getProperty("kemu.fuzz.seed") != null ? 1 : ITERATIONS;
        for (int i = 0; i < iterations; i++) {
            long seed = BASE_SEED + i;
            Random r = new Random(seed);
            byte[] stream = mutate(bases.get(r.nextInt(bases.size())), r);
            String rootName = "m" + i;
            String stateName = "." + rootName + MirrorState.DEFAULT_DIRECTORY_SUFFIX;
            Path root = Files.createDirectory(dir.resolve(rootName));
            MirrorOptions options = MirrorOptions.DEFAULT.withAllowOutwardSymlinks(r.nextBoolean());
            try {
                JournalDump.dump(new ByteArrayInputStream(stream), devNull, 16);
                MirrorReport report = Mirror.apply(chunks(stream, r), root, options);
                problems += report.problemCount();
                if (i % 8 == 0) {
                    Path file = dir.resolve("s" + i);
                    Files.write(file, stream);
                    try {
                        Undo.apply(file, root, 1000 + r.nextInt(40), options);
                    } finally {
                        Files.delete(file);
                    }
                }
            } catch (JournalScanException expected) {
                problems++;
            } catch (Throwable t) {
                fail("seed " + seed + " (run with -Dkemu.fuzz.seed=" + seed + "): " + t, t);
            }
            assertThat(TreeSnapshot.of(canary)).as("canary after seed %d", seed).isEqualTo(canaryBefore);
            assertThat(Files.getLastModifiedTime(canary.resolve("secret")).toMillis()).as("seed %d", seed)
                    .isEqualTo(1_000_000L);
            try (var entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString()))
                        .as("nothing created next to the root, seed %d", seed)
                        .allMatch(n -> n.equals("canary") || n.equals(rootName) || n.equals(stateName));
            }
            deleteTree(root);
            if (Files.exists(dir.resolve(stateName))) {
                deleteTree(dir.resolve(stateName));
            }
        }
        assertThat(problems).as("the mutations must actually break things").isGreaterThan(iterations / 2);
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
