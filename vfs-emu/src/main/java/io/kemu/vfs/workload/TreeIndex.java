package io.kemu.vfs.workload;

import io.kemu.vfs.Mount;
import io.kemu.vfs.Namecache;
import io.kemu.vfs.VType;
import io.kemu.vfs.VfsResult;
import io.kemu.vfs.Vnode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The names of one emulated mount by kind, for the {@link WorkloadGenerator}: every positive entry
 * and every whiteout below the root, with the vnode it names. Built once by walking the mount, then
 * kept up to date from each applied {@link Step}: the paths an operation names are looked up again
 * ({@code nlookup}) and re-indexed only where the entry changed, with the whole subtree when a
 * directory appeared or went away (a rename of a directory moves its subtree). The cost of one step
 * is therefore {@code O(depth + log n)} plus the size of a moved subtree, never the size of the
 * tree, and the memory is proportional to the tree.
 *
 * <p>One index per mount, shared by every generator working on it (several simulated CPUs issue
 * steps on one mount), found through a weak registry so an unused mount is not kept alive. Changes
 * made to the mount by other means than {@link Step#applyTo} after the index was built are not seen.
 *
 * <p>Random picks are O(1): each kind is an {@link Names} list with swap-remove, whose order is a
 * function of the sequence of steps only, so the same seed gives the same picks. Confined to the
 * thread that runs the mount's steps (the registry itself is synchronized).
 *
 * <p>Invariant (checked by {@link #difference}): the index equals a fresh walk of the mount, as
 * sets per kind, with the same vnode under each path.
 */
final class TreeIndex {
    private static final Map<Mount, TreeIndex> REGISTRY = Collections.synchronizedMap(new WeakHashMap<>());

    /** What one path names: a vnode, or a whiteout ({@code vnode == null}). */
    private record Entry(Vnode vnode, int depth) {
        boolean isDirectory() {
            return vnode != null && vnode.type() == VType.VDIR;
        }
    }

    private final TreeMap<String, Entry> byPath = new TreeMap<>();
    final Names all = new Names();
    final Names dirs = new Names();
    final Names files = new Names();
    final Names filesAndLinks = new Names();
    final Names nonDirs = new Names();
    final Names whiteouts = new Names();
    private long steps;
    private long generatingNanos;
    private long applyingNanos;

    private TreeIndex(Mount mount) {
        addChildren("", 0, mount.filesystem().root());
    }

    /** The mount's index, built by one walk on first use. */
    static TreeIndex of(Mount mount) {
        return REGISTRY.computeIfAbsent(mount, TreeIndex::new);
    }

    /** The mount's timings so far, or {@link WorkloadTimings#NONE} if no generator worked on it. */
    static WorkloadTimings timings(Mount mount) {
        final TreeIndex index = REGISTRY.get(mount);
        return index == null ? WorkloadTimings.NONE
                : new WorkloadTimings(index.steps, index.generatingNanos, index.applyingNanos);
    }

    /** A generator spent {@code nanos} making one step. */
    void generated(long nanos) {
        generatingNanos += nanos;
    }

    /**
     * After {@code op} ran on {@code mount} in {@code nanos}: re-reads the paths it names, if the
     * mount is indexed.
     */
    static void applied(Mount mount, WorkloadOp op, long nanos) {
        final TreeIndex index = REGISTRY.get(mount);
        if (index == null) {
            return;
        }
        index.steps++;
        index.applyingNanos += nanos;
        if (op instanceof WorkloadOp.Rename rename) {
            index.sync(mount, rename.from());
            index.sync(mount, rename.to());
        } else {
            index.sync(mount, pathOf(op));
        }
    }

    /** The one path an operation other than a rename can change (a link's new name). */
    private static String pathOf(WorkloadOp op) {
        if (op instanceof WorkloadOp.Create o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Write o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Fsync o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Putpages o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Setattr o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Setacl o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Setextattr o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Mknod o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Link o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Symlink o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Whiteout o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Remove o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Mkdir o) {
            return o.path();
        } else if (op instanceof WorkloadOp.Rmdir o) {
            return o.path();
        }
        throw new IllegalArgumentException("no path for " + op);
    }

    /** The vnode at {@code path}, or null if the index holds none there (absent or a whiteout). */
    Vnode vnode(String path) {
        final Entry entry = byPath.get(path);
        return entry == null ? null : entry.vnode();
    }

    /** How many directories deep {@code path} is (the root is 0); for an unindexed path, by counting. */
    int depth(String path) {
        final Entry entry = byPath.get(path);
        if (entry != null) {
            return entry.depth();
        }
        int depth = path.isEmpty() ? 0 : 1;
        for (int i = 0; i < path.length(); ++i) {
            depth += path.charAt(i) == '/' ? 1 : 0;
        }
        return depth;
    }

    /**
     * Re-reads {@code path} from the mount. Nothing changes when the same vnode (or whiteout) is
     * still there; otherwise the old entry goes, with its subtree if it was a directory, and the new
     * one comes, with its subtree if it is a directory.
     */
    private void sync(Mount mount, String path) {
        if (path.isEmpty()) {
            return;
        }
        final VfsResult<Namecache> found = mount.lookup(path);
        final Namecache nc = found.isOk() ? found.value() : null;
        final boolean present = nc != null && (nc.isWhiteout() || nc.vnode() != null);
        final Vnode now = present && !nc.isWhiteout() ? nc.vnode() : null;
        final Entry old = byPath.get(path);
        if (old != null && present && old.vnode() == now) {
            return;
        }
        if (old != null) {
            remove(path, old);
        }
        if (present) {
            add(path, depth(path), nc);
        }
    }

    private void add(String path, int depth, Namecache nc) {
        final Entry entry = new Entry(nc.isWhiteout() ? null : nc.vnode(), depth);
        byPath.put(path, entry);
        if (entry.vnode() == null) {
            whiteouts.add(path);
            return;
        }
        all.add(path);
        final VType type = entry.vnode().type();
        if (type == VType.VDIR) {
            dirs.add(path);
            addChildren(path + "/", depth, entry.vnode());
            return;
        }
        nonDirs.add(path);
        if (type == VType.VREG) {
            files.add(path);
            filesAndLinks.add(path);
        } else if (type == VType.VLNK) {
            filesAndLinks.add(path);
        }
    }

    /** Indexes {@code dir}'s entries in name order; {@code prefix} is the directory's path and a slash. */
    private void addChildren(String prefix, int dirDepth, Vnode dir) {
        for (Namecache child : dir.entries().values()) {
            add(prefix + child.name(), dirDepth + 1, child);
        }
    }

    private void remove(String path, Entry entry) {
        byPath.remove(path);
        unlist(path, entry);
        if (entry.isDirectory()) {
            final NavigableMap<String, Entry> below = byPath.subMap(path + "/", true, path + "0", false);
            for (Iterator<Map.Entry<String, Entry>> it = below.entrySet().iterator(); it.hasNext(); ) {
                final Map.Entry<String, Entry> e = it.next();
                unlist(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }

    private void unlist(String path, Entry entry) {
        if (entry.vnode() == null) {
            whiteouts.remove(path);
            return;
        }
        all.remove(path);
        dirs.remove(path);
        files.remove(path);
        filesAndLinks.remove(path);
        nonDirs.remove(path);
    }

    /**
     * Null when this index equals a fresh walk of {@code mount} (same paths per kind, same vnode
     * under each path), else the first difference; for tests.
     */
    String difference(Mount mount) {
        final TreeIndex fresh = new TreeIndex(mount);
        if (!fresh.byPath.keySet().equals(byPath.keySet())) {
            return "paths: index " + byPath.keySet() + " but mount " + fresh.byPath.keySet();
        }
        for (Map.Entry<String, Entry> e : fresh.byPath.entrySet()) {
            if (byPath.get(e.getKey()).vnode() != e.getValue().vnode()
                    || byPath.get(e.getKey()).depth() != e.getValue().depth()) {
                return "entry " + e.getKey() + ": index " + byPath.get(e.getKey()) + " but mount " + e.getValue();
            }
        }
        final Names[] mine = {all, dirs, files, filesAndLinks, nonDirs, whiteouts};
        final Names[] theirs = {fresh.all, fresh.dirs, fresh.files, fresh.filesAndLinks, fresh.nonDirs, fresh.whiteouts};
        for (int i = 0; i < mine.length; ++i) {
            if (!mine[i].positions.keySet().equals(theirs[i].positions.keySet())) {
                return "kind " + i + ": index " + mine[i].positions.keySet() + " but mount " + theirs[i].positions.keySet();
            }
        }
        return null;
    }

    /**
     * A list of distinct paths with O(1) add, remove (the last one moves into the hole) and random
     * access. Invariant: {@code positions.get(list.get(i)) == i} for every i.
     */
    static final class Names {
        private final List<String> list = new ArrayList<>();
        private final Map<String, Integer> positions = new HashMap<>();

        void add(String path) {
            if (positions.putIfAbsent(path, list.size()) == null) {
                list.add(path);
            }
        }

        void remove(String path) {
            final Integer at = positions.remove(path);
            if (at == null) {
                return;
            }
            final String last = list.remove(list.size() - 1);
            if (at < list.size()) {
                list.set(at, last);
                positions.put(last, at);
            }
        }

        boolean contains(String path) {
            return positions.containsKey(path);
        }

        String get(int i) {
            return list.get(i);
        }

        int size() {
            return list.size();
        }

        boolean isEmpty() {
            return list.isEmpty();
        }
    }
}
