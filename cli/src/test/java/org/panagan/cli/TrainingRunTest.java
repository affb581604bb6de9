package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.SampleMode;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;

/** The loop's stop request (what Ctrl-C does) and its epoch arithmetic. */
class TrainingRunTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} images, batch {1}: {2} iterations")
    @CsvSource({"64, 64, 1", "65, 64, 1", "66, 64, 2", "20, 8, 3", "17, 8, 2", "7, 8, 1",
        "2, 64, 1", "128, 64, 2"})
    void batchesPerEpoch(int count, int batch, int expected) {
        assertEquals(expected, TrainingRun.batchesPerEpoch(count, batch));
    }

    @Test
    void stopRequestFinishesTheIterationAndWritesWhatIsPending() throws Exception {
        AtomicReference<TrainingRun> run = new AtomicReference<>();
        AtomicInteger batches = new AtomicInteger();
        Thread[] stopper = new Thread[1];
        BlobDataset blobs = new BlobDataset(40, 3, 32, 9) {
            @Override
            public void copyBatch(int[] order, int from, int n, float[] dst) {
                super.copyBatch(order, from, n, dst);
                // The first read is for real_samples.png; the third step's batch is the fourth.
                if (batches.incrementAndGet() == 4) {
                    // As the signal handler does on Ctrl-C, from another thread.
                    stopper[0] = new Thread(() -> run.get().requestStop());
                    stopper[0].start();
                    while (!run.get().stopRequested()) {
                        Thread.onSpinWait();
                    }
                }
            }
        };
        TrainSettings settings = new TrainSettings("blobs", 32, 8, 10, 16, 8, 8, 2e-4, 0.5, 3,
                false, Backends.Request.CPU, tmp, 0, false, 1, 1, SampleMode.BATCH_STATISTICS, tmp,
                TrainSettings.Checkpoints.DEFAULT, TrainSettings.DEFAULT_COLLAPSE_WINDOW);
        StringWriter text = new StringWriter();
        TrainingRun.Summary summary;
        try (Backend backend = Backends.open(Backends.Request.CPU);
             Trainer trainer = Trainer.open(TrainConfig.of(new ModelConfig(16, 8, 8, 3, 32), 8,
                     3), backend);
             RunFolder folder = RunFolder.create(tmp);
             Progress progress = Progress.plain(new PrintWriter(text, true))) {
            run.set(new TrainingRun(settings, blobs, trainer, folder, progress,
                    TrainingRun.Start.BEGINNING));
            summary = run.get().run();
        }
        stopper[0].join(10_000);

        assertEquals(TrainingRun.Outcome.STOPPED, summary.outcome());
        assertEquals(3, summary.iterations());
        assertEquals(1 + 3, Files.readAllLines(tmp.resolve("metrics.csv")).size());
        assertTrue(Files.isRegularFile(tmp.resolve("losses.png")));
        assertTrue(Files.isRegularFile(tmp.resolve("samples/epoch_001.png")));
        assertTrue(text.toString().contains("stopped on request"), text::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("checkpoints/step-000003/manifest.json")),
                "a checkpoint at the iteration it stopped after");
        assertTrue(text.toString().contains("--resume " + tmp), text::toString);
    }
}
