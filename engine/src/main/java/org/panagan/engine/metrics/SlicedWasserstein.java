package org.panagan.engine.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.panagan.engine.Checks;

/**
 * Sliced Wasserstein distance between two image sets on Laplacian-pyramid patches, the image
 * quality measure of Karras et al. 2018 ("Progressive Growing of GANs"). Lower is closer; a set
 * against itself scores exactly 0.
 *
 * <p>Per pyramid level (S, S/2, ... down to {@link Settings#minResolution}, the last one the
 * low-pass image):
 * <ol>
 *   <li>every image gives {@link Settings#patchesPerImage} patches of P x P at random positions,
 *       each a descriptor of D = C x P x P floats (channel-major) - M = n x patches rows;</li>
 *   <li>each set's descriptors [M, D] are normalised per channel by that set's own mean and
 *       standard deviation over all its rows and the channel's P x P positions;</li>
 *   <li>{@link Settings#repeats} times: {@link Settings#directions} random unit vectors [D, K]
 *       project both sets ([M, D] x [D, K]), each projection column is sorted, and the mean
 *       absolute difference of the two sorted columns is averaged over the K directions;</li>
 *   <li>the level's distance is the mean over repeats, times 1000.</li>
 * </ol>
 * The result also gives the mean over levels.
 *
 * <p>Sets of different sizes: both are cut to the smaller count, the larger by a fixed shuffle
 * from the seed (the 1-D distance between sorted columns needs equal row counts). Patch
 * positions depend on (seed, level, image index within the compared sets) only, never on the
 * pixels, so identical sets give identical descriptors and a distance of exactly 0.
 *
 * <p>Threads: descriptor extraction runs in parallel over images, the projections and sorts in
 * parallel over blocks of directions (the common fork-join pool), each block one single-threaded
 * sgemm ({@link Projection}). Every task writes its own slots and the sums are taken in a fixed
 * order, so the result has the same bits whatever the number of threads; another CPU (another
 * OpenBLAS kernel) may round the projections differently in the last bits.
 */
public final class SlicedWasserstein {

    private static final System.Logger LOG =
            System.getLogger(SlicedWasserstein.class.getName());

    /** Directions per parallel task: enough for an efficient product, and tasks for 2+ cores. */
    static final int DIRECTION_BLOCK = 32;

    /** Seed offsets that keep the random streams for positions, directions and subsets apart. */
    private static final long POSITIONS = 0x9E3779B97F4A7C15L;
    private static final long DIRECTIONS = 0xC2B2AE3D27D4EB4FL;
    private static final long SUBSET = 0x165667B19E3779F9L;

    private SlicedWasserstein() {
    }

    /**
     * How the distance is measured.
     *
     * @param minResolution   smallest pyramid level, 4 to 4096; the image size must be this
     *                        times a power of two (Karras: 16)
     * @param patchesPerImage patches taken from each image at each level, 1 to 65536 (128)
     * @param patchSize       patch side P, 1 to minResolution (7)
     * @param directions      random directions per repeat, 1 to 4096 (128)
     * @param repeats         independent sets of directions averaged, 1 to 1024 (4)
     * @param seed            seeds patch positions, directions and subsets; equal seeds give
     *                        the same bits
     */
    public record Settings(int minResolution, int patchesPerImage, int patchSize,
                           int directions, int repeats, long seed) {

        /** Karras et al.'s settings with a fixed seed. */
        public static final Settings DEFAULT = new Settings(16, 128, 7, 128, 4, 1L);

        public Settings {
            Checks.inRange("minResolution", minResolution, 4, 4096);
            Checks.inRange("patchesPerImage", patchesPerImage, 1, 65536);
            Checks.inRange("patchSize", patchSize, 1, minResolution);
            Checks.inRange("directions", directions, 1, 4096);
            Checks.inRange("repeats", repeats, 1, 1024);
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(minResolution, patchesPerImage, patchSize, directions, repeats,
                    newSeed);
        }
    }

