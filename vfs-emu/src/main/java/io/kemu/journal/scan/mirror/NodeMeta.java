package io.kemu.journal.scan.mirror;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The non-native metadata of one path in a mirror (one line of {@link NodeManifest}). All fields are
 * optional; an entry with none of them is not stored.
 */
public final class NodeMeta {
    private NodeType type;
    private Long rdev;
    private Long major;
    private Long minor;
    private int mode;
    private long flags;
    private final SortedMap<String, byte[]> xattrs = new TreeMap<>();

    public NodeMeta copy() {
        NodeMeta m = new NodeMeta();
        m.type = type;
        m.rdev = rdev;
        m.major = major;
        m.minor = minor;
        m.mode = mode;
        m.flags = flags;
        xattrs.forEach((k, v) -> m.xattrs.put(k, v.clone()));
        return m;
    }

    /** The special node type, or null for a regular file, directory or symlink. */
    public NodeType type() {
        return type;
    }

    public NodeMeta type(NodeType t) {
        this.type = t;
        return this;
    }

    /** UDEV (a device's dev_t), or null. */
    public Long rdev() {
        return rdev;
    }

    public Long major() {
        return major;
    }

    public Long minor() {
        return minor;
    }

    public NodeMeta device(Long newRdev, Long newMajor, Long newMinor) {
        this.rdev = newRdev;
        this.major = newMajor;
        this.minor = newMinor;
        return this;
    }

    /**
     * The full mode ({@code & 07777}) of a node with setuid, setgid or sticky bits, which the mirror
     * never sets on disk; 0 for every other node (its permission bits are native).
     */
    public int mode() {
        return mode;
    }

    /** Records {@code newMode}: kept only when it has one of the bits 07000, else cleared. */
    public NodeMeta mode(int newMode) {
        this.mode = (newMode & 07000) != 0 ? newMode & 07777 : 0;
        return this;
    }

    /** The file flags (chflags), 0 for none. */
    public long flags() {
        return flags;
    }

    public NodeMeta flags(long newFlags) {
        this.flags = newFlags;
        return this;
    }

    /** Extended attributes by name, sorted. */
    public SortedMap<String, byte[]> xattrs() {
        return Collections.unmodifiableSortedMap(xattrs);
    }

    public NodeMeta xattr(String name, byte[] value) {
        xattrs.put(Objects.requireNonNull(name), value.clone());
        return this;
    }

    /** True when nothing would be written for this node. */
    public boolean isEmpty() {
        return type == null && rdev == null && major == null && minor == null && mode == 0 && flags == 0
                && xattrs.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NodeMeta m)) {
            return false;
        }
        if (m.xattrs.size() != xattrs.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : xattrs.entrySet()) {
            if (!Arrays.equals(e.getValue(), m.xattrs.get(e.getKey()))) {
                return false;
            }
        }
        return type == m.type && Objects.equals(rdev, m.rdev) && Objects.equals(major, m.major)
                && Objects.equals(minor, m.minor) && mode == m.mode && flags == m.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, rdev, major, minor, mode, flags, xattrs.keySet());
    }
}
