package io.kemu.cli.bench;

/**
 * One run of the seeded simulate workload along one path: operations, seconds spent issuing them,
 * seconds end to end (drain and verification included), process CPU time (-1 if unknown), and
 * whether it verified ({@code problem}: the first reason it did not, else empty).
 */
public record PathRun(String path, String description, long ops, double seconds, double endToEndSeconds, long cpuNanos,
        boolean verified, String problem) {

    public double opsPerSecond() {
        return seconds > 0 ? ops / seconds : 0;
    }
}
