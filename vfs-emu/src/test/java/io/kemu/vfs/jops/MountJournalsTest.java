package io.kemu.vfs.jops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kemu.vfs.Cred;
import io.kemu.vfs.Errno;
import io.kemu.vfs.Mount;
import io.kemu.vfs.MountLimits;
import io.kemu.vfs.SteppingClock;
import io.kemu.vfs.Timespec;
import io.kemu.vfs.VfsResult;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mountctl rules that belong to the kernel (JOURNAL-SPEC section 2) and the VOP vector switch. */
class MountJournalsTest {
    private static final Cred ME = Cred.root(1, "t");

    private Mount mount;
    private MountJournals journals;
    private RecordingSink sinkA;
    private RecordingSink sinkB;

    @BeforeEach
    void newMount() {
        mount = new Mount(1, MountLimits.DEFAULT, new SteppingClock(new Timespec(1000, 500), 1));
        journals = new MountJournals(mount);
        sinkA = new RecordingSink();
        sinkB = new RecordingSink();
    }

    private Journal install(String id, int flags, RecordingSink sink) {
        return journals.install(new InstallRequest(JournalId.of(id), flags, 0, 0x100), config -> sink).value();
    }

    @Test
    void shouldClampAndRoundTheFifoSizeUpToAPowerOfTwo() {
        assertThat(MountJournals.fifoSize(0)).isEqualTo(1 << 20);
        assertThat(MountJournals.fifoSize(1)).isEqualTo(64 << 10);
        assertThat(MountJournals.fifoSize(65537)).isEqualTo(128 << 10);
        assertThat(MountJournals.fifoSize(3_000_000)).isEqualTo(4 << 20);
        assertThat(MountJournals.fifoSize(1L << 40)).isEqualTo(128 << 20);
        assertThat(MountJournals.fifoSize((128 << 20) - 1)).isEqualTo(128 << 20);
    }

    @Test
    void shouldDeriveTheFirstTransidFromTheClockWhenNoneIsGiven() {
        final SteppingClock clock = new SteppingClock(new Timespec(1000, 500), 1);
        final Mount m = new Mount(1, MountLimits.DEFAULT, clock);
        final Timespec next = new SteppingClock(new Timespec(1000, 501), 1).now();
        final Journal j = new MountJournals(m)
                .install(new InstallRequest(JournalId.of("t"), 0, 0, 0), config -> sinkA).value();
        assertThat(j.config().firstTransid()).isEqualTo((next.sec() << 30) | next.nsec());
        assertThat(j.config().firstTransid()).isEqualTo((1000L << 30) | 501);
    }

    @Test
    void shouldDropThreadAndStopBitsButKeepEveryOtherFlag() {
        final int asked = MountctlFlags.WACTIVE | MountctlFlags.RACTIVE | MountctlFlags.STOP_REQ
                | MountctlFlags.STOP_IMM | MountctlFlags.WANT_AUDIT | MountctlFlags.WANT_FULLDUPLEX | 0x1000_0000;
        final Journal j = install("j", asked, sinkA);
        assertThat(j.config().flags()).isEqualTo(MountctlFlags.STOP_IMM | MountctlFlags.WANT_AUDIT
                | MountctlFlags.WANT_FULLDUPLEX | 0x1000_0000);
        assertThat(j.config().isFullDuplex()).isTrue();
        assertThat(j.isReversable()).isFalse();
    }

    @Test
    void shouldAnswerEnoentForEveryOperationButInstallWhenNoJournalIsAttached() {
        assertThat(journals.remove(JournalId.of("x"), 0).errno()).isEqualTo(Errno.ENOENT);
        assertThat(journals.restart(JournalId.of("x"), 0).errno()).isEqualTo(Errno.ENOENT);
        assertThat(journals.resync().errno()).isEqualTo(Errno.ENOENT);
        assertThat(journals.status(JournalId.of("x"), MountctlFlags.INDEX_ALL, 4).errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.vops()).isSameAs(mount.normalVops());
    }

    @Test
    void shouldRefuseAnInstallWithoutDescriptorAndStayDetached() {
        final VfsResult<Journal> r = journals.install(InstallRequest.of("x", 0), null);
        assertThat(r.errno()).isEqualTo(Errno.EBADF);
        assertThat(journals.isAttached()).isFalse();
        assertThat(mount.vops()).isSameAs(mount.normalVops());
    }

    @Test
    void shouldAttachOnFirstInstallAndDetachWhenTheLastJournalIsRemoved() {
        install("a", 0, sinkA);
        assertThat(mount.vops()).isInstanceOf(JournalOps.class);
        assertThat(journals.streamIds().cursor()).isEqualTo(0x100);
        install("b", 0, sinkB);
        assertThat(journals.remove(JournalId.of("a"), 0).isOk()).isTrue();
        assertThat(journals.isAttached()).isTrue();
        assertThat(journals.remove(JournalId.of("b"), MountctlFlags.STOP_IMM).isOk()).isTrue();
        assertThat(journals.isAttached()).isFalse();
        assertThat(mount.vops()).isSameAs(mount.normalVops());
        assertThat(sinkA.transactions).hasSize(2);
        assertThat(sinkA.transactions.get(0).ops).containsExactly("leaf 0002", "commit");
        assertThat(sinkA.transactions.get(1).ops).containsExactly("leaf 0003", "commit");
        assertThat(sinkA.transactions.get(1).streamId).isEqualTo(0x0002);
    }

