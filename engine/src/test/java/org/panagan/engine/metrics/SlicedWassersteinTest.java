package org.panagan.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.engine.metrics.SlicedWasserstein.Result;
import org.panagan.engine.metrics.SlicedWasserstein.Settings;

class SlicedWassersteinTest {

    private static final int N = 128;
    private static final int C = 3;
    private static final int S = 32;

    @Test
    void aSetAgainstItselfIsZero() {
        float[] real = SyntheticImages.blobs(N, C, S, 1, 0);
        Result r = SlicedWasserstein.distance(real, N, real.clone(), N, C, S);
        assertArrayEquals(new int[] {32, 16}, r.resolutions());
        for (double level : r.perLevel()) {
            assertEquals(0, level, 1e-9, r.describe());
        }
        assertEquals(0, r.average(), 1e-9);
        assertEquals(N, r.imagesUsed());
    }

    @Test
    void moreColourShiftScoresHigher() {
        float[] real = SyntheticImages.blobs(N, C, S, 21, 0);
        double[] shifts = {0, 0.25, 0.5, 0.75};
        double[] scores = new double[shifts.length];
        for (int i = 0; i < shifts.length; i++) {
            float[] other = SyntheticImages.blobs(N, C, S, 22, shifts[i]);
            scores[i] = SlicedWasserstein.distance(real, N, other, N, C, S).average();
        }
        for (int i = 1; i < shifts.length; i++) {
            assertTrue(scores[i] > scores[i - 1], "shift " + shifts[i] + " should score above "
                    + shifts[i - 1] + ": " + Arrays.toString(scores));
        }
    }

    @Test
    void independentDrawsScoreNearTheSplitHalfBaseline() {
        float[] real = SyntheticImages.blobs(N, C, S, 31, 0);
        float[] draw = SyntheticImages.blobs(N / 2, C, S, 32, 0);
        double baseline = SlicedWasserstein.splitHalfBaseline(real, N, C, S, Settings.DEFAULT)
                .average();
        // The same number of images per side as the baseline's halves.
        double independent = SlicedWasserstein.distance(real, N / 2, draw, N / 2, C, S)
                .average();
        double ratio = independent / baseline;
        assertTrue(ratio > 0.6 && ratio < 1.6, "independent " + independent + " vs baseline "
                + baseline + " (ratio " + ratio + ", allowed 0.6 to 1.6)");
        assertTrue(baseline > 1, "a baseline between different images is not 0: " + baseline);
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherValue() {
        int n = 40;
        float[] a = SyntheticImages.blobs(n, C, S, 41, 0);
        float[] b = SyntheticImages.blobs(n + 7, C, S, 42, 0.3);
        Settings settings = new Settings(16, 32, 7, 64, 2, 99);
        Result first = SlicedWasserstein.distance(a, n, b, n + 7, C, S, settings);
        Result second = SlicedWasserstein.distance(a, n, b, n + 7, C, S, settings);
        assertEquals(first, second);
        assertEquals(n, first.imagesUsed(), "the larger set is cut to the smaller count");
        Result other = SlicedWasserstein.distance(a, n, b, n + 7, C, S, settings.withSeed(100));
        assertTrue(first.average() != other.average(), "another seed draws other patches");
    }

    @Test
    void directionsAreUnitLength() {
        int dim = 147;
        int count = 128;
        float[] dirs = SlicedWasserstein.directions(dim, count, 5);
        for (int j = 0; j < count; j++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                norm += (double) dirs[k * count + j] * dirs[k * count + j];
            }
            assertEquals(1, Math.sqrt(norm), 1e-6, "direction " + j);
        }
    }

