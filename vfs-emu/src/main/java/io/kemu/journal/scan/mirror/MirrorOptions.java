package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ScanLimits;

import java.util.Objects;

/**
 * How a mirror applies a journal.
 *
 * @param limits reassembly memory bounds
 * @param applyOwnership apply UID/GID with lchown (needs root; a failure is a warning, not an error)
 * @param allowOutwardSymlinks create symlinks whose target is absolute or climbs out of the mirror
 *     root; off by default, such SYMLINK records are then refused. The mirror itself never follows a
 *     symlink either way
 * @param fsync force written file data, the manifest and the state files to disk after each
 *     transaction (what a target that acknowledges should do)
 */
public record MirrorOptions(ScanLimits limits, boolean applyOwnership, boolean allowOutwardSymlinks, boolean fsync) {
    public static final MirrorOptions DEFAULT = new MirrorOptions(ScanLimits.DEFAULT, true, false, false);

    public MirrorOptions {
        Objects.requireNonNull(limits, "limits");
    }

    public MirrorOptions withLimits(ScanLimits newLimits) {
        return new MirrorOptions(newLimits, applyOwnership, allowOutwardSymlinks, fsync);
    }

    public MirrorOptions withApplyOwnership(boolean value) {
        return new MirrorOptions(limits, value, allowOutwardSymlinks, fsync);
    }

    public MirrorOptions withAllowOutwardSymlinks(boolean value) {
        return new MirrorOptions(limits, applyOwnership, value, fsync);
    }

    public MirrorOptions withFsync(boolean value) {
        return new MirrorOptions(limits, applyOwnership, allowOutwardSymlinks, value);
    }
}
