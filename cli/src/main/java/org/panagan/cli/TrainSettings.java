package org.panagan.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.panagan.engine.backend.Backends;
import org.panagan.engine.checkpoint.Retention;
import org.panagan.engine.train.SampleMode;

/**
 * The resolved options of one training run (the seed drawn, the output folder named), as
 * {@code train} validated them; written to config.json.
 *
 * @param data        "builtin", an image folder or an IDX file
 * @param imageSize   32, 64 or 128
 * @param batchSize   images per iteration
 * @param epochs      passes over the data
 * @param nz          latent vector length
 * @param ngf         generator width
 * @param ndf         discriminator width
 * @param lr          Adam's learning rate for both networks
 * @param beta1       Adam's first-moment decay (beta2 is main.py's 0.999)
 * @param seed        seeds the weights, the noise and the epoch orders
 * @param seedDrawn   true when no --seed was given and the seed was drawn
 * @param device      the backend asked for
 * @param out         the run folder
 * @param limit       use only the first images; 0 for all
 * @param dryRun      one iteration, then the epoch-end outputs, then stop
 * @param sampleEvery write a sample grid every this many epochs (and after the last)
 * @param logEvery    print a log line every this many iterations
 * @param sampleMode  batch-norm statistics the sample grids use
 * @param cacheDir    where prepared datasets are cached
 * @param checkpoints when to save: every this many iterations (0: only at epoch ends and
 *                    stops) and which to keep
 * @param collapseWindow iterations of D(x) > 0.99 and D(G(z)) < 0.01 in a row before a
 *                    warning ({@link CollapseWatch}); 0 for no warning
 */
record TrainSettings(String data, int imageSize, int batchSize, int epochs, int nz, int ngf,
                     int ndf, double lr, double beta1, long seed, boolean seedDrawn,
                     Backends.Request device, Path out, int limit, boolean dryRun,
                     int sampleEvery, int logEvery, SampleMode sampleMode, Path cacheDir,
                     Checkpoints checkpoints, int collapseWindow) {

    /** The default of --collapse-window. */
    static final int DEFAULT_COLLAPSE_WINDOW = 200;

    /**
     * When a run saves checkpoints and which it keeps.
     *
     * @param every     save every this many iterations; 0 for epoch ends and stops only
     * @param retention the last K and every M-th iteration's
     */
    record Checkpoints(int every, Retention retention) {

        /** What a run does unless told otherwise. */
        static final Checkpoints DEFAULT = new Checkpoints(500, new Retention(3, 0));
    }

    /** Adam's second-moment decay, fixed as in main.py. */
    static final double BETA2 = 0.999;

    /** The settings as JSON-friendly name-value pairs, in option order. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("image_size", imageSize);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("nz", nz);
        m.put("ngf", ngf);
        m.put("ndf", ndf);
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", BETA2);
        m.put("seed", seed);
        m.put("device", device.name().toLowerCase(java.util.Locale.ROOT));
        m.put("out", out.toAbsolutePath().toString());
        m.put("limit", limit);
        m.put("dry_run", dryRun);
        m.put("sample_every", sampleEvery);
        m.put("log_every", logEvery);
        m.put("bn_mode", sampleMode == SampleMode.RUNNING_STATISTICS ? "running" : "batch");
        m.put("cache_dir", cacheDir.toAbsolutePath().toString());
        m.put("checkpoint_every", checkpoints.every());
        m.put("keep_last", checkpoints.retention().keepLast());
        m.put("keep_every", checkpoints.retention().keepEvery());
        m.put("collapse_window", collapseWindow);
        return m;
    }
}
