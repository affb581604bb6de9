package org.panagan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.panagan.engine.checkpoint.CheckpointStore;
import org.panagan.engine.data.EpochOrder;
import org.panagan.engine.data.ImageDataset;
import org.panagan.engine.train.StepReport;
import org.panagan.engine.train.Trainer;

/**
 * The training loop of one run over an open dataset and trainer: epochs of shuffled batches,
 * a metrics row per iteration, a log line every {@code --log-every}, checkpoints every
 * {@code --checkpoint-every} iterations and at each epoch's end, sample grids and the loss plot
 * at epoch ends, and a summary. It starts where a checkpoint left off ({@link Start}), stops
 * early when training diverges (an error, the last checkpoint kept) or when
 * {@link #requestStop()} is called (Ctrl-C), after a checkpoint and what else is pending.
 *
 * <p>Divergence: the losses are checked every iteration (they are read back anyway); the
 * parameters every {@code --log-every} iterations and before every checkpoint, so that no
 * checkpoint ever holds a NaN or an infinity. A discriminator that wins outright for
 * {@code --collapse-window} iterations gets a warning ({@link CollapseWatch}), not a stop.
 */
final class TrainingRun {

    /** How the loop ended. */
    enum Outcome { COMPLETED, DRY_RUN, STOPPED }

    /** What the run did. */
    record Summary(Outcome outcome, long iterations, long images, double seconds) {
    }

    /**
     * Where the loop begins: the epoch (from 1) and how many of its batches are already done.
     * A checkpoint saved at an epoch's end resumes at the next epoch's first batch.
     */
    record Start(int epoch, int batchesDone) {

        static final Start BEGINNING = new Start(1, 0);

        /** The start after {@code progress} for epochs of {@code batchesPerEpoch}. */
        static Start after(org.panagan.engine.checkpoint.Progress progress,
                           int batchesPerEpoch) {
            int epoch = Math.toIntExact(Math.max(1, progress.epoch()));
            int done = Math.toIntExact(progress.batchInEpoch());
            return done >= batchesPerEpoch ? new Start(epoch + 1, 0) : new Start(epoch, done);
        }
    }

    private final TrainSettings settings;
    private final ImageDataset data;
    private final Trainer trainer;
    private final RunFolder folder;
    private final CheckpointStore checkpoints;
    private final Start start;
    private final Progress progress;
    private final LossPlot plot = new LossPlot();
    private final float[] fixedNoise;
    private final int batchesPerEpoch;
    private final CollapseWatch collapse;
    private Runnable afterEachStep = () -> { };
    private volatile boolean stopRequested;
    private Path lastCheckpoint;
    private QualityTracker quality;
    private int qualityEvery;

    private long started;
    private long startIteration;
    private long images;
    private long lastLogNanos;
    private long lastLogImages;

    TrainingRun(TrainSettings settings, ImageDataset data, Trainer trainer, RunFolder folder,
                Progress progress, Start start) {
        this.settings = settings;
        this.data = data;
        this.trainer = trainer;
        this.folder = folder;
        this.checkpoints = CheckpointStore.in(folder.dir(), settings.checkpoints().retention());
        this.start = start;
        this.progress = progress;
        this.fixedNoise = trainer.fixedNoise();
        this.batchesPerEpoch = batchesPerEpoch(data.count(), trainer.batchSize());
        this.collapse = new CollapseWatch(settings.collapseWindow());
    }

