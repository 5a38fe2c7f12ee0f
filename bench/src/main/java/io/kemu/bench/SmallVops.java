package io.kemu.bench;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Vattr;
import io.kemu.vfs.workload.Step;
import io.kemu.vfs.workload.WorkloadOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed, explicit workload of small journaled VOPs, so that every side of a comparison does the
 * same work: {@link #FILES} files are created once ({@link #setup()}), then each step is either a
 * 16-byte write inside the first 4 KiB of one of them or a chmod of one of them. Steps can be
 * replayed forever: writes stay inside the files' first page and the modes alternate, so the tree
 * neither grows nor changes shape and every step succeeds.
 */
final class SmallVops {
    static final int FILES = 4;
    static final int WRITE_BYTES = 16;
    private static final Cred CRED = Cred.root(4242, "kemu-bench");

    private SmallVops() {
    }

    static String path(int file) {
        return "bench-" + file;
    }

    /** Creates the files the steps work on. */
    static List<Step> setup() {
        final List<Step> steps = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            steps.add(new Step(new WorkloadOp.Create(path(f), 0644), CRED));
        }
        return steps;
    }

    /** {@code count} steps: three 16-byte writes for every chmod, cycling over the files. */
    static List<Step> steps(int count) {
        final List<Step> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 4 == 3) {
                final String path = path((i / 4) % FILES);
                final int mode = (i / 4) % 2 == 0 ? 0600 : 0644;
                steps.add(new Step(new WorkloadOp.Setattr(path, Vattr.NULL.withMode(mode)), CRED));
            } else {
                final byte[] data = new byte[WRITE_BYTES];
                for (int b = 0; b < data.length; b++) {
                    data[b] = (byte) (i + b);
                }
                final long offset = (long) (i * WRITE_BYTES) % 4096;
                steps.add(new Step(new WorkloadOp.Write(path(i % FILES), offset, false, List.of(data)), CRED));
            }
        }
        return List.copyOf(steps);
    }

    /** {@code steps} cut into consecutive batches of {@code size} (the last may be shorter). */
    static List<List<Step>> batches(List<Step> steps, int size) {
        final List<List<Step>> batches = new ArrayList<>();
        for (int from = 0; from < steps.size(); from += size) {
            batches.add(steps.subList(from, Math.min(steps.size(), from + size)));
        }
        return List.copyOf(batches);
    }
}
