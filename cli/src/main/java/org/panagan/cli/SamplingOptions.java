package org.panagan.cli;

import org.panagan.engine.backend.Backends;
import org.panagan.engine.train.SampleMode;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of the commands that run the generator: where, and with which statistics. */
final class SamplingOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bn-mode", paramLabel = "MODE", description = "Batch-norm statistics: "
            + "running (the running averages training kept, as PyTorch's eval(); each image "
            + "depends only on its z) or batch (the statistics of the batch being generated, "
            + "up to 64 images, as main.py's own samples, which never call eval()).")
    String bnMode = "running";

    @Option(names = "--device", paramLabel = "DEV", description = "auto (cuda where usable, "
            + "else cpu), cuda, cpu or sim.")
    String device = "auto";

    Backends.Request device() {
        return Choices.device(spec, device);
    }

    SampleMode mode() {
        return Choices.bnMode(spec, bnMode);
    }
}
