package io.kemu.vfs.workload;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;

/** One generated step: an operation and the credentials it runs with. */
public record Step(WorkloadOp op, Cred cred) {
    /** Runs the operation; the mount's {@link TreeIndex}, if a generator built one, follows the change. */
    public VfsResult<?> applyTo(Mount mount) {
        final long start = System.nanoTime();
        try {
            return op.applyTo(mount, cred);
        } finally {
            TreeIndex.applied(mount, op, System.nanoTime() - start);
        }
    }
}
