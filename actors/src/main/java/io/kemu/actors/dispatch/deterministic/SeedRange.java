package io.kemu.actors.dispatch.deterministic;

/**
 * The seeds of a sweep, {@code first..last} inclusive, as given to {@code --seeds} ("1..100" or a
 * single "7"). At most {@link #MAX_SEEDS} seeds, so a typo cannot start a run without end.
 */
public record SeedRange(long first, long last) {
    public static final long MAX_SEEDS = 1_000_000;

    public SeedRange {
        if (last < first || last - first >= MAX_SEEDS) {
            throw new IllegalArgumentException("--seeds " + first + ".." + last + " refused: give FIRST..LAST with "
                    + "FIRST <= LAST and at most " + MAX_SEEDS + " seeds");
        }
    }

    /** Parses {@code "A..B"} or {@code "A"}; a clear error otherwise. */
    public static SeedRange parse(String text) {
        final String trimmed = text.trim();
        final int dots = trimmed.indexOf("..");
        try {
            if (dots < 0) {
                final long only = Long.parseLong(trimmed);
                return new SeedRange(only, only);
            }
            return new SeedRange(Long.parseLong(trimmed.substring(0, dots).trim()),
                    Long.parseLong(trimmed.substring(dots + 2).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds '" + text + "' refused: give FIRST..LAST, e.g. 1..100");
        }
    }

    public long count() {
        return last - first + 1;
    }
}
