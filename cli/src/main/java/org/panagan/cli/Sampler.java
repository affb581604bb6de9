package org.panagan.cli;

import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.GeneratorWeights;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.Rng;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/**
 * A generator loaded onto a backend for sampling: the backend and a trainer opened for the
 * generator's model, its weights uploaded. Closing releases both (idempotent).
 */
final class Sampler implements AutoCloseable {

    /**
     * The largest batch the trainer is planned for; {@link Trainer#generate} works in chunks of
     * it, so with batch statistics each image depends on the others of its chunk (main.py
     * samples its 64 fixed-noise vectors as one batch).
     */
    static final int MAX_BATCH = 64;

    private final Backend backend;
    private final Trainer trainer;
    private boolean closed;

    private Sampler(Backend backend, Trainer trainer) {
        this.backend = backend;
        this.trainer = trainer;
    }

    /** Opens {@code device} and uploads {@code weights}, planned for up to {@code n} images. */
    static Sampler open(GeneratorWeights weights, Backends.Request device, int n) {
        // Batch-norm needs two samples per batch in training mode, so the plan has at least 2.
        int batch = Math.max(2, Math.min(n, MAX_BATCH));
        TrainConfig config = TrainConfig.of(weights.model(), batch, 0);
        Backend backend = Backends.open(device);
        try {
            Trainer trainer = Trainer.open(config, backend);
            try {
                weights.applyTo(trainer);
                return new Sampler(backend, trainer);
            } catch (RuntimeException e) {
                trainer.close();
                throw e;
            }
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** {@code z}: n x nz floats; returns n x nc x S x S floats in [-1, 1]. */
    float[] generate(float[] z, int n, SampleMode mode) {
        return trainer.generate(z, n, mode);
    }

    Architecture architecture() {
        return trainer.architecture();
    }

    Trainer trainer() {
        return trainer;
    }

    String backendDescription() {
        return backend.description();
    }

    /** {@code n} latent vectors of length {@code nz}, N(0, 1), the stream seeded by seed. */
    static float[] latents(long seed, int n, int nz) {
        float[] z = new float[Math.multiplyExact(n, nz)];
        Rng.seeded(seed).fillGaussian(z, 0, z.length, 0, 1);
        return z;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            trainer.close();
        } finally {
            backend.close();
        }
    }
}
