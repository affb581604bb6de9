package org.panagan.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.data.DataSpec;
import org.panagan.engine.data.Datasets;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.metrics.SlicedWasserstein.Result;
import org.panagan.engine.metrics.SlicedWasserstein.Settings;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/** The metric tells an untrained generator's output from the built-in dataset's images. */
class UntrainedGeneratorTest {

    private static final int N = 128;
    private static final int S = 32;

    @TempDir
    Path cache;

    @Test
    void anUntrainedGeneratorScoresFarAboveTheRealBaseline() {
        ModelConfig model = new ModelConfig(100, 16, 16, 3, S);
        float[] real = new float[N * 3 * S * S];
        try (ImageDataset builtin = Datasets.open(new DataSpec(DataSpec.BUILTIN, S, N, cache))) {
            int[] all = new int[N];
            for (int i = 0; i < N; i++) {
                all[i] = i;
            }
            builtin.copyBatch(all, 0, N, real);
        }
        float[] fake;
        try (Backend backend = Backends.open(Backends.Request.CPU);
             Trainer trainer = Trainer.open(TrainConfig.of(model, 64, 82), backend)) {
            Random random = new Random(83);
            float[] z = new float[N * model.nz()];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            fake = trainer.generate(z, N, SampleMode.BATCH_STATISTICS);
        }
        Result baseline = SlicedWasserstein.splitHalfBaseline(real, N, 3, S, Settings.DEFAULT);
        Result untrained = SlicedWasserstein.distance(fake, N / 2, real, N / 2, 3, S);
        assertTrue(untrained.average() > 3 * baseline.average(), "untrained " + untrained
                + " vs real baseline " + baseline);
    }
}
