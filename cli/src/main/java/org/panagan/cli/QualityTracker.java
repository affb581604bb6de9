package org.panagan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.panagan.engine.data.EpochOrder;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.metrics.SlicedWasserstein;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.Trainer;

/**
 * The quality metric during training (train --eval-every): the sliced Wasserstein distance of
 * the generator's images for a fixed set of latents against a fixed set of real images, beside
 * the real-vs-real baseline of the same size, appended to quality.csv. Fixed latents, images
 * and metric seed make the epochs comparable.
 */
final class QualityTracker {

    /** Generated images per measurement (and real images per half of the baseline). */
    static final int MAX_COUNT = 256;

    private final ImageDataset data;
    private final Path csv;
    private final SampleMode mode;
    private final int count;
    private final float[] latents;
    private final float[] real;
    private final SlicedWasserstein.Settings settings;
    private SlicedWasserstein.Result baseline;

    QualityTracker(ImageDataset data, Trainer trainer, Path csv, SampleMode mode, long seed) {
        this.data = data;
        this.csv = csv;
        this.mode = mode;
        this.count = Math.min(MAX_COUNT, data.count() / 2);
        this.latents = Sampler.latents(seed, count, trainer.architecture().nz());
        this.real = new float[2 * count * data.channels() * data.imageSize() * data.imageSize()];
        this.settings = SlicedWasserstein.Settings.DEFAULT.withSeed(seed);
        data.copyBatch(EpochOrder.permutation(data.count(), seed, 0), 0, 2 * count, real);
    }

    /** True when the data holds enough images for a measurement (16 a side). */
    static boolean possible(ImageDataset data) {
        return data.count() >= 32;
    }

    /** Measures the generator now, appends a row for {@code epoch}, returns a short line. */
    String measure(Trainer trainer, int epoch) throws IOException {
        int c = data.channels();
        int s = data.imageSize();
        if (baseline == null) {
            baseline = SlicedWasserstein.splitHalfBaseline(real, 2 * count, c, s, settings);
        }
        float[] fake = trainer.generate(latents, count, mode);
        SlicedWasserstein.Result r = SlicedWasserstein.distance(fake, count, real, count, c, s,
                settings);
        if (!Files.exists(csv)) {
            StringBuilder header = new StringBuilder("epoch,iteration,images");
            for (int res : r.resolutions()) {
                header.append(",swd_").append(res);
            }
            Files.writeString(csv, header.append(",swd_average,baseline_average\n"),
                    StandardCharsets.UTF_8);
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%d", epoch,
                trainer.iteration(), count));
        for (double v : r.perLevel()) {
            row.append(String.format(Locale.ROOT, ",%.4f", v));
        }
        row.append(String.format(Locale.ROOT, ",%.4f,%.4f%n", r.average(), baseline.average()));
        Files.writeString(csv, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return String.format(Locale.ROOT, "SWD x 1000 %.2f (real vs real %.2f; %d images)",
                r.average(), baseline.average(), count);
    }
}
