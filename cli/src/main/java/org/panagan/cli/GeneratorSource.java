package org.panagan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.panagan.engine.checkpoint.Checkpoint;
import org.panagan.engine.checkpoint.CheckpointStore;
import org.panagan.engine.checkpoint.GeneratorWeights;
import org.panagan.engine.dcgan.Architecture;

/**
 * A generator named on the command line: a run folder, its {@code checkpoints} folder, a
 * {@code step-N} folder, a file in one, or a lone {@code .safetensors} file.
 *
 * @param weights   the generator as read (and checked) by the engine
 * @param runFolder where outputs go by default: the run folder of a checkpoint, else the folder
 *                  holding the file
 * @param step      the training iteration of the checkpoint, when it sits in a step folder
 */
record GeneratorSource(GeneratorWeights weights, Path runFolder, OptionalLong step) {

    /** "step-000500", as the checkpoint store names its folders. */
    private static final Pattern STEP_FOLDER = Pattern.compile("step-(\\d+)");

    /** What a checkpoint path may name, for hints. */
    static final String ACCEPTED = "a run folder, its checkpoints/ folder, a step-N folder or a"
            + " .safetensors file";

    /**
     * Reads the generator {@code path} names.
     *
     * @throws CliFailure when nothing is there
     * @throws org.panagan.engine.checkpoint.CheckpointException when what is there is no
     *         usable generator (the message names the file)
     */
    static GeneratorSource open(Path path) {
        if (!Files.exists(path)) {
            throw new CliFailure(path + ": no such file or folder",
                    "check the path; give " + ACCEPTED);
        }
        GeneratorWeights weights = Checkpoint.loadGenerator(path);
        Path file = weights.source().toAbsolutePath();
        Path folder = file.getParent();
        Matcher m = STEP_FOLDER.matcher(folder.getFileName().toString());
        Path store = folder.getParent();
        boolean inStore = store != null && store.getParent() != null
                && store.getFileName().toString().equals(CheckpointStore.FOLDER);
        OptionalLong step = m.matches() ? OptionalLong.of(Long.parseLong(m.group(1)))
                : OptionalLong.empty();
        return new GeneratorSource(weights, inStore && m.matches() ? store.getParent() : folder,
                step);
    }

    /** The step as printed: "500", or why it is not known. */
    String stepText() {
        return step.isPresent() ? Long.toString(step.getAsLong())
                : "not known (the file is not in a step-N checkpoint folder)";
    }

    /** The model and where it was read from, e.g. "imageSize 64, nz 100, ... (metadata)". */
    String modelText() {
        Architecture a = weights.architecture();
        String from = weights.metadata().containsKey(ExportCommand.PANAGAN_FORMAT_KEY)
                ? "from the file's metadata"
                : "from the tensor shapes; ndf taken as ngf";
        return String.format(Locale.ROOT, "imageSize %d, nz %d, ngf %d, ndf %d, nc %d (%s)",
                a.imageSize(), a.nz(), a.ngf(), a.ndf(), a.nc(), from);
    }
}
