package io.kemu.cli.bench;

import io.kemu.journal.scan.JournalScanException;
import io.kemu.journal.scan.dump.JournalDump;
import io.kemu.journal.scan.mirror.Mirror;
import io.kemu.journal.scan.mirror.MirrorOptions;
import io.kemu.journal.scan.mirror.Undo;
import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import io.kemu.testkit.WorkDirectories;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The offline half of {@code kemu bench hostile}: a real journal stream, mutated or truncated, run
 * through dump, mirror (into a fresh or a reused root) and undo, exactly as {@code kemu jscan} would.
 * A case passes when each step ends normally or refuses with a {@link JournalScanException}, and
 * nothing appears outside the mirror root: no file beside it other than the mirror's state, no
 * symlink inside it that resolves outside it.
 */
public final class HostileStreams {
    /** What one case found. */
    public record Outcome(String crash, List<String> escapes) {
        public boolean ok() {
            return crash == null && escapes.isEmpty();
        }
    }

    private final byte[] base;
    private final Path work;
    private final Path reusedSandbox;

    /**
     * {@code base}: a reversible journal stream; {@code work}: a directory kemu created for the run;
     * {@code reused}: the name, under {@code work}, of this instance's reused root's sandbox (one per
     * worker, so that workers never share a root).
     */
    public HostileStreams(byte[] base, Path work, String reused) throws IOException {
        this.base = base;
        this.work = work;
        this.reusedSandbox = Files.createDirectories(work.resolve(reused));
    }

    /** A mutation of the base stream: truncated, bit-flipped, overwritten, spliced, or with a forged size. */
    public byte[] mutate(Random random) {
        final byte[] s = base.clone();
        switch (random.nextInt(7)) {
            case 0:
                return Arrays.copyOf(s, random.nextInt(s.length));
            case 1:
                return Arrays.copyOf(s, random.nextInt(s.length / 16) * 16);
            case 2:
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    final int at = random.nextInt(s.length);
                    s[at] ^= (byte) (1 << random.nextInt(8));
                }
                return s;
            case 3: {
                final int at = random.nextInt(s.length);
                for (int i = at; i < Math.min(s.length, at + 16 + random.nextInt(240)); i++) {
                    s[i] = (byte) random.nextInt(256);
                }
                return s;
            }
            case 4: {
                final int from = random.nextInt(s.length);
                final int to = Math.min(s.length, from + random.nextInt(4096));
                final int at = random.nextInt(s.length) / 16 * 16;
                final byte[] out = new byte[s.length + to - from];
                System.arraycopy(s, 0, out, 0, at);
                System.arraycopy(s, from, out, at, to - from);
                System.arraycopy(s, at, out, at + to - from, s.length - at);
                return out;
            }
            case 5: {
                final int at = random.nextInt(s.length / 16) * 16;
                RawRecordHeaderDescriptor.recsize(s, at, random.nextBoolean() ? random.nextInt() : random.nextInt(1 << 20));
                return s;
            }
            default: {
                final byte[] noise = new byte[random.nextInt(4096)];
                random.nextBytes(noise);
                final byte[] out = Arrays.copyOf(s, s.length + noise.length);
                System.arraycopy(noise, 0, out, s.length, noise.length);
                return random.nextBoolean() ? out : Arrays.copyOfRange(out, s.length - random.nextInt(s.length), out.length);
            }
        }
    }

    /** Runs one case: dump, then mirror into a fresh or the reused root, then sometimes undo. */
    public Outcome run(long caseNumber, Random random) throws IOException {
        final byte[] stream = mutate(random);
        final boolean reuse = random.nextInt(4) == 0;
        final Path sandbox = reuse ? reusedSandbox : Files.createDirectories(work.resolve("case-" + caseNumber));
        final Path file = work.resolve("stream-" + caseNumber);
        Files.write(file, stream);
        final Path root = sandbox.resolve("root");
        String crash = null;
        try {
            JournalDump.dump(new ByteArrayInputStream(stream), new PrintWriter(Writer.nullWriter()), JournalDump.DEFAULT_DATA_LIMIT);
            try {
                Mirror.apply(file, root, MirrorOptions.DEFAULT);
                if (random.nextInt(3) == 0) {
                    Undo.apply(file, root, random.nextBoolean() ? 0 : RawRecordHeaderDescriptor.transid(base,
                            0) + random.nextInt(2000), MirrorOptions.DEFAULT);
                }
            } catch (JournalScanException refused) {
                // a clean refusal: what a bad stream should get
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            crash = "case " + caseNumber + ": " + e;
        }
        final List<String> escapes = escapes(sandbox, root);
        Files.delete(file);
        if (!reuse) {
            WorkDirectories.delete(sandbox);
        }
        return new Outcome(crash, escapes);
    }

    /** Files beside the root other than its state directory, and symlinks in it that resolve outside it. */
    static List<String> escapes(Path sandbox, Path root) throws IOException {
        final List<String> found = new ArrayList<>();
        final String state = "." + root.getFileName() + ".kemu-state";
        try (Stream<Path> beside = Files.list(sandbox)) {
            beside.filter(p -> !p.getFileName().toString().equals("root") && !p.getFileName().toString().equals(state))
                    .forEach(p -> found.add("outside the root: " + p));
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        makeAccessible(root);
        final Path realRoot = root.toRealPath();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isSymbolicLink).forEach(link -> {
                try {
                    final Path lexical = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                    final Path resolved = Files.exists(link) ? link.toRealPath() : lexical;
                    if (!resolved.toAbsolutePath().normalize().startsWith(realRoot)
                            || !lexical.toAbsolutePath().normalize().startsWith(root.toAbsolutePath().normalize())) {
                        found.add("symlink out of the root: " + realRoot.relativize(link.toAbsolutePath().normalize())
                                + " -> " + Files.readSymbolicLink(link));
                    }
                } catch (IOException e) {
                    found.add("unreadable symlink " + link + ": " + e.getMessage());
                }
            });
        }
        return found;
    }

    /** Gives the owner rwx on every directory of a tree kemu created (a journal may have set mode 000). */
    static void makeAccessible(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                return FileVisitResult.CONTINUE;
            }
        });
    }

}
