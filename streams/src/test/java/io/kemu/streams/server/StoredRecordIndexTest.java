package io.kemu.streams.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The replay window's index: lookups by transid, the window's edge, and growth past its arrays. */
class StoredRecordIndexTest {

    @Test
    void shouldFindEveryRecordItHoldsAndNothingElse() {
        final StoredRecordIndex index = new StoredRecordIndex(1 << 20);
        index.add(10, 0, 64);
        index.add(12, 64, 128);
        index.add(20, 192, 32);

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.find(10)).isZero();
        assertThat(index.find(12)).isEqualTo(1);
        assertThat(index.find(20)).isEqualTo(2);
        assertThat(index.find(11)).isEqualTo(-1);
        assertThat(index.find(9)).isEqualTo(-1);
        assertThat(index.find(21)).isEqualTo(-1);
        assertThat(index.transid(1)).isEqualTo(12);
        assertThat(index.offset(1)).isEqualTo(64);
        assertThat(index.alignedSize(1)).isEqualTo(128);
        assertThat(index.offset(2)).isEqualTo(192);
        assertThat(index.alignedSize(2)).isEqualTo(32);
    }

    @Test
    void shouldDropRecordsThatLeftTheWindowButKeepOneStartingExactlyAtItsEdge() {
        final StoredRecordIndex index = new StoredRecordIndex(256);
        index.add(1, 0, 64);
        index.add(2, 64, 64);
        index.add(3, 128, 64);
        index.add(4, 192, 64);
        assertThat(index.size()).as("the file ends at 256: every record lies in the window").isEqualTo(4);

        index.add(5, 256, 64);
        assertThat(index.size()).as("the window begins at 64: transid 1 left it").isEqualTo(4);
        assertThat(index.find(1)).isEqualTo(-1);
        assertThat(index.find(2)).isZero();
        assertThat(index.transid(0)).isEqualTo(2);
        assertThat(index.offset(0)).isEqualTo(64);
        assertThat(index.find(5)).isEqualTo(3);
    }

    @Test
    void shouldKeepTheNewestRecordEvenWhenItIsLargerThanTheWindow() {
        final StoredRecordIndex index = new StoredRecordIndex(100);
        index.add(1, 0, 64);
        index.add(2, 64, 1000);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.transid(0)).isEqualTo(2);
        assertThat(index.alignedSize(0)).isEqualTo(1000);
    }

    @Test
    void shouldForgetEverythingOnClear() {
        final StoredRecordIndex index = new StoredRecordIndex(1 << 20);
        index.add(7, 0, 64);
        index.add(8, 64, 64);
        index.clear();

        assertThat(index.size()).isZero();
        assertThat(index.find(7)).isEqualTo(-1);
        index.add(3, 128, 64);
        assertThat(index.find(3)).isZero();
        assertThat(index.offset(0)).isEqualTo(128);
    }

    /** Many more records than the initial arrays hold, while the window slides: compaction and growth. */
    @Test
    void shouldKeepItsEntriesRightWhileCompactingAndGrowing() {
        final int size = 64;
        final int window = 1500;
        final StoredRecordIndex sliding = new StoredRecordIndex((long) window * size);
        final StoredRecordIndex growing = new StoredRecordIndex(Long.MAX_VALUE / 2);
        final int records = 10_000;
        for (int i = 0; i < records; i++) {
            sliding.add(1000L + 3L * i, (long) i * size, size);
            growing.add(1000L + 3L * i, (long) i * size, size);
        }

        assertThat(sliding.size()).isEqualTo(window);
        for (int k = 0; k < window; k++) {
            final int i = records - window + k;
            assertThat(sliding.transid(k)).isEqualTo(1000L + 3L * i);
            assertThat(sliding.offset(k)).isEqualTo((long) i * size);
            assertThat(sliding.alignedSize(k)).isEqualTo(size);
            assertThat(sliding.find(1000L + 3L * i)).isEqualTo(k);
        }
        assertThat(sliding.find(1000L + 3L * (records - window - 1))).isEqualTo(-1);

        assertThat(growing.size()).isEqualTo(records);
        for (int i = 0; i < records; i += 7) {
            assertThat(growing.find(1000L + 3L * i)).isEqualTo(i);
            assertThat(growing.offset(i)).isEqualTo((long) i * size);
            assertThat(growing.alignedSize(i)).isEqualTo(size);
        }
    }
}
