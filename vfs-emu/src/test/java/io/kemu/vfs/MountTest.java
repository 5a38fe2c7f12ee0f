package io.kemu.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulated filesystem's system calls: results, typed errors and the state they leave. */
class MountTest {
    private static final Cred ROOT = Cred.root(1, "test");
    private static final Cred USER = new Cred(1000, 100, 2, "user");

    private Mount mount;

    @BeforeEach
    void newMount() {
        mount = new Mount(7, new MountLimits(1 << 16, 1 << 18, 64, 128, 16),
                new SteppingClock(new Timespec(100, 0), 1000));
    }

    private static List<byte[]> bytes(String s) {
        return List.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private String contents(String path) {
        return new String(mount.readFile(path).value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldCreateWriteAndReadBackAFile() {
        assertThat(mount.mkdir(ROOT, "d", 0755).isOk()).isTrue();
        assertThat(mount.create(ROOT, "d/f", 0644).value().nlink()).isEqualTo(1);
        assertThat(mount.write(ROOT, "d/f", 3, bytes("abc")).value()).isEqualTo(3L);
        assertThat(mount.readFile("d/f").value()).containsExactly(0, 0, 0, 'a', 'b', 'c');
        assertThat(mount.append(ROOT, "d/f", bytes("de")).value()).isEqualTo(2L);
        assertThat(mount.stat("d/f").value().size()).isEqualTo(8);
        assertThat(mount.stat("d").value().nlink()).isEqualTo(2);
        assertThat(mount.stat("").value().nlink()).isEqualTo(3);
    }

    @Test
    void shouldReportNamespaceErrorsBeforeAnyVop() {
        mount.create(ROOT, "f", 0644);
        assertThat(mount.create(ROOT, "f", 0644).errno()).isEqualTo(Errno.EEXIST);
        assertThat(mount.create(ROOT, "missing/f", 0644).errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.create(ROOT, "f/g", 0644).errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(mount.mkdir(ROOT, "", 0755).errno()).isEqualTo(Errno.EEXIST);
        assertThat(mount.unlink(ROOT, "nope").errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.rmdir(ROOT, "").errno()).isEqualTo(Errno.EBUSY);
        assertThat(mount.write(ROOT, "", 0, bytes("x")).errno()).isEqualTo(Errno.EISDIR);
        assertThat(mount.write(ROOT, "f", -1, bytes("x")).errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.link(ROOT, "", "dirlink").errno()).isEqualTo(Errno.EPERM);
        assertThat(mount.symlink(ROOT, "", "s").errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.bind(ROOT, "f", 0777).errno()).isEqualTo(Errno.EADDRINUSE);
        assertThat(mount.truncate(ROOT, "", 0).errno()).isEqualTo(Errno.EISDIR);
    }

    @Test
    void shouldRejectMalformedAndOverlongPaths() {
        assertThat(mount.lookup("/abs").errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.lookup("a//b").errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.lookup("a/../b").errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.lookup("x".repeat(256)).errno()).isEqualTo(Errno.ENAMETOOLONG);
        assertThat(mount.lookup("a/".repeat(600)).errno()).isEqualTo(Errno.ENAMETOOLONG);
        assertThat(mount.lookup("x".repeat(255)).isOk()).isTrue();
    }

    @Test
    void shouldNotFollowSymlinksInTheMiddleOfAPath() {
        mount.mkdir(ROOT, "d", 0755);
        mount.symlink(ROOT, "d", "s");
        assertThat(mount.create(ROOT, "s/f", 0644).errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(new String(mount.readlink("s").value(), StandardCharsets.UTF_8)).isEqualTo("d");
        assertThat(mount.readlink("d").errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldRefuseToRemoveADirectoryOrANonEmptyOne() {
        mount.mkdir(ROOT, "d", 0755);
        mount.create(ROOT, "d/f", 0644);
        assertThat(mount.unlink(ROOT, "d").errno()).isEqualTo(Errno.EPERM);
        assertThat(mount.rmdir(ROOT, "d").errno()).isEqualTo(Errno.ENOTEMPTY);
        assertThat(mount.rmdir(ROOT, "d/f").errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(mount.unlink(ROOT, "d/f").isOk()).isTrue();
        assertThat(mount.rmdir(ROOT, "d").isOk()).isTrue();
        assertThat(mount.stat("").value().nlink()).isEqualTo(2);
        assertThat(mount.filesystem().inodes()).isEqualTo(1);
    }

    @Test
    void shouldKeepLinkCountsAcrossLinksAndRemovals() {
        mount.create(ROOT, "a", 0644);
        mount.write(ROOT, "a", 0, bytes("data"));
        mount.link(ROOT, "a", "b");
        mount.link(ROOT, "b", "c");
        assertThat(mount.stat("a").value().nlink()).isEqualTo(3);
        assertThat(mount.link(ROOT, "a", "c").errno()).isEqualTo(Errno.EEXIST);
        mount.unlink(ROOT, "a");
        assertThat(contents("c")).isEqualTo("data");
        assertThat(mount.resolve("b").value().names()).extracting(Namecache::path).containsExactly("c", "b");
        mount.unlink(ROOT, "b");
        mount.unlink(ROOT, "c");
        assertThat(mount.filesystem().totalBytes()).isZero();
    }

    @Test
    void shouldRenameOverTargetsFollowingBsdRules() {
        mount.mkdir(ROOT, "d1", 0755);
        mount.mkdir(ROOT, "d2", 0755);
        mount.create(ROOT, "d2/x", 0644);
        mount.create(ROOT, "f", 0644);
        mount.link(ROOT, "f", "g");
        assertThat(mount.rename(ROOT, "d1", "f").errno()).isEqualTo(Errno.ENOTDIR);
        assertThat(mount.rename(ROOT, "f", "d1").errno()).isEqualTo(Errno.EISDIR);
        assertThat(mount.rename(ROOT, "d1", "d2").errno()).isEqualTo(Errno.ENOTEMPTY);
        assertThat(mount.rename(ROOT, "d2", "d2/sub").errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.rename(ROOT, "f", "g").isOk()).isTrue();
        assertThat(mount.resolve("f").isOk()).isTrue();
        assertThat(mount.rename(ROOT, "d1", "d2/x2").isOk()).isTrue();
        assertThat(mount.stat("").value().nlink()).isEqualTo(3);
        assertThat(mount.stat("d2").value().nlink()).isEqualTo(3);
        assertThat(mount.rename(ROOT, "g", "d2/x").isOk()).isTrue();
        assertThat(mount.resolve("f").value().names()).extracting(Namecache::path).containsExactly("d2/x", "f");
        assertThat(mount.rename(ROOT, "", "z").errno()).isEqualTo(Errno.EBUSY);
    }

    @Test
    void shouldEnforceSizeSpaceAndInodeLimitsWithTypedErrors() {
        mount.create(ROOT, "f", 0644);
        assertThat(mount.write(ROOT, "f", (1 << 16) - 1, bytes("xy")).errno()).isEqualTo(Errno.EFBIG);
        assertThat(mount.truncate(ROOT, "f", 1L << 40).errno()).isEqualTo(Errno.EFBIG);
        for (int i = 0; i < 4; ++i) {
            mount.create(ROOT, "g" + i, 0644);
            assertThat(mount.truncate(ROOT, "g" + i, 1 << 16).isOk()).isTrue();
        }
        assertThat(mount.write(ROOT, "f", 0, bytes("z")).errno()).isEqualTo(Errno.ENOSPC);
        for (int i = 0; mount.filesystem().inodes() < 64; ++i) {
            assertThat(mount.mkfifo(ROOT, "p" + i, 0600).isOk()).isTrue();
        }
        assertThat(mount.mkdir(ROOT, "one-too-many", 0755).errno()).isEqualTo(Errno.ENOSPC);
        assertThat(mount.setacl(ROOT, "f", new byte[17]).errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.setextattr(ROOT, "f", "user.big", new byte[129]).errno()).isEqualTo(Errno.ENOSPC);
    }

    @Test
    void shouldApplySetattrRulesOfUfs() {
        mount.create(ROOT, "f", 0644);
        mount.chown(ROOT, "f", 1000, -1);
        assertThat(mount.stat("f").value().uid()).isEqualTo(1000);
        assertThat(mount.stat("f").value().gid()).isZero();
        assertThat(mount.chmod(USER, "f", 0600).isOk()).isTrue();
        assertThat(mount.chown(USER, "f", 0, -1).errno()).isEqualTo(Errno.EPERM);
        assertThat(mount.chflags(USER, "f", 0x0002_0000L).errno()).isEqualTo(Errno.EPERM);
        assertThat(mount.chflags(USER, "f", 0x2).isOk()).isTrue();
        assertThat(mount.setattr(ROOT, "f", Vattr.NULL.withNlink(3)).errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.setattr(ROOT, "", Vattr.NULL.withSize(0)).errno()).isEqualTo(Errno.EISDIR);
        final Timespec t = new Timespec(5, 6);
        mount.utimes(ROOT, "f", t, t);
        assertThat(mount.stat("f").value().mtime()).isEqualTo(t);
        assertThat(mount.stat("f").value().ctime().sec()).isEqualTo(100);
    }

    @Test
    void shouldCreateEveryNodeTypeTheKernelJournals() {
        assertThat(mount.mknod(ROOT, "c", VType.VCHR, 0620, 4, 1).value().type()).isEqualTo(VType.VCHR);
        assertThat(mount.mknod(ROOT, "b", VType.VBLK, 0640, 3, 0).value().rmajor()).isEqualTo(3);
        assertThat(mount.mknod(ROOT, "x", VType.VREG, 0640, 3, 0).errno()).isEqualTo(Errno.EINVAL);
        assertThat(mount.mkfifo(ROOT, "p", 0600).value().type()).isEqualTo(VType.VFIFO);
        assertThat(mount.bind(ROOT, "s", 0777).value().type()).isEqualTo(VType.VSOCK);
        assertThat(mount.symlink(ROOT, "c", "l").value().size()).isEqualTo(1);
        assertThat(mount.write(ROOT, "p", 0, bytes("x")).errno()).isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldCreateAndDeleteWhiteoutsAndIgnoreThemInRmdir() {
        mount.mkdir(ROOT, "d", 0755);
        assertThat(mount.whiteout(ROOT, "d/w").value().isWhiteout()).isTrue();
        assertThat(mount.whiteout(ROOT, "d/w").errno()).isEqualTo(Errno.EEXIST);
        assertThat(mount.resolve("d/w").errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.undelete(ROOT, "d/v").errno()).isEqualTo(Errno.ENOENT);
        assertThat(mount.undelete(ROOT, "d/w").isOk()).isTrue();
        mount.whiteout(ROOT, "d/w");
        mount.create(ROOT, "d/w", 0644);
        assertThat(mount.resolve("d/w").value().type()).isEqualTo(VType.VREG);
        mount.unlink(ROOT, "d/w");
        mount.whiteout(ROOT, "d/w2");
        assertThat(mount.rmdir(ROOT, "d").isOk()).isTrue();
    }

    @Test
    void shouldWriteBackOnlyPagesWithinTheFile() {
        mount.create(ROOT, "f", 0644);
        mount.write(ROOT, "f", 0, List.of(new byte[5000]));
        final byte[] pages = new byte[3 * Pages.PAGE_SIZE];
        java.util.Arrays.fill(pages, (byte) 7);
        final PutpagesResult r = mount.putpages(ROOT, "f", new Pages(0, pages.length, pages)).value();
        assertThat(r.written()).containsExactly(true, true, false);
        assertThat(mount.stat("f").value().size()).isEqualTo(5000);
        assertThat(mount.readFile("f").value()).containsOnly(7);
        assertThat(mount.putpages(ROOT, "f", new Pages(8192, 1, new byte[Pages.PAGE_SIZE])).errno())
                .isEqualTo(Errno.EINVAL);
    }

    @Test
    void shouldTakeTimeOnlyFromTheInjectedClock() {
        final Mount a = new Mount(7, MountLimits.DEFAULT, new SteppingClock(new Timespec(100, 0), 1000));
        final Mount b = new Mount(7, MountLimits.DEFAULT, new SteppingClock(new Timespec(100, 0), 1000));
        for (Mount m : List.of(a, b)) {
            m.mkdir(ROOT, "d", 0755);
            m.create(ROOT, "d/f", 0644);
            m.write(ROOT, "d/f", 0, bytes("x"));
        }
        assertThat(a.stat("d/f").value()).isEqualTo(b.stat("d/f").value());
        assertThat(a.stat("d/f").value().mtime()).isEqualTo(new Timespec(100, 3000));
    }
}
