package io.kemu.journal.scan.mirror;

import io.kemu.journal.scan.ProblemKind;
import io.kemu.journal.scan.ScanProblem;
import io.kemu.journal.scan.testing.Vops;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Undo of what the journal cannot tell: what only the node manifest holds (an extended attribute's old
 * value, the attributes of a removed file, a whiteout a create replaced) and which names a removed
 * hard link shared its file with. The mirror keeps both in its {@link UndoLog}; a mirror without one
 * says what it cannot restore, naming every entry.
 */
class UndoLogRestoreTest extends MirrorJournalTestBase {
    private void mirror() throws Exception {
        assertThat(applyJournal().problems()).isEmpty();
    }

    @Test
    void shouldPutBackTheOldValueOfAnExtendedAttribute() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.setextattr("f", "user.a", utf8("old")));
        append(Vops.setextattr("f", "user.a", utf8("new")), Vops.setextattr("f", "user.b", utf8("x")));
        mirror();
        assertThat(manifest()).isEqualTo("f xattr.user.a=6e6577 xattr.user.b=78\n");

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).isEmpty();
        assertThat(r.undone()).isEqualTo(2);
        assertThat(manifest()).isEqualTo("f xattr.user.a=6f6c64\n");
    }

    @Test
    void shouldGiveARemovedFileBackItsExtendedAttributes() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.setextattr("f", "user.a", utf8("v")));
        append(Vops.remove("f", Vops.fileUndo(0644, utf8("data"))));
        mirror();
        assertThat(manifest()).isEmpty();

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).isEmpty();
        assertThat(root.resolve("f")).hasContent("data");
        assertThat(manifest()).isEqualTo("f xattr.user.a=76\n");
    }

    @Test
    void shouldBringBackAWhiteoutThatACreateReplaced() throws Exception {
        long t = append(Vops.whiteout("w"));
        append(Vops.create("w", 0644));
        mirror();
        assertThat(manifest()).isEmpty();
        assertThat(root.resolve("w")).exists();

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).isEmpty();
        assertThat(root.resolve("w")).doesNotExist();
        assertThat(manifest()).isEqualTo("w type=whiteout\n");
    }

    @Test
    void shouldRestoreWhiteoutsInsideARemovedDirectory() throws Exception {
        long t = append(Vops.mkdir("d", 0755), Vops.whiteout("d/w"));
        append(Vops.whiteout("d/w"), Vops.rmdir("d", 0755));
        mirror();

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).isEmpty();
        assertThat(manifest()).isEqualTo("d/w type=whiteout\n");
    }

    @Test
    void shouldSayWhatItCannotRestoreOnAMirrorWithoutAnUndoLog() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.setextattr("f", "user.a", utf8("old")));
        append(Vops.setextattr("f", "user.a", utf8("new")));
        mirror();
        Files.delete(dir.resolve(".mirror.kemu-state").resolve(UndoLog.FILE_NAME));

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.clean()).isFalse();
        List<String> messages = r.problems().stream().map(ScanProblem::message).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("SETEXTATTR: 'f', attribute 'user.a'"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("1 undone transactions were mirrored before"));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.kind()).isEqualTo(ProblemKind.IRREVERSIBLE));
    }

    @Test
    void shouldCoverOnlyTheTransactionsAfterTheMirrorStartedItsUndoLog() throws Exception {
        long created = append(Vops.create("f", 0644));
        append(Vops.setextattr("f", "user.a", utf8("1")));
        mirror();
        Files.delete(dir.resolve(".mirror.kemu-state").resolve(UndoLog.FILE_NAME));
        long second = append(Vops.setextattr("f", "user.a", utf8("2")));
        append(Vops.setextattr("f", "user.a", utf8("3")));
        mirror();

        MirrorReport toSecond = Undo.apply(stream, root, second, MirrorOptions.DEFAULT);
        assertThat(toSecond.problems()).isEmpty();
        assertThat(manifest()).isEqualTo("f xattr.user.a=32\n");

        MirrorReport toCreated = Undo.apply(stream, root, created, MirrorOptions.DEFAULT);
        assertThat(toCreated.problems()).extracting(ScanProblem::message)
                .anySatisfy(m -> assertThat(m).contains("SETEXTATTR: 'f', attribute 'user.a'"))
                .anySatisfy(m -> assertThat(m).contains("1 undone transactions were mirrored before"));
    }

    @Test
    void shouldLinkARemovedNameBackToTheFileItShared() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("shared")), Vops.link("g", "f"));
        append(Vops.remove("g", w -> w.push(io.kemu.journal.wire.RecordType.VATTR)
                .u32(io.kemu.journal.wire.RecordType.VTYPE, io.kemu.journal.scan.op.VType.VREG)
                .u32(io.kemu.journal.wire.RecordType.NLINK, 2).u64(io.kemu.journal.wire.RecordType.SIZE, 6)
                .u32(io.kemu.journal.wire.RecordType.MODES, 0644).pop()
                .u64(io.kemu.journal.wire.RecordType.SEEKPOS, 0).leaf(io.kemu.journal.wire.RecordType.FILEDATA, utf8("shared"))));
        append(Vops.rename("f", "h", null));
        mirror();

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).isEmpty();
        assertThat(Files.isSameFile(root.resolve("f"), root.resolve("g"))).isTrue();
        assertThat(root.resolve("g")).hasContent("shared");
        assertThat(Files.getAttribute(root.resolve("g"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void shouldNameEveryNameOfAFileItCouldNotRestoreAsTheTreeStandsAfterTheUndo() throws Exception {
        long t = append(Vops.create("f", 0644), Vops.write("f", 0, null, utf8("0123456789")), Vops.link("g", "f"));
        append(Vops.rename("f", "moved", null));
        append(Vops.setattr("moved", w -> w.u64(io.kemu.journal.wire.RecordType.SIZE, 2),
                w -> w.push(io.kemu.journal.wire.RecordType.VATTR)
                        .u32(io.kemu.journal.wire.RecordType.VTYPE, io.kemu.journal.scan.op.VType.VREG)
                        .u64(io.kemu.journal.wire.RecordType.SIZE, 10).pop()));
        mirror();

        MirrorReport r = Undo.apply(stream, root, t, MirrorOptions.DEFAULT);

        assertThat(r.problems()).extracting(ScanProblem::message)
                .anySatisfy(m -> assertThat(m).contains("SETATTR: 'moved' was truncated"))
                .anySatisfy(m -> assertThat(m).contains("2 entries are not as they were at").endsWith("'f', 'g'"));
    }
}
