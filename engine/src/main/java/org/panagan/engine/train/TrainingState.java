package org.panagan.engine.train;

import java.util.Locale;

import org.panagan.engine.Checks;
import org.panagan.engine.Rng;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.dcgan.ModelConfig;

/**
 * Everything a run needs to continue bit for bit: its settings, both networks with their
 * optimiser state, the random stream and the fixed noise. {@link Trainer#exportState} makes one
 * and {@link Trainer#resume} continues from one; the checkpoint package stores it in files.
 * Arrays are held as given (no copies); equality is identity.
 *
 * @param architecture  the networks
 * @param batchSize     the planned batch size, 2 to 65536
 * @param adam          both optimisers' settings
 * @param seed          the seed the run started from (kept for the record; the stream goes on
 *                      from {@code rngState})
 * @param captureGraph  whether the run asked for graph replay
 * @param iteration     iterations run so far, 0 or more
 * @param rngState      the random stream's state ({@link Rng#state()})
 * @param fixedNoise    the fixed noise, batchSize x nz floats
 * @param generator     G's tensors
 * @param discriminator D's tensors
 */
public record TrainingState(Architecture architecture, int batchSize, AdamParams adam, long seed,
                            boolean captureGraph, long iteration, long rngState,
                            float[] fixedNoise, NetworkState generator,
                            NetworkState discriminator) {

    public TrainingState {
        Checks.present("architecture", architecture);
        Checks.inRange("batchSize", batchSize, 2, 65536);
        Checks.present("adam", adam);
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration = " + iteration
                    + " is out of range; allowed: 0 or more");
        }
        Checks.present("fixedNoise", fixedNoise);
        long noise = (long) batchSize * architecture.nz();
        if (fixedNoise.length != noise) {
            throw new IllegalArgumentException("fixedNoise has " + fixedNoise.length
                    + " floats; batchSize " + batchSize + " x nz " + architecture.nz()
                    + " needs " + noise);
        }
        Checks.present("generator", generator);
        Checks.present("discriminator", discriminator);
    }

    /**
     * The run's settings as a {@link TrainConfig}.
     *
     * @throws IllegalArgumentException when the architecture is one only the model builder
     *                                  accepts (16x16, as the tests use)
     */
    public TrainConfig config() {
        ModelConfig model = new ModelConfig(architecture.nz(), architecture.ngf(),
                architecture.ndf(), architecture.nc(), architecture.imageSize());
        return new TrainConfig(model, batchSize, adam, seed, captureGraph);
    }

    /**
     * One network's tensors, each laid out as the network's flat buffers
     * ({@code Network.parameters()} and {@code Network.state()}).
     *
     * @param parameters         the trainable tensors
     * @param runningStatistics  running_mean and running_var of every batch-norm
     * @param expAvg             Adam's first moments, laid out as the parameters
     * @param expAvgSq           Adam's second moments, laid out as the parameters
     * @param adamStep           Adam's step counter, 0 or more
     */
    public record NetworkState(float[] parameters, float[] runningStatistics, float[] expAvg,
                               float[] expAvgSq, long adamStep) {

        public NetworkState {
            Checks.present("parameters", parameters);
            Checks.present("runningStatistics", runningStatistics);
            Checks.present("expAvg", expAvg);
            Checks.present("expAvgSq", expAvgSq);
            if (expAvg.length != parameters.length || expAvgSq.length != parameters.length) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "expAvg has %d and expAvgSq %d floats; both must match the %d"
                                + " parameters", expAvg.length, expAvgSq.length,
                        parameters.length));
            }
            if (adamStep < 0) {
                throw new IllegalArgumentException("adamStep = " + adamStep
                        + " is out of range; allowed: 0 or more");
            }
        }
    }
}
