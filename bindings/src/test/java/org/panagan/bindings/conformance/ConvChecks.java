package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.SplittableRandom;

import org.panagan.bindings.conformance.ConvReference.Result;
import org.panagan.bindings.conformance.ConvReference.Shape;

/**
 * The checks Conv2dConformanceTest and ConvTranspose2dConformanceTest share, run through
 * {@link Ops} against {@link ConvReference}. Inputs are fresh uniform(-1, 1) floats per call
 * (seed printed on failure); every output is NaN-poisoned before the call that writes it.
 *
 * <p>Tolerances. Every output is a float sum of products, so its error is measured against the
 * sum of |products| (and |bias|) that made it. A K-term float sum is off by at most K unit
 * roundoffs (6e-8) of that sum, and with terms of random sign by a few (measured here: under
 * 3e-7 of it, K up to 630). {@link #RELATIVE} = 1e-5, about 170 roundoffs, keeps a wide margin
 * over that while a single missing, doubled or misplaced product (of order 1/K of the sum) still
 * fails. {@link #ABSOLUTE} only covers outputs with no terms at all, which must come out 0.
 */
final class ConvChecks {

    /** Error allowed per element, relative to its sum of |terms|. */
    static final double RELATIVE = 1e-5;
    /** Error allowed on top of it, for elements whose terms sum to 0. */
    static final double ABSOLUTE = 1e-6;
    /**
     * Finite-difference checks allow this much of the scale that bounds the rounding of both
     * sides (see each check): 16 unit roundoffs. The rounding errors of many outputs have random
     * signs and largely cancel (measured: under 5e-9 of the scale), while a backward that
     * disagrees with the forward on even one link of weight ~1 moves the result by far more.
     */
    static final double FD_RELATIVE = 1e-6;
    /**
     * The step of the finite differences. Every pass is linear in the perturbed argument, so
     * central differences have no truncation error at any step; a step of order one keeps the
     * rounding of x +- h*d to float and of the two forwards small against the difference.
     */
    static final double STEP = 0.5;
    /** Random directions per finite-difference check. */
    static final int DIRECTIONS = 2;

    private ConvChecks() {
    }

    /** One operation's three passes (and workspace query) as panagan.h declares them. */
    interface Ops {
        /** The functions' common prefix, e.g. "panagan_conv2d". */
        String prefix();

        int forward(Shape s, MemorySegment x, MemorySegment w, MemorySegment bias,
                    MemorySegment y);

        int backwardData(Shape s, MemorySegment dy, MemorySegment w, MemorySegment dx);

        long workspaceSize(Shape s);

        int backwardWeight(Shape s, MemorySegment x, MemorySegment dy, MemorySegment dw,
                           MemorySegment dbias, int accumulate, MemorySegment workspace,
                           long workspaceBytes);
    }

