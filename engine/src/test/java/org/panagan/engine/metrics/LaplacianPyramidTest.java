package org.panagan.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LaplacianPyramidTest {

    /** Each level adds one float rounding of values within a few units: a few ulps of 4. */
    private static final double TOLERANCE = 1e-5;

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("1x16 min 16 (low-pass only)", 1, 16, 16),
                Arguments.of("3x32 min 16", 3, 32, 16),
                Arguments.of("3x64 min 16", 3, 64, 16),
                Arguments.of("2x40 min 5", 2, 40, 5),
                Arguments.of("4x128 min 8", 4, 128, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void levelsSumBackToTheImage(String name, int channels, int size, int min) {
        long seed = 7L * size + channels;
        float[] image = SyntheticImages.noise(channels * size * size, seed);
        float[][] levels = LaplacianPyramid.levels(image, 0, channels, size, min);

        assertEquals(LaplacianPyramid.levelCount(size, min), levels.length);
        for (int l = 0; l < levels.length; l++) {
            int side = size >> l;
            assertEquals(channels * side * side, levels[l].length, "level " + l + " length");
        }
        assertEquals(min, size >> (levels.length - 1), "last level side");

        float[] back = LaplacianPyramid.reconstruct(levels, channels, size);
        int worst = 0;
        double err = 0;
        for (int i = 0; i < image.length; i++) {
            double e = Math.abs(back[i] - image[i]);
            if (e > err) {
                err = e;
                worst = i;
            }
        }
        assertTrue(err <= TOLERANCE, "seed " + seed + ": max error " + err + " at " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aConstantImageHasNoDetail(String name, int channels, int size, int min) {
        float[] image = new float[channels * size * size];
        java.util.Arrays.fill(image, 0.25f);
        float[][] levels = LaplacianPyramid.levels(image, 0, channels, size, min);
        for (int l = 0; l < levels.length - 1; l++) {
            for (float v : levels[l]) {
                assertEquals(0, v, 1e-6, "detail at level " + l);
            }
        }
        float[] low = new float[levels[levels.length - 1].length];
        java.util.Arrays.fill(low, 0.25f);
        assertArrayEquals(low, levels[levels.length - 1], 1e-6f, "low-pass keeps the mean");
    }
}
