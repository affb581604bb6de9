package org.panagan.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resize (shorter side to S) + centre crop against a plain double-precision reference: exact
 * area integrals when shrinking, bilinear interpolation between pixel centres when enlarging.
 * Tolerance: 1 grey level (float accumulation can move a value across a .5 rounding boundary).
 */
class ResamplerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("97x61 to 16 (landscape, odd, shrink)", 97, 61, 16),
                Arguments.of("61x97 to 16 (portrait, odd, shrink)", 61, 97, 16),
                Arguments.of("200x50 to 32 (wide, crop 64 of 128)", 200, 50, 32),
                Arguments.of("33x33 to 8 (square, fractional cover)", 33, 33, 8),
                Arguments.of("16x16 to 16 (identity)", 16, 16, 16),
                Arguments.of("28x28 to 32 (IDX, enlarge)", 28, 28, 32),
                Arguments.of("28x28 to 64 (IDX, enlarge)", 28, 28, 64),
                Arguments.of("10x31 to 16 (enlarge, odd crop)", 10, 31, 16),
                Arguments.of("640x481 to 64 (photo)", 640, 481, 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheDoublePrecisionReference(String name, int w, int h, int size) {
        long seed = 1000L * w + h;
        byte[] plane = new byte[w * h];
        new Random(seed).nextBytes(plane);
        byte[] got = Resampler.resizeCrop(plane, w, h, size);
        double[] want = reference(plane, w, h, size);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((got[i] & 0xff) - Math.max(0, Math.min(255, want[i])));
            if (err > worst) {
                worst = err;
                worstAt = i;
            }
        }
        assertTrue(worst <= 1.0, name + ": seed " + seed + ", max error " + worst + " at "
                + worstAt + " (got " + (worstAt < 0 ? 0 : got[worstAt] & 0xff) + ", want "
                + (worstAt < 0 ? 0 : want[worstAt]) + ")");
    }

    /** The plain reference: torchvision's output size and crop, then per-pixel integrals. */
    static double[] reference(byte[] plane, int w, int h, int size) {
        int outW = w <= h ? size : (int) Math.floor((double) size * w / h);
        int outH = w <= h ? (int) Math.floor((double) size * h / w) : size;
        int left = (int) Math.rint((outW - size) / 2.0);
        int top = (int) Math.rint((outH - size) / 2.0);
        double[] out = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = outW < w
                        ? area(plane, w, (double) w / outW, (double) h / outH, left + x, top + y)
                        : bilinear(plane, w, h, (double) w / outW, (double) h / outH, left + x,
                                top + y);
            }
        }
        return out;
    }

    private static double area(byte[] p, int w, double sx, double sy, int ox, int oy) {
        double x0 = ox * sx;
        double x1 = x0 + sx;
        double y0 = oy * sy;
        double y1 = y0 + sy;
        double sum = 0;
        for (int y = (int) Math.floor(y0); y < Math.ceil(y1); y++) {
            for (int x = (int) Math.floor(x0); x < Math.ceil(x1); x++) {
                double cover = (Math.min(x1, x + 1) - Math.max(x0, x))
                        * (Math.min(y1, y + 1) - Math.max(y0, y));
                sum += cover * (p[y * w + x] & 0xff);
            }
        }
        return sum / (sx * sy);
    }

    private static double bilinear(byte[] p, int w, int h, double sx, double sy, int ox, int oy) {
        double x = Math.min(w - 1, Math.max(0, (ox + 0.5) * sx - 0.5));
        double y = Math.min(h - 1, Math.max(0, (oy + 0.5) * sy - 0.5));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fy) * ((1 - fx) * v(p, w, x0, y0) + fx * v(p, w, x1, y0))
                + fy * ((1 - fx) * v(p, w, x0, y1) + fx * v(p, w, x1, y1));
    }

    private static double v(byte[] p, int w, int x, int y) {
        return p[y * w + x] & 0xff;
    }

    @ParameterizedTest(name = "checkerboard {0} to 16")
    @MethodSource("checkerboards")
    void shrinkingAFineCheckerboardGivesGreyNotAliases(int side) {
        byte[] board = new byte[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                board[y * side + x] = (byte) (((x + y) & 1) == 0 ? 0 : 255);
            }
        }
        byte[] out = Resampler.resizeCrop(board, side, side, 16);
        for (int i = 0; i < out.length; i++) {
            int v = out[i] & 0xff;
            assertTrue(Math.abs(v - 127.5) < 8, "pixel " + i + " = " + v + " (aliasing)");
        }
    }

    static Stream<Integer> checkerboards() {
        return Stream.of(256, 250, 97);
    }

    @ParameterizedTest(name = "centre of {0} in {1}")
    @MethodSource("crops")
    void centreCropOffsetRoundsHalfToEvenAsPython(int outer, int size, int start) {
        assertEquals(start, Resampler.centredStart(outer, size));
    }

    static Stream<Arguments> crops() {
        // Python: round(16.5) = 16, round(17.5) = 18, round(0.5) = 0.
        return Stream.of(Arguments.of(97, 64, 16), Arguments.of(99, 64, 18),
                Arguments.of(65, 64, 0), Arguments.of(64, 64, 0), Arguments.of(96, 64, 16));
    }
}
