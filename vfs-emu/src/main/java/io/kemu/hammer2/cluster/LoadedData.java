package io.kemu.hammer2.cluster;

/** What hammer2_cluster_load_async() hands its callback: the slot whose data validated, and it. */
public record LoadedData(int slot, byte[] data) {
}
