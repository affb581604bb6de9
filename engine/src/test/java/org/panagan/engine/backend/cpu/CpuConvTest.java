package org.panagan.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.engine.backend.ConvParams;
import org.panagan.engine.backend.CpuBackend;
import org.panagan.engine.backend.cpu.ConvOracle.Case;
import org.panagan.engine.backend.cpu.ConvOracle.Result;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * The six convolution passes of the cpu backend against {@link ConvOracle}, over shapes that
 * reach every path of {@link ConvKernels}: odd and rectangular sizes, strides 1 to 3, kernels
 * 1 to 5, output padding, images stacked into one product (small planes), the dense geometry
 * (1x1 on one side), weight gradients summed over several groups of images, by column blocks
 * or (3-channel images) by partial sums, and the strided layers that go to
 * {@link WinogradConv}.
 *
 * <p>Tolerances. Each output is a float sum of products (sgemm accumulates in float with fused
 * multiply-adds), so its error is measured against the sum of |products| that made it: a sum
 * of K terms is off by at most K unit roundoffs of that, and by a few when the terms have random
 * signs. {@link #RELATIVE} = 1e-5 (about 170 roundoffs) leaves a wide margin over that, while
 * a missing, doubled or misplaced product, about 1/K of the scale (K <= 10240 products per
 * output here), still fails. {@link #ABSOLUTE} covers only outputs with no terms, which must
 * be 0.
 * Outputs are poisoned with NaN first, so an element no pass writes fails.
 */
class CpuConvTest {

    static final double RELATIVE = 1e-5;
    static final double ABSOLUTE = 1e-6;
    /**
     * Finite differences of a linear map have no truncation error, so the two sides differ by
     * the rounding of the float forwards only; this much of their scale (sum of |r * y|).
     */
    static final double FD_RELATIVE = 1e-5;
    static final double STEP = 0.5;

    private static CpuBackend backend;

    @BeforeAll
    static void open() {
        backend = CpuBackend.open();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static Stream<Case> cases() {
        return Stream.of(
                Case.conv(3, 5, 7, 9, 11, 3, 1, 1),
                Case.conv(2, 3, 4, 13, 10, 4, 2, 1),
                Case.conv(2, 4, 6, 7, 7, 5, 3, 2),
                Case.conv(1, 6, 5, 8, 8, 1, 1, 0),
                Case.conv(5, 8, 16, 4, 4, 3, 2, 1),
                Case.conv(3, 3, 8, 16, 16, 4, 2, 1),
                Case.conv(4, 32, 1, 4, 4, 4, 1, 0),
                Case.conv(3, 6, 3, 5, 5, 5, 1, 0),
                Case.conv(10, 16, 8, 64, 64, 4, 2, 1),
                Case.conv(10, 16, 8, 64, 64, 3, 1, 1),
                Case.conv(45, 3, 4, 64, 64, 4, 2, 1),
                Case.transposed(3, 5, 7, 5, 6, 3, 1, 1, 0),
                Case.transposed(2, 6, 4, 4, 5, 4, 2, 1, 0),
                Case.transposed(2, 4, 3, 3, 3, 3, 2, 0, 1),
                Case.transposed(2, 3, 5, 5, 4, 5, 3, 2, 2),
                Case.transposed(4, 10, 8, 1, 1, 4, 1, 0, 0),
                Case.transposed(6, 8, 4, 2, 2, 4, 2, 1, 0),
                Case.transposed(1, 7, 2, 6, 6, 2, 2, 0, 0),
                Case.transposed(10, 8, 16, 32, 32, 4, 2, 1, 0));
    }

    // ---------------------------------------------------------------------------------------
    // Against the reference
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardWithAndWithoutBias(Case c) {
        for (boolean withBias : new boolean[] {false, true}) {
            long seed = CpuTesting.freshSeed();
            SplittableRandom rng = new SplittableRandom(seed);
            float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
            float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
            float[] bias = withBias ? CpuTesting.uniform(rng, c.cOut(), -1, 1) : null;
            Result expected = ConvOracle.forward(c, x, w, bias);
            CpuTesting.assertClose("forward " + c + (withBias ? " with bias" : ""), seed,
                    forward(c, x, w, bias), expected.value(), expected.magnitude(), RELATIVE,
                    ABSOLUTE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardData(Case c) {
        long seed = CpuTesting.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] dy = CpuTesting.uniform(rng, c.ySize(), -1, 1);
        float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
        Result expected = ConvOracle.backwardData(c, dy, w);
        CpuTesting.assertClose("backward-data " + c, seed, backwardData(c, dy, w),
                expected.value(), expected.magnitude(), RELATIVE, ABSOLUTE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardWeightOverwritesAndAccumulates(Case c) {
        for (boolean accumulate : new boolean[] {false, true}) {
            long seed = CpuTesting.freshSeed();
            SplittableRandom rng = new SplittableRandom(seed);
            float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
            float[] dy = CpuTesting.uniform(rng, c.ySize(), -1, 1);
            float[] dwStart = accumulate ? CpuTesting.uniform(rng, c.wSize(), -1, 1) : null;
            float[] dbStart = accumulate ? CpuTesting.uniform(rng, c.cOut(), -1, 1) : null;
            float[][] got = backwardWeight(c, x, dy, dwStart, dbStart, true);
            String what = "backward-weight " + c + (accumulate ? " accumulating" : "");
            Result dw = ConvOracle.plus(ConvOracle.backwardWeight(c, x, dy), dwStart);
            CpuTesting.assertClose(what + ": dw", seed, got[0], dw.value(), dw.magnitude(),
                    RELATIVE, ABSOLUTE);
            Result db = ConvOracle.plus(ConvOracle.backwardBias(c, dy), dbStart);
            CpuTesting.assertClose(what + ": dbias", seed, got[1], db.value(), db.magnitude(),
                    RELATIVE, ABSOLUTE);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Against central differences of the backend's own forward
    // ---------------------------------------------------------------------------------------

    /**
     * With L(x) = sum(r .* forward(x, w)), dL/dx = backward_data(r): along a random direction
     * d, (L(x + h d) - L(x - h d)) / 2h must equal backward_data(r) . d.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardDataMatchesFiniteDifferences(Case c) {
        long seed = CpuTesting.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
        float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
        float[] r = CpuTesting.uniform(rng, c.ySize(), -1, 1);
        float[] d = CpuTesting.uniform(rng, c.xSize(), -1, 1);
        float[] dx = backwardData(c, r, w);
        float[] plus = forward(c, shifted(x, d, STEP), w, null);
        float[] minus = forward(c, shifted(x, d, -STEP), w, null);
        double numeric = (CpuTesting.dot(r, plus) - CpuTesting.dot(r, minus)) / (2 * STEP);
        double scale = (CpuTesting.absDot(r, plus) + CpuTesting.absDot(r, minus)) / (2 * STEP)
                + CpuTesting.absDot(dx, d);
        double analytic = CpuTesting.dot(dx, d);
        assertTrue(Math.abs(numeric - analytic) <= FD_RELATIVE * scale + 1e-9,
                "backward-data " + c + ": finite differences " + numeric + " vs analytic "
                        + analytic + " (scale " + scale + "); seed " + seed);
    }

    /** The same with respect to the weight: dL/dw = backward_weight(x, dy = r). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardWeightMatchesFiniteDifferences(Case c) {
        long seed = CpuTesting.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = CpuTesting.uniform(rng, c.xSize(), -1, 1);
        float[] w = CpuTesting.uniform(rng, c.wSize(), -1, 1);
        float[] r = CpuTesting.uniform(rng, c.ySize(), -1, 1);
        float[] d = CpuTesting.uniform(rng, c.wSize(), -1, 1);
        float[] dw = backwardWeight(c, x, r, null, null, false)[0];
        float[] plus = forward(c, x, shifted(w, d, STEP), null);
        float[] minus = forward(c, x, shifted(w, d, -STEP), null);
        double numeric = (CpuTesting.dot(r, plus) - CpuTesting.dot(r, minus)) / (2 * STEP);
        double scale = (CpuTesting.absDot(r, plus) + CpuTesting.absDot(r, minus)) / (2 * STEP)
                + CpuTesting.absDot(dw, d);
        double analytic = CpuTesting.dot(dw, d);
        assertTrue(Math.abs(numeric - analytic) <= FD_RELATIVE * scale + 1e-9,
                "backward-weight " + c + ": finite differences " + numeric + " vs analytic "
                        + analytic + " (scale " + scale + "); seed " + seed);
    }

    // ---------------------------------------------------------------------------------------
    // Edges
    // ---------------------------------------------------------------------------------------

    @Test
    void anEmptyBatchWritesNothingAndZeroesTheWeightGradient() {
        Case c = Case.conv(0, 3, 4, 6, 6, 3, 1, 1);
        float[][] got = backwardWeight(c, new float[0], new float[0], null, null, true);
        for (float v : got[0]) {
            assertEquals(0f, v, "dw of no images is 0");
        }
        for (float v : got[1]) {
            assertEquals(0f, v, "dbias of no images is 0");
        }
        assertEquals(0, forward(c, new float[0], new float[c.wSize()], null).length);
    }

    @Test
    void theStackedAndGroupedPathsAreReached() {
        ConvGeometry stacked = ConvGeometry.conv(5, 8, 4, 4, 16, 3, 2, 1);
        assertTrue(stacked.imagesPerGemm() > 1, "small planes stack images: " + stacked);
        ConvGeometry grouped = ConvGeometry.conv(10, 16, 64, 64, 8, 3, 1, 1);
        assertTrue(grouped.imagesPerWeightGroup() < 10, "weight groups: " + grouped);
        assertFalse(WinogradConv.suits(grouped), "im2col, not Winograd: " + grouped);
        ConvGeometry narrow = ConvGeometry.conv(45, 3, 64, 64, 4, 4, 2, 1);
        assertTrue(narrow.narrowWeight() && narrow.imagesPerWeightGroup() < 45,
                "a narrow weight summed in partials over several groups: " + narrow);
        ConvGeometry dense = ConvGeometry.transposed(4, 10, 1, 1, 8, 4, 1, 0, 0);
        assertTrue(dense.dense(), "dense: " + dense);
    }

    // ---------------------------------------------------------------------------------------
    // Running the backend
    // ---------------------------------------------------------------------------------------

    private static ConvParams params(Case c) {
        return new ConvParams(c.stride(), c.pad(), c.outPad());
    }

    private static Shape xShape(Case c) {
        return new Shape(c.n(), c.cIn(), c.hIn(), c.wIn());
    }

    private static Shape yShape(Case c) {
        return new Shape(c.n(), c.cOut(), c.hOut(), c.wOut());
    }

    private static Shape wShape(Case c) {
        return c.transposed() ? new Shape(c.cIn(), c.cOut(), c.k(), c.k())
                : new Shape(c.cOut(), c.cIn(), c.k(), c.k());
    }

    static float[] forward(Case c, float[] x, float[] w, float[] bias) {
        try (CpuTesting.Tensors t = new CpuTesting.Tensors(backend)) {
            Tensor xt = t.of(xShape(c), x);
            Tensor wt = t.of(wShape(c), w);
            Tensor bt = bias == null ? null : t.of(new Shape(c.cOut()), bias);
            Tensor y = t.poisoned(yShape(c));
            if (c.transposed()) {
                backend.convTranspose2dForward(xt, wt, bt, y, params(c));
            } else {
                backend.conv2dForward(xt, wt, bt, y, params(c));
            }
            return t.read(y);
        }
    }

    static float[] backwardData(Case c, float[] dy, float[] w) {
        try (CpuTesting.Tensors t = new CpuTesting.Tensors(backend)) {
            Tensor dyt = t.of(yShape(c), dy);
            Tensor wt = t.of(wShape(c), w);
            Tensor dx = t.poisoned(xShape(c));
            if (c.transposed()) {
                backend.convTranspose2dBackwardData(dyt, wt, dx, params(c));
            } else {
                backend.conv2dBackwardData(dyt, wt, dx, params(c));
            }
            return t.read(dx);
        }
    }

    /** {dw, dbias}; they start from the given values, or NaN when not accumulating. */
    static float[][] backwardWeight(Case c, float[] x, float[] dy, float[] dwStart,
                                    float[] dbStart, boolean withBias) {
        try (CpuTesting.Tensors t = new CpuTesting.Tensors(backend)) {
            Tensor xt = t.of(xShape(c), x);
            Tensor dyt = t.of(yShape(c), dy);
            boolean accumulate = dwStart != null;
            Tensor dw = accumulate ? t.of(wShape(c), dwStart) : t.poisoned(wShape(c));
            Shape bias = new Shape(c.cOut());
            Tensor db = !withBias ? null : accumulate ? t.of(bias, dbStart) : t.poisoned(bias);
            if (c.transposed()) {
                backend.convTranspose2dBackwardWeight(xt, dyt, dw, db, accumulate, params(c),
                        null);
            } else {
                backend.conv2dBackwardWeight(xt, dyt, dw, db, accumulate, params(c), null);
            }
            return new float[][] {t.read(dw), db == null ? new float[0] : t.read(db)};
        }
    }

    private static float[] shifted(float[] v, float[] d, double h) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] + h * d[i]);
        }
        return out;
    }
}
