package io.kemu.journal.scan.op;

import io.kemu.journal.scan.subrecord.Timespec;
import io.kemu.journal.wire.RecordType;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The attribute leaves of one section (a VATTR container's fields, or loose attribute leaves), keyed
 * by leaf type. Every field is optional (the kernel omits VNOVAL fields) and order-independent: UNDO
 * and REDO write them in different orders (SPEC section 1.2). When a field occurs twice, the first
 * value wins.
 */
public final class Vattr {
    private final Map<Integer, Long> integers = new TreeMap<>();
    private final Map<Integer, Timespec> times = new TreeMap<>();

    void putInteger(int leafType, long value) {
        integers.putIfAbsent(leafType, value);
    }

    void putTime(int leafType, Timespec value) {
        times.putIfAbsent(leafType, value);
    }

    /** The integer leaf of {@code leafType} (VTYPE, MODES, UID, SIZE, FLAGS, UDEV, ...). */
    public OptionalLong get(int leafType) {
        Long v = integers.get(leafType);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The time leaf of {@code leafType} (ATIME, MTIME, CTIME). */
    public Optional<Timespec> time(int leafType) {
        return Optional.ofNullable(times.get(leafType));
    }

    public OptionalLong vtype() {
        return get(RecordType.VTYPE);
    }

    public OptionalLong modes() {
        return get(RecordType.MODES);
    }

    public OptionalLong uid() {
        return get(RecordType.UID);
    }

    public OptionalLong gid() {
        return get(RecordType.GID);
    }

    public OptionalLong size() {
        return get(RecordType.SIZE);
    }

    /** FLAGS (the va_flags the kernel journals); FFLAGS is never emitted. */
    public OptionalLong flags() {
        return get(RecordType.FLAGS);
    }

    public boolean isEmpty() {
        return integers.isEmpty() && times.isEmpty();
    }
}