    /** y = conv(x, w) (+ bias) against the reference. */
    static void forward(Ops ops, Shape s, boolean withBias) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.uniform(rng, s.xSize(), -1, 1);
        float[] w = TestData.uniform(rng, s.wSize(), -1, 1);
        float[] bias = withBias ? TestData.uniform(rng, s.cOut(), -1, 1) : null;
        float[] y = runForward(ops, s, x, w, bias);
        Result expected = ConvReference.forward(s, x, w, bias);
        Oracle.assertClose(ops.prefix() + "_forward " + s + (withBias ? " with bias" : ""),
                seed, y, expected.value(), expected.magnitude(), RELATIVE, ABSOLUTE);
    }

    /** dx from dy against the reference. */
    static void backwardData(Ops ops, Shape s) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] dy = TestData.uniform(rng, s.ySize(), -1, 1);
        float[] w = TestData.uniform(rng, s.wSize(), -1, 1);
        float[] dx = runBackwardData(ops, s, dy, w);
        Result expected = ConvReference.backwardData(s, dy, w);
        Oracle.assertClose(ops.prefix() + "_backward_data " + s, seed, dx, expected.value(),
                expected.magnitude(), RELATIVE, ABSOLUTE);
    }

    /**
     * dw (and dbias when withBias) against the reference; with accumulate = 1 they start from
     * random values that the result must be added to.
     */
    static void backwardWeight(Ops ops, Shape s, boolean withBias, int accumulate) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.uniform(rng, s.xSize(), -1, 1);
        float[] dy = TestData.uniform(rng, s.ySize(), -1, 1);
        float[] dwStart = accumulate == 1 ? TestData.uniform(rng, s.wSize(), -1, 1) : null;
        float[] dbStart = accumulate == 1 && withBias
                ? TestData.uniform(rng, s.cOut(), -1, 1) : null;
        Grads grads = runBackwardWeight(ops, s, x, dy, withBias, accumulate, dwStart, dbStart);

        String what = ops.prefix() + "_backward_weight " + s + " accumulate " + accumulate;
        Result dw = withStart(ConvReference.backwardWeight(s, x, dy), dwStart);
        Oracle.assertClose(what + ": dw", seed, grads.dw(), dw.value(), dw.magnitude(),
                RELATIVE, ABSOLUTE);
        if (withBias) {
            Result db = withStart(ConvReference.backwardBias(s, dy), dbStart);
            Oracle.assertClose(what + ": dbias", seed, grads.dbias(), db.value(),
                    db.magnitude(), RELATIVE, ABSOLUTE);
        }
    }

    /**
     * backward-data against central differences of the device forward: with
     * L(x) = sum(r .* forward(x, w)), dL/dx = backward_data(dy = r), so for a random direction
     * d, (L(x + h d) - L(x - h d)) / 2h must equal sum(dx .* d). The tolerance is FD_RELATIVE of
     * the scale that bounds both sides' rounding: sum_i |r_i| (M_i(|x|) / h + 2 M_i(|d|)), with
     * M_i(v) the sum over output i's links of |w| |v|.
     */
    static void backwardDataByFiniteDifferences(Ops ops, Shape s) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.uniform(rng, s.xSize(), -1, 1);
        float[] w = TestData.uniform(rng, s.wSize(), -1, 1);
        float[] r = TestData.uniform(rng, s.ySize(), -1, 1);
        float[] dx = runBackwardData(ops, s, r, w);
        for (int k = 0; k < DIRECTIONS; k++) {
            float[] d = TestData.normal(rng, s.xSize(), 0, 1);
            double numeric = FiniteDifferences.directional(x, d, STEP,
                    xs -> dot(r, runForward(ops, s, xs, w, null)));
            double scale = linkScale(s, r, abs(x), abs(w)) / STEP
                    + 2 * linkScale(s, r, abs(d), abs(w));
            assertAgree(ops.prefix() + "_backward_data " + s + " direction " + k, seed,
                    numeric, dot(dx, d), scale);
        }
    }

    /**
     * backward-weight against central differences of the device forward, as for the data
     * gradient, along random directions in w (scale with the roles of x and w exchanged) and,
     * separately, in the bias (scale sum_i |r_i| ((M_i(|x|, |w|) + |b|) / h + 2 |d_b|)).
     */
    static void backwardWeightByFiniteDifferences(Ops ops, Shape s) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.uniform(rng, s.xSize(), -1, 1);
        float[] w = TestData.uniform(rng, s.wSize(), -1, 1);
        float[] b = TestData.uniform(rng, s.cOut(), -1, 1);
        float[] r = TestData.uniform(rng, s.ySize(), -1, 1);
        Grads grads = runBackwardWeight(ops, s, x, r, true, 0, null, null);
        for (int k = 0; k < DIRECTIONS; k++) {
            float[] d = TestData.normal(rng, s.wSize(), 0, 1);
            double numeric = FiniteDifferences.directional(w, d, STEP,
                    ws -> dot(r, runForward(ops, s, x, ws, null)));
            double scale = linkScale(s, r, abs(x), abs(w)) / STEP
                    + 2 * linkScale(s, r, abs(x), abs(d));
            assertAgree(ops.prefix() + "_backward_weight " + s + " dw direction " + k, seed,
                    numeric, dot(grads.dw(), d), scale);
        }
        float[] db = TestData.normal(rng, s.cOut(), 0, 1);
        double numeric = FiniteDifferences.directional(b, db, STEP,
                bs -> dot(r, runForward(ops, s, x, w, bs)));
        double rounding = linkScale(s, r, abs(x), abs(w));
        int plane = s.hOut() * s.wOut();
        for (int i = 0; i < r.length; i++) {
            int c = (i / plane) % s.cOut();
            rounding += Math.abs(r[i]) * (Math.abs(b[c]) + 2 * STEP * Math.abs(db[c]));
        }
        assertAgree(ops.prefix() + "_backward_weight " + s + " dbias direction", seed, numeric,
                dot(grads.dbias(), db), rounding / STEP);
    }

    /** Two runs of every pass give the same bits. */
    static void deterministic(Ops ops, Shape s) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.uniform(rng, s.xSize(), -1, 1);
        float[] w = TestData.uniform(rng, s.wSize(), -1, 1);
        float[] b = TestData.uniform(rng, s.cOut(), -1, 1);
        float[] dy = TestData.uniform(rng, s.ySize(), -1, 1);
        String suffix = " " + s + " twice; seed " + seed;
        assertSameBits(runForward(ops, s, x, w, b), runForward(ops, s, x, w, b),
                ops.prefix() + "_forward" + suffix);
        assertSameBits(runBackwardData(ops, s, dy, w), runBackwardData(ops, s, dy, w),
                ops.prefix() + "_backward_data" + suffix);
        Grads first = runBackwardWeight(ops, s, x, dy, true, 0, null, null);
        Grads second = runBackwardWeight(ops, s, x, dy, true, 0, null, null);
        assertSameBits(first.dw(), second.dw(), ops.prefix() + "_backward_weight dw" + suffix);
        assertSameBits(first.dbias(), second.dbias(),
                ops.prefix() + "_backward_weight dbias" + suffix);
    }

    /**
     * The workspace size is a function of the shape, and one byte less than it is refused with
     * PANAGAN_WORKSPACE_TOO_SMALL and a message giving both numbers. Needs a shape whose
     * weight gradient splits (a workspace of at least one byte).
     */
    static void shortWorkspaceIsRefused(Ops ops, Shape s) {
        long bytes = ops.workspaceSize(s);
        assertEquals(bytes, ops.workspaceSize(s), "workspace size of " + s + " asked twice");
        assertTrue(bytes > 0, s + " was meant to need a workspace, got " + bytes + " bytes");
        try (DeviceBuffer x = DeviceBuffer.floats(s.xSize());
             DeviceBuffer dy = DeviceBuffer.floats(s.ySize());
             DeviceBuffer dw = DeviceBuffer.floats(s.wSize());
             DeviceBuffer workspace = DeviceBuffer.bytes(bytes)) {
            int status = ops.backwardWeight(s, x.ptr(), dy.ptr(), dw.ptr(), MemorySegment.NULL,
                    0, workspace.ptr(), bytes - 1);
            String error = Native.lastError();
            assertEquals("PANAGAN_WORKSPACE_TOO_SMALL", Native.statusName(status), error);
            String function = ops.prefix() + "_backward_weight";
            assertTrue(error.startsWith(function + ": "), "names the function: " + error);
            assertTrue(error.contains(Long.toString(bytes))
                    && error.contains(Long.toString(bytes - 1)),
                    "gives the bytes needed and given: " + error);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Device calls: fresh buffers per call, outputs poisoned
    // -----------------------------------------------------------------------------------------

    static float[] runForward(Ops ops, Shape s, float[] x, float[] w, float[] bias) {
        try (DeviceBuffer dx = DeviceBuffer.of(x);
             DeviceBuffer dw = DeviceBuffer.of(w);
             DeviceBuffer db = bias == null ? null : DeviceBuffer.of(bias);
             DeviceBuffer y = DeviceBuffer.floats(s.ySize())) {
            Native.check(ops.forward(s, dx.ptr(), dw.ptr(), db == null ? MemorySegment.NULL
                    : db.ptr(), y.ptr()), ops.prefix() + "_forward " + s);
            return y.toFloatArray();
        }
    }

    static float[] runBackwardData(Ops ops, Shape s, float[] dy, float[] w) {
        try (DeviceBuffer ddy = DeviceBuffer.of(dy);
             DeviceBuffer dw = DeviceBuffer.of(w);
             DeviceBuffer dx = DeviceBuffer.floats(s.xSize())) {
            Native.check(ops.backwardData(s, ddy.ptr(), dw.ptr(), dx.ptr()),
                    ops.prefix() + "_backward_data " + s);
            return dx.toFloatArray();
        }
    }

    /** dw and dbias (null unless withBias). */
    record Grads(float[] dw, float[] dbias) {
    }

    /** The weight gradient; with accumulate = 1, dw and dbias first hold the start values. */
    static Grads runBackwardWeight(Ops ops, Shape s, float[] x, float[] dy, boolean withBias,
                                   int accumulate, float[] dwStart, float[] dbStart) {
        long bytes = ops.workspaceSize(s);
        assertTrue(bytes >= 0, "workspace size of " + s + ": " + bytes + ", "
                + Native.lastError());
        try (DeviceBuffer dx = DeviceBuffer.of(x);
             DeviceBuffer ddy = DeviceBuffer.of(dy);
             DeviceBuffer dw = DeviceBuffer.floats(s.wSize());
             DeviceBuffer db = withBias ? DeviceBuffer.floats(s.cOut()) : null;
             DeviceBuffer workspace = DeviceBuffer.bytes(bytes)) {
            if (dwStart != null) {
                dw.upload(dwStart);
            }
            if (dbStart != null) {
                db.upload(dbStart);
            }
            Native.check(ops.backwardWeight(s, dx.ptr(), ddy.ptr(), dw.ptr(),
                    db == null ? MemorySegment.NULL : db.ptr(), accumulate, workspace.ptr(),
                    bytes), ops.prefix() + "_backward_weight " + s);
            return new Grads(dw.toFloatArray(), db == null ? null : db.toFloatArray());
        }
    }

    // -----------------------------------------------------------------------------------------
    // Helpers
    // -----------------------------------------------------------------------------------------

    /** The reference plus start values (accumulate = 1); unchanged when start is null. */
    private static Result withStart(Result r, float[] start) {
        if (start != null) {
            for (int i = 0; i < start.length; i++) {
                r.add(i, start[i]);
            }
        }
        return r;
    }

    /** sum over outputs i of |r_i| * (sum over i's links of xs * ws), xs and ws non-negative. */
    private static double linkScale(Shape s, float[] r, float[] xs, float[] ws) {
        double[] total = new double[1];
        ConvReference.forEachLink(s, (xi, yi, wi) ->
                total[0] += Math.abs((double) r[yi]) * xs[xi] * ws[wi]);
        return total[0];
    }

    private static void assertAgree(String what, long seed, double numeric, double analytic,
                                    double scale) {
        double tolerance = FD_RELATIVE * scale;
        assertTrue(Math.abs(numeric - analytic) <= tolerance, String.format(Locale.ROOT,
                "%s: finite differences %.9g, backward %.9g, |difference| %.3g > tolerance %.3g"
                        + " (%.1e of scale %.4g); seed %d",
                what, numeric, analytic, Math.abs(numeric - analytic), tolerance, FD_RELATIVE,
                scale, seed));
    }

    private static void assertSameBits(float[] a, float[] b, String what) {
        int[] bitsA = new int[a.length];
        int[] bitsB = new int[b.length];
        for (int i = 0; i < a.length; i++) {
            bitsA[i] = Float.floatToRawIntBits(a[i]);
        }
        for (int i = 0; i < b.length; i++) {
            bitsB[i] = Float.floatToRawIntBits(b[i]);
        }
        assertArrayEquals(bitsA, bitsB, what);
    }

    private static float[] abs(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
