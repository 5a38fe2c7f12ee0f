package io.kemu.hammer2.chain;

/**
 * Chain error codes as the 2015 kernel used them ({@code chain->error}); 0 means none. Any non-zero
 * value only means "errored" to the cluster code. kemu reports an unreachable node as {@link #IO}
 * and a node that is being resynchronised as {@link #INCOMPLETE}.
 */
public final class ChainError {
    public static final int NONE = 0;
    public static final int IO = 1;
    public static final int CHECK = 2;
    public static final int INCOMPLETE = 3;
    public static final int DEPTH = 4;

    private ChainError() {
    }

    /** A short name for logs and reports: "IO", "CHECK", ..., or the decimal code. */
    public static String describe(int error) {
        return switch (error) {
            case NONE -> "NONE";
            case IO -> "IO";
            case CHECK -> "CHECK";
            case INCOMPLETE -> "INCOMPLETE";
            case DEPTH -> "DEPTH";
            default -> Integer.toString(error);
        };
    }
}