    @Test
    void descriptorsAreNormalisedPerChannel() {
        int n = 30;
        float[] images = SyntheticImages.blobs(n, C, S, 51, 0.2);
        Settings settings = Settings.DEFAULT;
        ImageSet set = new ImageSet("images", images, n, C, S);
        int[] all = IntStream.range(0, n).toArray();
        for (int level = 0; level < 2; level++) {
            float[] desc = SlicedWasserstein.descriptors(set, all, level, settings);
            assertEquals(n * settings.patchesPerImage() * C * 49, desc.length);
            SlicedWasserstein.normalise(desc, C, settings.patchSize());
            int dim = C * 49;
            for (int c = 0; c < C; c++) {
                double sum = 0;
                double squares = 0;
                long count = 0;
                for (int r = 0; r < desc.length / dim; r++) {
                    for (int q = 0; q < 49; q++) {
                        double v = desc[r * dim + c * 49 + q];
                        sum += v;
                        squares += v * v;
                        count++;
                    }
                }
                double mean = sum / count;
                double std = Math.sqrt(squares / count - mean * mean);
                assertEquals(0, mean, 1e-6, "level " + level + " channel " + c + " mean");
                assertEquals(1, std, 1e-6, "level " + level + " channel " + c + " std");
            }
        }
    }

    static Stream<Arguments> slicedCases() {
        return Stream.of(
                Arguments.of("rows 1, dim 1, 1 direction", 1, 1, 1),
                Arguments.of("rows 37, dim 13, 35 directions", 37, 13, 35),
                Arguments.of("rows 301, dim 147, 64 directions", 301, 147, 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("slicedCases")
    void slicedDistancesMatchADoubleReference(String name, int rows, int dim, int count) {
        for (Projection projection : List.of(Projection.JAVA, Projection.BLAS)) {
            if (projection == Projection.BLAS) {
                Assumptions.assumeTrue(OpenBlasLibrary.unavailableReason().isEmpty(),
                        () -> "OpenBLAS cannot be opened here, so the sgemm path is not tested: "
                                + OpenBlasLibrary.unavailableReason().orElse(""));
            }
            long seed = 1000L * rows + dim + count;
            Random random = new Random(seed);
            float[] a = gaussian(random, rows * dim, 0);
            float[] b = gaussian(random, rows * dim, 0.5);
            float[] dirs = SlicedWasserstein.directions(dim, count, seed);
            double[] got = SlicedWasserstein.slicedDistances(a, b, rows, dim, dirs, count,
                    projection);
            double[] want = reference(a, b, rows, dim, dirs, count);
            for (int j = 0; j < count; j++) {
                double tolerance = 1e-5 * (1 + Math.abs(want[j]));
                assertEquals(want[j], got[j], tolerance, projection + " seed " + seed
                        + " direction " + j);
            }
        }
    }

    @Test
    void badInputIsNamed() {
        float[] ok = new float[4 * C * S * S];
        IllegalArgumentException shortArray = assertThrows(IllegalArgumentException.class,
                () -> SlicedWasserstein.distance(ok, 5, ok, 4, C, S));
        assertTrue(shortArray.getMessage().startsWith("a: 5 images"), shortArray.getMessage());

        float[] nan = ok.clone();
        nan[C * S * S + 3] = Float.NaN;
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> SlicedWasserstein.distance(ok, 4, nan, 4, C, S));
        assertTrue(notFinite.getMessage().contains("b: image 1"), notFinite.getMessage());

        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> SlicedWasserstein.distance(ok, 1, ok, 1, 1, 48));
        assertTrue(size.getMessage().contains("size = 48"), size.getMessage());

        IllegalArgumentException patch = assertThrows(IllegalArgumentException.class,
                () -> new Settings(16, 128, 17, 128, 4, 1));
        assertTrue(patch.getMessage().contains("patchSize = 17"), patch.getMessage());

        assertThrows(IllegalArgumentException.class,
                () -> SlicedWasserstein.splitHalfBaseline(ok, 1, C, S, Settings.DEFAULT));
    }

    private static float[] gaussian(Random random, int count, double shift) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (random.nextGaussian() * (1 + shift) + shift);
        }
        return out;
    }

    /** Projections, sorts and mean absolute differences all in double. */
    private static double[] reference(float[] a, float[] b, int rows, int dim, float[] dirs,
                                      int count) {
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            double[] pa = new double[rows];
            double[] pb = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < dim; k++) {
                    pa[r] += (double) a[r * dim + k] * dirs[k * count + j];
                    pb[r] += (double) b[r * dim + k] * dirs[k * count + j];
                }
            }
            Arrays.sort(pa);
            Arrays.sort(pb);
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.abs(pa[r] - pb[r]);
            }
            out[j] = sum / rows;
        }
        return out;
    }
}
