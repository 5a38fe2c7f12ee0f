package io.kemu.vfs.workload;

import io.kemu.vfs.Mount;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vnode;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A test-side checker of the emulated filesystem's invariants, written against the public read API
 * only (independent of MemFilesystem's own checker): parent/child consistency of every entry, link
 * counts, the name lists of vnodes, paths that resolve back to their entries, and sizes.
 */
final class FilesystemInvariants {
    private final Mount mount;
    private final Map<Vnode, Integer> names = new IdentityHashMap<>();
    private long fileBytes;

    private FilesystemInvariants(Mount mount) {
        this.mount = mount;
    }

    /** Returns null when every invariant holds, else a description of the first violation. */
    static String check(Mount mount) {
        final FilesystemInvariants checker = new FilesystemInvariants(mount);
        final Vnode root = mount.filesystem().root();
        checker.names.put(root, 1);
        final String walk = checker.walk(root, "");
        return walk != null ? walk : checker.totals();
    }

    private String walk(Vnode dir, String dirPath) {
        long subdirs = 0;
        for (Map.Entry<String, Namecache> e : dir.entries().entrySet()) {
            final Namecache nc = e.getValue();
            final String path = dirPath.isEmpty() ? e.getKey() : dirPath + "/" + e.getKey();
            if (!nc.name().equals(e.getKey()) || nc.parentDir() != dir || !nc.isLinked()) {
                return path + ": entry does not point back to its directory";
            }
            if (!nc.path().equals(path)) {
                return path + ": namecache path is " + nc.path();
            }
            if (mount.lookup(path).value() != nc) {
                return path + ": lookup does not return the entry";
            }
            if (nc.isWhiteout()) {
                if (nc.vnode() != null) {
                    return path + ": whiteout with a vnode";
                }
                continue;
            }
            final Vnode vp = nc.vnode();
            if (vp == null || !vp.names().contains(nc)) {
                return path + ": entry missing from its vnode's names";
            }
            final int seen = names.merge(vp, 1, Integer::sum);
            if (vp.type() == VType.VDIR) {
                ++subdirs;
                if (seen > 1 || vp.names().size() != 1) {
                    return path + ": directory with more than one name";
                }
                final String sub = walk(vp, path);
                if (sub != null) {
                    return sub;
                }
            } else if (vp.type() == VType.VREG && seen == 1) {
                if (vp.contents().length != vp.size() || vp.size() > mount.filesystem().limits().maxFileSize()) {
                    return path + ": size " + vp.size() + " with " + vp.contents().length + " bytes";
                }
                fileBytes += vp.size();
            }
        }
        if (dir.nlink() != 2 + subdirs) {
            return (dirPath.isEmpty() ? "root" : dirPath) + ": directory nlink " + dir.nlink() + " with " + subdirs
                    + " subdirectories";
        }
        return null;
    }

    private String totals() {
        for (Map.Entry<Vnode, Integer> e : names.entrySet()) {
            final Vnode vp = e.getKey();
            if (vp.names().size() != e.getValue()) {
                return vp + ": " + vp.names().size() + " names listed, " + e.getValue() + " found";
            }
            if (vp.type() != VType.VDIR && vp.nlink() != e.getValue()) {
                return vp + ": nlink " + vp.nlink() + " with " + e.getValue() + " names";
            }
        }
        if (names.size() != mount.filesystem().inodes()) {
            return "reachable vnodes " + names.size() + " but inodes " + mount.filesystem().inodes();
        }
        if (fileBytes != mount.filesystem().totalBytes()) {
            return "file bytes " + fileBytes + " but accounted " + mount.filesystem().totalBytes();
        }
        return null;
    }
}
