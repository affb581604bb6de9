package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.conformance.ArgumentErrors.BadCall;
import org.panagan.bindings.conformance.ConvReference.Shape;
import org.panagan.bindings.panagan_h;

/**
 * panagan_conv_transpose2d_{forward, backward_data, backward_weight} against the double-precision
 * reference (ConvReference, which scatters each input pixel as ConvTranspose2d is defined), the
 * backwards also against central finite differences of the device forward; tolerances are
 * stated in ConvChecks (1e-5 of each output's sum of |terms|).
 *
 * <p>Shapes (named "n c_in->c_out H_in x W_in -> H_out x W_out k s p op"): odd sizes with
 * output padding 1, 1x1 kernels with stride 1 and with stride 2 (every other output row and
 * column then has no kernel tap and is bias only), a kernel larger than its stride, non-square
 * kernel, stride, padding and output padding, more than 16 and more than 64 channels, a 48x48
 * output whose weight and bias gradients split through the workspace, and DCGAN's generator at
 * batch 2 with nz = 8, ngf = 4: 1x1 to 4x4 (k4 s1 p0), then k4 s2 p1 doublings to 64x64 RGB.
 */
class ConvTranspose2dConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;

    static final ConvChecks.Ops OPS = new ConvChecks.Ops() {
        @Override
        public String prefix() {
            return "panagan_conv_transpose2d";
        }

        @Override
        public int forward(Shape s, MemorySegment x, MemorySegment w, MemorySegment bias,
                           MemorySegment y) {
            return panagan_h.panagan_conv_transpose2d_forward(x, w, bias, y, s.n(), s.cIn(),
                    s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(), s.strideW(),
                    s.padH(), s.padW(), s.outPadH(), s.outPadW(), STREAM);
        }

        @Override
        public int backwardData(Shape s, MemorySegment dy, MemorySegment w, MemorySegment dx) {
            return panagan_h.panagan_conv_transpose2d_backward_data(dy, w, dx, s.n(), s.cIn(),
                    s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(), s.strideW(),
                    s.padH(), s.padW(), s.outPadH(), s.outPadW(), STREAM);
        }

        @Override
        public long workspaceSize(Shape s) {
            return panagan_h.panagan_conv_transpose2d_backward_weight_workspace_size(s.n(),
                    s.cIn(), s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(),
                    s.strideW(), s.padH(), s.padW(), s.outPadH(), s.outPadW());
        }

        @Override
        public int backwardWeight(Shape s, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                  MemorySegment dbias, int accumulate, MemorySegment workspace,
                                  long workspaceBytes) {
            return panagan_h.panagan_conv_transpose2d_backward_weight(x, dy, dw, dbias,
                    accumulate, s.n(), s.cIn(), s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(),
                    s.strideH(), s.strideW(), s.padH(), s.padW(), s.outPadH(), s.outPadW(),
                    workspace, workspaceBytes, STREAM);
        }
    };

    /** Valid device memory for the refused calls: only the argument under test is wrong. */
    private static DeviceBuffer scratch;

    @BeforeAll
    static void allocate() {
        if (!Target.available()) {
            return; // each test then skips, with the reason, in target()
        }
        scratch = DeviceBuffer.floats(4096);
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

    static Stream<Shape> shapes() {
        return Stream.of(
                Shape.transposed(3, 5, 7, 7, 9, 3, 3, 2, 2, 1, 1, 1, 1),
                Shape.transposed(2, 3, 4, 5, 6, 1, 1, 1, 1, 0, 0, 0, 0),
                Shape.transposed(2, 4, 3, 5, 6, 1, 1, 2, 2, 0, 0, 1, 1),
                Shape.transposed(1, 2, 3, 4, 5, 5, 5, 2, 2, 2, 2, 0, 1),
                Shape.transposed(2, 3, 5, 6, 7, 5, 3, 3, 2, 2, 1, 2, 1),
                Shape.transposed(2, 20, 17, 5, 6, 3, 3, 1, 1, 1, 1, 0, 0),
                Shape.transposed(1, 66, 70, 4, 5, 3, 3, 2, 2, 1, 1, 1, 0),
                splitting());
    }

    /** DCGAN's generator at batch 2, nz = 8, ngf = 4: 1x1 noise to 64x64 RGB. */
    static Stream<Shape> dcgan() {
        return Stream.of(
                Shape.transposed(2, 8, 32, 1, 1, 4, 4, 1, 1, 0, 0, 0, 0),
                Shape.transposed(2, 32, 16, 4, 4, 4, 4, 2, 2, 1, 1, 0, 0),
                Shape.transposed(2, 16, 8, 8, 8, 4, 4, 2, 2, 1, 1, 0, 0),
                Shape.transposed(2, 8, 4, 16, 16, 4, 4, 2, 2, 1, 1, 0, 0),
                Shape.transposed(2, 4, 3, 32, 32, 4, 4, 2, 2, 1, 1, 0, 0));
    }

    /** 4608 output pixels per channel and 1152 input pixels: both gradients split. */
    static Shape splitting() {
        return Shape.transposed(2, 4, 3, 24, 24, 4, 4, 2, 2, 1, 1, 0, 0);
    }

    static Stream<Shape> all() {
        return Stream.concat(shapes(), dcgan());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void forwardMatchesReference(Shape s) {
        ConvChecks.forward(OPS, s, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void forwardWithoutBiasMatchesReference(Shape s) {
        ConvChecks.forward(OPS, s, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void backwardDataMatchesReference(Shape s) {
        ConvChecks.backwardData(OPS, s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void backwardWeightMatchesReference(Shape s) {
        ConvChecks.backwardWeight(OPS, s, true, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void backwardWeightAccumulates(Shape s) {
        ConvChecks.backwardWeight(OPS, s, true, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void backwardWeightWithoutBiasMatchesReference(Shape s) {
        ConvChecks.backwardWeight(OPS, s, false, 0);
        ConvChecks.backwardWeight(OPS, s, false, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void backwardDataMatchesFiniteDifferences(Shape s) {
        ConvChecks.backwardDataByFiniteDifferences(OPS, s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void backwardWeightMatchesFiniteDifferences(Shape s) {
        ConvChecks.backwardWeightByFiniteDifferences(OPS, s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dcgan")
    void everyPassIsDeterministic(Shape s) {
        ConvChecks.deterministic(OPS, s);
    }

    @Test
    void splittingShapeIsDeterministic() {
        ConvChecks.deterministic(OPS, splitting());
    }

    @Test
    void shortWorkspaceIsRefused() {
        ConvChecks.shortWorkspaceIsRefused(OPS, splitting());
    }

    @Test
    void workspaceSizeOfABadShapeIsMinusOne() {
        long size = panagan_h.panagan_conv_transpose2d_backward_weight_workspace_size(2, 3, 8,
                8, 4, 3, 3, 2, 2, 1, 1, 2, 0);
        String error = Native.lastError();
        assertEquals(-1, size, error);
        assertTrue(error.startsWith("panagan_conv_transpose2d_backward_weight_workspace_size: ")
                && error.contains("out_pad_h must be >= 0 and < stride_h = 2, got 2"), error);
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment p = scratch.ptr();
        String forward = "panagan_conv_transpose2d_forward";
        String data = "panagan_conv_transpose2d_backward_data";
        String weight = "panagan_conv_transpose2d_backward_weight";
        return Stream.of(
                new BadCall("out_pad_h = stride_h", invalid, forward,
                        () -> panagan_h.panagan_conv_transpose2d_forward(p, p, none, p, 2, 3, 4,
                                4, 4, 4, 4, 2, 2, 1, 1, 2, 0, STREAM),
                        "out_pad_h must be >= 0 and < stride_h = 2, got 2"),
                new BadCall("out_pad_w = -1", invalid, forward,
                        () -> panagan_h.panagan_conv_transpose2d_forward(p, p, none, p, 2, 3, 4,
                                4, 4, 4, 4, 2, 2, 1, 1, 0, -1, STREAM), "out_pad_w", "-1"),
                new BadCall("output height 0", invalid, forward,
                        () -> panagan_h.panagan_conv_transpose2d_forward(p, p, none, p, 1, 1, 1,
                                4, 1, 1, 1, 1, 1, 1, 0, 0, 0, STREAM),
                        "output height", "got -1", "pad_h"),
                new BadCall("y = NULL", invalid, forward,
                        () -> panagan_h.panagan_conv_transpose2d_forward(p, p, none, none, 2, 3,
                                4, 4, 4, 4, 4, 2, 2, 1, 1, 0, 0, STREAM), "y must not be NULL"),
                new BadCall("c_out = 0", invalid, data,
                        () -> panagan_h.panagan_conv_transpose2d_backward_data(p, p, p, 2, 3, 4,
                                4, 0, 4, 4, 2, 2, 1, 1, 0, 0, STREAM),
                        "c_out must be > 0, got 0"),
                new BadCall("w = NULL", invalid, data,
                        () -> panagan_h.panagan_conv_transpose2d_backward_data(p, none, p, 2, 3,
                                4, 4, 4, 4, 4, 2, 2, 1, 1, 0, 0, STREAM), "w must not be NULL"),
                new BadCall("dy = NULL", invalid, weight,
                        () -> panagan_h.panagan_conv_transpose2d_backward_weight(p, none, p,
                                none, 0, 2, 3, 4, 4, 4, 4, 4, 2, 2, 1, 1, 0, 0, p, 16384,
                                STREAM), "dy must not be NULL"),
                new BadCall("k_w = -4", invalid, weight,
                        () -> panagan_h.panagan_conv_transpose2d_backward_weight(p, p, p, none,
                                1, 2, 3, 4, 4, 4, 4, -4, 2, 2, 1, 1, 0, 0, p, 16384, STREAM),
                        "k_w must be > 0, got -4"),
                new BadCall("workspace_bytes = -1", invalid, weight,
                        () -> panagan_h.panagan_conv_transpose2d_backward_weight(p, p, p, none,
                                0, 2, 3, 4, 4, 4, 4, 4, 2, 2, 1, 1, 0, 0, p, -1, STREAM),
                        "workspace_bytes must be >= 0, got -1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }
}
