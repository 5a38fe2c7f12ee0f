package io.kemu.actors.cluster.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The layout of a process cluster's store directory: node i's store in {@code ROOT/node-i} and
 * its JVM's output in {@code ROOT/node-i.log}, coordinator JVM j's in {@code ROOT/coordinator-j.log}. A user's directory is only ever added to: it must
 * not hold node stores already (a new coordinator starts its transaction ids afresh, so old stores
 * would not fit), and nothing in it is removed. Only a temporary root kemu created is removed, and
 * only the files kemu put there.
 */
public final class NodeStores {
    private NodeStores() {
    }

    /** Creates {@code root} if needed and checks that none of its {@code nodes} stores exists yet. */
    public static Path prepare(Path root, int nodes) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException("--store-dir " + root + " is not a directory");
        }
        Files.createDirectories(root);
        for (int i = 0; i < nodes; i++) {
            Path store = root.resolve("node-" + i);
            if (Files.exists(store)) {
                throw new IllegalArgumentException("--store-dir " + root + " already holds " + store.getFileName()
                        + "; give an empty or new directory");
            }
        }
        return root;
    }

    /**
     * Removes a temporary {@code root} kemu created: each node's store files and log, then the
     * directories, if empty. Anything else found is left in place.
     */
    public static void removeTemporary(Path root, int nodes) {
        for (int i = 0; i < nodes; i++) {
            Path store = root.resolve("node-" + i);
            deleteQuietly(store.resolve(NodeLog.LOG_FILE));
            deleteQuietly(store.resolve(NodeLog.CHECKPOINT_FILE));
            deleteQuietly(store);
            deleteQuietly(root.resolve("node-" + i + ".log"));
        }
        for (int j = 0; j < ProcessCluster.COORDINATOR_JVMS; j++) {
            deleteQuietly(root.resolve("coordinator-" + j + ".log"));
        }
        deleteQuietly(root);
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    if (entries.findAny().isPresent()) {
                        return;
                    }
                }
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a file that cannot be removed stays; the temporary directory is then left behind
        }
    }
}
