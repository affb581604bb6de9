package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
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
 * panagan_fill, scale, axpy, copy, sum, mean, count_nonfinite and increment.
 *
 * Counts 1 and 3 are all vector tail, 1023 and 4099 float4 packs plus a tail of 3, 100003 gives
 * the one-block reductions about 100 values per thread; offset 1 takes the scalar path.
 *
 * Tolerances: fill and copy are exact; scale is one correctly rounded product (1 ulp); axpy one
 * fused multiply-add (1 ulp of |y| + |alpha x|); sum and mean add each value once in float, at
 * most count / 4096 + 2 additions per accumulator and a 10-level tree, so 4e-6 of sum |x|.
 */
class UtilitiesConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;
    private static final double ULP = 0x1p-23;

    private static DeviceBuffer scratch;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratch = DeviceBuffer.floats(16);
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

    record Case(String name, int count, int offset) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case("1", 1, 0), new Case("3", 3, 0), new Case("1023", 1023, 0),
                new Case("4099", 4099, 0), new Case("4099 unaligned", 4099, 1));
    }

    static Stream<Case> reductionCases() {
        return Stream.concat(cases(), Stream.of(new Case("100003", 100003, 0),
                new Case("100003 unaligned", 100003, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fillWritesEveryElement(Case c) {
        try (DeviceSlice x = DeviceSlice.poisoned(c.count(), c.offset())) {
            Native.check(panagan_h.panagan_fill(x.ptr(), c.count(), -2.75f, STREAM),
                    "panagan_fill");
            float[] expected = new float[c.count()];
            Arrays.fill(expected, -2.75f);
            assertArrayEquals(expected, x.download(), "panagan_fill " + c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scaleMultipliesInPlace(Case c) {
        long seed = TestData.freshSeed();
        float[] values = TestData.normal(new SplittableRandom(seed), c.count(), 0, 10);
        float alpha = -0.3f;
        double[] expected = new double[c.count()];
        for (int i = 0; i < c.count(); i++) {
            expected[i] = (double) values[i] * alpha;
        }
        try (DeviceSlice x = DeviceSlice.of(values, c.offset())) {
            Native.check(panagan_h.panagan_scale(x.ptr(), c.count(), alpha, STREAM),
                    "panagan_scale");
            Oracle.assertClose("panagan_scale " + c, seed, x.download(), expected, null, ULP, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void axpyAccumulatesIntoY(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] xs = TestData.normal(rng, c.count(), 0, 1);
        float[] ys = TestData.normal(rng, c.count(), 0, 1);
        float alpha = 1.7f;
        double[] expected = new double[c.count()];
        double[] magnitude = new double[c.count()];
        for (int i = 0; i < c.count(); i++) {
            expected[i] = ys[i] + (double) alpha * xs[i];
            magnitude[i] = Math.abs(ys[i]) + Math.abs((double) alpha * xs[i]);
        }
        try (DeviceSlice x = DeviceSlice.of(xs, c.offset());
             DeviceSlice y = DeviceSlice.of(ys, c.offset())) {
            Native.check(panagan_h.panagan_axpy(x.ptr(), y.ptr(), c.count(), alpha, STREAM),
                    "panagan_axpy");
            Oracle.assertClose("panagan_axpy " + c, seed, y.download(), expected, magnitude, ULP,
                    0);
            assertArrayEquals(xs, x.download(), "panagan_axpy left x alone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void copyIsExact(Case c) {
        long seed = TestData.freshSeed();
        float[] values = TestData.normal(new SplittableRandom(seed), c.count(), 0, 1e3);
        values[0] = -0.0f;
        try (DeviceSlice src = DeviceSlice.of(values, c.offset());
             DeviceSlice dst = DeviceSlice.poisoned(c.count(), c.offset())) {
            Native.check(panagan_h.panagan_copy(src.ptr(), dst.ptr(), c.count(), STREAM),
                    "panagan_copy");
            float[] copied = dst.download();
            for (int i = 0; i < c.count(); i++) {
                assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(copied[i]),
                        "panagan_copy " + c + " at [" + i + "]; seed " + seed);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductionCases")
    void sumAndMeanMatchTheReference(Case c) {
        long seed = TestData.freshSeed();
        float[] values = TestData.normal(new SplittableRandom(seed), c.count(), 0.5, 2);
        double sum = 0;
        double magnitude = 0;
        for (float v : values) {
            sum += v;
            magnitude += Math.abs(v);
        }
        try (DeviceSlice x = DeviceSlice.of(values, c.offset());
             DeviceBuffer result = DeviceBuffer.floats(2)) {
            MemorySegment second = MemorySegment.ofAddress(result.ptr().address() + 4);
            Native.check(panagan_h.panagan_sum(x.ptr(), c.count(), result.ptr(), STREAM),
                    "panagan_sum");
            Native.check(panagan_h.panagan_mean(x.ptr(), c.count(), second, STREAM),
                    "panagan_mean");
            float[] got = result.toFloatArray();
            Oracle.assertClose("panagan_sum " + c, seed, new float[] {got[0]},
                    new double[] {sum}, new double[] {magnitude}, 4e-6, 0);
            Oracle.assertClose("panagan_mean " + c, seed, new float[] {got[1]},
                    new double[] {sum / c.count()}, new double[] {magnitude / c.count()}, 4e-6,
                    0);
        }
    }

    @Test
    void sumOfNothingIsZero() {
        try (DeviceBuffer result = DeviceBuffer.floats(1)) {
            Native.check(panagan_h.panagan_sum(scratch.ptr(), 0, result.ptr(), STREAM),
                    "panagan_sum count 0");
            assertEquals(0.0f, result.toFloatArray()[0], "panagan_sum of 0 values");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductionCases")
    void reductionsAreDeterministic(Case c) {
        long seed = TestData.freshSeed();
        float[] values = TestData.normal(new SplittableRandom(seed), c.count(), 0, 1);
        try (DeviceSlice x = DeviceSlice.of(values, c.offset());
             DeviceBuffer result = DeviceBuffer.floats(4)) {
            for (int run = 0; run < 2; run++) {
                MemorySegment sum = MemorySegment.ofAddress(result.ptr().address() + 8L * run);
                MemorySegment mean = MemorySegment.ofAddress(sum.address() + 4);
                Native.check(panagan_h.panagan_sum(x.ptr(), c.count(), sum, STREAM),
                        "panagan_sum");
                Native.check(panagan_h.panagan_mean(x.ptr(), c.count(), mean, STREAM),
                        "panagan_mean");
            }
            float[] got = result.toFloatArray();
            assertEquals(Float.floatToRawIntBits(got[0]), Float.floatToRawIntBits(got[2]),
                    "two runs of panagan_sum " + c + " differ: " + got[0] + ", " + got[2]
                            + "; seed " + seed);
            assertEquals(Float.floatToRawIntBits(got[1]), Float.floatToRawIntBits(got[3]),
                    "two runs of panagan_mean " + c + " differ: " + got[1] + ", " + got[3]
                            + "; seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reductionCases")
    void countNonfiniteCountsNanAndInfinities(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        float[] values = TestData.normal(rng, c.count(), 0, 1);
        values[0] = Float.MAX_VALUE;
        values[c.count() - 1] = Float.MIN_VALUE;
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.intBitsToFloat(0xFFFFFFFF), Float.intBitsToFloat(0x7F800001)};
        int[] spots = c.count() >= 8
                ? new int[] {1, c.count() - 2, c.count() / 2, rng.nextInt(c.count())}
                : new int[] {c.count() - 1};
        for (int spot : spots) {
            values[spot] = bad[rng.nextInt(bad.length)];
        }
        int expected = 0;
        for (float v : values) {
            expected += Float.isFinite(v) ? 0 : 1;
        }
        try (DeviceSlice x = DeviceSlice.of(values, c.offset());
             DeviceBuffer result = DeviceBuffer.ints(1)) {
            Native.check(panagan_h.panagan_count_nonfinite(x.ptr(), c.count(), result.ptr(),
                    STREAM), "panagan_count_nonfinite");
            assertEquals(expected, result.toIntArray()[0],
                    "panagan_count_nonfinite " + c + "; seed " + seed);
            x.upload(TestData.normal(rng, c.count(), 0, 1));
            Native.check(panagan_h.panagan_count_nonfinite(x.ptr(), c.count(), result.ptr(),
                    STREAM), "panagan_count_nonfinite");
            assertEquals(0, result.toIntArray()[0],
                    "panagan_count_nonfinite of finite values " + c + "; seed " + seed);
        }
    }

    @Test
    void countNonfiniteOfNothingIsZero() {
        try (DeviceBuffer result = DeviceBuffer.ints(1)) {
            Native.check(panagan_h.panagan_count_nonfinite(scratch.ptr(), 0, result.ptr(),
                    STREAM), "panagan_count_nonfinite count 0");
            assertEquals(0, result.toIntArray()[0], "panagan_count_nonfinite of 0 values");
        }
    }

    @Test
    void incrementAddsOnePerCall() {
        try (DeviceBuffer counter = DeviceBuffer.ofLongs((1L << 33) - 1)) {
            for (int i = 0; i < 3; i++) {
                Native.check(panagan_h.panagan_increment(counter.ptr(), STREAM),
                        "panagan_increment");
            }
            assertEquals((1L << 33) + 2, counter.toLongArray()[0], "after 3 increments");
        }
    }

    @Test
    void countZeroLeavesBuffersAlone() {
        try (DeviceBuffer x = DeviceBuffer.floats(1);
             DeviceBuffer y = DeviceBuffer.floats(1)) {
            Native.check(panagan_h.panagan_fill(x.ptr(), 0, 1, STREAM), "panagan_fill count 0");
            Native.check(panagan_h.panagan_scale(x.ptr(), 0, 1, STREAM), "panagan_scale count 0");
            Native.check(panagan_h.panagan_axpy(y.ptr(), x.ptr(), 0, 1, STREAM),
                    "panagan_axpy count 0");
            Native.check(panagan_h.panagan_copy(y.ptr(), x.ptr(), 0, STREAM),
                    "panagan_copy count 0");
            assertEquals(0xFFFFFFFF, Float.floatToRawIntBits(x.toFloatArray()[0]),
                    "a count-0 call wrote its output");
        }
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment p = scratch.ptr();
        MemorySegment overlapping = MemorySegment.ofAddress(p.address() + 8);
        return Stream.of(
                new BadCall("fill count = -1", invalid, "panagan_fill",
                        () -> panagan_h.panagan_fill(p, -1, 0, STREAM), "count must be >= 0",
                        "got -1"),
                new BadCall("fill x = NULL", invalid, "panagan_fill",
                        () -> panagan_h.panagan_fill(none, 4, 0, STREAM), "x must not be NULL"),
                new BadCall("scale count = -7", invalid, "panagan_scale",
                        () -> panagan_h.panagan_scale(p, -7, 2, STREAM), "count", "-7"),
                new BadCall("axpy y = NULL", invalid, "panagan_axpy",
                        () -> panagan_h.panagan_axpy(p, none, 4, 2, STREAM), "y must not be NULL"),
                new BadCall("copy src = NULL", invalid, "panagan_copy",
                        () -> panagan_h.panagan_copy(none, p, 4, STREAM), "src"),
                new BadCall("copy overlapping", invalid, "panagan_copy",
                        () -> panagan_h.panagan_copy(p, overlapping, 4, STREAM), "overlap"),
                new BadCall("sum result = NULL", invalid, "panagan_sum",
                        () -> panagan_h.panagan_sum(p, 4, none, STREAM), "result"),
                new BadCall("sum count = -2", invalid, "panagan_sum",
                        () -> panagan_h.panagan_sum(p, -2, p, STREAM), "count", "-2"),
                new BadCall("mean count = 0", invalid, "panagan_mean",
                        () -> panagan_h.panagan_mean(p, 0, p, STREAM), "count must be > 0"),
                new BadCall("count_nonfinite result = NULL", invalid, "panagan_count_nonfinite",
                        () -> panagan_h.panagan_count_nonfinite(p, 4, none, STREAM), "result"),
                new BadCall("count_nonfinite count = -1", invalid, "panagan_count_nonfinite",
                        () -> panagan_h.panagan_count_nonfinite(p, -1, p, STREAM), "count",
                        "-1"),
                new BadCall("increment counter = NULL", invalid, "panagan_increment",
                        () -> panagan_h.panagan_increment(none, STREAM), "counter"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }
}
