package org.panagan.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.panagan.bindings.gpusim_h;
import org.panagan.engine.PanaganException;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.dcgan.Architecture;

/**
 * Training at a tiny configuration (nz 8, ngf = ndf = 4, 16x16 grayscale, batch 4): determinism,
 * graph replay against direct launches, learning on synthetic data, the short last batch,
 * sampling that leaves running statistics alone, and memory released on close.
 */
class TrainerTest {

    static final Architecture TINY = new Architecture(8, 4, 4, 1, 16);
    static final int BATCH = 4;

    private static Backend backend;

    @BeforeAll
    static void open() {
        backend = TestBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static Trainer trainer(long seed, boolean graph) {
        return Trainer.open(TINY, BATCH, AdamParams.DCGAN, seed, graph, backend);
    }

    private static float[] afterSteps(long seed, boolean graph, int steps) {
        float[] images = TestBackend.syntheticImages(BATCH, 1, 16, 7);
        try (Trainer t = trainer(seed, graph)) {
            for (int i = 0; i < steps; i++) {
                t.step(images, BATCH);
            }
            float[] g = t.generator().downloadParameters();
            float[] d = t.discriminator().downloadParameters();
            float[] both = java.util.Arrays.copyOf(g, g.length + d.length);
            System.arraycopy(d, 0, both, g.length, d.length);
            return both;
        }
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        float[] a = afterSteps(11, true, 3);
        float[] b = afterSteps(11, true, 3);
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]),
                    "parameter " + i + " differs between two runs of seed 11");
        }
        float[] c = afterSteps(12, true, 3);
        assertTrue(!java.util.Arrays.equals(a, c), "another seed gave the same parameters");
    }

    @Test
    void graphReplayMatchesDirectLaunchesBitForBit() {
        float[] graph = afterSteps(5, true, 3);
        float[] direct = afterSteps(5, false, 3);
        for (int i = 0; i < graph.length; i++) {
            assertEquals(Float.floatToRawIntBits(direct[i]), Float.floatToRawIntBits(graph[i]),
                    "parameter " + i + ": graph replay differs from direct launches");
        }
    }

    @Test
    void learnsToTellRealFromFakeWithoutNaN() {
        float[] images = TestBackend.syntheticImages(64, 1, 16, 3);
        List<StepReport> reports = new ArrayList<>();
        try (Trainer t = trainer(21, true)) {
            for (int step = 0; step < 100; step++) {
                int from = (step * BATCH) % 64;
                float[] batch = java.util.Arrays.copyOfRange(images, from * 256,
                        (from + BATCH) * 256);
                StepReport r = t.step(batch, BATCH);
                assertTrue(r.isFinite(), "step " + r.iteration() + ": " + r.describe());
                reports.add(r);
            }
            double dx = 0;
            double dgz = 0;
            for (StepReport r : reports.subList(80, 100)) {
                dx += r.dX() / 20;
                dgz += r.dGz1() / 20;
            }
            assertTrue(dx > dgz + 0.1, "over steps 81-100 D(x) " + dx
                    + " should exceed D(G(z)) " + dgz + " by 0.1; last: "
                    + reports.get(99).describe());
            assertEquals(0, nonFinite(t.generator().downloadParameters()));
            assertEquals(0, nonFinite(t.discriminator().downloadParameters()));
        }
    }

    private static int nonFinite(float[] values) {
        int n = 0;
        for (float v : values) {
            n += Float.isFinite(v) ? 0 : 1;
        }
        return n;
    }

    @Test
    void firstStepLossesAreThoseOfAnUntrainedGan() {
        try (Trainer t = trainer(1, true)) {
            StepReport r = t.step(TestBackend.syntheticImages(BATCH, 1, 16, 1), BATCH);
            // Weights from N(0, 0.02) make D's logits small: every probability near 1/2.
            assertEquals(0.5, r.dX(), 0.1, r.describe());
            assertEquals(0.5, r.dGz1(), 0.1, r.describe());
            assertEquals(2 * Math.log(2), r.lossD(), 0.3, r.describe());
            assertEquals(Math.log(2), r.lossG(), 0.3, r.describe());
            assertEquals(r.lossDReal() + r.lossDFake(), r.lossD(), 1e-6);
            assertEquals(1, t.discriminator().downloadStep());
            assertEquals(1, t.generator().downloadStep());
        }
    }

    @Test
    void shortLastBatchRunsInTheSamePlan() {
        try (Trainer t = trainer(3, true)) {
            StepReport full = t.step(TestBackend.syntheticImages(BATCH, 1, 16, 1), BATCH);
            StepReport shortBatch = t.step(TestBackend.syntheticImages(3, 1, 16, 2), 3);
            StepReport again = t.step(TestBackend.syntheticImages(BATCH, 1, 16, 3), BATCH);
            assertEquals(3, shortBatch.batchSize());
            assertTrue(full.isFinite() && shortBatch.isFinite() && again.isFinite(),
                    shortBatch.describe());
            assertEquals(3, t.generator().downloadStep());
            assertThrows(IllegalArgumentException.class,
                    () -> t.step(new float[5 * 256], 5));
        }
    }

    @Test
    void samplingNeverChangesRunningStatistics() {
        try (Trainer t = trainer(4, true)) {
            t.step(TestBackend.syntheticImages(BATCH, 1, 16, 1), BATCH);
            float[] before = t.generator().downloadRunningStatistics();
            float[] z = t.fixedNoise();
            float[] batchStats = t.generate(z, BATCH, SampleMode.BATCH_STATISTICS);
            float[] running = t.generate(z, BATCH, SampleMode.RUNNING_STATISTICS);
            float[] six = t.generate(java.util.Arrays.copyOf(z, 6 * 8), 6,
                    SampleMode.RUNNING_STATISTICS);
            assertArrayEquals(before, t.generator().downloadRunningStatistics());
            assertEquals(BATCH * 256, batchStats.length);
            assertEquals(6 * 256, six.length);
            for (float v : running) {
                assertTrue(v >= -1 && v <= 1, "tanh output out of [-1, 1]: " + v);
            }
            // Running statistics make each sample independent of the rest of its batch.
            for (int i = 0; i < BATCH * 256; i++) {
                assertEquals(running[i], six[i], 1e-6, "sample element " + i);
            }
            assertTrue(!java.util.Arrays.equals(batchStats, running),
                    "batch and running statistics gave the same images");
        }
    }

    @Test
    void closeReleasesEveryAllocation() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestBackend.isSim(),
                "counts the simulator's live allocations");
        long before = gpusim_h.gpusim_live_allocations();
        Backend own = TestBackend.open();
        Trainer t = trainer(9, true);
        t.close();
        try (Trainer u = Trainer.open(TINY, BATCH, AdamParams.DCGAN, 9, true, own)) {
            u.step(TestBackend.syntheticImages(BATCH, 1, 16, 1), BATCH);
            u.step(TestBackend.syntheticImages(2, 1, 16, 1), 2);
            u.generate(u.fixedNoise(), BATCH, SampleMode.RUNNING_STATISTICS);
            assertTrue(gpusim_h.gpusim_live_allocations() > before);
        }
        own.close();
        own.close();
        t.close();
        assertEquals(before, gpusim_h.gpusim_live_allocations(),
                "live allocations after train-and-close");
    }

    @Test
    void tooLittleMemoryNamesABatchSizeThatFits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestBackend.isSim(),
                "sets the simulator's memory budget");
        long need = Trainer.bytesNeeded(TINY, 64, backend);
        long fits8 = Trainer.bytesNeeded(TINY, 8, backend);
        Backend.MemoryInfo info = backend.memoryInfo();
        long used = info.totalBytes() - info.freeBytes();
        gpusim_h.gpusim_set_memory_budget(used + fits8 + 256);
        try {
            PanaganException e = assertThrows(PanaganException.class,
                    () -> Trainer.open(TINY, 64, AdamParams.DCGAN, 1, true, backend));
            assertEquals(PanaganException.OUT_OF_MEMORY, e.status());
            assertTrue(e.getMessage().contains("batch size 8 would fit"), e.getMessage());
            assertTrue(need > fits8);
        } finally {
            gpusim_h.gpusim_set_memory_budget(info.totalBytes());
        }
    }
}
