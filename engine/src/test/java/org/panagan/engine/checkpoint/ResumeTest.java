package org.panagan.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.gpusim_h;
import org.panagan.engine.PanaganException;
import org.panagan.engine.TestBackend;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.train.StepReport;
import org.panagan.engine.train.TrainConfig;
import org.panagan.engine.train.Trainer;
import org.panagan.engine.train.TrainingState;
import org.panagan.engine.train.TrainingState.NetworkState;

/**
 * Resuming continues bit for bit: N iterations, a save, a load into a fresh trainer and N more
 * give exactly the parameters, running statistics, Adam moments and steps, random state and
 * losses of 2N iterations straight. Run on the backend under test and on the cpu backend;
 * the resumed half includes a short batch (direct launches) and full ones (a graph captured
 * anew after the resume, where the backend has graphs).
 */
class ResumeTest {

    /** nz 8, ngf = ndf = 4, 32x32 grayscale: the smallest model TrainConfig accepts. */
    static final TrainConfig TINY = new TrainConfig(new ModelConfig(8, 4, 4, 1, 32), 4,
            AdamParams.DCGAN, 17, true);
    private static final int HALF = 3;

    @TempDir
    Path runDir;

    static Stream<Arguments> backends() {
        Supplier<Backend> underTest = TestBackend::open;
        Supplier<Backend> cpu = () -> Backends.open(Backends.Request.CPU);
        return Stream.of(
                Arguments.of("backend under test (" + System.getProperty(TestBackend.PROPERTY,
                        "sim") + ")", underTest),
                Arguments.of("cpu", cpu));
    }

    /** Images of step i: a full batch, but the fifth step's is short (3 images). */
    static int batchOf(int step) {
        return step == 4 ? 3 : TINY.batchSize();
    }

    static float[] imagesOf(int step) {
        return TestBackend.syntheticImages(batchOf(step), 1, 32, 100 + step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void resumeContinuesBitForBit(String name, Supplier<Backend> open) {
        Backend backend;
        try {
            backend = open.get();
        } catch (PanaganException e) {
            Assumptions.abort(name + " cannot be opened here: " + e.getMessage());
            return;
        }
        try (backend) {
            List<StepReport> straight = new ArrayList<>();
            TrainingState whole;
            try (Trainer t = Trainer.open(TINY, backend)) {
                for (int i = 0; i < 2 * HALF; i++) {
                    straight.add(t.step(imagesOf(i), batchOf(i)));
                }
                whole = t.exportState();
            }

            CheckpointStore store = CheckpointStore.in(runDir, new Retention(2, 0));
            TrainingState half;
            try (Trainer t = Trainer.open(TINY, backend)) {
                for (int i = 0; i < HALF; i++) {
                    t.step(imagesOf(i), batchOf(i));
                }
                half = t.exportState();
                store.save(t, new Progress(0, HALF, 5));
            }

            List<StepReport> resumed = new ArrayList<>();
            Checkpoint checkpoint = Checkpoint.load(runDir);
            checkpoint.requireMatches(TINY);
            try (Trainer t = checkpoint.resume(backend)) {
                assertEquals(HALF, t.iteration());
                for (int i = HALF; i < 2 * HALF; i++) {
                    resumed.add(t.step(imagesOf(i), batchOf(i)));
                }
                assertSameBits(whole, t.exportState(), name);
            }
            for (int i = 0; i < HALF; i++) {
                StepReport a = straight.get(HALF + i);
                StepReport b = resumed.get(i);
                assertEquals(a.iteration(), b.iteration());
                assertEquals(Float.floatToRawIntBits(a.lossD()),
                        Float.floatToRawIntBits(b.lossD()), "Loss_D of step " + a.iteration());
                assertEquals(Float.floatToRawIntBits(a.lossG()),
                        Float.floatToRawIntBits(b.lossG()), "Loss_G of step " + a.iteration());
            }
            assertFalse(Arrays.equals(half.generator().parameters(),
                    whole.generator().parameters()), "the second half changed nothing");
        }
    }

    @Test
    void aStateOfAnotherArchitectureIsRefusedAndFreesWhatItOpened() {
        try (Backend backend = TestBackend.open()) {
            TrainingState small;
            try (Trainer t = Trainer.open(TINY, backend)) {
                small = t.exportState();
            }
            TrainingState.NetworkState g = small.generator();
            float[] fewer = Arrays.copyOf(g.parameters(), g.parameters().length - 1);
            TrainingState bad = new TrainingState(small.architecture(), small.batchSize(),
                    small.adam(), small.seed(), small.captureGraph(), 0, small.rngState(),
                    small.fixedNoise(), new NetworkState(fewer, g.runningStatistics(),
                    fewer, fewer, 0), small.discriminator());
            long before = TestBackend.isSim() ? gpusim_h.gpusim_live_allocations() : 0;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.resume(bad, backend));
            assertEquals("the state's G has " + fewer.length + " parameters and "
                    + g.runningStatistics().length + " running statistics; the architecture's"
                    + " has " + g.parameters().length + " and " + g.runningStatistics().length,
                    e.getMessage());
            if (TestBackend.isSim()) {
                assertEquals(before, gpusim_h.gpusim_live_allocations(), "live allocations");
            }
        }
    }

    static void assertSameBits(TrainingState want, TrainingState got, String where) {
        assertEquals(want.iteration(), got.iteration(), where + ": iteration");
        assertEquals(want.rngState(), got.rngState(), where + ": random state");
        assertArrayEquals(want.fixedNoise(), got.fixedNoise(), where + ": fixed noise");
        assertSameBits(want.generator(), got.generator(), where + ", G");
        assertSameBits(want.discriminator(), got.discriminator(), where + ", D");
    }

    private static void assertSameBits(NetworkState want, NetworkState got, String where) {
        assertEquals(want.adamStep(), got.adamStep(), where + ": Adam step");
        sameBits(want.parameters(), got.parameters(), where + ": parameter");
        sameBits(want.runningStatistics(), got.runningStatistics(), where + ": running stat");
        sameBits(want.expAvg(), got.expAvg(), where + ": exp_avg");
        sameBits(want.expAvgSq(), got.expAvgSq(), where + ": exp_avg_sq");
    }

    private static void sameBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + " count");
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + " " + i + " differs: " + want[i] + " straight, "
                        + got[i] + " resumed");
            }
        }
    }
}
