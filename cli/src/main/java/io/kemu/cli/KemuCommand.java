package io.kemu.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code kemu} command: the root of every subcommand, and the one error path they share. Every
 * failure ends in exactly one line {@code kemu <command>: <what> (<why>)} on stderr and a status of
 * {@link ExitStatus}: usage errors from picocli, {@link CliFailure}s a command throws, and any other
 * exception (I/O, internal) alike; a stack trace is printed only with {@code --debug}. The options
 * {@code --debug} and {@code --verbose} are inherited by every subcommand.
 */
@Command(
        name = "kemu",
        mixinStandardHelpOptions = true,
        version = "kemu 0.1.0",
        description = "DragonFly BSD's VFS journal and HAMMER2 cluster, emulated on Akka Typed.",
        footer = {"", "Exit status: 0 ok; 1 a check failed or problems were found; 2 bad usage or input;"
                + " 3 the run failed (I/O, network, stalled, internal)."},
        subcommands = {
            ConformanceCommand.class,
            SimulateCommand.class,
            TargetCommand.class,
            RecordCommand.class,
            JscanCommand.class,
            BenchCommand.class,
            ClusterCommand.class,
            NodeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class KemuCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace too (and log exceptions with theirs).")
    boolean debug;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log at INFO instead of WARN (KEMU_LOG_LEVEL sets any level).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the CLI tests. */
    public static CommandLine newCommandLine() {
        final CommandLine cli = new CommandLine(new KemuCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parseResult -> {
            CliLogging.configure(matched(parseResult, "--verbose"), matched(parseResult, "--debug"));
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            final CommandLine failed = e.getCommandLine();
            final String name = failed.getCommandSpec().qualifiedName(" ");
            print(failed.getErr(), name, oneLine(e.getMessage()), "try '" + name + " --help'");
            return ExitStatus.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler(KemuCommand::handle);
        return cli;
    }

    /** The one error path: one line, the status, and the stack trace only with --debug. */
    private static int handle(Exception thrown, CommandLine failed, ParseResult parsed) {
        final String name = failed.getCommandSpec().qualifiedName(" ");
        final PrintWriter err = failed.getErr();
        final Throwable e = unwrap(thrown);
        final int status;
        if (e instanceof CliFailure f) {
            status = f.status();
            print(err, name, f.what(), f.why());
        } else if (e instanceof IOException io) {
            status = ExitStatus.RUNTIME;
            print(err, name, ioWhat(io), ioWhy(io));
        } else {
            status = ExitStatus.RUNTIME;
            print(err, name, "internal error", oneLine(e.toString())
                    + (matched(parsed, "--debug") ? "" : "; run with --debug for the stack trace"));
        }
        if (matched(parsed, "--debug")) {
            thrown.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    private static void print(PrintWriter err, String command, String what, String why) {
        CliLogging.clearProgress();
        err.println(command + ": " + oneLine(what) + " (" + oneLine(why) + ")");
        err.flush();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String ioWhat(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            return "cannot use " + Names.quote(fs.getFile())
                    + (fs.getOtherFile() != null ? " or " + Names.quote(fs.getOtherFile()) : "");
        }
        return "I/O error";
    }

    private static String ioWhy(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Whether {@code option} was given on any command of the parsed chain (inherited options). */
    static boolean matched(ParseResult parsed, String option) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps a message on one line: line breaks become " / ", other control characters are escaped. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        final StringBuilder line = new StringBuilder(text.length());
        final String joined = text.strip().replaceAll("\\s*(\\r\\n|\\n|\\r)\\s*", " / ");
        joined.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                line.append(String.format("\\x%02x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
