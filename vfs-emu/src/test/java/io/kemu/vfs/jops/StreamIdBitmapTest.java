package io.kemu.vfs.jops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import org.junit.jupiter.api.Test;

/** The per-mount stream-id allocation of {@code jreclist_init()} / {@code jreclist_done()}. */
class StreamIdBitmapTest {

    @Test
    void shouldReuseTheSameIdForSequentialTransactions() {
        final StreamIdBitmap ids = new StreamIdBitmap();
        for (int i = 0; i < 5; ++i) {
            final int id = ids.allocate();
            assertThat(id).isEqualTo(0x100);
            ids.free(id);
        }
    }

    @Test
    void shouldTakeTheNextFreeIdWhileOthersAreOpenAndStayOnIt() {
        final StreamIdBitmap ids = new StreamIdBitmap();
        assertThat(ids.allocate()).isEqualTo(0x100);
        assertThat(ids.allocate()).isEqualTo(0x101);
        ids.free(0x100);
        assertThat(ids.cursor()).isEqualTo(0x101);
        assertThat(ids.allocate()).isEqualTo(0x102);
        assertThat(ids.allocate()).isEqualTo(0x103);
    }

    @Test
    void shouldWrapFromTheLastIdBackTo0x100() {
        final StreamIdBitmap ids = new StreamIdBitmap();
        for (int i = 0; i < StreamIdBitmap.CAPACITY; ++i) {
            assertThat(ids.allocate()).isEqualTo(0x100 + i);
        }
        assertThat(ids.allocate()).isEqualTo(-1);
        ids.free(0x105);
        assertThat(ids.allocate()).isEqualTo(0x105);
        ids.free(0x1FFF);
        ids.free(0x100);
        assertThat(ids.allocate()).isEqualTo(0x1FFF);
        assertThat(ids.allocate()).isEqualTo(0x100);
    }

    @Test
    void shouldRefuseToFreeAnIdThatIsNotAllocated() {
        final StreamIdBitmap ids = new StreamIdBitmap();
        assertThatThrownBy(() -> ids.free(0x100)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ids.free(0x0002)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFailAJournaledVopWithEagainWhenEveryIdIsOpen() {
        final Mount mount = new Mount(1, MountLimits.DEFAULT, new SteppingClock(new Timespec(1, 0), 1));
        final MountJournals journals = new MountJournals(mount);
        final RecordingSink sink = new RecordingSink();
        journals.install(InstallRequest.of("j", 0), config -> sink);
        for (int i = 0; i < StreamIdBitmap.CAPACITY; ++i) {
            journals.streamIds().allocate();
        }
        assertThat(mount.mkdir(Cred.root(1, "t"), "d", 0755).errno()).isEqualTo(Errno.EAGAIN);
        assertThat(mount.resolve("d").errno()).isEqualTo(Errno.ENOENT);
        assertThat(sink.transactions).hasSize(1);
        journals.streamIds().free(0x1234);
        assertThat(mount.mkdir(Cred.root(1, "t"), "d", 0755).isOk()).isTrue();
        assertThat(sink.last().streamId).isEqualTo(0x1234);
    }
}
