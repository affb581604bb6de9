package org.panagan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Function;

import org.panagan.engine.PanaganException;
import org.panagan.engine.checkpoint.CheckpointException;
import org.panagan.engine.data.DatasetException;
import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.ImageDataset;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code panagan} command. Exit codes: 0 success, 1 a failure while running (the engine, the
 * data, files), 2 a usage error (unknown option, value out of range), 130 interrupted (Ctrl-C).
 * Every error is one line on stderr followed by a {@code hint:} line; the stack trace is printed
 * only with {@code --verbose}.
 */
@Command(name = "panagan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        showDefaultValues = true, sortOptions = false,
        description = "A DCGAN trainer for the JVM (pytorch/examples dcgan/main.py) on CUDA, "
                + "the kernel simulator or the CPU.",
        subcommands = {TrainCommand.class, SampleCommand.class, InterpolateCommand.class,
                EvalCommand.class, ExportCommand.class, InfoCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  panagan train                              # the built-in dataset, 25 epochs",
                "  panagan train --data ~/images --image-size 64 --device cuda",
                "  panagan sample runs/<run> --count 64",
                "  panagan eval runs/<run>",
                "  panagan info",
                "  panagan help train"})
public final class Main implements Runnable {

    /** Exit code for a usage error: a bad option or value. */
    static final int USAGE = 2;
    /** Exit code for a failure while running. */
    static final int FAILURE = 1;
    /** Exit code when the run was interrupted (Ctrl-C), as shells report SIGINT. */
    static final int INTERRUPTED = 130;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors and the engine's log.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Charts and sample grids are drawn off-screen; no display is ever needed.
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, out, err, TrainCommand.PRODUCTION_OPENER);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and data opener; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err,
                   Function<DataSpec, ImageDataset> opener) {
        CommandLine cli = commandLine(opener);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The configured command line; {@code opener} is what {@code train} opens data with. */
    static CommandLine commandLine(Function<DataSpec, ImageDataset> opener) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == TrainCommand.class) {
                    return type.cast(new TrainCommand(opener));
                }
                if (type == EvalCommand.class) {
                    return type.cast(new EvalCommand(opener));
                }
                return defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new Main(), factory);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    /** Without a command there is nothing to do: a usage error that lists the commands. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: use train, sample, interpolate, eval, export, info or help");
    }

    // ---------------------------------------------------------------------------------------
    // Errors: one line, a hint, the trace only with --verbose
    // ---------------------------------------------------------------------------------------

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("panagan: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("hint: see `panagan " + commandPath(cli) + "--help` for the options "
                + "and their ranges");
        if (verbose(e.getCommandLine().getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof CommandLine.ParameterException p) {
            return usageError(p, new String[0]);
        }
        err.println("panagan: " + oneLine(e));
        err.println("hint: " + hint(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return e instanceof CliFailure f ? f.exitCode() : FAILURE;
    }

    /**
     * The first line of the message, with the exception type when there is no message; a
     * dataset error's own {@code hint:} goes on the hint line instead.
     */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof DatasetException && message.contains(DATASET_HINT)) {
            message = message.substring(0, message.indexOf(DATASET_HINT)).strip();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " (more with --verbose)";
    }

    /** Where a dataset error's message carries its own hint. */
    private static final String DATASET_HINT = "hint:";

    /** What to try next, by what failed. */
    static String hint(Throwable e) {
        if (e instanceof CliFailure f) {
            return f.hint();
        }
        if (e instanceof CheckpointException c) {
            return c.problem().startsWith("cannot save") || c.problem().startsWith("cannot write")
                    ? "check that " + visibleFolder(c.file()) + " is writable and its disk "
                            + "has room; checkpoints saved before this one are intact"
                    : CheckpointHints.hint(c);
        }
        if (e instanceof PanaganException p) {
            return switch (p.status()) {
                case PanaganException.BACKEND_UNAVAILABLE ->
                        "run `panagan info` to see what this machine offers; --device cpu runs "
                                + "anywhere";
                case PanaganException.OUT_OF_MEMORY ->
                        "lower --batch-size or --image-size, or use a device with more memory";
                default -> "run again with --verbose for the full report";
            };
        }
        if (e instanceof DatasetException d) {
            String message = String.valueOf(d.getMessage());
            int at = message.indexOf(DATASET_HINT);
            return at >= 0 ? message.substring(at + DATASET_HINT.length()).strip()
                    : "check --data: a folder of JPEG/PNG images, an IDX image file or builtin";
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return "check that the path exists, is readable, and that the disk has room";
        }
        return "run again with --verbose to see where it failed";
    }

    /** The folder a user knows {@code file} by: above the hidden ones a save writes into. */
    private static java.nio.file.Path visibleFolder(java.nio.file.Path file) {
        java.nio.file.Path dir = file.toAbsolutePath().getParent();
        while (dir != null && dir.getFileName() != null
                && dir.getFileName().toString().startsWith(".")) {
            dir = dir.getParent();
        }
        return dir;
    }

    /**
     * The engine logs through System.Logger (java.util.logging here): its INFO lines show only
     * with --verbose, since the command prints the same facts in its own tables.
     */
    static void configureLogging(CommandLine.Model.CommandSpec spec) {
        boolean verbose = verbose(spec.root().commandLine().getParseResult());
        java.util.logging.Logger.getLogger("").setLevel(verbose
                ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    }

    static boolean verbose(ParseResult parsed) {
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String commandPath(CommandLine cli) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = cli; c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    /** The project version, from the jar's filtered resource. */
    static final class Version implements CommandLine.IVersionProvider {

        /** As {@link #getVersion()}, with an unreadable resource reported in the text. */
        String[] getVersionQuietly() {
            try {
                return getVersion();
            } catch (IOException e) {
                return new String[] {"panagan (version unreadable: " + e.getMessage() + ")"};
            }
        }

        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/panagan-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {
                "panagan " + p.getProperty("version", "(version unknown)"),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
