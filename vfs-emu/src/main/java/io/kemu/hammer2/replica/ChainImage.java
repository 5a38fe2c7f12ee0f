package io.kemu.hammer2.replica;

import io.kemu.hammer2.chain.Blockref;
import io.kemu.hammer2.chain.Chain;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable copy of a chain as stored on a node - its bref, size and data - the unit that
 * travels between node actors and the coordinator. The data array is copied in and out, so an
 * image can be shared between threads.
 */
public record ChainImage(Blockref bref, int bytes, byte[] data) {

    public ChainImage {
        Objects.requireNonNull(bref, "bref");
        Objects.requireNonNull(data, "data");
        if (data.length != bytes) {
            throw new IllegalArgumentException("data length " + data.length + " != bytes " + bytes);
        }
        data = data.clone();
    }

    /** The image of a chain with resident data. */
    public static ChainImage of(Chain chain) {
        byte[] data = chain.data() == null ? new byte[chain.bytes()] : chain.data();
        return new ChainImage(chain.bref(), chain.bytes(), data);
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public long key() {
        return bref.key();
    }

    public long modifyTid() {
        return bref.modifyTid();
    }

    /** A new chain of {@code node} holding this image. */
    public Chain toChain(int node) {
        Chain chain = new Chain(node, bref, bytes);
        chain.setData(data.clone(), bytes);
        return chain;
    }

    /** Whether {@code chain} holds exactly this image. */
    public boolean matches(Chain chain) {
        return chain.bref().equals(bref) && chain.bytes() == bytes && Arrays.equals(chain.data(), data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChainImage image && bref.equals(image.bref) && bytes == image.bytes
                && Arrays.equals(data, image.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bref.hashCode() + bytes) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ChainImage[" + bref.type() + " key 0x" + Long.toHexString(bref.key()) + " tid "
                + Long.toUnsignedString(bref.modifyTid()) + " bytes " + bytes + "]";
    }
}
