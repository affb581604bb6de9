package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.AtomicFiles;
import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.GeneratorWeights;
import org.panagan.engine.checkpoint.Safetensors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The generator as one standalone safetensors file. A file panagan wrote (a checkpoint's
 * {@code generator.safetensors}, or an earlier export) already is exactly that: netG's
 * state_dict with our model metadata; it is copied byte for byte, after the engine has checked
 * it (against the checkpoint's manifest where there is one). A file without our metadata (a
 * netG PyTorch saved) is loaded into a generator and written anew with the metadata.
 */
@Command(name = "export", mixinStandardHelpOptions = true, showDefaultValues = true,
        sortOptions = false,
        description = {"Write a checkpoint's generator as one safetensors file.",
            "netG's state_dict under PyTorch's names (main.0.weight, ...) with the model in "
                    + "its metadata, so `panagan sample` needs no flags and PyTorch loads it "
                    + "with netG.load_state_dict(safetensors.torch.load_file(FILE)). A file "
                    + "panagan wrote is copied byte for byte once checked; one without panagan's "
                    + "metadata (a netG PyTorch saved) is loaded and written with it. An "
                    + "existing --out is kept unless --force."},
        footerHeading = "%nExamples:%n",
        footer = {"  panagan export runs/faces --out faces-generator.safetensors",
                "  panagan export runs/faces/checkpoints/step-002000 --out g2000.safetensors",
                "  panagan export netG-from-pytorch.safetensors --out netG.safetensors --force"})
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A run folder (its latest "
            + "checkpoint), its checkpoints/ folder, a step-N folder, or a .safetensors file.")
    Path source;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The safetensors file to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--device", paramLabel = "DEV", description = "Where a file without "
            + "panagan's metadata is loaded to be written anew: cpu, auto, cuda or sim.")
    String device = "cpu";

    @Override
    public Integer call() {
        Main.configureLogging(spec);
        Backends.Request request = Choices.device(spec, device);
        if (Files.isDirectory(out)) {
            throw Ranges.bad(spec, "--out = " + out + " is a folder; give the file to write, "
                    + "e.g. " + out.resolve("generator.safetensors"));
        }
        if (Files.exists(out) && !force) {
            throw new CliFailure(out + ": already exists; export does not overwrite it",
                    "add --force to replace it, or choose another --out");
        }

        GeneratorSource from = GeneratorSource.open(source);
        GeneratorWeights weights = from.weights();
        boolean ours = from.hasPanaganMetadata();
        if (ours && sameFile(weights.source(), out)) {
            throw new CliFailure(out + ": is the file being exported",
                    "choose another --out");
        }
        AtomicFiles.Written written = ours ? copy(weights.source(), out)
                : convert(weights, request, out);
        checkReadsBack(weights, out);
        new Table()
                .row("checkpoint", weights.source())
                .row("step", from.stepText())
                .row("model", from.modelText())
                .row("how", ours ? "copied (already netG's state_dict with panagan's metadata)"
                        : "loaded and written with panagan's metadata")
                .row("wrote", String.format(Locale.ROOT, "%s (%,d bytes, SHA-256 %s)",
                        written.file(), written.bytes(), written.sha256()))
                .print(spec.commandLine().getOut());
        return 0;
    }

    private static AtomicFiles.Written copy(Path from, Path to) {
        return AtomicFiles.write(to, stream -> Files.copy(from, stream));
    }

    private static AtomicFiles.Written convert(GeneratorWeights weights,
                                               Backends.Request device, Path to) {
        try (Sampler sampler = Sampler.open(weights, device, 2)) {
            return Safetensors.writeGenerator(to, sampler.trainer());
        }
    }

    /** The written file, read as `sample` will read it, holds the same numbers. */
    private static void checkReadsBack(GeneratorWeights expected, Path file) {
        GeneratorWeights back = Checkpoint.loadGenerator(file);
        if (!back.architecture().equals(expected.architecture())
                || !Arrays.equals(back.parameters(), expected.parameters())
                || !Arrays.equals(back.runningStatistics(), expected.runningStatistics())) {
            throw new CliFailure(file + ": written, but it reads back different from "
                    + expected.source(), "report this with --verbose output; do not use the "
                    + "file");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
