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
 * @param runFolder where outputs go by default: the run folder of a checkpoint (the folder
 *                  above its step-N folder, or above its checkpoints/ folder), else the folder
 *                  holding the file
 * @param step      the training iteration of the checkpoint, when it sits in a step folder
 */
record GeneratorSource(GeneratorWeights weights, Path runFolder, OptionalLong step) {

    /** "step-000500", as the checkpoint store names its folders. */
    private static final Pattern STEP_FOLDER = Pattern.compile("step-(\\d{1,18})");

    /** The metadata key that marks a file as panagan's (engine README, "Checkpoints"). */
    static final String PANAGAN_FORMAT_KEY = "panaganFormat";

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
        Path folder = weights.source().toAbsolutePath().getParent();
        Matcher m = STEP_FOLDER.matcher(String.valueOf(folder.getFileName()));
        if (!m.matches() || folder.getParent() == null) {
            return new GeneratorSource(weights, folder, OptionalLong.empty());
        }
        // Outputs go beside the checkpoints, never into a checkpoint folder.
        Path store = folder.getParent();
        boolean inStore = store.getParent() != null
                && String.valueOf(store.getFileName()).equals(CheckpointStore.FOLDER);
        return new GeneratorSource(weights, inStore ? store.getParent() : store,
                OptionalLong.of(Long.parseLong(m.group(1))));
    }

    /** The step as printed: "500", or why it is not known. */
    String stepText() {
        return step.isPresent() ? Long.toString(step.getAsLong())
                : "not known (the file is not in a step-N checkpoint folder)";
    }

    /**
     * Whether the file is one panagan wrote (a checkpoint's generator or an export): netG's
     * state_dict with the model in its metadata. Without it, the model came from the shapes.
     */
    boolean hasPanaganMetadata() {
        return weights.metadata().containsKey(PANAGAN_FORMAT_KEY);
    }

    /** The model and where it was read from, e.g. "imageSize 64, nz 100, ... (metadata)". */
    String modelText() {
        Architecture a = weights.architecture();
        String from = hasPanaganMetadata() ? "from the file's metadata"
                : "from the tensor shapes; ndf taken as ngf";
        return String.format(Locale.ROOT, "imageSize %d, nz %d, ngf %d, ndf %d, nc %d (%s)",
                a.imageSize(), a.nz(), a.ngf(), a.ndf(), a.nc(), from);
    }
}
