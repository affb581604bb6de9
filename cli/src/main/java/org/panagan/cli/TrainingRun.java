package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.train.StepReport;
import org.panagan.engine.train.Trainer;

/**
 * The training loop of one run over an open dataset and trainer: epochs of shuffled batches,
 * a metrics row per iteration, a log line every {@code --log-every}, sample grids and the loss
 * plot at epoch ends, and a summary. It stops early on a non-finite loss (an error) or when
 * {@link #requestStop()} is called (Ctrl-C), after writing what is pending.
 */
final class TrainingRun {

    /** How the loop ended. */
    enum Outcome { COMPLETED, DRY_RUN, STOPPED }

    /** What the run did. */
    record Summary(Outcome outcome, long iterations, long images, double seconds) {
    }

    private final TrainSettings settings;
    private final ImageDataset data;
    private final Trainer trainer;
    private final RunFolder folder;
    private final Progress progress;
    private final LossPlot plot = new LossPlot();
    private final float[] fixedNoise;
    private final int batchesPerEpoch;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;

    private long started;
    private long images;
    private long lastLogNanos;
    private long lastLogImages;

    TrainingRun(TrainSettings settings, ImageDataset data, Trainer trainer, RunFolder folder,
                Progress progress) {
        this.settings = settings;
        this.data = data;
        this.trainer = trainer;
        this.folder = folder;
        this.progress = progress;
        this.fixedNoise = trainer.fixedNoise();
        this.batchesPerEpoch = batchesPerEpoch(data.count(), trainer.batchSize());
    }

    /**
     * Iterations per epoch: ceil(count / batch), less one when the last batch would hold a
     * single image, which batch-norm cannot normalise (its variance is zero). main.py's
     * DataLoader would fail on that batch; we leave that one image out of the epoch instead
     * (a different image each epoch, since each epoch is shuffled).
     */
    static int batchesPerEpoch(int count, int batch) {
        int batches = (count + batch - 1) / batch;
        return count % batch == 1 ? batches - 1 : batches;
    }

    /** True when each epoch leaves one image out (see {@link #batchesPerEpoch}). */
    static boolean dropsLastImage(int count, int batch) {
        return count % batch == 1;
    }

    /** Total iterations the run will make. */
    long plannedIterations() {
        return settings.dryRun() ? 1 : (long) batchesPerEpoch * settings.epochs();
    }

    /** Asks the loop to stop after the current iteration and waits (up to 30 s) until it has. */
    void requestStop() {
        stopRequested = true;
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #requestStop()} was called. */
    boolean stopRequested() {
        return stopRequested;
    }

    Summary run() throws IOException {
        try {
            return loop();
        } finally {
            finished.countDown();
        }
    }

    private Summary loop() throws IOException {
        int count = data.count();
        int batch = trainer.batchSize();
        if (dropsLastImage(count, batch)) {
            progress.note(String.format(Locale.ROOT, "note: %d images and batch size %d leave "
                    + "a last batch of 1, which batch-norm cannot take; each epoch skips that "
                    + "one image", count, batch));
        }
        float[] batchImages = new float[batch * data.channels() * data.imageSize()
                * data.imageSize()];
        started = System.nanoTime();
        lastLogNanos = started;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            int[] order = EpochOrder.permutation(count, settings.seed(), epoch);
            for (int b = 0; b < batchesPerEpoch; b++) {
                long t0 = System.nanoTime();

                // The batch, in this epoch's order.
                int from = b * batch;
                int n = Math.min(batch, count - from);
                data.copyBatch(order, from, n, batchImages);
                if (epoch == 1 && b == 0) {
                    SampleGrid.write(batchImages, n, data.channels(), data.imageSize(),
                            folder.realSamples());
                }

                // One step of main.py, then its numbers everywhere they go.
                StepReport report = trainer.step(batchImages, n);
                record(epoch, b + 1, report, System.nanoTime() - t0);
                if (!report.isFinite()) {
                    throw nonFinite(epoch, b + 1, report);
                }

                // TODO(checkpoint): save every --checkpoint-every iterations here and at the end
                // of endOfEpoch; until then a stopped or killed run starts again from scratch.
                if (settings.dryRun() || stopRequested) {
                    endOfEpoch(epoch);
                    return finish(settings.dryRun() ? Outcome.DRY_RUN : Outcome.STOPPED);
                }
            }
            endOfEpoch(epoch);
        }
        return finish(Outcome.COMPLETED);
    }

