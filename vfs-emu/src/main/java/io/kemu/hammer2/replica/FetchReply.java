package io.kemu.hammer2.replica;

import java.util.Objects;

/** What a node reports for one key: its PFS root and the child at that key (null when absent). */
public record FetchReply(ChainImage root, ChainImage child) {
    public FetchReply {
        Objects.requireNonNull(root, "root");
    }
}
