package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.backend.cpu.ConvOracle.Case;
import org.panagan.engine.backend.cpu.ConvOracle.Result;

/**
 * {@link WinogradConv} on its own against {@link ConvOracle}, both tilings: rectangular
 * planes, 2x2 small sides, big-side channels at and above the threshold, and a group budget
 * small enough that every pass runs over several groups of images (the weight gradient
 * summing across them).
 * The backend-level tests in {@link CpuConvTest} cover the default budget.
 *
 * <p>Tolerance. F(2x2, 2x2) multiplies sums of up to four inputs by sums of up to four
 * weights, so a product's rounding is up to 16 times that of one direct term; F(4x4, 2x2)
 * has transform entries up to 8 and measured about 1e-6 of the sum of |terms| at worst on
 * 512-channel sums. Both stay far under {@link CpuConvTest#RELATIVE}, while a wrong tap or
 * transform entry is off by about one term in K, far above it.
 */
class WinogradConvTest {

    /** A budget of 4 Ki floats (and no minimum width): a few images per group here. */
    static final long SMALL_GROUPS = 4096;

    static Stream<Case> cases() {
        return Stream.of(
                Case.conv(5, 16, 8, 8, 12, 4, 2, 1),
                Case.conv(6, 24, 5, 4, 4, 4, 2, 1),
                Case.conv(7, 17, 12, 12, 4, 4, 2, 1),
                Case.transposed(4, 8, 20, 4, 6, 4, 2, 1, 0),
                Case.transposed(6, 12, 16, 2, 2, 4, 2, 1, 0),
                Case.transposed(3, 5, 18, 6, 2, 4, 2, 1, 0),
                // Small sides in 4x4 tiles: F(4x4, 2x2).
                Case.conv(5, 16, 6, 8, 16, 4, 2, 1),
                Case.conv(3, 20, 7, 16, 8, 4, 2, 1),
                Case.transposed(4, 10, 16, 4, 4, 4, 2, 1, 0),
                Case.transposed(3, 7, 17, 8, 12, 4, 2, 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyPassMatchesTheReferenceOverSeveralGroups(Case c) {
        try (Kernels k = new Kernels(2)) {
            ConvGeometry g = geometry(c);
            assertTrue(WinogradConv.suits(g), "the case must reach the Winograd path: " + g);
            assertTrue(k.winograd.imagesPerGroup(g) < c.n(), "several groups: " + g);
            int tile = g.hs() % 4 == 0 && g.ws() % 4 == 0 ? 4 : 2;
            assertEquals(tile, k.winograd.schemeFor(g).size(), "tile side for " + g);
            long seed = CpuTesting.freshSeed();
            SplittableRandom rng = new SplittableRandom(seed);
            float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
            float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
            float[] bias = CpuTesting.uniform(rng, c.cOut(), -1, 1);
            float[] dy = CpuTesting.uniform(rng, c.ySize(), -1, 1);
            float[] dwStart = CpuTesting.uniform(rng, c.wSize(), -1, 1);

            Result y = ConvOracle.forward(c, x, w, bias);
            CpuTesting.assertClose("forward " + c, seed, k.forward(c, x, w, bias), y.value(),
                    y.magnitude(), CpuConvTest.RELATIVE, CpuConvTest.ABSOLUTE);
            Result dx = ConvOracle.backwardData(c, dy, w);
            CpuTesting.assertClose("backward-data " + c, seed, k.backwardData(c, dy, w),
                    dx.value(), dx.magnitude(), CpuConvTest.RELATIVE, CpuConvTest.ABSOLUTE);
            Result dw = ConvOracle.backwardWeight(c, x, dy);
            CpuTesting.assertClose("backward-weight " + c, seed,
                    k.backwardWeight(c, x, dy, null), dw.value(), dw.magnitude(),
                    CpuConvTest.RELATIVE, CpuConvTest.ABSOLUTE);
            Result dwSum = ConvOracle.plus(dw, dwStart);
            CpuTesting.assertClose("backward-weight accumulating " + c, seed,
                    k.backwardWeight(c, x, dy, dwStart), dwSum.value(), dwSum.magnitude(),
                    CpuConvTest.RELATIVE, CpuConvTest.ABSOLUTE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resultsDoNotDependOnTheThreadCount(Case c) {
        SplittableRandom rng = new SplittableRandom(CpuTesting.freshSeed());
        float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
        float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
        float[] dy = CpuTesting.uniform(rng, c.ySize(), -1, 1);
        float[][] one;
        float[][] three;
        try (Kernels k = new Kernels(1)) {
            one = new float[][] {k.forward(c, x, w, null), k.backwardData(c, dy, w),
                    k.backwardWeight(c, x, dy, null)};
        }
        try (Kernels k = new Kernels(3)) {
            three = new float[][] {k.forward(c, x, w, null), k.backwardData(c, dy, w),
                    k.backwardWeight(c, x, dy, null)};
        }
        for (int i = 0; i < one.length; i++) {
            assertArrayEquals(one[i], three[i], "pass " + i + " of " + c
                    + " with 1 and 3 threads");
        }
    }

    @Test
    void theDcganStridedLayersTakeThisPathAndTheImageLayersDoNot() {
        // D2: 64 -> 128 channels, 32x32 -> 16x16; G4: 128 -> 64 channels, 16x16 -> 32x32.
        assertTrue(WinogradConv.suits(ConvGeometry.conv(64, 64, 32, 32, 128, 4, 2, 1)));
        assertTrue(WinogradConv.suits(ConvGeometry.transposed(64, 128, 16, 16, 64, 4, 2, 1, 0)));
        // D1 and G5 have 3 image channels on the big side.
        assertFalse(WinogradConv.suits(ConvGeometry.conv(64, 3, 64, 64, 64, 4, 2, 1)));
        assertFalse(WinogradConv.suits(ConvGeometry.transposed(64, 64, 32, 32, 3, 4, 2, 1, 0)));
        // An odd small side has no 2x2 tiling.
        assertFalse(WinogradConv.suits(ConvGeometry.conv(2, 16, 10, 10, 8, 4, 2, 1)));
        // 4096 -> 16384 channels: the nine transformed weight matrices, 2.4 G floats, would
        // not fit one Java array (nor int indices).
        assertFalse(WinogradConv.suits(ConvGeometry.conv(2, 4096, 8, 8, 16384, 4, 2, 1)));
    }

    @Test
    void fourByFourTilesOnlyWhereEveryImageHasManyOfThem() {
        try (Kernels k = new Kernels(1, ConvGeometry.MIN_GEMM_COLUMNS,
                WinogradConv.MIN_F4_TILES_PER_IMAGE)) {
            // D2 and G4: 16x16 small sides, 16 tiles an image.
            assertEquals(4, k.winograd.schemeFor(
                    ConvGeometry.conv(64, 64, 32, 32, 128, 4, 2, 1)).size());
            assertEquals(4, k.winograd.schemeFor(
                    ConvGeometry.transposed(64, 128, 16, 16, 64, 4, 2, 1, 0)).size());
            // D3 (8x8) and D4 (4x4): 4 tiles and 1 an image.
            assertEquals(2, k.winograd.schemeFor(
                    ConvGeometry.conv(64, 128, 16, 16, 256, 4, 2, 1)).size());
            assertEquals(2, k.winograd.schemeFor(
                    ConvGeometry.conv(64, 256, 8, 8, 512, 4, 2, 1)).size());
            // D2 with 8 images: 128 tiles, too few for the products.
            assertEquals(2, k.winograd.schemeFor(
                    ConvGeometry.conv(8, 64, 32, 32, 128, 4, 2, 1)).size());
        }
    }

    static ConvGeometry geometry(Case c) {
        return c.transposed()
                ? ConvGeometry.transposed(c.n(), c.cIn(), c.hIn(), c.wIn(), c.cOut(), c.k(),
                        c.stride(), c.pad(), c.outPad())
                : ConvGeometry.conv(c.n(), c.cIn(), c.hIn(), c.wIn(), c.cOut(), c.k(),
                        c.stride(), c.pad());
    }

    /** A WinogradConv with its own threads and scratch, run on native copies of arrays. */
    private static final class Kernels implements AutoCloseable {
        final CpuWorkers workers;
        final Scratch scratch;
        final WinogradConv winograd;
        final Arena arena = Arena.ofShared();

        Kernels(int threads) {
            this(threads, 1, 1);
        }

        Kernels(int threads, int minColumns, int minFourTiles) {
            workers = new CpuWorkers(threads);
            scratch = new Scratch(threads);
            winograd = new WinogradConv(workers, scratch, SMALL_GROUPS, minColumns, minFourTiles);
        }

        MemorySegment of(float[] values) {
            MemorySegment m = arena.allocate((long) Math.max(1, values.length) * Float.BYTES);
            MemorySegment.copy(values, 0, m, JAVA_FLOAT, 0, values.length);
            return m;
        }

        MemorySegment poisoned(int count) {
            return of(CpuTesting.nan(count));
        }

        static float[] read(MemorySegment m, int count) {
            float[] out = new float[count];
            MemorySegment.copy(m, JAVA_FLOAT, 0, out, 0, count);
            return out;
        }

        float[] forward(Case c, float[] x, float[] w, float[] bias) {
            ConvGeometry g = geometry(c);
            MemorySegment y = poisoned(c.ySize());
            MemorySegment b = bias == null ? MemorySegment.NULL : of(bias);
            if (c.transposed()) {
                winograd.scatterBig(g, of(x), of(w), b, y);
            } else {
                winograd.gatherSmall(g, of(x), of(w), b, y);
            }
            return read(y, c.ySize());
        }

        float[] backwardData(Case c, float[] dy, float[] w) {
            ConvGeometry g = geometry(c);
            MemorySegment dx = poisoned(c.xSize());
            if (c.transposed()) {
                winograd.gatherSmall(g, of(dy), of(w), MemorySegment.NULL, dx);
            } else {
                winograd.scatterBig(g, of(dy), of(w), MemorySegment.NULL, dx);
            }
            return read(dx, c.xSize());
        }

        /** Overwrites a poisoned dw, or adds to {@code start} when it is given. */
        float[] backwardWeight(Case c, float[] x, float[] dy, float[] start) {
            ConvGeometry g = geometry(c);
            MemorySegment dw = start == null ? poisoned(c.wSize()) : of(start);
            if (c.transposed()) {
                winograd.weight(g, of(x), of(dy), dw, start != null);
            } else {
                winograd.weight(g, of(dy), of(x), dw, start != null);
            }
            return read(dw, c.wSize());
        }

        @Override
        public void close() {
            workers.close();
            scratch.close();
            arena.close();
        }
    }
}
