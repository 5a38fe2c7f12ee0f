package io.kemu.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Removal of the directories a kemu driver created for itself (a simulation's work directory, a
 * benchmark's scratch tree, the contents of kemu's own earlier mirror that {@code --force} replaces).
 * Only ever for those: a user's own files are never passed here.
 *
 * <p>Invariants: a symbolic link is removed as a link and never followed, so nothing outside the
 * tree is touched; directories a journal left unreadable (mode 000) are opened for their owner first,
 * since a mirrored tree may hold them.
 */
public final class WorkDirectories {
    private WorkDirectories() {
    }

    /** Deletes {@code dir} and everything under it; a missing {@code dir} is nothing to do. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(dir);
            return;
        }
        deleteTree(dir, true);
    }

    /**
     * Deletes everything under the directory {@code dir}, keeping {@code dir} itself and its mode
     * (kemu's own earlier mirror, replaced with {@code --force}: the directory may be the user's).
     */
    public static void deleteContents(Path dir) throws IOException {
        deleteTree(dir, false);
    }

    /** Walks {@code root} without following links, opening and deleting directories ({@code root} too if asked). */
    private static void deleteTree(Path root, boolean andRoot) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (andRoot || !d.equals(root)) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (andRoot || !d.equals(root)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
