package io.kemu.vfs.workload;

import io.kemu.vfs.Mount;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.Vnode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the final state of an emulated mount into a real directory, the way DragonFly's jscan
 * mirror ({@code jscan -m}, dump_mirror.c) would have built it from the journal, so that a mirror
 * produced by kemu's scanner can be compared with it file by file.
 *
 * <p>Representation, per emulated node:
 * <ul>
 *   <li>directory: a directory with the permission bits of its mode (applied after everything else
 *       is written, deepest first, so restrictive modes cannot block the export);</li>
 *   <li>regular file: a file with the same bytes and permission bits; further names of the same
 *       vnode are hard links to it;</li>
 *   <li>symlink: a symlink with the same target (its mode is not applied, as jscan does not);</li>
 *   <li>socket: an empty regular file with the socket's permission bits, because a socket is
 *       journaled as CREATE and jscan's CREATE makes a regular file;</li>
 *   <li>fifo, character and block device, whiteout: nothing, because jscan treats MKNOD and
 *       WHITEOUT as no-ops.</li>
 * </ul>
 * Not exported (jscan does not apply them either): owner and group, setuid/setgid/sticky bits,
 * file flags, times, extended attributes and ACLs. The mode of the export directory itself (the
 * mount root) is left alone. The target must be an empty directory or not exist yet.
 */
public final class TreeExporter {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /** What was written: counts per kind of node. */
    public record Report(int directories, int files, int hardLinks, int symlinks, int sockets, int skipped) {
    }

    private final Map<Vnode, Path> exported = new HashMap<>();
    private final List<Path> directories = new ArrayList<>();
    private final List<Integer> directoryModes = new ArrayList<>();
    private int files;
    private int hardLinks;
    private int symlinks;
    private int sockets;
    private int skipped;

    private TreeExporter() {
    }

    /** Exports {@code mount} into {@code target} (created if missing, else it must be empty). */
    public static Report export(Mount mount, Path target) throws IOException {
        prepareTarget(target);
        final TreeExporter exporter = new TreeExporter();
        exporter.exportDirectory(mount.filesystem().root(), target);
        for (int i = exporter.directories.size() - 1; i >= 0; --i) {
            Files.setPosixFilePermissions(exporter.directories.get(i), permissions(exporter.directoryModes.get(i)));
        }
        return new Report(exporter.directories.size(), exporter.files, exporter.hardLinks, exporter.symlinks,
                exporter.sockets, exporter.skipped);
    }

    /**
     * Checks that {@code target} can take an export: creates it when absent, else it must be an
     * empty directory ({@link NotDirectoryException}, {@link DirectoryNotEmptyException}) on a
     * filesystem with POSIX permissions.
     */
    public static void prepareTarget(Path target) throws IOException {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new NotDirectoryException(target.toString());
            }
            try (var listing = Files.list(target)) {
                if (listing.findAny().isPresent()) {
                    throw new DirectoryNotEmptyException(target.toString());
                }
            }
        } else {
            Files.createDirectories(target);
        }
        if (Files.getFileAttributeView(target, PosixFileAttributeView.class) == null) {
            throw new IOException("cannot export to " + target + ": the filesystem has no POSIX permissions");
        }
    }

    private void exportDirectory(Vnode dir, Path where) throws IOException {
        for (Namecache entry : dir.entries().values()) {
            if (entry.isWhiteout()) {
                ++skipped;
                continue;
            }
            final Vnode vp = entry.vnode();
            final Path path = where.resolve(entry.name());
            switch (vp.type()) {
                case VDIR -> {
                    Files.createDirectory(path);
                    directories.add(path);
                    directoryModes.add(vp.mode());
                    exportDirectory(vp, path);
                }
                case VREG -> exportFile(vp, path);
                case VLNK -> {
                    Files.createSymbolicLink(path, Paths.get(new String(vp.symlinkTarget(), StandardCharsets.UTF_8)));
                    ++symlinks;
                }
                case VSOCK -> {
                    Files.createFile(path);
                    Files.setPosixFilePermissions(path, permissions(vp.mode()));
                    ++sockets;
                }
                default -> ++skipped;
            }
        }
    }

    private void exportFile(Vnode vp, Path path) throws IOException {
        final Path first = exported.get(vp);
        if (first != null) {
            Files.createLink(path, first);
            ++hardLinks;
            return;
        }
        Files.write(path, vp.contents());
        Files.setPosixFilePermissions(path, permissions(vp.mode()));
        exported.put(vp, path);
        ++files;
    }

    /** The rwx bits of {@code mode} as NIO permissions (setuid, setgid and sticky are dropped). */
    static Set<PosixFilePermission> permissions(int mode) {
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; ++bit) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }
}
