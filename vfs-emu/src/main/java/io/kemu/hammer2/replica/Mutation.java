package io.kemu.hammer2.replica;

import java.util.Objects;

/**
 * A front-end change to one element under the PFS root: create it, overwrite its data, or delete
 * it. Data sizes are HAMMER2 allocation sizes: powers of two from {@link #MIN_BYTES} to
 * {@link #MAX_BYTES}.
 */
public sealed interface Mutation {
    /** {@code HAMMER2_ALLOC_MIN}... kemu allows 64-byte elements to keep simulations light. */
    int MIN_BYTES = 64;
    /** {@code HAMMER2_PBUFSIZE}. */
    int MAX_BYTES = 65536;

    long key();

    /** Create the element at {@code key} with {@code data}; refused if it exists. */
    record Create(long key, byte[] data) implements Mutation {
        public Create {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Replace the data of the element at {@code key}; refused if it does not exist. */
    record Modify(long key, byte[] data) implements Mutation {
        public Modify {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** Delete the element at {@code key}; refused if it does not exist. */
    record Delete(long key) implements Mutation {
    }

    /** Null when {@code length} is a valid element size, else why not. */
    static String checkSize(int length) {
        if (length < MIN_BYTES || length > MAX_BYTES || Integer.bitCount(length) != 1) {
            return "element size " + length + " is not a power of two in " + MIN_BYTES + ".." + MAX_BYTES;
        }
        return null;
    }
}
