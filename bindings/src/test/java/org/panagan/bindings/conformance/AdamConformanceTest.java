package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.panagan_h;

/**
 * panagan_adam_step over several steps against torch.optim.Adam's update in double. The step
 * lives in device memory and panagan_increment advances it between steps, as a captured CUDA
 * graph would; one case starts at step 997 so the bias corrections are near 1 for beta1 but not
 * for beta2.
 *
 * Tolerances: m and v take two float products and a sum per step, about 3 ulp each, so 2e-6 of
 * their magnitudes (the same recurrences over |g|) after 5 steps; a parameter rounds once per
 * step and each update is a handful of float operations, so 2e-6 of |param| + the sum of the
 * |updates|. A wrong or missing bias correction changes an update by tens of percent or more.
 */
class AdamConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;
    private static final int STEPS = 5;

    private static DeviceBuffer scratch;
    private static DeviceBuffer step;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratch = DeviceBuffer.floats(8);
        step = DeviceBuffer.ofLongs(1);
    }

    @AfterAll
    static void free() {
        if (scratch != null) {
            scratch.close();
        }
        if (step != null) {
            step.close();
        }
    }

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    record Case(String name, int count, int offset, float lr, float beta1, float beta2,
                float eps, long firstStep) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int count : new int[] {1, 3, 1023, 4099}) {
            cases.add(new Case(count + " (0.9, 0.999)", count, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 1));
        }
        cases.add(new Case("4099 DCGAN (lr 2e-4, betas 0.5, 0.999)", 4099, 0, 2e-4f, 0.5f,
                0.999f, 1e-8f, 1));
        cases.add(new Case("4099 unaligned", 4099, 1, 1e-3f, 0.9f, 0.999f, 1e-8f, 1));
        cases.add(new Case("1023 from step 997", 1023, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 997));
        cases.add(new Case("1023 eps 0.1", 1023, 0, 1e-2f, 0.8f, 0.99f, 0.1f, 1));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void severalStepsMatchTheReference(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        int n = c.count();
        float[] param0 = TestData.normal(rng, n, 0, 1);
        float[] m0 = TestData.normal(rng, n, 0, 0.01);
        float[] v0 = TestData.uniform(rng, n, 0, 1e-4);
        double[] p = TestData.toDouble(param0);
        double[] m = TestData.toDouble(m0);
        double[] v = TestData.toDouble(v0);
        double[] mMagnitude = abs(m);
        double[] vMagnitude = v.clone();
        double[] pMagnitude = abs(p);

        try (DeviceSlice param = DeviceSlice.of(param0, c.offset());
             DeviceSlice grad = DeviceSlice.poisoned(n, c.offset());
             DeviceSlice expAvg = DeviceSlice.of(m0, c.offset());
             DeviceSlice expAvgSq = DeviceSlice.of(v0, c.offset());
             DeviceBuffer counter = DeviceBuffer.ofLongs(c.firstStep())) {
            for (int s = 0; s < STEPS; s++) {
                float[] g = TestData.normal(rng, n, 0, 1);
                g[0] = s == 1 ? 0.0f : g[0];
                grad.upload(g);
                Native.check(panagan_h.panagan_adam_step(param.ptr(), grad.ptr(), expAvg.ptr(),
                        expAvgSq.ptr(), n, counter.ptr(), c.lr(), c.beta1(), c.beta2(), c.eps(),
                        STREAM), "panagan_adam_step");
                referenceStep(c, c.firstStep() + s, g, p, m, v, mMagnitude, vMagnitude,
                        pMagnitude);
                Native.check(panagan_h.panagan_increment(counter.ptr(), STREAM),
                        "panagan_increment");
            }
            String what = "panagan_adam_step " + c + " after " + STEPS + " steps: ";
            Oracle.assertClose(what + "exp_avg", seed, expAvg.download(), m, mMagnitude, 2e-6, 0);
            Oracle.assertClose(what + "exp_avg_sq", seed, expAvgSq.download(), v, vMagnitude,
                    2e-6, 0);
            Oracle.assertClose(what + "param", seed, param.download(), p, pMagnitude, 2e-6, 0);
            assertEquals(c.firstStep() + STEPS, counter.toLongArray()[0],
                    "the step counter after " + STEPS + " increments");
        }
    }

    /**
     * torch.optim.Adam (no weight decay, no amsgrad) for one step t, in double; the magnitudes
     * follow the same recurrences over |g| and add up |update| for the parameters.
     */
    private static void referenceStep(Case c, long t, float[] g, double[] p, double[] m,
                                      double[] v, double[] mMagnitude, double[] vMagnitude,
                                      double[] pMagnitude) {
        double b1 = c.beta1();
        double b2 = c.beta2();
        double stepSize = c.lr() / (1 - Math.pow(b1, t));
        double bias2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        for (int i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            mMagnitude[i] = b1 * mMagnitude[i] + (1 - b1) * Math.abs(g[i]);
            vMagnitude[i] = v[i];
            double update = stepSize * m[i] / (Math.sqrt(v[i]) / bias2Sqrt + c.eps());
            p[i] -= update;
            pMagnitude[i] = Math.max(pMagnitude[i], Math.abs(p[i])) + Math.abs(update);
        }
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment x = scratch.ptr();
        MemorySegment t = step.ptr();
        String f = "panagan_adam_step";
        return Stream.of(
                new BadCall("count = -1", invalid, f, () -> panagan_h.panagan_adam_step(x, x, x,
                        x, -1, t, 1e-3f, 0.9f, 0.999f, 1e-8f, STREAM), "count must be >= 0",
                        "-1"),
                new BadCall("step = NULL", invalid, f, () -> panagan_h.panagan_adam_step(x, x, x,
                        x, 8, none, 1e-3f, 0.9f, 0.999f, 1e-8f, STREAM), "step"),
                new BadCall("param = NULL", invalid, f, () -> panagan_h.panagan_adam_step(none, x,
                        x, x, 8, t, 1e-3f, 0.9f, 0.999f, 1e-8f, STREAM), "param"),
                new BadCall("exp_avg_sq = NULL", invalid, f, () -> panagan_h.panagan_adam_step(x,
                        x, x, none, 8, t, 1e-3f, 0.9f, 0.999f, 1e-8f, STREAM), "exp_avg_sq"),
                new BadCall("lr = -1", invalid, f, () -> panagan_h.panagan_adam_step(x, x, x, x,
                        8, t, -1f, 0.9f, 0.999f, 1e-8f, STREAM), "lr", "-1"),
                new BadCall("beta1 = 1", invalid, f, () -> panagan_h.panagan_adam_step(x, x, x,
                        x, 8, t, 1e-3f, 1f, 0.999f, 1e-8f, STREAM), "beta1 must be in [0, 1)"),
                new BadCall("beta2 = -0.5", invalid, f, () -> panagan_h.panagan_adam_step(x, x,
                        x, x, 8, t, 1e-3f, 0.9f, -0.5f, 1e-8f, STREAM), "beta2", "-0.5"),
                new BadCall("eps = NaN", invalid, f, () -> panagan_h.panagan_adam_step(x, x, x,
                        x, 8, t, 1e-3f, 0.9f, 0.999f, Float.NaN, STREAM), "eps", "nan"),
                new BadCall("increment counter = NULL", invalid, "panagan_increment",
                        () -> panagan_h.panagan_increment(none, STREAM), "counter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }

    private static double[] abs(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }
}
