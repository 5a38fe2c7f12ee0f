package io.kemu.vfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * One name-cache entry ({@code struct namecache}): a name inside a parent directory, pointing at a
 * vnode (positive), at nothing (negative), or marking a whiteout. kemu's name cache is the
 * directory structure itself and is always fully resolved: every directory entry is a resolved
 * namecache entry, and a vnode's {@link Vnode#names()} lists the entries that name it.
 *
 * <p>Parents are directory <em>vnodes</em>; a directory's own path is found through its single name
 * (directories have no hard links). So a namecache entry keeps its name and parent after it has
 * been unlinked or renamed away, and the journal can still write the path it had, as
 * {@code jrecord_write_path()} does with the entries handed to the VOPs after they ran.
 *
 * <p>Invariants: the root entry has an empty name and no parent; every other entry has a name of 1
 * to {@link #NAME_MAX} bytes without '/' or NUL; a whiteout entry is negative; a linked entry is
 * its parent directory's entry for that name.
 */
public final class Namecache {
    /** {@code NAME_MAX}: the longest name of one path component, in bytes. */
    public static final int NAME_MAX = 255;

    private final String name;
    private final Vnode parentDir;
    private Vnode vnode;
    private boolean whiteout;
    private boolean linked;

    Namecache(String name, Vnode parentDir) {
        this.name = Objects.requireNonNull(name, "name");
        this.parentDir = parentDir;
        assert (parentDir == null) == name.isEmpty() : "only the root has an empty name";
    }

    public String name() {
        return name;
    }

    /** The directory holding this name; null for the mount root. */
    public Vnode parentDir() {
        return parentDir;
    }

    /** The vnode this name resolves to, or null for a negative (or whiteout) entry. */
    public Vnode vnode() {
        return vnode;
    }

    public boolean isNegative() {
        return vnode == null;
    }

    public boolean isWhiteout() {
        return whiteout;
    }

    /** Whether this entry is currently in its parent directory. */
    public boolean isLinked() {
        return linked;
    }

    void resolve(Vnode vp) {
        this.vnode = vp;
        this.whiteout = false;
    }

    void makeNegative() {
        this.vnode = null;
        this.whiteout = false;
    }

    void makeWhiteout() {
        this.vnode = null;
        this.whiteout = true;
    }

    void linked(boolean value) {
        this.linked = value;
    }

    /**
     * The path from the mount root to this name, '/'-separated with no leading '/': the text
     * {@code jrecord_write_path()} builds by walking {@code nc_parent} up to the mount root. The root
     * itself is the empty string. A directory that has lost its name ends the walk, as the kernel's
     * walk ends where the parent chain does.
     */
    public String path() {
        final Deque<String> parts = new ArrayDeque<>();
        if (!name.isEmpty()) {
            parts.push(name);
        }
        Vnode dir = parentDir;
        while (dir != null && !dir.names().isEmpty()) {
            final Namecache dirName = dir.names().get(0);
            if (dirName.name.isEmpty()) {
                break;
            }
            parts.push(dirName.name);
            dir = dirName.parentDir;
        }
        return String.join("/", parts);
    }

    /**
     * The bytes of a PATH leaf for this entry: {@link #path()} in UTF-8 followed by a NUL, or no
     * bytes at all for the mount root (where {@code jrecord_write_path()} finds no component).
     */
    public byte[] pathBytes() {
        final String path = path();
        if (path.isEmpty()) {
            return new byte[0];
        }
        final byte[] text = path.getBytes(StandardCharsets.UTF_8);
        final byte[] leaf = new byte[text.length + 1];
        System.arraycopy(text, 0, leaf, 0, text.length);
        return leaf;
    }

    @Override
    public String toString() {
        return "Namecache[" + path() + (whiteout ? ", whiteout" : vnode == null ? ", negative" : "") + "]";
    }
}
