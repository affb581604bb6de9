package org.panagan.engine.metrics;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.panagan.engine.Checks;

/**
 * Copy check for small datasets: for each generated image, its k closest training images by
 * Euclidean distance in pixel space, and how that nearest distance compares with the typical
 * distance between a real image and its nearest other real image. A generator that memorises
 * shows ratios near 0; novel samples sit near 1 or above.
 *
 * <p>Images are compared at {@link Settings#compareSize} (box-averaged down from S when S is
 * larger, a multiple of it; at full size otherwise): 32 x 32 keeps the cost at C x 1024 floats
 * per pair while small shifts of texture still count as different. Distances are
 * sqrt(sum of squared differences) over the compared C x s x s values, summed in double.
 */
public final class NearestImages {

    private NearestImages() {
    }

    /**
     * How images are compared.
     *
     * @param compareSize side at which images are compared, 1 to 4096 (32); images larger than
     *                    this are box-averaged down to it (S must then be a multiple of it)
     * @param realSample  training images, 1 to 65536 (256), whose nearest other training image
     *                    gives the real median; fewer when the set is smaller
     * @param seed        picks that sample
     */
    public record Settings(int compareSize, int realSample, long seed) {

        public static final Settings DEFAULT = new Settings(32, 256, 1L);

        public Settings {
            Checks.inRange("compareSize", compareSize, 1, 4096);
            Checks.inRange("realSample", realSample, 1, 65536);
        }
    }

    /** One training image and its distance to the generated image. */
    public record Match(int trainingIndex, double distance) {
    }

    /**
     * One generated image's neighbours.
     *
     * @param generatedIndex     the generated image
     * @param nearest            its k closest training images, closest first (ties: lower index)
     * @param ratioToRealMedian  the closest distance over {@link Report#realMedianNearest()}; NaN
     *                           when that median is 0 (the sampled real images all have exact
     *                           duplicates)
     */
    public record Row(int generatedIndex, List<Match> nearest, double ratioToRealMedian) {
        public Row {
            nearest = List.copyOf(nearest);
        }
    }

    /**
     * The check's outcome.
     *
     * @param rows              one per generated image, in order
     * @param realMedianNearest median over the sampled training images of the distance to their
     *                          nearest other training image
     * @param comparedSize      the side at which distances were measured
     * @param realSampled       how many training images gave that median
     */
    public record Report(List<Row> rows, double realMedianNearest, int comparedSize,
                         int realSampled) {
        public Report {
            rows = List.copyOf(rows);
        }
    }

    /**
     * The {@code k} nearest of {@code nt} training images for each of {@code ng} generated
     * images (both C x S x S floats per image, NCHW, in [-1, 1]).
     */
    public static Report find(float[] training, int nt, float[] generated, int ng,
                              int channels, int size, int k, Settings settings) {
        Checks.present("settings", settings);
        ImageSet train = new ImageSet("training", training, nt, channels, size);
        ImageSet gen = new ImageSet("generated", generated, ng, channels, size);
        if (nt < 2) {
            throw new IllegalArgumentException("training: count = " + nt
                    + " is too small; allowed: 2 or more images (the real median needs pairs)");
        }
        Checks.inRange("k", k, 1, nt);
        int side = comparedSide(size, settings.compareSize());
        float[] small = downscale(train, side);
        float[] query = downscale(gen, side);
        int per = channels * side * side;

        List<Row> rows = new ArrayList<>();
        Match[][] found = new Match[ng][];
        IntStream.range(0, ng).parallel().forEach(g ->
                found[g] = nearest(query, g * per, small, nt, per, k, -1));
        double median = realMedian(small, nt, per, settings);
        for (int g = 0; g < ng; g++) {
            double ratio = median > 0 ? found[g][0].distance() / median : Double.NaN;
            rows.add(new Row(g, Arrays.asList(found[g]), ratio));
        }
        int sampled = Math.min(nt, settings.realSample());
        return new Report(rows, median, side, sampled);
    }

    /** {@link #find(float[], int, float[], int, int, int, int, Settings)} with the defaults. */
    public static Report find(float[] training, int nt, float[] generated, int ng,
                              int channels, int size, int k) {
        return find(training, nt, generated, ng, channels, size, k, Settings.DEFAULT);
    }

