package org.panagan.bindings.conformance;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.panagan_h;

/**
 * panagan_{relu,leaky_relu,tanh,sigmoid}_{forward,backward} against double-precision references
 * and, for the backwards, against central finite differences of the device forward.
 *
 * Counts 1 and 3 are all vector tail; 1023 and 4099 are float4 packs plus a tail of 3; offset 1
 * puts the tensors off 16-byte alignment (the scalar path); in-place runs y over x and dx over
 * dy, as panagan.h allows.
 *
 * Tolerances (relative to the stated magnitude): ReLU and LeakyReLU are a select and at most
 * one float product, so 1 ulp (1.2e-7); tanh and sigmoid go through tanhf / expf, 2 ulp each on
 * CUDA, so 1e-6; the backwards are one or two float products, so 4e-7 of |dy| * (1 + |y|^2).
 */
class ActivationConformanceTest {

    private static final float SLOPE = 0.2f;
    private static final MemorySegment STREAM = MemorySegment.NULL;
    private static final double UNIT_ROUNDOFF = 0x1p-24;

    /** Real device buffers for the refused calls: only the argument under test is wrong. */
    private static DeviceBuffer scratchA;
    private static DeviceBuffer scratchB;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratchA = DeviceBuffer.floats(8);
        scratchB = DeviceBuffer.floats(8);
    }

    @AfterAll
    static void free() {
        if (scratchA != null) {
            scratchA.close();
        }
        if (scratchB != null) {
            scratchB.close();
        }
    }

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    enum Activation {
        RELU("relu", 1.2e-7) {
            @Override
            double forward(double x) {
                return x > 0 ? x : 0;
            }

            @Override
            double backward(double dy, double y) {
                return y > 0 ? dy : 0;
            }

            @Override
            int runForward(MemorySegment x, MemorySegment y, long count) {
                return panagan_h.panagan_relu_forward(x, y, count, STREAM);
            }

            @Override
            int runBackward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count) {
                return panagan_h.panagan_relu_backward(dy, y, dx, count, STREAM);
            }
        },
        LEAKY_RELU("leaky_relu", 1.2e-7) {
            @Override
            double forward(double x) {
                return x > 0 ? x : SLOPE * x;
            }

            @Override
            double backward(double dy, double y) {
                return y > 0 ? dy : dy * SLOPE;
            }

            @Override
            int runForward(MemorySegment x, MemorySegment y, long count) {
                return panagan_h.panagan_leaky_relu_forward(x, y, count, SLOPE, STREAM);
            }

            @Override
            int runBackward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count) {
                return panagan_h.panagan_leaky_relu_backward(dy, y, dx, count, SLOPE, STREAM);
            }
        },
        TANH("tanh", 1e-6) {
            @Override
            double forward(double x) {
                return Math.tanh(x);
            }

            @Override
            double backward(double dy, double y) {
                return dy * (1 - y * y);
            }

            @Override
            int runForward(MemorySegment x, MemorySegment y, long count) {
                return panagan_h.panagan_tanh_forward(x, y, count, STREAM);
            }

            @Override
            int runBackward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count) {
                return panagan_h.panagan_tanh_backward(dy, y, dx, count, STREAM);
            }
        },
        SIGMOID("sigmoid", 1e-6) {
            @Override
            double forward(double x) {
                return 1 / (1 + Math.exp(-x));
            }

            @Override
            double backward(double dy, double y) {
                return dy * y * (1 - y);
            }

            @Override
            int runForward(MemorySegment x, MemorySegment y, long count) {
                return panagan_h.panagan_sigmoid_forward(x, y, count, STREAM);
            }

            @Override
            int runBackward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count) {
                return panagan_h.panagan_sigmoid_backward(dy, y, dx, count, STREAM);
            }
        };

        final String id;
        final double forwardTolerance;

        Activation(String id, double forwardTolerance) {
            this.id = id;
            this.forwardTolerance = forwardTolerance;
        }

        abstract double forward(double x);

        /** The derivative times dy, written with the forward's output y as panagan.h does. */
        abstract double backward(double dy, double y);

        abstract int runForward(MemorySegment x, MemorySegment y, long count);

        abstract int runBackward(MemorySegment dy, MemorySegment y, MemorySegment dx, long count);

        String forwardName() {
            return "panagan_" + id + "_forward";
        }

        String backwardName() {
            return "panagan_" + id + "_backward";
        }

        boolean piecewiseLinear() {
            return this == RELU || this == LEAKY_RELU;
        }
    }

    record Case(String name, Activation activation, int count, int offset, boolean inPlace) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            for (int count : new int[] {1, 3, 1023, 4099}) {
                cases.add(new Case(a.id + " " + count, a, count, 0, false));
            }
            cases.add(new Case(a.id + " 4099 unaligned", a, 4099, 1, false));
            cases.add(new Case(a.id + " 1023 in-place", a, 1023, 0, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesReference(Case c) {
        long seed = TestData.freshSeed();
        float[] x = TestData.normal(new SplittableRandom(seed), c.count(), 0, 3);
        x[0] = 0.0f;
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = c.activation().forward(x[i]);
        }
        try (DeviceSlice in = DeviceSlice.of(x, c.offset());
             DeviceSlice out = c.inPlace() ? in : DeviceSlice.poisoned(c.count(), c.offset())) {
            Native.check(c.activation().runForward(in.ptr(), out.ptr(), c.count()),
                    c.activation().forwardName());
            Oracle.assertClose(c.activation().forwardName() + " " + c, seed, out.download(),
                    expected, null, c.activation().forwardTolerance, 1e-30);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesReference(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.normal(rng, c.count(), 0, 3);
        float[] dy = TestData.normal(rng, c.count(), 0, 1);
        float[] y = deviceForward(c, x);
        double[] expected = new double[x.length];
        double[] magnitude = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = c.activation().backward(dy[i], y[i]);
            magnitude[i] = Math.abs(dy[i]) * (1 + (double) y[i] * y[i]);
        }
        try (DeviceSlice gradOut = DeviceSlice.of(dy, c.offset());
             DeviceSlice out = DeviceSlice.of(y, c.offset());
             DeviceSlice gradIn = c.inPlace() ? gradOut
                     : DeviceSlice.poisoned(c.count(), c.offset())) {
            Native.check(c.activation().runBackward(gradOut.ptr(), out.ptr(), gradIn.ptr(),
                    c.count()), c.activation().backwardName());
            Oracle.assertClose(c.activation().backwardName() + " " + c, seed, gradIn.download(),
                    expected, magnitude, 4e-7, 1e-30);
        }
    }

    /**
     * loss(x) = sum(r .* forward(x)) on the device; its directional derivative along a random d
     * must match sum(backward(r, forward(x)) .* d). ReLU and LeakyReLU get inputs at least 0.1
     * from the kink, beyond the reach of the step, so the loss is linear where it is sampled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = TestData.normal(rng, c.count(), 0, 2);
        if (c.activation().piecewiseLinear()) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.copySign(0.1 + Math.abs(x[i]), x[i]);
            }
        }
        float[] r = TestData.normal(rng, c.count(), 0, 1);
        float[] direction = TestData.uniform(rng, c.count(), -1, 1);
        double h = 1e-2;

        float[] y = deviceForward(c, x);
        float[] dx = deviceBackward(c, r, y);
        double analytic = 0;
        double magnitude = 0;
        double lossRounding = 0;
        for (int i = 0; i < x.length; i++) {
            analytic += (double) dx[i] * direction[i];
            magnitude += Math.abs((double) dx[i] * direction[i]);
            lossRounding += Math.abs((double) r[i]) * (Math.abs(y[i]) + 1e-30);
        }
        double numeric = FiniteDifferences.directional(x, direction, h,
                xs -> dot(r, deviceForward(c, xs)));
        // Each loss carries up to 2 ulp of every |r_i y_i|; the difference quotient divides it
        // by 2h. Truncation (h^2/6 |f'''/f'| <= 7e-5) and the rounding of x +- h d to float
        // (ulp(x) / h <= 2.4e-5) stay under 2e-4 of the magnitude.
        double tolerance = 2e-4 * magnitude + 4 * UNIT_ROUNDOFF * lossRounding / (2 * h);
        assertTrue(Math.abs(numeric - analytic) <= tolerance, String.format(Locale.ROOT,
                "%s %s: finite differences %.9g, backward %.9g, |difference| %.3g > "
                        + "tolerance %.3g (magnitude %.4g); seed %d",
                c.activation().backwardName(), c, numeric, analytic,
                Math.abs(numeric - analytic), tolerance, magnitude, seed));
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment pa = scratchA.ptr();
        MemorySegment pb = scratchB.ptr();
        return Stream.of(
                new BadCall("count = -1", invalid, "panagan_relu_forward",
                        () -> panagan_h.panagan_relu_forward(pa, pb, -1, STREAM),
                        "count must be >= 0", "-1"),
                new BadCall("x = NULL", invalid, "panagan_tanh_forward",
                        () -> panagan_h.panagan_tanh_forward(none, pb, 8, STREAM), "x"),
                new BadCall("y = NULL", invalid, "panagan_sigmoid_forward",
                        () -> panagan_h.panagan_sigmoid_forward(pa, none, 8, STREAM), "y"),
                new BadCall("dy = NULL", invalid, "panagan_relu_backward",
                        () -> panagan_h.panagan_relu_backward(none, pa, pb, 8, STREAM), "dy"),
                new BadCall("dx = NULL", invalid, "panagan_tanh_backward",
                        () -> panagan_h.panagan_tanh_backward(pa, pb, none, 8, STREAM), "dx"),
                new BadCall("count = -5 backward", invalid, "panagan_sigmoid_backward",
                        () -> panagan_h.panagan_sigmoid_backward(pa, pb, pa, -5, STREAM),
                        "count", "-5"),
                new BadCall("slope = -0.1", invalid, "panagan_leaky_relu_forward",
                        () -> panagan_h.panagan_leaky_relu_forward(pa, pb, 8, -0.1f, STREAM),
                        "slope", "-0.1"),
                new BadCall("slope = NaN", invalid, "panagan_leaky_relu_backward",
                        () -> panagan_h.panagan_leaky_relu_backward(pa, pb, pa, 8, Float.NaN,
                                STREAM), "slope", "nan"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Activation.class)
    void countZeroIsANoOp(Activation a) {
        try (DeviceSlice in = DeviceSlice.of(new float[] {1.5f}, 0);
             DeviceSlice out = DeviceSlice.poisoned(1, 0)) {
            Native.check(a.runForward(in.ptr(), out.ptr(), 0), a.forwardName() + " count 0");
            Native.check(a.runBackward(in.ptr(), in.ptr(), out.ptr(), 0),
                    a.backwardName() + " count 0");
            assertTrue(Float.isNaN(out.download()[0]), "count 0 wrote its output");
        }
    }

    private static float[] deviceForward(Case c, float[] x) {
        try (DeviceSlice in = DeviceSlice.of(x, c.offset());
             DeviceSlice out = DeviceSlice.poisoned(x.length, c.offset())) {
            Native.check(c.activation().runForward(in.ptr(), out.ptr(), x.length),
                    c.activation().forwardName());
            return out.download();
        }
    }

    private static float[] deviceBackward(Case c, float[] dy, float[] y) {
        try (DeviceSlice gradOut = DeviceSlice.of(dy, c.offset());
             DeviceSlice out = DeviceSlice.of(y, c.offset());
             DeviceSlice gradIn = DeviceSlice.poisoned(dy.length, c.offset())) {
            Native.check(c.activation().runBackward(gradOut.ptr(), out.ptr(), gradIn.ptr(),
                    dy.length), c.activation().backwardName());
            return gradIn.download();
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
