package io.kemu.hammer2.replica;

/** The outcome of a quorum read of one element. */
public sealed interface ReadVerdict {

    /** The element as the focus holds it, with quorum (RDHARD or RDSOFT). */
    record Found(ChainImage image, int focusNode) implements ReadVerdict {
    }

    /** Every readable node agrees the element does not exist. */
    record NotFound(long key) implements ReadVerdict {
    }

    /** Resolution gives no read quorum; {@code reason} says why. */
    record Refused(String reason) implements ReadVerdict {
    }
}