    /**
     * Writes a PNG: one row per report row, the generated image first, a wider gap, then its
     * nearest training images closest first, all at full size S. One channel is drawn as
     * grey, three or four as RGB (a fourth is ignored); two channels cannot be drawn.
     */
    public static void panel(Report report, float[] training, int nt, float[] generated,
                             int ng, int channels, int size, Path png) throws IOException {
        Checks.present("report", report);
        Checks.present("png", png);
        ImageSet train = new ImageSet("training", training, nt, channels, size);
        ImageSet gen = new ImageSet("generated", generated, ng, channels, size);
        if (channels == 2) {
            throw new IllegalArgumentException("channels = 2 cannot be drawn; allowed: 1, 3, 4");
        }
        if (report.rows().isEmpty()) {
            throw new IllegalArgumentException("report has no rows; nothing to draw");
        }
        int k = report.rows().get(0).nearest().size();
        int gap = 2;
        int split = 8;
        int width = (k + 1) * size + k * gap + split - gap;
        int height = report.rows().size() * (size + gap) - gap;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int y = 0;
        for (Row row : report.rows()) {
            checkIndex("generated", row.generatedIndex(), ng);
            draw(image, gen, row.generatedIndex(), 0, y);
            int x = size + split;
            for (Match match : row.nearest()) {
                checkIndex("training", match.trainingIndex(), nt);
                draw(image, train, match.trainingIndex(), x, y);
                x += size + gap;
            }
            y += size + gap;
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available to write " + png);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Distances
    // ---------------------------------------------------------------------------------------

    /**
     * The k training images closest to {@code query[at .. at + per)}, skipping index
     * {@code skip} (-1: none). Insertion into a sorted list of k; ties keep the lower index.
     */
    private static Match[] nearest(float[] query, int at, float[] train, int nt, int per, int k,
                                   int skip) {
        int[] index = new int[k];
        double[] dist = new double[k];
        Arrays.fill(dist, Double.POSITIVE_INFINITY);
        Arrays.fill(index, -1);
        for (int t = 0; t < nt; t++) {
            if (t == skip) {
                continue;
            }
            double d = squaredDistance(query, at, train, t * per, per, dist[k - 1]);
            if (d < dist[k - 1]) {
                int i = k - 1;
                while (i > 0 && dist[i - 1] > d) {
                    dist[i] = dist[i - 1];
                    index[i] = index[i - 1];
                    i--;
                }
                dist[i] = d;
                index[i] = t;
            }
        }
        Match[] out = new Match[k];
        for (int i = 0; i < k; i++) {
            out[i] = new Match(index[i], Math.sqrt(dist[i]));
        }
        return out;
    }

    /** Sum of squared differences, stopping early once it passes {@code bound}. */
    private static double squaredDistance(float[] a, int at, float[] b, int bt, int per,
                                          double bound) {
        double sum = 0;
        int chunk = 256;
        for (int from = 0; from < per; from += chunk) {
            int end = Math.min(per, from + chunk);
            float part = 0;
            for (int i = from; i < end; i++) {
                float d = a[at + i] - b[bt + i];
                part += d * d;
            }
            sum += part;
            if (sum > bound) {
                return sum;
            }
        }
        return sum;
    }

    /** Median over a seeded sample of training images of the distance to the nearest other. */
    private static double realMedian(float[] train, int nt, int per, Settings settings) {
        int[] order = IntStream.range(0, nt).toArray();
        Random random = new Random(settings.seed());
        for (int i = nt - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int sample = Math.min(nt, settings.realSample());
        double[] nearest = new double[sample];
        IntStream.range(0, sample).parallel().forEach(i -> nearest[i] =
                nearest(train, order[i] * per, train, nt, per, 1, order[i])[0].distance());
        Arrays.sort(nearest);
        return sample % 2 == 1 ? nearest[sample / 2]
                : (nearest[sample / 2 - 1] + nearest[sample / 2]) / 2;
    }

    // ---------------------------------------------------------------------------------------
    // Pixels
    // ---------------------------------------------------------------------------------------

    private static int comparedSide(int size, int compareSize) {
        if (size <= compareSize) {
            return size;
        }
        if (size % compareSize != 0) {
            throw new IllegalArgumentException("size = " + size + " is not a multiple of"
                    + " compareSize = " + compareSize + "; allowed: a compareSize that divides"
                    + " the image size, or one at least as large");
        }
        return compareSize;
    }

    /** Box average of every image to side x side: [n, C, side, side]. */
    private static float[] downscale(ImageSet set, int side) {
        int size = set.size();
        int f = size / side;
        int channels = set.channels();
        float[] out = new float[set.count() * channels * side * side];
        if (f == 1) {
            System.arraycopy(set.data(), 0, out, 0, out.length);
            return out;
        }
        float norm = 1f / (f * f);
        for (int plane = 0; plane < set.count() * channels; plane++) {
            int in = plane * size * size;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float sum = 0;
                    for (int dy = 0; dy < f; dy++) {
                        for (int dx = 0; dx < f; dx++) {
                            sum += set.data()[in + (y * f + dy) * size + x * f + dx];
                        }
                    }
                    out[(plane * side + y) * side + x] = sum * norm;
                }
            }
        }
        return out;
    }

    private static void draw(BufferedImage image, ImageSet set, int index, int x0, int y0) {
        int size = set.size();
        int at = set.offset(index);
        int plane = size * size;
        boolean grey = set.channels() == 1;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = at + y * size + x;
                int r = toByte(set.data()[p]);
                int g = grey ? r : toByte(set.data()[p + plane]);
                int b = grey ? r : toByte(set.data()[p + 2 * plane]);
                image.setRGB(x0 + x, y0 + y, (r << 16) | (g << 8) | b);
            }
        }
    }

    /** [-1, 1] to 0 .. 255, clamped. */
    private static int toByte(float v) {
        return Math.clamp(Math.round((v + 1) * 127.5f), 0, 255);
    }

    private static void checkIndex(String set, int index, int count) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("report names " + set + " image " + index
                    + ", outside the " + count + " given; pass the sets the report was made from");
        }
    }
}
