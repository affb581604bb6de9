package org.panagan.engine.checkpoint;

import java.nio.file.Path;
import java.util.Map;

import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.Network;
import org.panagan.engine.train.Trainer;

/**
 * A generator read from a file, ready for sampling: the model, its parameters and running
 * statistics (laid out as {@link Network#parameters()} and {@link Network#state()}).
 *
 * @param source            the file it came from
 * @param architecture      the model, from the file's metadata (or its shapes, for a file
 *                          without ours; then ndf is ngf)
 * @param metadata          the file's {@code __metadata__}
 * @param parameters        G's parameters
 * @param runningStatistics G's batch-norm running means and variances
 */
public record GeneratorWeights(Path source, Architecture architecture,
                               Map<String, String> metadata, float[] parameters,
                               float[] runningStatistics) {

    public GeneratorWeights {
        metadata = Map.copyOf(metadata);
    }

    /**
     * The model as a user-facing configuration, for opening the trainer that samples.
     *
     * @throws CheckpointException when the size is one only the model builder accepts
     */
    public ModelConfig model() {
        Architecture a = architecture;
        try {
            return new ModelConfig(a.nz(), a.ngf(), a.ndf(), a.nc(), a.imageSize());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source, "holds a model panagan trains but does not"
                    + " offer: " + e.getMessage());
        }
    }

    /**
     * Puts the weights into a trainer's generator (for {@link Trainer#generate}); the trainer
     * must have been opened for the same architecture.
     */
    public void applyTo(Trainer trainer) {
        Network g = trainer.generator();
        if (!g.layers().equals(architecture.generator())) {
            throw new CheckpointException(source, "holds a generator for "
                    + StateDicts.describe(architecture) + "; this trainer has "
                    + StateDicts.describe(trainer.architecture()));
        }
        g.uploadParameters(parameters);
        g.uploadRunningStatistics(runningStatistics);
    }
}