    @Test
    void shouldRemoveOnlyTheFirstOfTwoJournalsWithTheSameId() {
        install("same", 0, sinkA);
        install("same", 0, sinkB);
        journals.remove(JournalId.of("same"), 0);
        assertThat(journals.journals()).extracting(Journal::sink).containsExactly(sinkB);
    }

    @Test
    void shouldMatchIdsOnAll32Bytes() {
        install("abc", 0, sinkA);
        final byte[] raw = JournalId.of("abc").bytes();
        raw[31] = 1;
        assertThat(journals.remove(JournalId.ofBytes(raw), 0).errno()).isEqualTo(Errno.EINVAL);
        assertThat(journals.restart(JournalId.ofBytes(raw), 0).errno()).isEqualTo(Errno.EINVAL);
        assertThat(journals.restart(JournalId.of("abc"), MountctlFlags.WANT_REVERSABLE).value().isReversable()).isFalse();
        assertThat(sinkA.transactions).hasSize(1);
    }

    @Test
    void shouldAlwaysRefuseResyncOnceAttached() {
        install("a", 0, sinkA);
        assertThat(journals.resync().errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldReturnTheFirstIndexPlusOneJournalsForANonNegativeStatusIndex() {
        install("a", 0, sinkA);
        install("b", 0, sinkB);
        install("c", 0, new RecordingSink());
        final List<JournalStatus> one = journals.status(JournalId.of(""), 1, 10).value();
        assertThat(one).extracting(s -> s.id().text()).containsExactly("a", "b");
        assertThat(one).extracting(JournalStatus::index).containsExactly(0, 1);
        assertThat(journals.status(JournalId.of("b"), MountctlFlags.INDEX_ID, 10).value())
                .extracting(s -> s.id().text()).containsExactly("b");
        assertThat(journals.status(JournalId.of(""), -3, 10).value()).isEmpty();
        assertThat(journals.status(JournalId.of(""), MountctlFlags.INDEX_ALL, 10).value()).hasSize(3)
                .allSatisfy(s -> assertThat(s.membufsize()).isEqualTo(1 << 20));
    }

    @Test
    void shouldFlagMoreToComeOnThePreviousEntryOrFailWhenNothingFits() {
        install("a", 0, sinkA);
        install("b", 0, sinkB);
        final List<JournalStatus> first = journals.status(JournalId.of(""), MountctlFlags.INDEX_ALL, 1).value();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).moreToCome()).isTrue();
        assertThat(journals.status(JournalId.of(""), MountctlFlags.INDEX_ALL, 0).errno()).isEqualTo(Errno.EINVAL);
        assertThat(journals.status(JournalId.of(""), MountctlFlags.INDEX_ALL, 2).value())
                .noneMatch(JournalStatus::moreToCome);
    }

    @Test
    void shouldDisassociateEveryJournalOnUnmount() {
        install("a", 0, sinkA);
        install("b", 0, sinkB);
        assertThat(journals.removeAll()).hasSize(2);
        assertThat(sinkA.last().ops).containsExactly("leaf 0003", "commit");
        assertThat(sinkB.last().ops).containsExactly("leaf 0003", "commit");
        assertThat(journals.isAttached()).isFalse();
    }

    @Test
    void shouldOpenTransactionsOnEveryJournalInInstallOrderWithOneStreamId() {
        install("a", MountctlFlags.WANT_REVERSABLE, sinkA);
        install("b", 0, sinkB);
        mount.mkdir(ME, "d", 0755);
        assertThat(sinkA.last().streamId).isEqualTo(0x100);
        assertThat(sinkB.last().streamId).isEqualTo(0x100);
        assertThat(sinkA.last().ops).isEqualTo(sinkB.last().ops);
        assertThat(sinkA.last().shape()).containsExactly("push 801b", "leaf 0402", "push 8101", "leaf 0406",
                "leaf 0407", "pop", "push 8100", "leaf 041d", "leaf 0408", "pop", "leaf 0402", "leaf 040e", "pop",
                "commit");
    }

    @Test
    void shouldAbortEveryTransactionAfterUndoWhenTheVopFails() {
        install("a", MountctlFlags.WANT_REVERSABLE, sinkA);
        install("b", 0, sinkB);
        mount.mkdir(ME, "d", 0755);
        mount.create(ME, "d/f", 0644);
        assertThat(mount.unlink(ME, "d").errno()).isEqualTo(Errno.EPERM);
        assertThat(sinkA.last().shape()).startsWith("push 801a", "push 8004", "push 8100", "leaf 041d")
                .endsWith("pop", "pop", "abort");
        assertThat(sinkB.last().ops).containsExactly("push 801a", "pop", "abort");
        assertThat(journals.streamIds().inUse()).isZero();
    }
}
