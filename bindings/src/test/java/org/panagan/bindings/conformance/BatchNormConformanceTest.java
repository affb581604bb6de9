package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.conformance.BatchNormReference.Gradients;
import org.panagan.bindings.conformance.BatchNormReference.Output;
import org.panagan.bindings.conformance.BatchNormReference.Shape;
import org.panagan.bindings.conformance.BatchNormReference.Stats;
import org.panagan.bindings.panagan_h;

/**
 * panagan_batch_norm_* (training and inference forward, backward, workspace size) against
 * {@link BatchNormReference}, and the backward against central finite differences of the device
 * forward, for each fused activation.
 *
 * Shapes: 3x5x7x9 (odd everything, H*W = 63 so the scalar path); DCGAN's batch-norm layers at
 * batch 2 with ngf = ndf = 2 (4x4 to 32x32, the float4 path), with ReLU as in its generator and
 * LeakyReLU(0.2) as in its discriminator; two shapes whose channels split into 2 and 3 chunks;
 * an unaligned one (float4-sized planes, scalar path); data with mean 300 and std 0.5, where
 * float sum-of-squares statistics would lose every digit of the variance. Activations other than
 * LeakyReLU get slope = NaN, which they must ignore.
 *
 * Tolerances, relative to the magnitudes BatchNormReference states: 1e-5 for y, the saved and
 * running statistics, dx, dgamma and dbeta; save_invstd adds 4 kappa u for data whose mean is
 * kappa standard deviations from zero (see invstdMagnitude). The kernels' errors are a few
 * float roundings of those magnitudes (statistics and sums are Welford / pairwise in float, combined in double).
 */
class BatchNormConformanceTest {

    private static final float EPS = 1e-5f;
    private static final float MOMENTUM = 0.1f;
    private static final float LEAKY_SLOPE = 0.2f;
    private static final double TOLERANCE = 1e-5;
    private static final double UNIT_ROUNDOFF = 0x1p-24;

    /**
     * invstd's own size, widened by how badly the data conditions the variance: each float
     * partial mean is off by about |mean| u, and that error enters the deviations relative to the
     * spread, so the variance's relative error grows with kappa = |mean| / std (600 for the
     * mean-300 case, about 1 for the rest). Magnitude invstd (1 + 4 kappa u / TOLERANCE) makes
     * the bound TOLERANCE + 4 kappa u relative.
     */
    private static double[] invstdMagnitude(Stats stats, double[] invstd) {
        double[] magnitude = new double[invstd.length];
        for (int ch = 0; ch < invstd.length; ch++) {
            double kappa = Math.abs(stats.mean()[ch]) / Math.sqrt(stats.var()[ch] + EPS);
            magnitude[ch] = invstd[ch] * (1 + 4 * kappa * UNIT_ROUNDOFF / TOLERANCE);
        }
        return magnitude;
    }
    private static final MemorySegment STREAM = MemorySegment.NULL;
    private static final MemorySegment NULL = MemorySegment.NULL;