    /**
     * A measurement.
     *
     * @param perLevel    distance x 1000 at each level, finest first
     * @param average     mean of {@code perLevel}
     * @param resolutions the side of each level, finest first (64, 32, 16 for 64 x 64 images)
     * @param imagesUsed  images compared from each set (the smaller count)
     */
    public record Result(double[] perLevel, double average, int[] resolutions, int imagesUsed) {

        public Result {
            Checks.present("perLevel", perLevel);
            Checks.present("resolutions", resolutions);
            if (perLevel.length != resolutions.length || perLevel.length == 0) {
                throw new IllegalArgumentException("perLevel has " + perLevel.length
                        + " values and resolutions " + resolutions.length
                        + "; allowed: the same number, at least 1");
            }
            perLevel = perLevel.clone();
            resolutions = resolutions.clone();
        }

        @Override
        public double[] perLevel() {
            return perLevel.clone();
        }

        @Override
        public int[] resolutions() {
            return resolutions.clone();
        }

        /** "64: 12.3, 32: 8.1, 16: 5.0, avg 8.5". */
        public String describe() {
            StringBuilder text = new StringBuilder();
            for (int l = 0; l < perLevel.length; l++) {
                text.append(String.format(Locale.ROOT, "%d: %.2f, ", resolutions[l],
                        perLevel[l]));
            }
            return text.append(String.format(Locale.ROOT, "avg %.2f", average)).toString();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Result r && Arrays.equals(perLevel, r.perLevel)
                    && Double.compare(average, r.average) == 0
                    && Arrays.equals(resolutions, r.resolutions) && imagesUsed == r.imagesUsed;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(perLevel) + Arrays.hashCode(resolutions) + imagesUsed;
        }

        @Override
        public String toString() {
            return "Result[" + describe() + ", images " + imagesUsed + "]";
        }
    }

    /**
     * The distance between sets {@code a} (na images) and {@code b} (nb images), each C x S x S
     * floats per image, NCHW, in [-1, 1].
     *
     * @throws IllegalArgumentException naming the set and the problem when an array is too
     *                                  short, holds NaN or infinity, or S does not fit the
     *                                  settings
     */
    public static Result distance(float[] a, int na, float[] b, int nb, int channels, int size,
                                  Settings settings) {
        Checks.present("settings", settings);
        ImageSet setA = new ImageSet("a", a, na, channels, size);
        ImageSet setB = new ImageSet("b", b, nb, channels, size);
        checkSize(size, settings);
        int n = Math.min(na, nb);
        return measure(setA, pick(na, n, settings.seed()), setB, pick(nb, n, settings.seed()),
                settings);
    }

    /** {@link #distance(float[], int, float[], int, int, int, Settings)} with the defaults. */
    public static Result distance(float[] a, int na, float[] b, int nb, int channels, int size) {
        return distance(a, na, b, nb, channels, size, Settings.DEFAULT);
    }

    /**
     * What two halves of one real set score against each other: the set is shuffled by the
     * seed and its first n/2 images are compared with the next n/2 (an odd last one is left
     * out). Generated images that score near this are as close to the real set as one real
     * sample is to another of half the size.
     */
    public static Result splitHalfBaseline(float[] real, int n, int channels, int size,
                                           Settings settings) {
        Checks.present("settings", settings);
        ImageSet set = new ImageSet("real", real, n, channels, size);
        checkSize(size, settings);
        if (n < 2) {
            throw new IllegalArgumentException("real: count = " + n
                    + " is too small to split; allowed: 2 or more images");
        }
        int[] order = shuffled(n, settings.seed() ^ SUBSET);
        int half = n / 2;
        int[] first = Arrays.copyOfRange(order, 0, half);
        int[] second = Arrays.copyOfRange(order, half, 2 * half);
        return measure(set, first, set, second, settings);
    }

