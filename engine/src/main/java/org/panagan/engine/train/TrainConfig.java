package org.panagan.engine.train;

import org.panagan.engine.Checks;
import org.panagan.engine.Rng;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.dcgan.ModelConfig;

/**
 * A training run's settings.
 *
 * @param model        the networks
 * @param batchSize    images per step, 2 to 65536 (batch-norm needs two); the plan is made for
 *                     it, and shorter batches (an epoch's last) run in the same memory
 * @param adam         both optimisers' settings (main.py: {@link AdamParams#DCGAN})
 * @param seed         seeds the run's one random stream ({@link Rng})
 * @param captureGraph on backends that can, record the iteration once as a graph and replay it
 */
public record TrainConfig(ModelConfig model, int batchSize, AdamParams adam, long seed,
                          boolean captureGraph) {

    public TrainConfig {
        Checks.present("model", model);
        Checks.inRange("batchSize", batchSize, 2, 65536);
        Checks.present("adam", adam);
    }

    /** main.py's optimiser settings, graphs on. */
    public static TrainConfig of(ModelConfig model, int batchSize, long seed) {
        return new TrainConfig(model, batchSize, AdamParams.DCGAN, seed, true);
    }
}
