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
 * panagan_conv2d_{forward, backward_data, backward_weight} against the double-precision
 * reference (ConvReference), the backwards also against central finite differences of the
 * device forward; tolerances are stated in ConvChecks (1e-5 of each output's sum of |terms|).
 *
 * <p>Shapes (named "n c_in->c_out H_in x W_in -> H_out x W_out k s p"): odd sizes that divide no
 * tile (batch 3, 5 and 7 channels, 7x9 images), 1x1 kernels with stride 1 and 2 (the latter
 * leaves input pixels no output reads, so their dx is exactly 0), a kernel larger than its
 * stride, non-square kernel, stride and padding, padding wider than the kernel (outputs that
 * are bias only), more than 16 and more than 64 channels (the wide tiles, several row tiles and
 * many reduction steps), a 50x50 batch whose weight and bias gradients split through the
 * workspace, and DCGAN's discriminator at batch 2 with ndf = 4: k4 s2 p1 from 64x64 down to
 * 4x4, then k4 s1 p0 to 1x1.
 */
class Conv2dConformanceTest {

    private static final MemorySegment STREAM = MemorySegment.NULL;

    static final ConvChecks.Ops OPS = new ConvChecks.Ops() {
        @Override
        public String prefix() {
            return "panagan_conv2d";
        }

        @Override
        public int forward(Shape s, MemorySegment x, MemorySegment w, MemorySegment bias,
                           MemorySegment y) {
            return panagan_h.panagan_conv2d_forward(x, w, bias, y, s.n(), s.cIn(), s.hIn(),
                    s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(), s.strideW(), s.padH(),
                    s.padW(), STREAM);
        }

        @Override
        public int backwardData(Shape s, MemorySegment dy, MemorySegment w, MemorySegment dx) {
            return panagan_h.panagan_conv2d_backward_data(dy, w, dx, s.n(), s.cIn(), s.hIn(),
                    s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(), s.strideW(), s.padH(),
                    s.padW(), STREAM);
        }

        @Override
        public long workspaceSize(Shape s) {
            return panagan_h.panagan_conv2d_backward_weight_workspace_size(s.n(), s.cIn(),
                    s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(), s.strideW(),
                    s.padH(), s.padW());
        }

        @Override
        public int backwardWeight(Shape s, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                  MemorySegment dbias, int accumulate, MemorySegment workspace,
                                  long workspaceBytes) {
            return panagan_h.panagan_conv2d_backward_weight(x, dy, dw, dbias, accumulate, s.n(),
                    s.cIn(), s.hIn(), s.wIn(), s.cOut(), s.kH(), s.kW(), s.strideH(),
                    s.strideW(), s.padH(), s.padW(), workspace, workspaceBytes, STREAM);
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
                Shape.conv(3, 5, 7, 7, 9, 3, 3, 2, 2, 1, 1),
                Shape.conv(2, 3, 4, 5, 6, 1, 1, 1, 1, 0, 0),
                Shape.conv(2, 4, 6, 8, 7, 1, 1, 2, 2, 0, 0),
                Shape.conv(1, 2, 3, 9, 7, 5, 5, 2, 2, 2, 2),
                Shape.conv(2, 3, 5, 11, 10, 3, 2, 2, 1, 1, 0),
                Shape.conv(1, 2, 3, 3, 4, 1, 1, 1, 1, 2, 1),
                Shape.conv(2, 17, 20, 6, 5, 3, 3, 1, 1, 1, 1),
                Shape.conv(1, 70, 66, 5, 5, 3, 3, 1, 1, 1, 1),
                splitting());
    }

    /** DCGAN's discriminator convolutions at batch 2, ndf = 4, 64x64 RGB images. */
    static Stream<Shape> dcgan() {
        return Stream.of(
                Shape.conv(2, 3, 4, 64, 64, 4, 4, 2, 2, 1, 1),
                Shape.conv(2, 4, 8, 32, 32, 4, 4, 2, 2, 1, 1),
                Shape.conv(2, 8, 16, 16, 16, 4, 4, 2, 2, 1, 1),
                Shape.conv(2, 16, 32, 8, 8, 4, 4, 2, 2, 1, 1),
                Shape.conv(2, 32, 1, 4, 4, 4, 4, 1, 1, 0, 0));
    }

    /** 5000 output pixels: the weight gradient and the bias sum both split. */
    static Shape splitting() {
        return Shape.conv(2, 3, 4, 50, 50, 3, 3, 1, 1, 1, 1);
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
        long size = panagan_h.panagan_conv2d_backward_weight_workspace_size(2, 3, 8, 8, 0, 3,
                3, 1, 1, 1, 1);
        String error = Native.lastError();
        assertEquals(-1, size, error);
        assertTrue(error.startsWith("panagan_conv2d_backward_weight_workspace_size: ")
                && error.contains("c_out must be > 0, got 0"), error);
    }

    static Stream<BadCall> badCalls() {
        Target.assumeAvailable(); // the calls below need the library and scratch buffers
        int invalid = panagan_h.PANAGAN_INVALID_ARGUMENT();
        MemorySegment none = MemorySegment.NULL;
        MemorySegment p = scratch.ptr();
        String forward = "panagan_conv2d_forward";
        String data = "panagan_conv2d_backward_data";
        String weight = "panagan_conv2d_backward_weight";
        return Stream.of(
                new BadCall("c_in = -3", invalid, forward,
                        () -> panagan_h.panagan_conv2d_forward(p, p, none, p, 2, -3, 8, 8, 4, 3,
                                3, 1, 1, 1, 1, STREAM), "c_in must be > 0, got -3"),
                new BadCall("x = NULL", invalid, forward,
                        () -> panagan_h.panagan_conv2d_forward(none, p, none, p, 2, 3, 8, 8, 4,
                                3, 3, 1, 1, 1, 1, STREAM), "x must not be NULL"),
                new BadCall("k_h = 6 over a padded height of 5", invalid, forward,
                        () -> panagan_h.panagan_conv2d_forward(p, p, none, p, 1, 1, 3, 8, 1, 6,
                                3, 1, 1, 1, 1, STREAM), "k_h = 6", "h_in + 2*pad_h = 5"),
                new BadCall("stride_w = 0", invalid, data,
                        () -> panagan_h.panagan_conv2d_backward_data(p, p, p, 2, 3, 8, 8, 4, 3,
                                3, 1, 0, 1, 1, STREAM), "stride_w must be > 0, got 0"),
                new BadCall("dx = NULL", invalid, data,
                        () -> panagan_h.panagan_conv2d_backward_data(p, p, none, 2, 3, 8, 8, 4,
                                3, 3, 1, 1, 1, 1, STREAM), "dx must not be NULL"),
                new BadCall("pad_h = -1", invalid, weight,
                        () -> panagan_h.panagan_conv2d_backward_weight(p, p, p, none, 0, 2, 3,
                                8, 8, 4, 3, 3, 1, 1, -1, 1, p, 16384, STREAM),
                        "pad_h must be >= 0, got -1"),
                new BadCall("accumulate = 2", invalid, weight,
                        () -> panagan_h.panagan_conv2d_backward_weight(p, p, p, none, 2, 2, 3,
                                8, 8, 4, 3, 3, 1, 1, 1, 1, p, 16384, STREAM),
                        "accumulate must be 0 or 1, got 2"),
                new BadCall("dw = NULL", invalid, weight,
                        () -> panagan_h.panagan_conv2d_backward_weight(p, p, none, none, 0, 2,
                                3, 8, 8, 4, 3, 3, 1, 1, 1, 1, p, 16384, STREAM),
                        "dw must not be NULL"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void refusesInvalidArguments(BadCall bad) {
        ArgumentErrors.assertRefused(bad);
    }
}