    /**
     * Runs {@code hook} right after each step, before its checks: tests use it to damage the
     * parameters the way a diverging optimiser would, without the losses showing it yet.
     */
    void afterEachStep(Runnable hook) {
        this.afterEachStep = hook;
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

    /** Total iterations the run will have made when it ends (those before a resume too). */
    long plannedIterations() {
        return settings.dryRun() ? trainer.iteration() + 1
                : (long) batchesPerEpoch * settings.epochs();
    }

    /** Measures the quality metric every {@code epochs} epochs (and after the last). */
    void measureQuality(QualityTracker tracker, int epochs) {
        this.quality = tracker;
        this.qualityEvery = epochs;
    }

    /** Asks the loop to stop after the current iteration (and its checkpoint); returns at once. */
    void requestStop() {
        stopRequested = true;
    }

    /** True once {@link #requestStop()} was called. */
    boolean stopRequested() {
        return stopRequested;
    }

    Summary run() throws IOException {
        return loop();
    }

    /** The newest checkpoint this run saved, or null. */
    Path lastCheckpoint() {
        return lastCheckpoint;
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
        startIteration = trainer.iteration();
        lastLogNanos = started;
        StepReport last = null;
        for (int epoch = start.epoch(); epoch <= settings.epochs(); epoch++) {
            int[] order = EpochOrder.permutation(count, settings.seed(), epoch);
            int first = epoch == start.epoch() ? start.batchesDone() : 0;
            for (int b = first; b < batchesPerEpoch; b++) {
                long t0 = System.nanoTime();

                // The batch, in this epoch's order (gathered on the device where the trainer
                // holds the dataset there).
                int from = b * batch;
                int n = Math.min(batch, count - from);
                if (epoch == 1 && b == 0) {
                    data.copyBatch(order, from, n, batchImages);
                    SampleGrid.write(batchImages, n, data.channels(), data.imageSize(),
                            folder.realSamples());
                }

                // One step of main.py, then its numbers everywhere they go.
                StepReport report = trainer.step(data, order, from, n);
                afterEachStep.run();
                record(epoch, b + 1, report, System.nanoTime() - t0);

                // Divergence: losses each iteration, parameters now and then (see above).
                if (!report.isFinite()) {
                    throw diverged(epoch, b + 1, report, "a loss is not finite");
                }
                if (report.iteration() % settings.logEvery() == 0) {
                    requireFiniteParameters(epoch, b + 1, report);
                }
                collapse.observe(report).ifPresent(warning -> {
                    progress.note(warning);
                    progress.note(CollapseWatch.hint());
                });

                // A checkpoint every --checkpoint-every iterations (the epoch's end saves its
                // own below), and before stopping.
                boolean stopping = settings.dryRun() || stopRequested;
                int every = settings.checkpoints().every();
                boolean due = every > 0 && report.iteration() % every == 0;
                if (stopping || (due && b + 1 < batchesPerEpoch)) {
                    requireFiniteParameters(epoch, b + 1, report);
                    saveCheckpoint(epoch, b + 1);
                }
                if (stopping) {
                    endOfEpoch(epoch);
                    return finish(settings.dryRun() ? Outcome.DRY_RUN : Outcome.STOPPED);
                }
                last = report;
            }
            requireFiniteParameters(epoch, batchesPerEpoch, last);
            saveCheckpoint(epoch, batchesPerEpoch);
            endOfEpoch(epoch);
        }
        return finish(Outcome.COMPLETED);
    }

    /** Saves the trainer with where the loop stands; says so every time but mid-epoch ones. */
    private void saveCheckpoint(int epoch, int batchesDone) {
        long t0 = System.nanoTime();
        lastCheckpoint = checkpoints.save(trainer,
                new org.panagan.engine.checkpoint.Progress(epoch, batchesDone, settings.seed()));
        if (batchesDone == batchesPerEpoch || stopRequested || settings.dryRun()) {
            progress.note(String.format(Locale.ROOT, "checkpoint %s (%.1f s)",
                    folder.relative(lastCheckpoint), (System.nanoTime() - t0) / 1e9));
        }
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
        long doneHere = Math.max(1, done - startIteration);
        return Duration.ofNanos((long) ((now - started) / (double) doneHere * remaining));
    }

    /** Stops the run when a parameter is NaN or infinite, before anything saves it. */
    private void requireFiniteParameters(int epoch, int batchIndex, StepReport r)
            throws IOException {
        if (r != null && trainer.firstNonfiniteParameter().isPresent()) {
            throw diverged(epoch, batchIndex, r, "a parameter is not finite");
        }
    }

    /**
     * The error for a run that diverged at {@code r}: the iteration, what was seen, the losses,
     * the first parameter tensor that is not finite (when one is), and in the hint what to try
     * and which checkpoint is the last good one (no bad one is ever saved).
     */
    private CliFailure diverged(int epoch, int batchIndex, StepReport r, String what)
            throws IOException {
        plot.write(folder.lossPlot());
        String where = trainer.firstNonfiniteParameter().map(p -> "; first bad parameter: " + p)
                .orElse("; the parameters are still finite");
        String kept = checkpoints.latest().map(p -> "; the last good checkpoint is "
                + folder.relative(p))
                .orElse("; no checkpoint was saved before it");
        return new CliFailure(String.format(Locale.ROOT,
                "%s at iteration %d (epoch %d, batch %d): %s%s", what, r.iteration(), epoch,
                batchIndex, r.describe(), where),
                String.format(Locale.ROOT, "lower --lr (now %s) and start again, or try another "
                        + "--seed; check the data for broken images; "
                        + "the metrics up to it are in %s%s", settings.lr(),
                        folder.metricsFile(), kept));
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
        if (quality != null && (epoch % qualityEvery == 0 || last)) {
            samples += ", " + quality.measure(trainer, epoch);
        }
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
            case STOPPED -> "stopped on request; continue with: panagan train --resume "
                    + folder.dir();
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
                .row("samples", folder.relative(folder.samplesDir()) + "/")
                .row("checkpoint", lastCheckpoint == null ? "none"
                        : folder.relative(lastCheckpoint));
        progress.close();
        table.lines().forEach(progress::note);
        return summary;
    }
}