    // ---------------------------------------------------------------------------------------
    // The measurement
    // ---------------------------------------------------------------------------------------

    private static Result measure(ImageSet a, int[] pickA, ImageSet b, int[] pickB,
                                  Settings s) {
        long start = System.nanoTime();
        int levels = LaplacianPyramid.levelCount(a.size(), s.minResolution());
        double[] perLevel = new double[levels];
        int[] resolutions = new int[levels];
        for (int level = 0; level < levels; level++) {
            resolutions[level] = a.size() >> level;
            float[] descA = descriptors(a, pickA, level, s);
            float[] descB = descriptors(b, pickB, level, s);
            normalise(descA, a.channels(), s.patchSize());
            normalise(descB, b.channels(), s.patchSize());
            perLevel[level] = 1000 * levelDistance(descA, descB, a.channels(), level, s);
        }
        double average = Arrays.stream(perLevel).sum() / levels;
        Result result = new Result(perLevel, average, resolutions, pickA.length);
        LOG.log(System.Logger.Level.DEBUG, () -> String.format(Locale.ROOT,
                "sliced Wasserstein over %d images per set: %s (%.0f ms)", pickA.length,
                result.describe(), (System.nanoTime() - start) / 1e6));
        return result;
    }

    /** Mean over repeats of the mean over directions of the sorted-projection distance. */
    private static double levelDistance(float[] descA, float[] descB, int channels, int level,
                                        Settings s) {
        int dim = channels * s.patchSize() * s.patchSize();
        int rows = descA.length / dim;
        double total = 0;
        for (int repeat = 0; repeat < s.repeats(); repeat++) {
            float[] dirs = directions(dim, s.directions(),
                    mix(s.seed() ^ DIRECTIONS, level, repeat));
            double[] perDirection = slicedDistances(descA, descB, rows, dim, dirs,
                    s.directions(), Projection.AUTO);
            double sum = 0;
            for (double d : perDirection) {
                sum += d;
            }
            total += sum / s.directions();
        }
        return total / s.repeats();
    }

