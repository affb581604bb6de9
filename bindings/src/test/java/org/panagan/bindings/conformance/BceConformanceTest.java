package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.panagan_h;

/**
 * panagan_bce_with_logits_{forward,backward} against the double-precision formula, and the
 * backward against central finite differences of the device forward.
 *
 * Targets 1 (real), 0 (fake) and 0.9 (a smoothed label); counts from 1 to 4099 (float4 packs
 * and tails), one unaligned; an "extreme" case of logits out to +-1e30, where a naive
 * log(sigmoid) would give inf.
 *
 * Tolerances: the forward adds `count` terms of a few ulp each in float, in a tree over one
 * block, so 4e-6 of the mean of |max(x,0)| + |x t| + log1p(exp(-|x|)); the backward is expf
 * (2 ulp on CUDA) and two float operations, so 2e-6 of |scale / count| (sigmoid(x) + t), and
 * 1e-30 absolute: below x = -88 the float sigmoid underflows to 0 (the true value is denormal).
 */
class BceConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;
    private static final double UNIT_ROUNDOFF = 0x1p-24;
    private static final float[] EXTREME = {
        20, -20, 50, -50, 100, -100, 1e3f, -1e3f, 1e4f, -1e4f, 1e30f, -1e30f};

    private static DeviceBuffer scratch;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratch = DeviceBuffer.floats(8);
    }

    @AfterAll
    static void free() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    record Case(String name, float target, int count, int offset, boolean extreme) {
        @Override
        public String toString() {
            return name;
        }

        float[] logits(SplittableRandom rng) {
            if (extreme) {
                return EXTREME.clone();
            }
            float[] x = TestData.normal(rng, count, 0, 4);
            float[] planted = {17, -17, 40, -40};
            for (int i = 0; i < planted.length && 3 * i < count; i++) {
                x[3 * i] = planted[i];
            }
            return x;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (float target : new float[] {1, 0, 0.9f}) {
            String t = "target " + target;
            for (int count : new int[] {1, 3, 64, 1023, 4099}) {
                cases.add(new Case(t + ", " + count, target, count, 0, false));
            }
            cases.add(new Case(t + ", 4099 unaligned", target, 4099, 1, false));
            cases.add(new Case(t + ", extreme logits", target, EXTREME.length, 0, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesReference(Case c) {
        long seed = TestData.freshSeed();
        float[] x = c.logits(new SplittableRandom(seed));
        double loss = 0;
        double magnitude = 0;
        for (float xi : x) {
            double softplus = Math.log1p(Math.exp(-Math.abs((double) xi)));
            loss += Math.max(xi, 0.0) - (double) xi * c.target() + softplus;
            magnitude += Math.max(xi, 0.0) + Math.abs((double) xi * c.target()) + softplus;
        }
        float actual = deviceLoss(c, x);
        Oracle.assertClose("panagan_bce_with_logits_forward " + c, seed, new float[] {actual},
                new double[] {loss / x.length}, new double[] {magnitude / x.length}, 4e-6, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesReference(Case c) {
        long seed = TestData.freshSeed();
        float[] x = c.logits(new SplittableRandom(seed));
        float gradScale = 0.75f;
        double coefficient = (double) gradScale / x.length;
        double[] expected = new double[x.length];
        double[] magnitude = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double sigmoid = 1 / (1 + Math.exp(-(double) x[i]));
            expected[i] = coefficient * (sigmoid - c.target());
            magnitude[i] = Math.abs(coefficient) * (sigmoid + c.target());
        }
        Oracle.assertClose("panagan_bce_with_logits_backward " + c, seed,
                deviceGradient(c, x, gradScale, false), expected, magnitude, 2e-6, 1e-30);
        Oracle.assertClose("panagan_bce_with_logits_backward in place " + c, seed,
                deviceGradient(c, x, gradScale, true), expected, magnitude, 2e-6, 1e-30);
    }

    /** d loss / dx along a random direction, from the device forward and from the backward. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = c.extreme() ? TestData.normal(rng, c.count(), 0, 4) : c.logits(rng);
        float[] direction = TestData.uniform(rng, x.length, -1, 1);
        double h = 1e-2;
        float[] dx = deviceGradient(c, x, 1.0f, false);
        double analytic = 0;
        double magnitude = 0;
        for (int i = 0; i < x.length; i++) {
            analytic += (double) dx[i] * direction[i];
            magnitude += Math.abs((double) dx[i] * direction[i]);
        }
        double lossMagnitude = 0;
        for (float xi : x) {
            lossMagnitude += (Math.abs(xi) * (1 + c.target()) + 1) / x.length;
        }
        double numeric = FiniteDifferences.directional(x, direction, h, xs -> deviceLoss(c, xs));
        // Each device loss is within ~8 ulp of the loss magnitude (4e-6 above is the bound we
        // test; 8 ulp is what it is); the quotient divides that by 2h. Truncation is h^2/6 of
        // sigmoid'' <= 1e-5 of the magnitude; the rounding of x +- h d to float, ulp(x) / h.
        double tolerance = 2e-4 * magnitude + 16 * UNIT_ROUNDOFF * lossMagnitude / (2 * h);
        assertTrue(Math.abs(numeric - analytic) <= tolerance, String.format(Locale.ROOT,
                "bce %s: finite differences %.9g, backward %.9g, |difference| %.3g > "
                        + "tolerance %.3g; seed %d",
                c, numeric, analytic, Math.abs(numeric - analytic), tolerance, seed));
    }

    @Test
    void forwardIsDeterministic() {
        long seed = TestData.freshSeed();
        Case c = new Case("target 0.9, 4099", 0.9f, 4099, 0, false);
        float[] x = c.logits(new SplittableRandom(seed));
        float first = deviceLoss(c, x);
        float second = deviceLoss(c, x);
        assertEquals(Float.floatToRawIntBits(first), Float.floatToRawIntBits(second),
                "two runs of the same loss differ: " + first + " and " + second + "; seed "
                        + seed);
    }

    @Test
    void backwardWithCountZeroIsANoOp() {
        try (DeviceBuffer out = DeviceBuffer.floats(1)) {
            Native.check(panagan_h.panagan_bce_with_logits_backward(scratch.ptr(), out.ptr(), 0,
                    1.0f, 1.0f, STREAM), "panagan_bce_with_logits_backward count 0");
            assertTrue(Float.isNaN(out.toFloatArray()[0]), "count 0 wrote dlogits");
        }
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment p = scratch.ptr();
        String forward = "panagan_bce_with_logits_forward";
        String backward = "panagan_bce_with_logits_backward";
        return Stream.of(
                new BadCall("forward target = 1.5", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(p, p, 8, 1.5f, STREAM),
                        "target must be in [0, 1]", "1.5"),
                new BadCall("forward target = -0.1", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(p, p, 8, -0.1f, STREAM),
                        "target", "-0.1"),
                new BadCall("forward target = NaN", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(p, p, 8, Float.NaN,
                                STREAM), "target", "nan"),
                new BadCall("forward count = 0", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(p, p, 0, 1, STREAM),
                        "count must be > 0", "0"),
                new BadCall("forward loss = NULL", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(p, none, 8, 1, STREAM),
                        "loss"),
                new BadCall("forward logits = NULL", invalid, forward,
                        () -> panagan_h.panagan_bce_with_logits_forward(none, p, 8, 1, STREAM),
                        "logits"),
                new BadCall("backward count = -1", invalid, backward,
                        () -> panagan_h.panagan_bce_with_logits_backward(p, p, -1, 1, 1, STREAM),
                        "count must be >= 0", "-1"),
                new BadCall("backward target = 2", invalid, backward,
                        () -> panagan_h.panagan_bce_with_logits_backward(p, p, 8, 2, 1, STREAM),
                        "target", "2"),
                new BadCall("backward grad_scale = inf", invalid, backward,
                        () -> panagan_h.panagan_bce_with_logits_backward(p, p, 8, 1,
                                Float.POSITIVE_INFINITY, STREAM), "grad_scale", "inf"),
                new BadCall("backward dlogits = NULL", invalid, backward,
                        () -> panagan_h.panagan_bce_with_logits_backward(p, none, 8, 1, 1,
                                STREAM), "dlogits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }

    private static float deviceLoss(Case c, float[] x) {
        try (DeviceSlice logits = DeviceSlice.of(x, c.offset());
             DeviceBuffer loss = DeviceBuffer.floats(1)) {
            Native.check(panagan_h.panagan_bce_with_logits_forward(logits.ptr(), loss.ptr(),
                    x.length, c.target(), STREAM), "panagan_bce_with_logits_forward");
            return loss.toFloatArray()[0];
        }
    }

    private static float[] deviceGradient(Case c, float[] x, float gradScale, boolean inPlace) {
        try (DeviceSlice logits = DeviceSlice.of(x, c.offset());
             DeviceSlice grad = inPlace ? logits : DeviceSlice.poisoned(x.length, c.offset())) {
            Native.check(panagan_h.panagan_bce_with_logits_backward(logits.ptr(), grad.ptr(),
                    x.length, c.target(), gradScale, STREAM), "panagan_bce_with_logits_backward");
            return grad.download();
        }
    }
}
