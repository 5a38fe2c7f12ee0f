package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ScanLimits;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a mirror applies a journal.
 *
 * @param limits reassembly memory bounds
 * @param applyOwnership apply UID/GID with lchown (needs root; a failure is a warning, not an error)
 * @param allowOutwardSymlinks create symlinks that could lead out of the mirror root (an absolute
 *     target, too many leading {@code ..}, or a {@code ..} after a name); off by default: such SYMLINK
 *     records, and renames or hard links that would put a symlink where it leads out, are refused
 *     (see {@link MirrorTree}). The mirror itself never follows a symlink either way
 * @param fsync force written file data, the manifest and the state files to disk after each
 *     transaction (what a target that acknowledges should do)
 * @param stateDirectory where the mirror's restart state ({@link MirrorState}) lives; null for the
 *     default, the sibling {@code <parent>/.<rootname>.kemu-state/} of the mirror root (see {@link
 *     MirrorState#defaultDirectory(Path)}). It must not lie inside the mirror root
 */
public record MirrorOptions(ScanLimits limits, boolean applyOwnership, boolean allowOutwardSymlinks, boolean fsync,
        Path stateDirectory) {
    public static final MirrorOptions DEFAULT = new MirrorOptions(ScanLimits.DEFAULT, true, false, false, null);

    /**
     * A mirror that must equal the tree it came from, outward symlinks included: what kemu's own
     * checks use (simulate, the tests), since a generated tree holds relative symlinks that lead out
     * of the root once a rename moves them closer to it. Only for kemu's own directories: kemu never
     * follows a symlink, but whoever uses the mirror might.
     */
    public static final MirrorOptions FAITHFUL = DEFAULT.withAllowOutwardSymlinks(true);

    public MirrorOptions {
        Objects.requireNonNull(limits, "limits");
    }

    public MirrorOptions withLimits(ScanLimits newLimits) {
        return new MirrorOptions(newLimits, applyOwnership, allowOutwardSymlinks, fsync, stateDirectory);
    }

    public MirrorOptions withApplyOwnership(boolean value) {
        return new MirrorOptions(limits, value, allowOutwardSymlinks, fsync, stateDirectory);
    }

    public MirrorOptions withAllowOutwardSymlinks(boolean value) {
        return new MirrorOptions(limits, applyOwnership, value, fsync, stateDirectory);
    }

    public MirrorOptions withFsync(boolean value) {
        return new MirrorOptions(limits, applyOwnership, allowOutwardSymlinks, value, stateDirectory);
    }

    /** The same options with the restart state kept in {@code dir} (null: the default location). */
    public MirrorOptions withStateDirectory(Path dir) {
        return new MirrorOptions(limits, applyOwnership, allowOutwardSymlinks, fsync, dir);
    }
}