    /** Valid buffers for the refused calls, sized for ERROR_SHAPE. */
    private static final Shape ERROR_SHAPE = new Shape(2, 3, 4, 4);
    private static DeviceBuffer scratch;
    private static DeviceBuffer scratchWorkspace;
    private static long scratchWorkspaceBytes;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratch = DeviceBuffer.floats(ERROR_SHAPE.count());
        scratchWorkspaceBytes = workspaceBytes(ERROR_SHAPE);
        scratchWorkspace = DeviceBuffer.bytes(scratchWorkspaceBytes);
    }

    @AfterAll
    static void free() {
        if (scratch != null) {
            scratch.close();
        }
        if (scratchWorkspace != null) {
            scratchWorkspace.close();
        }
    }

    @BeforeEach
    void target() {
        Target.assumeAvailable();
    }

    enum Activation {
        NONE, RELU, LEAKY_RELU;

        int code() {
            return switch (this) {
                case NONE -> panagan_h.PANAGAN_ACTIVATION_NONE();
                case RELU -> panagan_h.PANAGAN_ACTIVATION_RELU();
                case LEAKY_RELU -> panagan_h.PANAGAN_ACTIVATION_LEAKY_RELU();
            };
        }

        float slope() {
            return this == LEAKY_RELU ? LEAKY_SLOPE : Float.NaN;
        }
    }

    record Case(String name, Shape shape, Activation activation, int offset, double mean,
                double std) {
        @Override
        public String toString() {
            return name;
        }

        int code() {
            return activation.code();
        }

        float slope() {
            return activation.slope();
        }

        float[] input(SplittableRandom rng) {
            return TestData.normal(rng, shape.count(), mean, std);
        }
    }

    private static Case make(String name, int n, int c, int h, int w, Activation a) {
        return new Case(n + "x" + c + "x" + h + "x" + w + " " + name, new Shape(n, c, h, w), a,
                0, 0, 1);
    }

    static Stream<Case> cases() {
        return Stream.of(
                make("relu", 3, 5, 7, 9, Activation.RELU),
                make("leaky_relu", 3, 5, 7, 9, Activation.LEAKY_RELU),
                make("none", 3, 5, 7, 9, Activation.NONE),
                new Case("3x5x7x9 none, mean 300 std 0.5", new Shape(3, 5, 7, 9),
                        Activation.NONE, 0, 300, 0.5),
                make("relu (DCGAN G 4x4)", 2, 16, 4, 4, Activation.RELU),
                make("relu (DCGAN G 8x8)", 2, 8, 8, 8, Activation.RELU),
                make("relu (DCGAN G 16x16)", 2, 4, 16, 16, Activation.RELU),
                make("relu (DCGAN G 32x32)", 2, 2, 32, 32, Activation.RELU),
                make("leaky_relu (DCGAN D 16x16)", 2, 4, 16, 16, Activation.LEAKY_RELU),
                make("leaky_relu (DCGAN D 8x8)", 2, 8, 8, 8, Activation.LEAKY_RELU),
                make("leaky_relu (DCGAN D 4x4)", 2, 16, 4, 4, Activation.LEAKY_RELU),
                make("none (2 chunks per channel)", 3, 2, 41, 37, Activation.NONE),
                make("leaky_relu (3 chunks per channel)", 4, 2, 48, 48, Activation.LEAKY_RELU),
                new Case("2x3x8x8 leaky_relu unaligned", new Shape(2, 3, 8, 8),
                        Activation.LEAKY_RELU, 1, 0, 1));
    }

    static Stream<Case> multiChunkCases() {
        return cases().filter(c -> c.name().contains("chunks"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainingForwardAndRunningStatisticsMatchTheReference(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = c.shape();
        float[] gamma = gamma(rng, s.c());
        float[] beta = TestData.uniform(rng, s.c(), -0.5, 0.5);
        float[] runningMean0 = TestData.normal(rng, s.c(), c.mean(), 0.1);
        float[] runningVar0 = TestData.uniform(rng, s.c(), 0.5, 1.5);
        double[] runningMean = TestData.toDouble(runningMean0);
        double[] runningVar = TestData.toDouble(runningVar0);
        try (DeviceBuffer deviceMean = DeviceBuffer.of(runningMean0);
             DeviceBuffer deviceVar = DeviceBuffer.of(runningVar0)) {
            for (int step = 0; step < 3; step++) {
                float[] x = c.input(rng);
                Forward got = forwardTraining(c, x, gamma, beta, deviceMean.ptr(),
                        deviceVar.ptr());
                Stats stats = BatchNormReference.stats(s, x);
                String what = "batch_norm_forward_training " + c + " step " + step + ": ";
                Output y = BatchNormReference.forward(s, x, gamma, beta, stats, EPS, c.code(),
                        c.slope());
                Oracle.assertClose(what + "y", seed, got.y(), y.values(), y.magnitude(),
                        TOLERANCE, 0);
                Oracle.assertClose(what + "save_mean", seed, got.saveMean(), stats.mean(),
                        spread(stats), TOLERANCE, 0);
                double[] invstd = BatchNormReference.invstd(stats.var(), EPS);
                Oracle.assertClose(what + "save_invstd", seed, got.saveInvstd(), invstd,
                        invstdMagnitude(stats, invstd), TOLERANCE, 0);
                BatchNormReference.updateRunning(s, stats, MOMENTUM, runningMean, runningVar);
            }
            double[] meanMagnitude = new double[s.c()];
            for (int ch = 0; ch < s.c(); ch++) {
                meanMagnitude[ch] = Math.abs(runningMean[ch]) + Math.sqrt(runningVar[ch]);
            }
            String what = "batch_norm_forward_training " + c + " after 3 steps: ";
            Oracle.assertClose(what + "running_mean", seed, deviceMean.toFloatArray(),
                    runningMean, meanMagnitude, TOLERANCE, 0);
            Oracle.assertClose(what + "running_var", seed, deviceVar.toFloatArray(), runningVar,
                    null, TOLERANCE, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferenceForwardMatchesTheReference(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = c.shape();
        float[] x = c.input(rng);
        float[] gamma = gamma(rng, s.c());
        float[] beta = TestData.uniform(rng, s.c(), -0.5, 0.5);
        float[] runningMean = TestData.normal(rng, s.c(), c.mean(), 0.3 * c.std());
        float[] runningVar = TestData.uniform(rng, s.c(), 0.3 * c.std() * c.std(),
                2 * c.std() * c.std());
        Output expected = BatchNormReference.forward(s, x, gamma, beta,
                new Stats(TestData.toDouble(runningMean), TestData.toDouble(runningVar)), EPS,
                c.code(), c.slope());
        try (DeviceSlice in = DeviceSlice.of(x, c.offset());
             DeviceSlice out = DeviceSlice.poisoned(s.count(), c.offset());
             DeviceBuffer g = DeviceBuffer.of(gamma);
             DeviceBuffer b = DeviceBuffer.of(beta);
             DeviceBuffer mean = DeviceBuffer.of(runningMean);
             DeviceBuffer var = DeviceBuffer.of(runningVar)) {
            Native.check(panagan_h.panagan_batch_norm_forward_inference(in.ptr(), g.ptr(),
                    b.ptr(), out.ptr(), mean.ptr(), var.ptr(), s.n(), s.c(), s.h(), s.w(), EPS,
                    c.code(), c.slope(), STREAM), "panagan_batch_norm_forward_inference");
            Oracle.assertClose("batch_norm_forward_inference " + c, seed, out.download(),
                    expected.values(), expected.magnitude(), TOLERANCE, 0);
            assertEquals(runningMean[0], mean.toFloatArray()[0], "running_mean is only read");
        }
    }

    /**
     * Overwrite (accumulate 0) into a fresh dx, then accumulate 1 onto earlier dgamma / dbeta
     * with dx written over dy, which panagan.h allows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesTheReference(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = c.shape();
        float[] x = c.input(rng);
        float[] gamma = gamma(rng, s.c());
        float[] beta = TestData.uniform(rng, s.c(), -0.5, 0.5);
        float[] dy = TestData.normal(rng, s.count(), 0, 1);
        Forward forward = forwardTraining(c, x, gamma, beta, NULL, NULL);
        Gradients expected = BatchNormReference.backward(s, dy, x, gamma, forward.y(), EPS,
                c.code(), c.slope());

        Backward fresh = backward(c, dy, x, gamma, beta, forward, null, null, false);
        String what = "batch_norm_backward " + c + " accumulate 0: ";
        Oracle.assertClose(what + "dx", seed, fresh.dx(), expected.dx().values(),
                expected.dx().magnitude(), TOLERANCE, 0);
        Oracle.assertClose(what + "dgamma", seed, fresh.dgamma(), expected.dgamma().values(),
                expected.dgamma().magnitude(), TOLERANCE, 0);
        Oracle.assertClose(what + "dbeta", seed, fresh.dbeta(), expected.dbeta().values(),
                expected.dbeta().magnitude(), TOLERANCE, 0);

        float[] dgammaBefore = TestData.normal(rng, s.c(), 0, 10);
        float[] dbetaBefore = TestData.normal(rng, s.c(), 0, 10);
        Backward summed = backward(c, dy, x, gamma, beta, forward, dgammaBefore, dbetaBefore,
                true);
        what = "batch_norm_backward " + c + " accumulate 1, dx over dy: ";
        Oracle.assertClose(what + "dx", seed, summed.dx(), expected.dx().values(),
                expected.dx().magnitude(), TOLERANCE, 0);
        Oracle.assertClose(what + "dgamma", seed, summed.dgamma(),
                plus(dgammaBefore, expected.dgamma().values()),
                plus(abs(dgammaBefore), expected.dgamma().magnitude()), TOLERANCE, 0);
        Oracle.assertClose(what + "dbeta", seed, summed.dbeta(),
                plus(dbetaBefore, expected.dbeta().values()),
                plus(abs(dbetaBefore), expected.dbeta().magnitude()), TOLERANCE, 0);
    }

    /**
     * loss = sum(r .* y) through the device training forward; its directional derivatives along
     * random directions in x, gamma and beta must match dx, dgamma and dbeta from the device
     * backward with dy = r. With ReLU / LeakyReLU, r is 0 where |z| < 0.1, beyond what the steps
     * can move z, so the loss is smooth where it is sampled (the backward still sees every
     * element through the batch statistics).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = c.shape();
        float[] x = c.input(rng);
        float[] gamma = gamma(rng, s.c());
        float[] beta = TestData.uniform(rng, s.c(), -0.5, 0.5);
        Stats stats = BatchNormReference.stats(s, x);
        Output z = BatchNormReference.forward(s, x, gamma, beta, stats, EPS,
                panagan_h.PANAGAN_ACTIVATION_NONE(), 0);
        float[] r = TestData.normal(rng, s.count(), 0, 1);
        if (c.activation() != Activation.NONE) {
            for (int i = 0; i < r.length; i++) {
                r[i] = Math.abs(z.values()[i]) < 0.1 ? 0 : r[i];
            }
        }
        Forward forward = forwardTraining(c, x, gamma, beta, NULL, NULL);
        Backward grads = backward(c, r, x, gamma, beta, forward, null, null, false);
        Gradients reference = BatchNormReference.backward(s, r, x, gamma, forward.y(), EPS,
                c.code(), c.slope());
        double lossRounding = 0;
        for (int i = 0; i < r.length; i++) {
            lossRounding += Math.abs(r[i]) * z.magnitude()[i];
        }

        double hx = 1e-2 * c.std();
        float[] dirX = TestData.uniform(rng, s.count(), -1, 1);
        checkDirectional(c, seed, "x", x, dirX, hx, grads.dx(), null, lossRounding,
                xs -> dot(r, forwardTraining(c, xs, gamma, beta, NULL, NULL).y()));

        float[] dirGamma = TestData.uniform(rng, s.c(), -1, 1);
        checkDirectional(c, seed, "gamma", gamma, dirGamma, 1e-2, grads.dgamma(),
                reference.dgamma().magnitude(), lossRounding,
                gs -> dot(r, forwardTraining(c, x, gs, beta, NULL, NULL).y()));

        float[] dirBeta = TestData.uniform(rng, s.c(), -1, 1);
        checkDirectional(c, seed, "beta", beta, dirBeta, 1e-2, grads.dbeta(),
                reference.dbeta().magnitude(), lossRounding,
                bs -> dot(r, forwardTraining(c, x, gamma, bs, NULL, NULL).y()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiChunkCases")
    void forwardAndBackwardAreDeterministic(Case c) {
        long seed = TestData.freshSeed();
        SplittableRandom rng = new SplittableRandom(seed);
        Shape s = c.shape();
        float[] x = c.input(rng);
        float[] gamma = gamma(rng, s.c());
        float[] beta = TestData.uniform(rng, s.c(), -0.5, 0.5);
        float[] dy = TestData.normal(rng, s.count(), 0, 1);
        Forward first = forwardTraining(c, x, gamma, beta, NULL, NULL);
        Forward second = forwardTraining(c, x, gamma, beta, NULL, NULL);
        assertSameBits(c, seed, "y", first.y(), second.y());
        assertSameBits(c, seed, "save_mean", first.saveMean(), second.saveMean());
        assertSameBits(c, seed, "save_invstd", first.saveInvstd(), second.saveInvstd());
        Backward one = backward(c, dy, x, gamma, beta, first, null, null, false);
        Backward two = backward(c, dy, x, gamma, beta, first, null, null, false);
        assertSameBits(c, seed, "dx", one.dx(), two.dx());
        assertSameBits(c, seed, "dgamma", one.dgamma(), two.dgamma());
        assertSameBits(c, seed, "dbeta", one.dbeta(), two.dbeta());
    }

    @Test
    void workspaceSizeIsPositiveForValidShapesAndMinusOneOtherwise() {
        assertTrue(workspaceBytes(new Shape(3, 5, 7, 9)) >= 5 * 2 * Float.BYTES,
                "a workspace for 3x5x7x9");
        long size = panagan_h.panagan_batch_norm_workspace_size(2, 0, 4, 4);
        String error = Native.lastError();
        assertEquals(-1, size, "workspace size of c = 0");
        assertTrue(error.startsWith("panagan_batch_norm_workspace_size: ")
                && error.contains("c must be > 0, got 0"), error);
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        int tooSmall = panagan_h.PANAGAN_WORKSPACE_TOO_SMALL();
        MemorySegment p = scratch.ptr();
        MemorySegment ws = scratchWorkspace.ptr();
        long bytes = scratchWorkspaceBytes;
        int relu = panagan_h.PANAGAN_ACTIVATION_RELU();
        int leaky = panagan_h.PANAGAN_ACTIVATION_LEAKY_RELU();
        String training = "panagan_batch_norm_forward_training";
        String inference = "panagan_batch_norm_forward_inference";
        String backward = "panagan_batch_norm_backward";
        return Stream.of(
                new BadCall("training x = NULL", invalid, training,
                        () -> training(NULL, p, p, 2, 3, 4, 4, 0.1f, EPS, relu, 0, ws, bytes),
                        "x must not be NULL"),
                new BadCall("training n = 0", invalid, training,
                        () -> training(p, p, p, 0, 3, 4, 4, 0.1f, EPS, relu, 0, ws, bytes),
                        "n must be > 0, got 0"),
                new BadCall("training c = -3", invalid, training,
                        () -> training(p, p, p, 2, -3, 4, 4, 0.1f, EPS, relu, 0, ws, bytes),
                        "c must be > 0, got -3"),
                new BadCall("training w = 0", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 0, 0.1f, EPS, relu, 0, ws, bytes),
                        "w must be > 0"),
                new BadCall("training eps = 0", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 0.1f, 0, relu, 0, ws, bytes),
                        "eps must be finite and > 0", "got 0"),
                new BadCall("training momentum = 1.5", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 1.5f, EPS, relu, 0, ws, bytes),
                        "momentum must be in [0, 1]", "1.5"),
                new BadCall("training momentum = NaN", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, Float.NaN, EPS, relu, 0, ws,
                                bytes), "momentum", "nan"),
                new BadCall("training activation = 3", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 0.1f, EPS, 3, 0, ws, bytes),
                        "activation", "got 3"),
                new BadCall("training leaky slope = -1", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 0.1f, EPS, leaky, -1, ws, bytes),
                        "slope", "-1"),
                new BadCall("training running_var = NULL only", invalid, training,
                        () -> training(p, p, NULL, 2, 3, 4, 4, 0.1f, EPS, relu, 0, ws, bytes),
                        "running_mean and running_var"),
                new BadCall("training one value per channel with running stats", invalid,
                        training,
                        () -> training(p, p, p, 1, 3, 1, 1, 0.1f, EPS, relu, 0, ws, bytes),
                        "n*h*w must be > 1"),
                new BadCall("training workspace 4 bytes", tooSmall, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 0.1f, EPS, relu, 0, ws, 4),
                        "workspace_bytes must be >= " + bytes, "got 4"),
                new BadCall("training workspace = NULL", invalid, training,
                        () -> training(p, p, p, 2, 3, 4, 4, 0.1f, EPS, relu, 0, NULL, bytes),
                        "workspace must not be NULL"),
                new BadCall("inference running_var = NULL", invalid, inference,
                        () -> panagan_h.panagan_batch_norm_forward_inference(p, p, p, p, p,
                                NULL, 2, 3, 4, 4, EPS, relu, 0, STREAM), "running_var"),
                new BadCall("inference eps = -1", invalid, inference,
                        () -> panagan_h.panagan_batch_norm_forward_inference(p, p, p, p, p, p,
                                2, 3, 4, 4, -1, relu, 0, STREAM), "eps", "-1"),
                new BadCall("inference h = -2", invalid, inference,
                        () -> panagan_h.panagan_batch_norm_forward_inference(p, p, p, p, p, p,
                                2, 3, -2, 4, EPS, relu, 0, STREAM), "h must be > 0", "-2"),
                new BadCall("backward accumulate = 2", invalid, backward,
                        () -> backward(p, p, 2, 3, 4, 4, relu, 0, ws, bytes, 2),
                        "accumulate must be 0 or 1", "got 2"),
                new BadCall("backward dgamma = NULL", invalid, backward,
                        () -> backward(p, NULL, 2, 3, 4, 4, relu, 0, ws, bytes, 0),
                        "dgamma must not be NULL"),
                new BadCall("backward n = 0", invalid, backward,
                        () -> backward(p, p, 0, 3, 4, 4, relu, 0, ws, bytes, 0),
                        "n must be > 0, got 0"),
                new BadCall("backward activation = -1", invalid, backward,
                        () -> backward(p, p, 2, 3, 4, 4, -1, 0, ws, bytes, 0), "activation",
                        "-1"),
                new BadCall("backward leaky slope = NaN", invalid, backward,
                        () -> backward(p, p, 2, 3, 4, 4, leaky, Float.NaN, ws, bytes, 0),
                        "slope", "nan"),
                new BadCall("backward workspace 0 bytes", tooSmall, backward,
                        () -> backward(p, p, 2, 3, 4, 4, relu, 0, ws, 0, 0),
                        "workspace_bytes must be >= " + bytes, "got 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }

    // ---------------------------------------------------------------------------------------
    // Device calls
    // ---------------------------------------------------------------------------------------

    record Forward(float[] y, float[] saveMean, float[] saveInvstd) {
    }

    record Backward(float[] dx, float[] dgamma, float[] dbeta) {
    }

    private static long workspaceBytes(Shape s) {
        long bytes = panagan_h.panagan_batch_norm_workspace_size(s.n(), s.c(), s.h(), s.w());
        assertTrue(bytes > 0, "panagan_batch_norm_workspace_size(" + s + ") = " + bytes + ": "
                + Native.lastError());
        return bytes;
    }

    /** The training forward into fresh, poisoned outputs and a poisoned workspace. */
    private static Forward forwardTraining(Case c, float[] x, float[] gamma, float[] beta,
                                           MemorySegment runningMean, MemorySegment runningVar) {
        Shape s = c.shape();
        long bytes = workspaceBytes(s);
        try (DeviceSlice in = DeviceSlice.of(x, c.offset());
             DeviceSlice out = DeviceSlice.poisoned(s.count(), c.offset());
             DeviceBuffer g = DeviceBuffer.of(gamma);
             DeviceBuffer b = DeviceBuffer.of(beta);
             DeviceBuffer mean = DeviceBuffer.floats(s.c());
             DeviceBuffer invstd = DeviceBuffer.floats(s.c());
             DeviceBuffer workspace = DeviceBuffer.bytes(bytes)) {
            Native.check(panagan_h.panagan_batch_norm_forward_training(in.ptr(), g.ptr(), b.ptr(),
                    out.ptr(), runningMean, runningVar, mean.ptr(), invstd.ptr(), s.n(), s.c(),
                    s.h(), s.w(), MOMENTUM, EPS, c.code(), c.slope(), workspace.ptr(), bytes,
                    STREAM), "panagan_batch_norm_forward_training " + c);
            return new Forward(out.download(), mean.toFloatArray(), invstd.toFloatArray());
        }
    }

    /**
     * The backward; accumulate 1 onto the given dgamma / dbeta when they are not null
     * (accumulate 0 into poisoned ones otherwise), and dx written over dy when asked.
     */
    private static Backward backward(Case c, float[] dy, float[] x, float[] gamma, float[] beta,
                                     Forward forward, float[] dgammaBefore, float[] dbetaBefore,
                                     boolean dxOverDy) {
        Shape s = c.shape();
        long bytes = workspaceBytes(s);
        boolean accumulate = dgammaBefore != null;
        try (DeviceSlice gradOut = DeviceSlice.of(dy, c.offset());
             DeviceSlice in = DeviceSlice.of(x, c.offset());
             DeviceSlice gradIn = dxOverDy ? gradOut : DeviceSlice.poisoned(s.count(), c.offset());
             DeviceBuffer g = DeviceBuffer.of(gamma);
             DeviceBuffer b = DeviceBuffer.of(beta);
             DeviceBuffer mean = DeviceBuffer.of(forward.saveMean());
             DeviceBuffer invstd = DeviceBuffer.of(forward.saveInvstd());
             DeviceBuffer dgamma = accumulate ? DeviceBuffer.of(dgammaBefore)
                     : DeviceBuffer.floats(s.c());
             DeviceBuffer dbeta = accumulate ? DeviceBuffer.of(dbetaBefore)
                     : DeviceBuffer.floats(s.c());
             DeviceBuffer workspace = DeviceBuffer.bytes(bytes)) {
            Native.check(panagan_h.panagan_batch_norm_backward(gradOut.ptr(), in.ptr(), g.ptr(),
                    b.ptr(), mean.ptr(), invstd.ptr(), gradIn.ptr(), dgamma.ptr(), dbeta.ptr(),
                    accumulate ? 1 : 0, s.n(), s.c(), s.h(), s.w(), c.code(), c.slope(),
                    workspace.ptr(), bytes, STREAM), "panagan_batch_norm_backward " + c);
            return new Backward(gradIn.download(), dgamma.toFloatArray(), dbeta.toFloatArray());
        }
    }

    /** A training forward on the refusal buffers, for the refused-call cases. */
    private static int training(MemorySegment x, MemorySegment runningMean,
                                MemorySegment runningVar, int n, int c, int h, int w,
                                float momentum, float eps, int activation, float slope,
                                MemorySegment workspace, long bytes) {
        MemorySegment p = scratch.ptr();
        return panagan_h.panagan_batch_norm_forward_training(x, p, p, p, runningMean, runningVar,
                p, p, n, c, h, w, momentum, eps, activation, slope, workspace, bytes, STREAM);
    }

    /** A backward on the refusal buffers, for the refused-call cases. */
    private static int backward(MemorySegment dx, MemorySegment dgamma, int n, int c, int h,
                                int w, int activation, float slope, MemorySegment workspace,
                                long bytes, int accumulate) {
        MemorySegment p = scratch.ptr();
        return panagan_h.panagan_batch_norm_backward(p, p, p, p, p, p, dx, dgamma, p, accumulate,
                n, c, h, w, activation, slope, workspace, bytes, STREAM);
    }

    // ---------------------------------------------------------------------------------------
    // Checks and small helpers
    // ---------------------------------------------------------------------------------------

    /**
     * Compares the central difference of `loss` along `direction` from `at` with the gradient
     * dotted with the step actually taken: x +- h d rounded to float, as FiniteDifferences does,
     * so the rounding of the inputs drops out. Tolerance: 2e-4 of the dot product's magnitude
     * (truncation, O(h^2) relative) plus 4 ulp of every |r_i| y-magnitude_i over 2h (the
     * rounding of the two losses).
     */
    private static void checkDirectional(Case c, long seed, String what, float[] at,
                                         float[] direction, double h, float[] gradient,
                                         double[] gradientMagnitude, double lossRounding,
                                         ToDoubleFunction<float[]> loss) {
        double analytic = 0;
        double magnitude = 0;
        for (int i = 0; i < at.length; i++) {
            double plus = (float) (at[i] + h * direction[i]);
            double minus = (float) (at[i] - h * direction[i]);
            double step = (plus - minus) / (2 * h);
            analytic += gradient[i] * step;
            double scale = gradientMagnitude == null ? Math.abs(gradient[i])
                    : Math.max(gradientMagnitude[i], Math.abs(gradient[i]));
            magnitude += scale * Math.abs(step);
        }
        double numeric = FiniteDifferences.directional(at, direction, h, loss);
        double tolerance = 2e-4 * magnitude + 4 * UNIT_ROUNDOFF * lossRounding / (2 * h);
        assertTrue(Math.abs(numeric - analytic) <= tolerance, String.format(Locale.ROOT,
                "batch_norm %s: d loss / d %s along a random direction: finite differences "
                        + "%.9g, backward %.9g, |difference| %.3g > tolerance %.3g "
                        + "(magnitude %.4g); seed %d",
                c, what, numeric, analytic, Math.abs(numeric - analytic), tolerance, magnitude,
                seed));
    }

    private static void assertSameBits(Case c, long seed, String what, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "batch_norm %s: two runs differ in %s[%d]: %s and %s; seed %d", c, what,
                        i, a[i], b[i], seed));
            }
        }
    }

    /** Scales of both signs, none near 0. */
    private static float[] gamma(SplittableRandom rng, int c) {
        float[] gamma = TestData.uniform(rng, c, 0.3, 1.5);
        for (int i = 0; i < c; i++) {
            gamma[i] = rng.nextBoolean() ? gamma[i] : -gamma[i];
        }
        return gamma;
    }

    /** |mean| + std per channel: the scale of the saved mean's rounding. */
    private static double[] spread(Stats stats) {
        double[] out = new double[stats.mean().length];
        for (int ch = 0; ch < out.length; ch++) {
            out[ch] = Math.abs(stats.mean()[ch]) + Math.sqrt(stats.var()[ch]);
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

    private static double[] plus(float[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private static double[] abs(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.abs(a[i]);
        }
        return out;
    }
}
