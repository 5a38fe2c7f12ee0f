package io.kemu.bench;

import io.kemu.vfs.Cred;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The bandwidth workload: {@value #WRITE_BYTES}-byte writes at offset 0 of one existing file, each
 * its own batch. The payload is a fixed pattern; the peers (a socket, a file channel) send exactly
 * {@link #payload()}'s bytes per operation.
 */
final class BigWrites {
    static final int WRITE_BYTES = 1 << 20;
    static final String PATH = "bandwidth";
    private static final Cred CRED = Cred.root(4343, "kemu-bench");

    private BigWrites() {
    }

    static byte[] payload() {
        final byte[] data = new byte[WRITE_BYTES];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >>> 12));
        }
        return data;
    }

    static List<Step> setup() {
        return List.of(new Step(new WorkloadOp.Create(PATH, 0644), CRED));
    }

    /** {@code count} batches of one 1 MiB write each (the same payload object, not copied). */
    static List<List<Step>> batches(int count, byte[] payload) {
        final List<List<Step>> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batches.add(List.of(new Step(new WorkloadOp.Write(PATH, 0, false, List.of(payload)), CRED)));
        }
        return List.copyOf(batches);
    }
}
