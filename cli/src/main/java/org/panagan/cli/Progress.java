package org.panagan.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a run shows progress: on a terminal a progress bar on stderr (epoch, iteration, images/s,
 * ETA, latest losses) with the periodic log lines on stdout; otherwise (a file, a pipe, a test)
 * only the log lines, each ending with the ETA.
 */
final class Progress implements AutoCloseable {

    /** Carriage return and erase-line: a log line starts where the bar was drawn. */
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter out;
    private final ProgressBar bar;
    private boolean closed;

    private Progress(PrintWriter out, ProgressBar bar) {
        this.out = out;
        this.bar = bar;
    }

    /** A bar when stdout is a terminal, plain lines otherwise. */
    static Progress forConsole(PrintWriter out, long iterations, PrintStream barStream) {
        java.io.Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return plain(out);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("it")
                .setInitialMax(iterations).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(barStream))
                .setUpdateIntervalMillis(500).showSpeed().build();
        return new Progress(out, bar);
    }

    /** Log lines only. */
    static Progress plain(PrintWriter out) {
        return new Progress(out, null);
    }

    boolean hasBar() {
        return bar != null;
    }

    /** A resumed run: the bar starts at the iterations already done. */
    void startAt(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    /** After each iteration: moves the bar (no output in plain mode). */
    void iteration(long done, String status) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(status);
        }
    }

    /** A log line; in plain mode the ETA is appended since no bar shows it. */
    void log(String line, Duration eta) {
        note(bar == null ? line + "  ETA " + format(eta) : line);
    }

    /** A line shown either way (notes, epoch ends, the summary). */
    void note(String line) {
        out.println(bar != null && !closed ? CLEAR_LINE + line : line);
        out.flush();
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void close() {
        if (bar != null && !closed) {
            bar.close();
        }
        closed = true;
    }
}
