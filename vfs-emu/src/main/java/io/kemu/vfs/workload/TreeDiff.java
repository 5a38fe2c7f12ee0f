package io.kemu.vfs.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares two directory trees the way {@code diff -r} and a careful reviewer would: the same names,
 * the same types (directory, regular file, symlink), the same bytes, symlink targets, permission bits
 * (not of symlinks, which have none on Linux) and hard-link counts of every non-directory. Symlinks
 * are never followed. Names in {@code ignored} (at any depth) are skipped, for bookkeeping a tool
 * keeps inside a tree.
 */
public final class TreeDiff {
    private final Set<String> ignored;
    private final int limit;
    private final List<String> differences = new ArrayList<>();

    private TreeDiff(Set<String> ignored, int limit) {
        this.ignored = ignored;
        this.limit = limit;
    }

    /** Up to {@code limit} differences between {@code expected} and {@code actual}; empty when equal. */
    public static List<String> compare(Path expected, Path actual, Set<String> ignored, int limit) throws IOException {
        final TreeDiff diff = new TreeDiff(ignored, limit);
        diff.compareDirectories(expected, actual, "");
        return List.copyOf(diff.differences);
    }

    private boolean full() {
        return differences.size() >= limit;
    }

    private void differ(String text) {
        if (!full()) {
            differences.add(text);
        }
    }

    private TreeSet<String> names(Path dir) throws IOException {
        final TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> !ignored.contains(n)).forEach(names::add);
        }
        return names;
    }

    private void compareDirectories(Path expected, Path actual, String rel) throws IOException {
        final TreeSet<String> left = names(expected);
        final TreeSet<String> right = names(actual);
        for (String name : left) {
            if (!right.contains(name)) {
                differ("only in expected: " + rel + name);
            }
        }
        for (String name : right) {
            if (!left.contains(name)) {
                differ("only in actual: " + rel + name);
            }
        }
        for (String name : left) {
            if (right.contains(name) && !full()) {
                compareEntries(expected.resolve(name), actual.resolve(name), rel + name);
            }
        }
    }

    private void compareEntries(Path expected, Path actual, String rel) throws IOException {
        final PosixFileAttributes a = Files.readAttributes(expected, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        final PosixFileAttributes b = Files.readAttributes(actual, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        final String typeA = type(a);
        final String typeB = type(b);
        if (!typeA.equals(typeB)) {
            differ(rel + ": " + typeA + " vs " + typeB);
            return;
        }
        if (!typeA.equals("directory")) {
            final Object linksA = Files.getAttribute(expected, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            final Object linksB = Files.getAttribute(actual, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (!linksA.equals(linksB)) {
                differ(rel + ": " + linksA + " vs " + linksB + " hard links");
            }
        }
        switch (typeA) {
            case "symlink" -> {
                final Path targetA = Files.readSymbolicLink(expected);
                final Path targetB = Files.readSymbolicLink(actual);
                if (!targetA.equals(targetB)) {
                    differ(rel + ": symlink to " + targetA + " vs " + targetB);
                }
                return;
            }
            case "file" -> {
                if (Files.mismatch(expected, actual) != -1) {
                    differ(rel + ": contents differ (" + a.size() + " vs " + b.size() + " bytes)");
                }
            }
            case "directory" -> compareDirectories(expected, actual, rel + "/");
            default -> { }
        }
        if (!a.permissions().equals(b.permissions())) {
            differ(rel + ": permissions " + a.permissions() + " vs " + b.permissions());
        }
    }

    private static String type(PosixFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symlink";
        }
        if (attributes.isDirectory()) {
            return "directory";
        }
        return attributes.isRegularFile() ? "file" : "other";
    }
}
