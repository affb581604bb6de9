package org.panagan.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.CheckpointStore;
import org.panagan.engine.checkpoint.Progress;
import org.panagan.engine.checkpoint.Retention;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.Rng;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/** Tiny trained checkpoints for the commands that read them, made with the engine. */
final class Checkpoints {

    /** Batch of the runs made here. */
    static final int BATCH = 4;
    /** Iterations trained before the save: the step folder is step-000002. */
    static final int STEPS = 2;

    private Checkpoints() {
    }

    /** A tiny model: nz 8, ngf 4, ndf 4, {@code nc} channels, 32 x 32. */
    static ModelConfig tiny(int nc) {
        return new ModelConfig(8, 4, 4, nc, 32);
    }

    /**
     * A run folder {@code dir} with one checkpoint, saved after {@link #STEPS} iterations on
     * uniform random images in [-1, 1]; returns {@code dir}.
     */
    static Path run(Path dir, int nc, long seed) {
        ModelConfig model = tiny(nc);
        try (Backend backend = Backends.open(Backends.Request.CPU);
             Trainer trainer = Trainer.open(TrainConfig.of(model, BATCH, seed), backend)) {
            Rng rng = Rng.seeded(seed ^ 0x5eed);
            float[] images = new float[BATCH * nc * 32 * 32];
            for (int i = 0; i < STEPS; i++) {
                for (int j = 0; j < images.length; j++) {
                    images[j] = (float) (2 * rng.nextDouble() - 1);
                }
                trainer.step(images, BATCH);
            }
            CheckpointStore.in(dir, Retention.ALL).save(trainer, new Progress(1, STEPS, seed));
        }
        return dir;
    }

    /** The step folder {@link #run} writes. */
    static Path stepFolder(Path run) {
        return run.resolve("checkpoints").resolve("step-00000" + STEPS);
    }

    /** The generator file of {@link #run}'s checkpoint. */
    static Path generatorFile(Path run) {
        return stepFolder(run).resolve("generator.safetensors");
    }

    static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " was not written");
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new AssertionError(file + " is not a readable image");
        }
        return image;
    }
}