    /**
     * Descriptors of one set at one level: [n x patches, C x P x P] floats, image after image,
     * channel-major within a patch. Positions come from (seed, level, position in the pick).
     */
    static float[] descriptors(ImageSet set, int[] pick, int level, Settings s) {
        int p = s.patchSize();
        int channels = set.channels();
        int dim = channels * p * p;
        int perImage = s.patchesPerImage() * dim;
        float[] out = new float[Math.multiplyExact(pick.length, perImage)];
        int side = set.size() >> level;
        IntStream.range(0, pick.length).parallel().forEach(i -> {
            float[] plane = LaplacianPyramid.levels(set.data(), set.offset(pick[i]), channels,
                    set.size(), s.minResolution())[level];
            SplittableRandom random = new SplittableRandom(mix(s.seed() ^ POSITIONS, level, i));
            int at = i * perImage;
            for (int patch = 0; patch < s.patchesPerImage(); patch++) {
                int y0 = random.nextInt(side - p + 1);
                int x0 = random.nextInt(side - p + 1);
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < p; y++) {
                        System.arraycopy(plane, (c * side + y0 + y) * side + x0, out, at, p);
                        at += p;
                    }
                }
            }
        });
        return out;
    }

    /**
     * In place: each channel's P x P columns of [M, C x P x P] shifted to mean 0 and scaled to
     * standard deviation 1 over all M rows (population statistics, in double). A constant
     * channel (deviation 0) is only shifted, to 0.
     */
    static void normalise(float[] desc, int channels, int patchSize) {
        int block = patchSize * patchSize;
        int dim = channels * block;
        int rows = desc.length / dim;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                for (int q = r * dim + c * block, end = q + block; q < end; q++) {
                    sum += desc[q];
                }
            }
            double count = (double) rows * block;
            double mean = sum / count;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                for (int q = r * dim + c * block, end = q + block; q < end; q++) {
                    double d = desc[q] - mean;
                    squares += d * d;
                }
            }
            double std = Math.sqrt(squares / count);
            double scale = std > 0 ? 1 / std : 1;
            for (int r = 0; r < rows; r++) {
                for (int q = r * dim + c * block, end = q + block; q < end; q++) {
                    desc[q] = (float) ((desc[q] - mean) * scale);
                }
            }
        }
    }

    /**
     * {@code count} random unit vectors of length {@code dim}, stored [dim, count] (direction j
     * is column j): Gaussian draws scaled to norm 1 in double.
     */
    static float[] directions(int dim, int count, long seed) {
        Random random = new Random(seed);
        double[] draws = new double[dim * count];
        for (int i = 0; i < draws.length; i++) {
            draws[i] = random.nextGaussian();
        }
        float[] out = new float[dim * count];
        for (int j = 0; j < count; j++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                norm += draws[k * count + j] * draws[k * count + j];
            }
            double scale = 1 / Math.sqrt(norm);
            for (int k = 0; k < dim; k++) {
                out[k * count + j] = (float) (draws[k * count + j] * scale);
            }
        }
        return out;
    }

    /**
     * For each of the K directions (columns of {@code dirs}, [dim, K]): both descriptor sets
     * [rows, dim] projected onto it, the projections sorted, and the mean absolute difference of
     * the sorted values. Projections are float sums ({@link Projection}); the mean is in double.
     */
    static double[] slicedDistances(float[] descA, float[] descB, int rows, int dim,
                                    float[] dirs, int count, Projection projection) {
        double[] out = new double[count];
        int blocks = (count + DIRECTION_BLOCK - 1) / DIRECTION_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int from = block * DIRECTION_BLOCK;
            int width = Math.min(DIRECTION_BLOCK, count - from);
            float[] sub = new float[dim * width];
            for (int k = 0; k < dim; k++) {
                System.arraycopy(dirs, k * count + from, sub, k * width, width);
            }
            float[] projA = projection.project(descA, rows, dim, sub, width);
            float[] projB = projection.project(descB, rows, dim, sub, width);
            for (int j = 0; j < width; j++) {
                Arrays.sort(projA, j * rows, (j + 1) * rows);
                Arrays.sort(projB, j * rows, (j + 1) * rows);
                double sum = 0;
                for (int r = j * rows, end = r + rows; r < end; r++) {
                    sum += Math.abs((double) projA[r] - projB[r]);
                }
                out[from + j] = sum / rows;
            }
        });
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // Seeds and subsets
    // ---------------------------------------------------------------------------------------

    private static void checkSize(int size, Settings s) {
        int levels = LaplacianPyramid.levelCount(size, s.minResolution());
        if (size < s.minResolution() || (size >> (levels - 1)) != s.minResolution()
                || size % s.minResolution() != 0) {
            throw new IllegalArgumentException("size = " + size + " does not fit minResolution = "
                    + s.minResolution() + "; allowed: minResolution times a power of two ("
                    + s.minResolution() + ", " + 2 * s.minResolution() + ", "
                    + 4 * s.minResolution() + ", ...)");
        }
    }

    /** All of 0 .. n-1 when n == keep, else {@code keep} of them by a fixed shuffle, sorted. */
    private static int[] pick(int n, int keep, long seed) {
        if (n == keep) {
            return IntStream.range(0, n).toArray();
        }
        int[] chosen = Arrays.copyOf(shuffled(n, seed ^ SUBSET), keep);
        Arrays.sort(chosen);
        return chosen;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = IntStream.range(0, n).toArray();
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A seed for stream (a, b) of {@code seed}: SplitMix64's finaliser over the three. */
    static long mix(long seed, int a, int b) {
        long z = seed + 0x9E3779B97F4A7C15L * (((long) a << 32) + b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
