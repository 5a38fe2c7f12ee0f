package io.kemu.journal.fifo;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.journal.wire.RawRecordHeaderDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import io.kemu.testing.Seeds;

/**
 * Seeded random operation sequences against {@link JournalFifo}, checking DESIGN.md's invariants
 * after every step: index ordering and bounds, forward-only rindex/xindex, whole records only on
 * the wire, transids strictly increasing in ring order, and nothing committed lost or duplicated
 * (except the replay a full-duplex rewind asks for).
 */
class JournalFifoPropertyTest {
    private static final long BASE_SEED = Seeds.of("JournalFifoPropertyTest", 0x6b656d75L);
    private static final int SEQUENCES = 400;
    private static final int STEPS = 400;

    @Test
    void ringInvariantsHoldForRandomOperationSequences() {
        long delivered = 0;
        for (int i = 0; i < SEQUENCES; i++) {
            final long seed = BASE_SEED + i;
            try {
                delivered += runSequence(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        assertThat(delivered).as("the sequences exercise the ring").isGreaterThan(SEQUENCES * 20L);
    }

    /** Runs one sequence; returns how many records reached the target. */
    private static int runSequence(long seed) {
        final Random random = new Random(seed);
        final int size = 128 << random.nextInt(6);
        final boolean fullDuplex = random.nextBoolean();
        final long firstTransid = random.nextBoolean() ? 1 + random.nextInt(1000) : (1L << 40) + random.nextInt(1000);
        final JournalFifo fifo = new JournalFifo(size, firstTransid, fullDuplex);
        final StreamCollector target = new StreamCollector("seed " + seed);
        final List<Reservation> open = new ArrayList<>();
        final Set<Long> committed = new HashSet<>();
        long rindexTotal = 0;
        long xindexTotal = 0;
        boolean rewound = false;

        for (int step = 0; step < STEPS; step++) {
            final int before = fifo.rindex();
            final int xBefore = fifo.xindex();
            final int choice = random.nextInt(100);
            if (choice < 30 && open.size() < 4) {
                final int record = fifo.reserve(0x100 + random.nextInt(8), random.nextInt(size / 3));
                if (record != JournalFifo.BLOCKED) {
                    open.add(new Reservation(record));
                }
            } else if (choice < 45 && !open.isEmpty()) {
                final Reservation r = open.get(random.nextInt(open.size()));
                final int payload = payloadOf(fifo, r);
                final long oldTransid = RawRecordHeaderDescriptor.transid(fifo.memory(), r.record());
                final int pointer = fifo.extend(r, random.nextInt(payload + 1), random.nextInt(size / 4));
                if (pointer == JournalFifo.BLOCKED) {
                    committed.add(oldTransid);
                    open.remove(r);
                } else if (r.pushedOut()) {
                    committed.add(oldTransid);
                }
            } else if (choice < 65 && !open.isEmpty()) {
                final Reservation r = open.remove(random.nextInt(open.size()));
                final int payload = payloadOf(fifo, r);
                committed.add(RawRecordHeaderDescriptor.transid(fifo.memory(), r.record()));
                fifo.commit(r.record(), random.nextBoolean() ? -1 : random.nextInt(payload + 1), random.nextBoolean());
            } else if (choice < 70 && !open.isEmpty()) {
                final Reservation r = open.remove(random.nextInt(open.size()));
                final long transid = RawRecordHeaderDescriptor.transid(fifo.memory(), r.record());
                fifo.abort(r.record());
                if (RawRecordHeaderDescriptor.begmagic(fifo.memory(), r.record()) == RawRecordHeaderDescriptor.BEGMAGIC) {
                    committed.add(transid);
                }
            } else if (choice < 90) {
                fifo.drain(target);
            } else if (fullDuplex && !target.transids.isEmpty() && choice < 98) {
                fifo.ack(target.transids.get(random.nextInt(target.transids.size())));
            } else if (fullDuplex && choice >= 98) {
                fifo.rewindToAcked();
                rewound = true;
            }
            rindexTotal += fifo.rindex() - before;
            xindexTotal += fifo.xindex() - xBefore;
            if (fifo.rindex() - before < 0 && !rewound) {
                throw new AssertionError("rindex moved backwards at step " + step);
            }
            assertThat(fifo.xindex() - xBefore).as("xindex only moves forward").isNotNegative();
            assertThat(fifo.rindex() - fifo.xindex()).as("xindex <= rindex").isNotNegative();
            assertThat(fifo.windex() - fifo.rindex()).as("rindex <= windex").isNotNegative();
            assertThat(fifo.windex() - fifo.xindex()).as("windex - xindex <= size").isLessThanOrEqualTo(size);
            assertThat(fifo.windex() & 15).as("windex aligned").isZero();
        }
        for (Reservation r : open) {
            committed.add(RawRecordHeaderDescriptor.transid(fifo.memory(), r.record()));
            fifo.commit(r.record(), -1, true);
        }
        fifo.drain(target);
        assertThat(fifo.unsent()).as("everything committed was handed to the target").isZero();
        assertThat(rindexTotal).isNotNegative();
        assertThat(xindexTotal).isNotNegative();

        assertThat(new HashSet<>(target.transids)).as("every committed record delivered").isEqualTo(committed);
        if (!rewound) {
            assertThat(target.transids).as("nothing delivered twice").doesNotHaveDuplicates();
            for (int i = 1; i < target.transids.size(); i++) {
                assertThat(target.transids.get(i)).as("transids increase in ring order")
                        .isGreaterThan(target.transids.get(i - 1));
            }
        }
        return target.transids.size();
    }

    private static int payloadOf(JournalFifo fifo, Reservation r) {
        return RawRecordHeaderDescriptor.recsize(fifo.memory(), r.record()) - RawRecordHeaderDescriptor.OVERHEAD;
    }
}
