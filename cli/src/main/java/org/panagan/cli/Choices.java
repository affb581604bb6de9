package org.panagan.cli;

import java.util.Locale;

import org.panagan.engine.backend.Backends;
import org.panagan.engine.train.SampleMode;

import picocli.CommandLine.Model.CommandSpec;

/** Options that name one of a few words; an unknown word is a usage error listing them. */
final class Choices {

    private Choices() {
    }

    /** auto, cuda, cpu or sim. */
    static Backends.Request device(CommandSpec spec, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> Backends.Request.AUTO;
            case "cuda" -> Backends.Request.CUDA;
            case "cpu" -> Backends.Request.CPU;
            case "sim" -> Backends.Request.SIM;
            default -> throw Ranges.bad(spec, "--device = " + text
                    + " is not known; allowed: auto, cuda, cpu, sim");
        };
    }

    /** batch or running. */
    static SampleMode bnMode(CommandSpec spec, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "batch" -> SampleMode.BATCH_STATISTICS;
            case "running" -> SampleMode.RUNNING_STATISTICS;
            default -> throw Ranges.bad(spec, "--bn-mode = " + text
                    + " is not known; allowed: batch, running");
        };
    }

    /** How a mode is printed: the option's word and what it means. */
    static String describe(SampleMode mode) {
        return mode == SampleMode.RUNNING_STATISTICS
                ? "running (running statistics, as PyTorch's eval())"
                : "batch (statistics of each generated batch, as main.py's own samples)";
    }
}
