package io.kemu.vfs.workload;

import io.kemu.journal.scan.mirror.NodeManifest;
import io.kemu.journal.scan.mirror.NodeMeta;
import io.kemu.journal.scan.mirror.NodeType;
import io.kemu.vfs.Mount;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
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
 * Writes the final state of an emulated mount into a real directory in exactly the representation
 * kemu's journal mirror ({@link io.kemu.journal.scan.mirror.Mirror}) builds from the mount's journal,
 * so that a plain {@code diff -r} of the export and the mirror shows no difference. Both sides
 * describe what a plain directory cannot hold with the same {@link NodeManifest} ({@code
 * .kemu/nodes}), written through that one class.
 *
 * <p>Representation, per emulated name:
 * <ul>
 *   <li>directory: a directory with the permission bits of its mode (applied after everything else
 *       is written, deepest first, so restrictive modes cannot block the export);</li>
 *   <li>regular file: a file with the same bytes and permission bits;</li>
 *   <li>symlink: a symlink with the same target; its mode is not represented (Linux has none);</li>
 *   <li>FIFO, socket, character or block device: an empty regular placeholder file with the node's
 *       permission bits, plus a manifest entry {@code type=...}; devices also carry {@code rdev}
 *       ({@code makeudev(major, minor)}), {@code major} and {@code minor}, as MKNOD journals them;</li>
 *   <li>whiteout: only a manifest entry {@code type=whiteout};</li>
 *   <li>further names of a non-directory vnode are hard links to its first exported name;</li>
 *   <li>setuid/setgid/sticky bits ({@code mode=}), non-zero file flags ({@code flags=}) and extended
 *       attributes go to the manifest under every name of the vnode (the root is {@code .}). An
 *       extended attribute is represented by its name with an empty value: the kernel journals the
 *       name but no value (journal_setextattr() writes the uio after the VOP consumed it, SPEC 1.3
 *       and 5.17), so the journal, and therefore the mirror, knows no more.</li>
 * </ul>
 * Not exported (the mirror does not represent them either): owner and group (a mirror applies them
 * natively only when run as root), times, ACLs (never journaled). The mode of the export directory
 * itself (the mount root) is left alone. The target must be an empty directory or not exist yet.
 */
public final class TreeExporter {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    /**
     * What was written: counts per kind of node; {@code specials} are FIFO, socket and device
     * placeholders, {@code hardLinks} the names beyond a vnode's first.
     */
    public record Report(int directories, int files, int hardLinks, int symlinks, int specials, int whiteouts) {
    }

    private final Map<Vnode, Path> exported = new HashMap<>();
    private final List<Path> directories = new ArrayList<>();
    private final List<Integer> directoryModes = new ArrayList<>();
    private final NodeManifest manifest = new NodeManifest();
    private int files;
    private int hardLinks;
    private int symlinks;
    private int specials;
    private int whiteouts;

    private TreeExporter() {
    }

    /** Exports {@code mount} into {@code target} (created if missing, else it must be empty). */
    public static Report export(Mount mount, Path target) throws IOException {
        prepareTarget(target);
        final TreeExporter exporter = new TreeExporter();
        final Vnode root = mount.filesystem().root();
        if (root.entries().containsKey(NodeManifest.DIRECTORY)) {
            throw new IOException("cannot export: the mount has an entry named " + NodeManifest.DIRECTORY
                    + ", the name reserved for the node manifest");
        }
        exporter.describe("", root);
        exporter.exportDirectory(root, target);
        exporter.manifest.writeUnder(target);
        for (int i = exporter.directories.size() - 1; i >= 0; --i) {
            Files.setPosixFilePermissions(exporter.directories.get(i), permissions(exporter.directoryModes.get(i)));
        }
        return new Report(exporter.directories.size(), exporter.files, exporter.hardLinks, exporter.symlinks,
                exporter.specials, exporter.whiteouts);
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
            final Path path = where.resolve(entry.name());
            if (entry.isWhiteout()) {
                manifest.put(entry.path(), new NodeMeta().type(NodeType.WHITEOUT));
                ++whiteouts;
                continue;
            }
            final Vnode vp = entry.vnode();
            describe(entry.path(), vp);
            if (vp.type() == VType.VDIR) {
                Files.createDirectory(path);
                directories.add(path);
                directoryModes.add(vp.mode());
                exportDirectory(vp, path);
                continue;
            }
            final Path first = exported.get(vp);
            if (first != null) {
                Files.createLink(path, first);
                ++hardLinks;
                continue;
            }
            switch (vp.type()) {
                case VREG -> {
                    Files.write(path, vp.contents());
                    Files.setPosixFilePermissions(path, permissions(vp.mode()));
                    ++files;
                }
                case VLNK -> {
                    Files.createSymbolicLink(path, Paths.get(new String(vp.symlinkTarget(), StandardCharsets.UTF_8)));
                    ++symlinks;
                }
                default -> {
                    Files.createFile(path);
                    Files.setPosixFilePermissions(path, permissions(vp.mode()));
                    ++specials;
                }
            }
            exported.put(vp, path);
        }
    }

    /**
     * Records the non-native facts of the name {@code rel} of {@code vp} in the manifest: what the
     * mirror records for the same name from the records that made and changed the vnode.
     */
    private void describe(String rel, Vnode vp) {
        final NodeMeta meta = new NodeMeta().flags(vp.flags());
        if (vp.type() != VType.VLNK) {
            meta.mode(vp.mode());
        }
        final NodeType special = specialType(vp.type());
        if (special != null) {
            meta.type(special);
        }
        if (vp.type() == VType.VCHR || vp.type() == VType.VBLK) {
            meta.device(Integer.toUnsignedLong(Vattr.makeudev(vp.rmajor(), vp.rminor())),
                    Integer.toUnsignedLong(vp.rmajor()), Integer.toUnsignedLong(vp.rminor()));
        }
        for (String name : vp.extattrs().keySet()) {
            meta.xattr(name, new byte[0]);
        }
        manifest.put(rel, meta);
    }

    private static NodeType specialType(VType type) {
        return switch (type) {
            case VFIFO -> NodeType.FIFO;
            case VSOCK -> NodeType.SOCK;
            case VCHR -> NodeType.CHR;
            case VBLK -> NodeType.BLK;
            default -> null;
        };
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
