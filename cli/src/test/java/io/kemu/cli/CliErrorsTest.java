package io.kemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The one error path, table driven: each bad input runs through the real command line and must end
 * with its exit status, exactly one line {@code kemu <command>: <what> (<why>)} on stderr holding
 * the expected words, nothing on stdout, and the working directory exactly as it was (nothing
 * created, deleted, truncated or overwritten). {@code {tmp}} in an argument is the working directory.
 */
class CliErrorsTest {
    @TempDir
    Path tmp;

    /** One row: what exists beforehand, the arguments, the status and words of the one line. */
    record Case(String name, Setup setup, List<String> args, int status, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Setup {
        void prepare(Path dir) throws IOException;
    }

    private static final Setup NOTHING = dir -> { };
    private static final Setup USER_FILES = dir -> {
        Files.writeString(dir.resolve("existing.bin"), "the user's journal");
        Files.createDirectories(dir.resolve("mine"));
        Files.writeString(dir.resolve("mine").resolve("notes.txt"), "the user's notes");
        Files.createDirectories(dir.resolve("adir"));
        Files.writeString(dir.resolve("chart.png"), "the user's picture");
    };

    private static Case bad(String name, Setup setup, String line, String... args) {
        return new Case(name, setup, List.of(args), ExitStatus.BAD_INPUT, line);
    }

    static List<Case> cases() {
        return List.of(
                bad("simulate negative duration", NOTHING, "kemu simulate: --duration -5s refused (give a positive duration",
                        "simulate", "--duration", "-5s"),
                bad("simulate zero duration", NOTHING, "--duration 0s refused", "simulate", "--duration", "0s"),
                bad("simulate zero ops", NOTHING, "--ops 0 refused", "simulate", "--ops", "0"),
                bad("simulate negative ops with a duration", NOTHING, "--ops -3 refused",
                        "simulate", "--ops", "-3", "--duration", "1s"),
                bad("simulate zero cpus", NOTHING, "--cpus must be 1..4096", "simulate", "--cpus", "0"),
                bad("simulate too many cpus", NOTHING, "--cpus must be 1..4096", "simulate", "--cpus", "5000"),
                bad("simulate cpus not a number", NOTHING, "'abc' is not an int (try 'kemu simulate --help')",
                        "simulate", "--cpus", "abc"),
                bad("simulate ring not a power of two", NOTHING, "--ring must be a power of two",
                        "simulate", "--ring", "100k"),
                bad("simulate zero slow target", NOTHING, "--slow-target 0 refused", "simulate", "--slow-target", "0"),
                bad("simulate slow target that would drain the ring for hours", NOTHING,
                        "draining a full ring would take 32768 s", "simulate", "--slow-target", "4k", "--ring", "128m"),
                bad("simulate zero batch", NOTHING, "--batch must be 1..10000", "simulate", "--batch", "0"),
                bad("simulate zero mounts", NOTHING, "--mounts must be 1..64", "simulate", "--mounts", "0"),
                bad("simulate rings larger than the heap", NOTHING, "more than half of the",
                        "simulate", "--mounts", "64", "--ring", "128m", "--second-journal"),
                bad("simulate negative kill-target", NOTHING, "--kill-target must not be negative",
                        "simulate", "--kill-target", "-1"),
                bad("simulate zero stall timeout", NOTHING, "--stall-timeout refused", "simulate", "--stall-timeout", "0s"),
                bad("simulate existing journal", USER_FILES, "already exists; give a new name, or --force",
                        "simulate", "--ops", "10", "--journal", "{tmp}/existing.bin"),
                bad("simulate journal in a missing directory", USER_FILES, "does not exist",
                        "simulate", "--ops", "10", "--journal", "{tmp}/missing/j.bin"),
                bad("simulate mirror into the user's directory", USER_FILES, "not empty and not a kemu mirror",
                        "simulate", "--ops", "10", "--mirror", "{tmp}/mine"),
                bad("simulate mirror into the user's directory with --force", USER_FILES, "not empty and not a kemu mirror",
                        "simulate", "--ops", "10", "--mirror", "{tmp}/mine", "--force"),
                bad("simulate mirror onto a file", USER_FILES, "exists and is not a directory",
                        "simulate", "--ops", "10", "--mirror", "{tmp}/existing.bin"),
                bad("record existing journal", USER_FILES, "kemu record: --journal '" + "{tmp}/existing.bin' refused (it already exists",
                        "record", "--ops", "10", "--journal", "{tmp}/existing.bin", "--tree", "{tmp}/t"),
                bad("record journal is a directory", USER_FILES, "it is a directory",
                        "record", "--ops", "10", "--journal", "{tmp}/adir", "--tree", "{tmp}/t"),
                bad("record non-empty tree", USER_FILES, "--tree '{tmp}/mine' refused (it is not empty",
                        "record", "--ops", "10", "--journal", "{tmp}/new.bin", "--tree", "{tmp}/mine"),
                bad("record non-empty tree with --force", USER_FILES, "--tree '{tmp}/mine' refused (it is not empty",
                        "record", "--ops", "10", "--journal", "{tmp}/new.bin", "--tree", "{tmp}/mine", "--force"),
                bad("record zero ops", NOTHING, "--ops 0 refused",
                        "record", "--ops", "0", "--journal", "{tmp}/j", "--tree", "{tmp}/t"),
                bad("record negative ops", NOTHING, "--ops -1 refused",
                        "record", "--ops", "-1", "--journal", "{tmp}/j", "--tree", "{tmp}/t"),
                bad("record zero membufsize", NOTHING, "--membufsize 0 refused",
                        "record", "--membufsize", "0", "--journal", "{tmp}/j", "--tree", "{tmp}/t"),
                bad("record missing option", NOTHING, "Missing required option", "record", "--journal", "{tmp}/j"),
                bad("record name with control characters", dir -> Files.writeString(dir.resolve("a\tb\u001b[31m"), "x"),
                        "--journal '{tmp}/a\\tb\\x1b[31m' refused",
                        "record", "--journal", "{tmp}/a\tb\u001b[31m", "--tree", "{tmp}/t"),
                bad("target journal is a directory", USER_FILES, "kemu target: --journal '{tmp}/adir' refused (it is a directory",
                        "target", "--listen", "127.0.0.1:0", "--journal", "{tmp}/adir"),
                bad("target journal in a missing directory", NOTHING, "its directory '/nonexistent/dir' does not exist",
                        "target", "--listen", "127.0.0.1:0", "--journal", "/nonexistent/dir/j.bin"),
                bad("target mirror into the user's directory", USER_FILES, "not empty and not a kemu mirror",
                        "target", "--listen", "127.0.0.1:0", "--journal", "{tmp}/j.bin", "--mirror", "{tmp}/mine"),
                bad("target listen without a port", NOTHING, "--listen 'localhost' refused (--listen wants HOST:PORT)",
                        "target", "--listen", "localhost", "--journal", "{tmp}/j.bin"),
                bad("target listen port out of range", NOTHING, "the port must be 0..65535",
                        "target", "--listen", "127.0.0.1:70000", "--journal", "{tmp}/j.bin"),
                bad("target outward symlinks without a mirror", NOTHING,
                        "kemu target: --allow-outward-symlinks refused (it applies to the mirror: give --mirror DIR",
                        "target", "--listen", "127.0.0.1:0", "--journal", "{tmp}/j.bin", "--allow-outward-symlinks"),
                bad("cluster zero gather timeout", NOTHING, "kemu cluster: --gather-timeout-ms 0 refused (give 1..60000",
                        "cluster", "--gather-timeout-ms", "0"),
                bad("cluster too many keys", NOTHING, "--keys 100001 refused", "cluster", "--keys", "100001"),
                bad("cluster zero ops", NOTHING, "each must be at least 1", "cluster", "--ops", "0"),
                bad("cluster too many masters", NOTHING, "--masters must be 1..3, not 4", "cluster", "--nodes", "3", "--masters", "4"),
                bad("cluster probability above one", NOTHING, "probabilities in 0..1", "cluster", "--crash", "2"),
                bad("conformance fifo missing folder", NOTHING, "kemu conformance fifo: '{tmp}/none' refused (it is not a directory)",
                        "conformance", "fifo", "{tmp}/none"),
                bad("conformance cluster missing folder", NOTHING, "'{tmp}/none' refused (it is not a directory)",
                        "conformance", "cluster", "{tmp}/none"),
                bad("bench zero cpus", NOTHING, "--cpus must be 1..4096", "bench", "thread-models", "--cpus", "0"),
                bad("bench existing chart", USER_FILES, "--chart '{tmp}/chart.png' refused (it already exists",
                        "bench", "thread-models", "--models", "fork-join", "--ops", "10", "--no-warmup",
                        "--chart", "{tmp}/chart.png"),
                bad("jscan dump missing file", NOTHING, "kemu jscan dump: cannot read '{tmp}/none.bin' (",
                        "jscan", "dump", "{tmp}/none.bin"),
                bad("jscan mirror missing journal", NOTHING, "kemu jscan mirror: cannot mirror (",
                        "jscan", "mirror", "--root", "{tmp}/m", "{tmp}/none.bin"),
                bad("jscan mirror into the user's own directory", USER_FILES, "is not empty and is not a kemu mirror",
                        "jscan", "mirror", "--root", "{tmp}/mine", "{tmp}/existing.bin"),
                bad("jscan undo transid not a number", NOTHING, "'zz' is not a transid (16 hex digits as dump prints them, 0x-prefixed hex, or decimal, at most 2^64-1) (try 'kemu jscan undo --help')",
                        "jscan", "undo", "--root", "{tmp}/r", "--to-transid", "zz", "{tmp}/none.bin"),
                bad("bench simulate existing chart", USER_FILES, "kemu bench simulate: --chart '{tmp}/chart.png' refused (it already exists",
                        "bench", "simulate", "--ops", "10", "--no-warmup", "--no-sizes", "--chart", "{tmp}/chart.png"),
                bad("bench hostile zero cases", NOTHING, "kemu bench hostile: --cases, --ops and --time-limit refused (each must be positive)",
                        "bench", "hostile", "--cases", "0"),
                bad("bench hostile zero jobs", NOTHING, "kemu bench hostile: --jobs 0 refused (from 1 to 64)",
                        "bench", "hostile", "--jobs", "0"),
                bad("bench hostile missing work dir", NOTHING, "kemu bench hostile: --work-dir '{tmp}/none' refused (not a writable directory)",
                        "bench", "hostile", "--work-dir", "{tmp}/none"),
                bad("unknown option", NOTHING, "kemu simulate: Unknown option", "simulate", "--cpu", "2"),
                bad("unknown command", NOTHING, "kemu: Unmatched argument", "simulat"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldEndInOneLineAndTheDocumentedStatusAndChangeNothing(Case c) throws Exception {
        c.setup().prepare(tmp);
        final Map<String, String> before = snapshot(tmp);
        final Run run = run(c.args().stream().map(a -> a.replace("{tmp}", tmp.toString())).toArray(String[]::new));

        assertThat(run.status()).as(run.toString()).isEqualTo(c.status());
        assertThat(run.err()).as(run.toString()).endsWith("\n");
        final String[] lines = run.err().split("\n", -1);
        assertThat(lines).as("exactly one line on stderr: %s", run).hasSize(2);
        assertThat(lines[0]).matches("kemu[a-z -]*: .+ \\(.+\\)").contains(c.line().replace("{tmp}", tmp.toString()));
        assertThat(run.out()).as("nothing on stdout").isEmpty();
        assertThat(snapshot(tmp)).as("the directory is unchanged").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldAddTheStackTraceOnlyWithDebug(Case c) throws Exception {
        c.setup().prepare(tmp);
        final List<String> args = new ArrayList<>(c.args().stream().map(a -> a.replace("{tmp}", tmp.toString())).toList());
        if (c.line().contains("Unmatched argument")) {
            return;
        }
        args.add("--debug");
        final Run run = run(args.toArray(String[]::new));
        assertThat(run.status()).isEqualTo(c.status());
        assertThat(run.err()).startsWith("kemu");
        if (!c.line().contains("help") && !c.line().contains("Unknown option") && !c.line().contains("Missing required")) {
            assertThat(run.err()).as("a stack trace follows the line").contains("\tat ");
        }
    }

    @org.junit.jupiter.api.Test
    void shouldSayWhyWhenThePortIsInUseAndLeaveNoJournalBehind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Run run = run("target", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--journal",
                    tmp.resolve("j.bin").toString());
            assertThat(run.status()).isEqualTo(ExitStatus.RUNTIME);
            assertThat(run.err()).isEqualTo("kemu target: cannot listen on '127.0.0.1:" + taken.getLocalPort()
                    + "' (the address is already in use)\n");
            assertThat(tmp.resolve("j.bin")).doesNotExist();
        }
    }

    /** The warning comes before anything listens; the taken port then ends the run, so the test ends. */
    @org.junit.jupiter.api.Test
    void shouldWarnThatATargetListeningBeyondLoopbackHasNoAuthentication() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Run run = run("target", "--listen", "0.0.0.0:" + taken.getLocalPort(), "--journal",
                    tmp.resolve("j.bin").toString());
            assertThat(run.err().split("\n")[0]).isEqualTo("kemu target: warning: listening on 0.0.0.0:"
                    + taken.getLocalPort() + " makes this target reachable from the network, and it has no"
                    + " authentication: anyone who can connect can write to the journal");
        }
    }

    @org.junit.jupiter.api.Test
    void shouldKeepTheUsersJournalWhenThePortIsInUse() throws Exception {
        Files.writeString(tmp.resolve("j.bin"), "");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Run run = run("target", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--journal",
                    tmp.resolve("j.bin").toString());
            assertThat(run.status()).isEqualTo(ExitStatus.RUNTIME);
            assertThat(tmp.resolve("j.bin")).exists();
        }
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = KemuCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** Every path under {@code dir} (the state directories beside it too) with its type and content. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        final Map<String, String> entries = new TreeMap<>();
        // by name only: the parent is a shared temporary directory whose other entries come and go
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir.getParent(), "." + dir.getFileName() + "*")) {
            for (Path sibling : siblings) {
                entries.put(sibling.toString(), "state beside");
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                final String kind = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                        : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file " + Files.readString(p) : "other";
                entries.put(dir.relativize(p).toString(), kind);
            }
        }
        return entries;
    }
}