    /** The iteration's metrics row, plot point, progress and (every --log-every) log line. */
    private void record(int epoch, int batchIndex, StepReport r, long wallNanos) {
        images += r.batchSize();
        folder.metrics().append(epoch, batchIndex, r, r.batchSize() / (wallNanos / 1e9));
        if (r.isFinite()) {
            plot.add(r);
        }
        long now = System.nanoTime();
        String status = String.format(Locale.ROOT, " | epoch %d/%d | %.0f img/s | D %.3f G %.3f",
                epoch, settings.epochs(), images / ((now - started) / 1e9), r.lossD(), r.lossG());
        progress.iteration(r.iteration(), status);
        if (r.iteration() % settings.logEvery() == 0 || r.iteration() == 1) {
            double seconds = (now - lastLogNanos) / 1e9;
            double rate = (images - lastLogImages) / Math.max(seconds, 1e-9);
            progress.log(String.format(Locale.ROOT, "[%d/%d][%d/%d] %s  %.1f ms/step  "
                    + "%.0f img/s", epoch, settings.epochs(), batchIndex, batchesPerEpoch,
                    r.describe(), r.nanos() / 1e6, rate), eta(r.iteration(), now));
            lastLogNanos = now;
            lastLogImages = images;
        }
    }

    private Duration eta(long done, long now) {
        long remaining = plannedIterations() - done;
        return Duration.ofNanos((long) ((now - started) / (double) done * remaining));
    }

    private CliFailure nonFinite(int epoch, int batchIndex, StepReport r) throws IOException {
        plot.write(folder.lossPlot());
        return new CliFailure(String.format(Locale.ROOT,
                "a loss is not finite at iteration %d (epoch %d, batch %d): %s", r.iteration(),
                epoch, batchIndex, r.describe()),
                String.format(Locale.ROOT, "lower --lr (now %s) or check the data for broken "
                        + "images; the metrics up to it are in %s", settings.lr(),
                        folder.metricsFile()));
    }

    /** Sample grid (every --sample-every epochs and after the last) and the loss plot. */
    private void endOfEpoch(int epoch) throws IOException {
        boolean last = epoch == settings.epochs() || settings.dryRun() || stopRequested;
        String samples = "";
        if (epoch % settings.sampleEvery() == 0 || last) {
            int n = trainer.batchSize();
            float[] fake = trainer.generate(fixedNoise, n, settings.sampleMode());
            Path file = folder.epochSamples(epoch);
            SampleGrid.write(fake, n, data.channels(), data.imageSize(), file);
            samples = ", samples " + folder.relative(file);
        }
        plot.write(folder.lossPlot());
        double seconds = (System.nanoTime() - started) / 1e9;
        String state = stopRequested ? "stopped" : settings.dryRun() ? "dry run" : "done";
        progress.note(String.format(Locale.ROOT, "epoch %d/%d %s: %d iterations, %.1f s, "
                + "%.0f img/s%s", epoch, settings.epochs(), state, trainer.iteration(), seconds,
                images / seconds, samples));
    }

    private Summary finish(Outcome outcome) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Summary summary = new Summary(outcome, trainer.iteration(), images, seconds);
        String how = switch (outcome) {
            case COMPLETED -> "finished";
            case DRY_RUN -> "dry run finished (one iteration)";
            case STOPPED -> "stopped on request";
        };
        Table table = new Table()
                .row("run", how)
                .row("iterations", summary.iterations())
                .row("images", summary.images())
                .row("time", String.format(Locale.ROOT, "%.1f s", seconds))
                .row("images/s", String.format(Locale.ROOT, "%.1f", images / seconds))
                .row("outputs", folder.dir().toAbsolutePath())
                .row("metrics", folder.relative(folder.metricsFile()))
                .row("loss plot", folder.relative(folder.lossPlot()))
                .row("samples", folder.relative(folder.samplesDir()) + "/");
        progress.close();
        table.lines().forEach(progress::note);
        return summary;
    }
}
