package io.kemu.vfs.workload;

import io.kemu.vfs.Errno;
import io.kemu.vfs.VfsResult;
import java.util.EnumMap;
import java.util.Map;

/** What a workload run did: per operation kind, how many ran, succeeded, and failed with each errno. */
public final class WorkloadReport {
    private final EnumMap<OpKind, Integer> attempts = new EnumMap<>(OpKind.class);
    private final EnumMap<OpKind, Integer> successes = new EnumMap<>(OpKind.class);
    private final EnumMap<Errno, Integer> failures = new EnumMap<>(Errno.class);

    void record(OpKind kind, VfsResult<?> result) {
        attempts.merge(kind, 1, Integer::sum);
        if (result.isOk()) {
            successes.merge(kind, 1, Integer::sum);
        } else {
            failures.merge(result.errno(), 1, Integer::sum);
        }
    }

    public int attempts(OpKind kind) {
        return attempts.getOrDefault(kind, 0);
    }

    public int successes(OpKind kind) {
        return successes.getOrDefault(kind, 0);
    }

    public int total() {
        return attempts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int totalSuccesses() {
        return successes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Failures by errno, in errno order. */
    public Map<Errno, Integer> failures() {
        return new EnumMap<>(failures);
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder();
        sb.append(total()).append(" ops, ").append(totalSuccesses()).append(" succeeded");
        attempts.forEach((kind, n) -> sb.append("; ").append(kind.name().toLowerCase()).append(' ')
                .append(successes(kind)).append('/').append(n));
        if (!failures.isEmpty()) {
            sb.append("; errors");
            failures.forEach((errno, n) -> sb.append(' ').append(errno).append('=').append(n));
        }
        return sb.toString();
    }
}
