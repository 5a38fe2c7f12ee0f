package io.kemu.testing;

/**
 * Where every seeded randomized test gets its seed. The default build uses the fixed seed the test
 * names, so every green run covers the same inputs; {@code -Dkemu.seed=N} replays or explores one
 * seed; {@code -Dkemu.soak=true} (the {@code soak} Maven profile) draws a fresh seed per run. The seed
 * is printed, and tests name it in their failure messages.
 *
 * <p>The same class exists in the test sources of {@code vfs-emu}, {@code actors} and {@code it}
 * (test classes are not shared between modules); keep the three identical.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed for {@code test}: {@code -Dkemu.seed}, else a fresh one under soak, else {@code fixed}. */
    public static long of(String test, long fixed) {
        final String given = System.getProperty("kemu.seed");
        final long seed;
        if (given != null && !given.isBlank()) {
            seed = Long.decode(given.trim());
        } else if (Boolean.getBoolean("kemu.soak")) {
            seed = System.nanoTime() ^ fixed;
        } else {
            seed = fixed;
        }
        System.out.println(test + ": seed " + seed + " (rerun with -Dkemu.seed=" + seed + ")");
        return seed;
    }
}
