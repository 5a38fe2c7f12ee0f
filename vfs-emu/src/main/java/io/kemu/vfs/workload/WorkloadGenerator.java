package io.kemu.vfs.workload;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.Pages;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VType;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.Vnode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded, deterministic generator of filesystem operations on an emulated {@link Mount}: the same
 * seed, options and starting tree give the same sequence of steps (with several generators on one
 * mount, the same as long as their steps interleave the same way). The tree is read from the
 * mount's {@link TreeIndex}, which every {@link Step#applyTo} keeps up to date, so a step costs the
 * same at any tree size and run length. Each step looks at the current
 * tree and mostly picks operations that make sense there (writes to existing files, renames of
 * existing names) while names drawn from a small pool make collisions, and a few steps deliberately
 * miss, so that typed failures before and inside the VOPs occur too.
 *
 * <p>Every VOP type is exercised. With {@code portable} only what DragonFly's jscan mirror can
 * replay is generated ({@link OpKind#PORTABLE}), restricted further so that a jscan-style mirror
 * reproduces the final tree: regular files and directories keep owner read/write (and search)
 * permission, setattr is only chmod or truncate and never on a symlink, hard links are only made to
 * regular files, and everything runs as root.
 *
 * <p>With {@code undoable} only what a reversible journal can undo exactly is generated: a mirror
 * undone to any earlier transid then equals the tree as it was. That leaves out what the kernel's
 * UNDO sections cannot restore (SPEC 1.2, 1.3, 5.17): hard links (a removed or replaced name of a
 * linked file comes back as a separate file, the journal does not say which names shared it),
 * putpages (its UNDO saves only {@code btoc(count)} bytes), extended attributes (no old value is
 * journaled, and a removed file's are not either), whiteouts (a name created over a whiteout does
 * not get it back when undone) and truncation to a smaller size (a SETATTR UNDO holds no data).
 *
 * <p>In every mode a symlink's target is relative and, read from the link's directory when it is
 * made, stays inside the mount (a mirror refuses anything else).
 */
public final class WorkloadGenerator {
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "p"};
    /** What a symlink points at below the directory its {@code ../} prefix climbs to. */
    private static final String[] TARGET_TAILS = {"a", "b/c", "x/y/z", "f", "d", "b/../a", "e"};
    private static final int[] PORTABLE_FILE_MODES = {0644, 0600, 0664, 0640, 0666, 0755};
    private static final int[] PORTABLE_DIR_MODES = {0755, 0700, 0775, 0750, 0777};
    private static final int MAX_DEPTH = 4;
    /** Operations whose UNDO sections cannot restore the old state (see class comment). */
    private static final Set<OpKind> NOT_EXACTLY_UNDOABLE =
            EnumSet.of(OpKind.LINK, OpKind.PUTPAGES, OpKind.SETEXTATTR, OpKind.WHITEOUT);

    private final SplittableRandom random;
    private final boolean portable;
    private final boolean undoable;
    private final int maxWriteBytes;
    private final int maxFileBytes;
    private final Map<OpKind, Integer> weights = new EnumMap<>(OpKind.class);
    private final int totalWeight;

    /**
     * @param seed the whole sequence is a function of it
     * @param portable restrict to what jscan can mirror (see class comment)
     * @param undoable restrict to what a reversible journal undoes exactly (see class comment)
     * @param maxWriteBytes most bytes one write carries
     * @param maxFileBytes files are not written or truncated beyond this size
     */
    public WorkloadGenerator(long seed, boolean portable, boolean undoable, int maxWriteBytes, int maxFileBytes) {
        if (maxWriteBytes < 1 || maxFileBytes < maxWriteBytes) {
            throw new IllegalArgumentException("need 1 <= maxWriteBytes <= maxFileBytes");
        }
        this.random = new SplittableRandom(seed);
        this.portable = portable;
        this.undoable = undoable;
        this.maxWriteBytes = maxWriteBytes;
        this.maxFileBytes = maxFileBytes;
        weight(OpKind.CREATE, 14);
        weight(OpKind.WRITE, 18);
        weight(OpKind.MKDIR, 8);
        weight(OpKind.RMDIR, 4);
        weight(OpKind.REMOVE, 7);
        weight(OpKind.RENAME, 8);
        weight(OpKind.LINK, 5);
        weight(OpKind.SYMLINK, 5);
        weight(OpKind.SETATTR, 10);
        weight(OpKind.FSYNC, 2);
        weight(OpKind.PUTPAGES, 4);
        weight(OpKind.SETACL, 2);
        weight(OpKind.SETEXTATTR, 3);
        weight(OpKind.MKNOD, 4);
        weight(OpKind.WHITEOUT, 3);
        this.totalWeight = weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Not restricted to what undoes exactly; the other parameters as in the full constructor. */
    public WorkloadGenerator(long seed, boolean portable, int maxWriteBytes, int maxFileBytes) {
        this(seed, portable, false, maxWriteBytes, maxFileBytes);
    }

    /** Writes up to 8 KiB, files up to 128 KiB. */
    public WorkloadGenerator(long seed, boolean portable) {
        this(seed, portable, false);
    }

    /** Writes up to 8 KiB, files up to 128 KiB; {@code undoable} as in the full constructor. */
    public WorkloadGenerator(long seed, boolean portable, boolean undoable) {
        this(seed, portable, undoable, 8 << 10, 128 << 10);
    }

    private void weight(OpKind kind, int w) {
        if ((!portable || kind.isPortable()) && !(undoable && NOT_EXACTLY_UNDOABLE.contains(kind))) {
            weights.put(kind, w);
        }
    }

    /**
     * The next step for the mount's current tree. The tree is read from the mount's
     * {@link TreeIndex}, which follows every step applied with {@link Step#applyTo}, so a step costs
     * the same whatever the size of the tree or the length of the run.
     */
    public Step next(Mount mount) {
        final long start = System.nanoTime();
        final TreeIndex tree = TreeIndex.of(mount);
        final OpKind kind = pickKind();
        final Step step = new Step(operation(kind, tree), pickCred());
        tree.generated(System.nanoTime() - start);
        return step;
    }

    /** Where the steps on {@code mount} spent their time so far (all its generators together). */
    public static WorkloadTimings timings(Mount mount) {
        return TreeIndex.timings(mount);
    }

    /** Generates and applies {@code ops} steps, returning what happened. */
    public WorkloadReport run(Mount mount, int ops) {
        final WorkloadReport report = new WorkloadReport();
        for (int i = 0; i < ops; ++i) {
            final Step step = next(mount);
            report.record(step.op().kind(), step.applyTo(mount));
        }
        return report;
    }

    private OpKind pickKind() {
        int r = random.nextInt(totalWeight);
        for (Map.Entry<OpKind, Integer> e : weights.entrySet()) {
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    private Cred pickCred() {
        if (!portable && random.nextInt(10) == 0) {
            return new Cred(1000, 1000, 2000 + random.nextInt(100), "user-wl");
        }
        return Cred.root(1000 + random.nextInt(100), "kemu-wl");
    }

    private WorkloadOp operation(OpKind kind, TreeIndex tree) {
        return switch (kind) {
            case CREATE -> new WorkloadOp.Create(newPath(tree), fileMode());
            case WRITE -> write(tree);
            case MKDIR -> new WorkloadOp.Mkdir(newPath(tree), dirMode());
            case RMDIR -> new WorkloadOp.Rmdir(pickPath(tree.dirs, tree));
            case REMOVE -> new WorkloadOp.Remove(pickPath(portable ? tree.filesAndLinks : tree.nonDirs, tree));
            case RENAME -> rename(tree);
            case LINK -> new WorkloadOp.Link(pickPath(portable ? tree.files : tree.nonDirs, tree), newPath(tree));
            case SYMLINK -> symlink(tree);
            case SETATTR -> setattr(tree);
            case FSYNC -> new WorkloadOp.Fsync(pickPath(tree.all, tree));
            case PUTPAGES -> putpages(tree);
            case SETACL -> new WorkloadOp.Setacl(pickPath(tree.all, tree), bytes(random.nextInt(24)));
            case SETEXTATTR -> new WorkloadOp.Setextattr(pickPath(tree.all, tree),
                    "user." + NAMES[random.nextInt(4)], bytes(random.nextInt(48)));
            case MKNOD -> mknod(tree);
            case WHITEOUT -> random.nextInt(3) == 0 && !tree.whiteouts.isEmpty()
                    ? new WorkloadOp.Whiteout(tree.whiteouts.get(random.nextInt(tree.whiteouts.size())), false)
                    : new WorkloadOp.Whiteout(newPath(tree), true);
        };
    }

    private WorkloadOp write(TreeIndex tree) {
        final String path = pickPath(tree.files, tree);
        final long size = sizeOf(tree, path);
        final int length = random.nextInt(8) == 0 ? random.nextInt(maxWriteBytes + 1) : random.nextInt(Math.min(512, maxWriteBytes) + 1);
        final List<byte[]> iovecs = new ArrayList<>();
        int left = length;
        final int pieces = 1 + random.nextInt(3);
        for (int i = 0; i < pieces; ++i) {
            final int n = i == pieces - 1 ? left : random.nextInt(left + 1);
            iovecs.add(bytes(n));
            left -= n;
        }
        if (random.nextInt(5) == 0 && size + length <= maxFileBytes) {
            return new WorkloadOp.Write(path, 0, true, iovecs);
        }
        final long maxOffset = Math.max(0, Math.min(size + 1024, maxFileBytes - length));
        return new WorkloadOp.Write(path, random.nextLong(maxOffset + 1), false, iovecs);
    }

    /**
     * A symlink at a new path whose relative target never climbs above the mount root when read
     * from the link's directory: it starts with at most as many {@code ../} as that directory is
     * deep (none at the root), so every target a journal mirror is willing to create. When undoable,
     * it never climbs above the link's own directory: a rename can move a link closer to the root,
     * and undoing the link's removal there must recreate it, which a mirror refuses for a target
     * that would then lead out of the root.
     */
    private WorkloadOp symlink(TreeIndex tree) {
        final String path = newPath(tree);
        final int slash = path.lastIndexOf('/');
        final int linkDirDepth = slash < 0 || undoable ? 0 : tree.depth(path.substring(0, slash));
        final String up = "../".repeat(random.nextInt(linkDirDepth + 1));
        return new WorkloadOp.Symlink(up + TARGET_TAILS[random.nextInt(TARGET_TAILS.length)], path);
    }

    private WorkloadOp rename(TreeIndex tree) {
        final String from = pickPath(tree.all, tree);
        final int choice = random.nextInt(4);
        final String to;
        if (choice == 0 && !tree.all.isEmpty()) {
            to = tree.all.get(random.nextInt(tree.all.size()));
        } else {
            to = newPath(tree);
        }
        return new WorkloadOp.Rename(from, to);
    }

    private WorkloadOp setattr(TreeIndex tree) {
        if (portable) {
            if (random.nextBoolean() && !tree.files.isEmpty()) {
                final String path = pickPath(tree.files, tree);
                return random.nextBoolean()
                        ? new WorkloadOp.Setattr(path, Vattr.NULL.withSize(newSize(tree, path)))
                        : new WorkloadOp.Setattr(path, Vattr.NULL.withMode(fileMode()));
            }
            return new WorkloadOp.Setattr(pickPath(tree.dirs, tree), Vattr.NULL.withMode(dirMode()));
        }
        final String path = pickPath(tree.all, tree);
        return switch (random.nextInt(5)) {
            case 0 -> new WorkloadOp.Setattr(path, Vattr.NULL.withMode(random.nextInt(010000)));
            case 1 -> new WorkloadOp.Setattr(path, Vattr.NULL.withOwner(
                    random.nextBoolean() ? 1000 : Vattr.VNOVAL, random.nextBoolean() ? 1000 : 0));
            case 2 -> new WorkloadOp.Setattr(path, Vattr.NULL.withSize(newSize(tree, path)));
            case 3 -> new WorkloadOp.Setattr(path, Vattr.NULL.withTimes(
                    new Timespec(1_000_000 + random.nextInt(1000), random.nextInt(1_000_000_000)),
                    new Timespec(2_000_000 + random.nextInt(1000), 0)));
            default -> new WorkloadOp.Setattr(path, Vattr.NULL.withFlags(random.nextBoolean() ? 0 : 0x1));
        };
    }

    /** A size to truncate {@code path} to: any up to a quarter of the limit, never smaller when undoable. */
    private long newSize(TreeIndex tree, String path) {
        final int size = random.nextInt(maxFileBytes / 4 + 1);
        return undoable ? Math.max(size, sizeOf(tree, path)) : size;
    }

    /**
     * A putpages of up to three pages. The pages model the file's pages in a coherent page cache:
     * the first {@code count} bytes are the dirty data being flushed, clipped at end of file (a page
     * cache holds no dirty data past it), the rest of the last page holds what the file holds there,
     * and every byte past end of file is zero. The kernel journals whole pages, so only such pages
     * make the journal agree with the file, as it does on a real system. {@code count} itself may
     * reach past end of file: those pages are the ones {@code vnode_pager_generic_putpages()}
     * refuses.
     */
    private WorkloadOp putpages(TreeIndex tree) {
        final String path = pickPath(tree.files, tree);
        final long size = sizeOf(tree, path);
        final long pageCount = Pages.pageCount(size) + 1;
        final long offset = random.nextLong(pageCount) * Pages.PAGE_SIZE;
        final int pages = random.nextInt(4);
        final int count = pages == 0 ? 0 : pages * Pages.PAGE_SIZE - random.nextInt(Pages.PAGE_SIZE);
        final byte[] data = new byte[Pages.pageCount(count) * Pages.PAGE_SIZE];
        final int dirty = (int) Math.max(0, Math.min(count, size - offset));
        System.arraycopy(bytes(count), 0, data, 0, dirty);
        final Vnode vp = tree.vnode(path);
        if (vp != null && vp.type() == VType.VREG) {
            final byte[] cached = vp.read(offset + dirty, data.length - dirty);
            System.arraycopy(cached, 0, data, dirty, cached.length);
        }
        return new WorkloadOp.Putpages(path, new Pages(offset, count, data));
    }

    private WorkloadOp mknod(TreeIndex tree) {
        final VType type = switch (random.nextInt(4)) {
            case 0 -> VType.VCHR;
            case 1 -> VType.VBLK;
            case 2 -> VType.VFIFO;
            default -> VType.VSOCK;
        };
        return new WorkloadOp.Mknod(newPath(tree), type, 0600 | random.nextInt(0100), random.nextInt(256),
                random.nextInt(256));
    }

    private int fileMode() {
        return portable ? PORTABLE_FILE_MODES[random.nextInt(PORTABLE_FILE_MODES.length)] : random.nextInt(01000);
    }

    private int dirMode() {
        return portable ? PORTABLE_DIR_MODES[random.nextInt(PORTABLE_DIR_MODES.length)] : 0700 | random.nextInt(0100);
    }

    /**
     * A name in a random directory (one in twenty in a directory that does not exist, {@code nodir},
     * which no step creates: no name in {@link #NAMES} is {@code nodir}).
     */
    private String newPath(TreeIndex tree) {
        final String name = NAMES[random.nextInt(NAMES.length)];
        if (random.nextInt(20) == 0) {
            return missingDirectory(name);
        }
        final int pick = random.nextInt(tree.dirs.size() + 1);
        final String dir = pick == 0 ? "" : tree.dirs.get(pick - 1);
        if (dir.isEmpty() || tree.depth(dir) >= MAX_DEPTH) {
            return name;
        }
        return dir + "/" + name;
    }

    private static String missingDirectory(String name) {
        return "nodir/" + name;
    }

    /**
     * An existing path from {@code candidates}, or now and then (or when there is none) a fresh one.
     * The fresh name may exist already; when portable, one that exists but is not among the
     * candidates (a symlink for a chmod, a directory for a hard link) becomes a name in the missing
     * directory instead, so the step fails as a miss rather than reaching an object that the portable
     * mode promises to leave alone.
     */
    private String pickPath(TreeIndex.Names candidates, TreeIndex tree) {
        if (candidates.isEmpty() || random.nextInt(25) == 0) {
            final String fresh = newPath(tree);
            if (portable && tree.vnode(fresh) != null && !candidates.contains(fresh)) {
                return missingDirectory(fresh.substring(fresh.lastIndexOf('/') + 1));
            }
            return fresh;
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    private static long sizeOf(TreeIndex tree, String path) {
        final Vnode vp = tree.vnode(path);
        return vp != null && vp.type() == VType.VREG ? vp.size() : 0;
    }

    private byte[] bytes(int n) {
        final byte[] out = new byte[n];
        final int seed = random.nextInt();
        for (int i = 0; i < n; ++i) {
            out[i] = (byte) (seed + i * 31 + (i >>> 5));
        }
        return out;
    }
}
