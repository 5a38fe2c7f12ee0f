package io.kemu.vfs.workload;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Mount;
import io.kemu.vfs.VfsResult;

/** One generated step: an operation and the credentials it runs with. */
public record Step(WorkloadOp op, Cred cred) {
    public VfsResult<?> applyTo(Mount mount) {
        return op.applyTo(mount, cred);
    }
}
