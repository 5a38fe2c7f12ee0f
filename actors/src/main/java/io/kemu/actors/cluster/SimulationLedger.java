package io.kemu.actors.cluster;

import io.kemu.hammer2.replica.Mutation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a simulation expects the cluster to hold. For each key: the last acknowledged state (its tid
 * and data, or absent), plus the writes that failed since - a failed write is indeterminate, as
 * in any replicated store: it was reverted where it could be, but a copy that outlived a crash may
 * still win a later quorum. Every answer is checked against this; an answer matching neither the
 * acknowledged state nor an indeterminate one is an inconsistency (an acknowledged write lost).
 * A write in flight when the coordinator died is indeterminate too, and its tid is unknown: it
 * matches an answer by its data alone ({@link #ANY_TID}), and once adopted it takes the tid seen.
 */
final class SimulationLedger {
    private record State(long tid, byte[] data) {
        boolean present() {
            return data != null;
        }

        boolean shows(ClusterResult.Found found) {
            return present() && (tid == ANY_TID || tid == found.tid()) && Arrays.equals(data, found.data());
        }
    }

    /** The tid of a write whose answer never came: any. */
    private static final long ANY_TID = -1;

    private static final State ABSENT = new State(0, null);

    private final Map<Long, State> acknowledged = new HashMap<>();
    private final Map<Long, List<State>> indeterminate = new HashMap<>();
    private final List<String> inconsistencies = new ArrayList<>();
    private int surfaced;

    /**
     * An acknowledged write. Its tid must be above the key's last known one (unsigned): the
     * quorum is taken at the highest modify_tid, so a coordinator - a new incarnation too - that
     * stamped an older tid could see its write overruled by a stale copy.
     */
    void acknowledged(Mutation mutation, long tid) {
        State before = acknowledged.get(mutation.key());
        if (before != null && before.tid() != ANY_TID && Long.compareUnsigned(tid, before.tid()) <= 0) {
            note("key " + mutation.key() + ": write acknowledged with tid " + tid + ", not above the key's tid "
                    + before.tid());
        }
        acknowledged.put(mutation.key(), stateAfter(mutation, tid));
        indeterminate.remove(mutation.key());
    }

    void failed(Mutation mutation, long tid) {
        indeterminate.computeIfAbsent(mutation.key(), k -> new ArrayList<>()).add(stateAfter(mutation, tid));
    }

    /** A write sent to a coordinator that died before answering: it may or may not have happened. */
    void inFlight(Mutation mutation) {
        failed(mutation, ANY_TID);
    }

    /** Checks a read's answer; refusals are not inconsistencies (they are counted elsewhere). */
    void checkRead(long key, ClusterResult result) {
        State expected = acknowledged.getOrDefault(key, ABSENT);
        if (result instanceof ClusterResult.Found found) {
            if (!expected.shows(found) && !adopt(key, s -> s.shows(found), found.tid())) {
                note("key " + key + ": read found tid " + found.tid() + ", expected "
                        + (expected.present() ? "the acknowledged tid " + expected.tid() : "nothing"));
            }
        } else if (result instanceof ClusterResult.NotFound && expected.present() && !adopt(key, s -> !s.present(), 0)) {
            note("key " + key + ": acknowledged write of tid " + expected.tid() + " not found");
        }
    }

    /** Checks a write's rejection: "exists"/"does not exist" must agree with what may be there. */
    void checkRejection(Mutation mutation, ClusterResult.Rejected rejected) {
        long key = mutation.key();
        boolean present = acknowledged.getOrDefault(key, ABSENT).present();
        if (rejected.reason().endsWith("already exists") && !present && !adopt(key, State::present, ANY_TID)) {
            note("key " + key + ": create rejected as existing, but no acknowledged write holds it");
        } else if (rejected.reason().endsWith("does not exist") && present && !adopt(key, s -> !s.present(), 0)) {
            note("key " + key + ": acknowledged element reported missing");
        }
    }

    /**
     * An indeterminate write the cluster shows: it becomes the expected state, with {@code seenTid}
     * if its own tid was unknown.
     */
    private boolean adopt(long key, Predicate<State> shown, long seenTid) {
        List<State> candidates = indeterminate.getOrDefault(key, List.of());
        for (State candidate : candidates) {
            if (shown.test(candidate)) {
                acknowledged.put(key, candidate.tid() == ANY_TID ? new State(seenTid, candidate.data()) : candidate);
                indeterminate.remove(key);
                surfaced++;
                return true;
            }
        }
        return false;
    }

    private static State stateAfter(Mutation mutation, long tid) {
        if (mutation instanceof Mutation.Create c) {
            return new State(tid, c.data());
        }
        return mutation instanceof Mutation.Modify m ? new State(tid, m.data()) : new State(tid, null);
    }

    private void note(String inconsistency) {
        inconsistencies.add(inconsistency);
    }

    List<String> inconsistencies() {
        return List.copyOf(inconsistencies);
    }

    /** Failed writes that later turned out to have survived somewhere and won a quorum. */
    int surfacedFailedWrites() {
        return surfaced;
    }
}
