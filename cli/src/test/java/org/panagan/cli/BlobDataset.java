package org.panagan.cli;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.panagan.engine.data.DatasetReport;
import org.panagan.engine.data.ImageDataset;

/**
 * Images made in memory for the command-line tests: each a few soft coloured blobs on a dark
 * background, in [-1, 1], drawn from a seed. {@link #poisoned} makes a dataset whose pixels are
 * NaN, standing for a broken decoder, so that the first step's losses are not finite.
 */
class BlobDataset implements ImageDataset {

    private final int count;
    private final int channels;
    private final int size;
    private final float[] pixels;
    private boolean closed;

    BlobDataset(int count, int channels, int size, long seed) {
        this.count = count;
        this.channels = channels;
        this.size = size;
        this.pixels = new float[count * channels * size * size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            draw(i, random);
        }
    }

    static BlobDataset poisoned(int count, int channels, int size) {
        BlobDataset data = new BlobDataset(count, channels, size, 1);
        java.util.Arrays.fill(data.pixels, Float.NaN);
        return data;
    }

    private void draw(int image, SplittableRandom random) {
        int plane = size * size;
        int base = image * channels * plane;
        for (int blob = 0; blob < 3; blob++) {
            double cx = random.nextDouble(size);
            double cy = random.nextDouble(size);
            double radius = size * random.nextDouble(0.1, 0.3);
            for (int c = 0; c < channels; c++) {
                double strength = random.nextDouble(0.3, 1.0);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy))
                                / (radius * radius);
                        pixels[base + c * plane + y * size + x] += (float) (strength
                                * Math.exp(-d2));
                    }
                }
            }
        }
        for (int p = base; p < base + channels * plane; p++) {
            pixels[p] = Math.min(1f, pixels[p]) * 2f - 1f;
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int imageSize() {
        return size;
    }

    @Override
    public void copyBatch(int[] order, int from, int n, float[] dst) {
        int per = channels * size * size;
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, order[from + i] * per, dst, i * per, per);
        }
    }

    @Override
    public DatasetReport report() {
        return new DatasetReport("blobs", count, Map.of(), List.of(), false);
    }

    @Override
    public String description() {
        return "blobs in memory (" + count + " images)";
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
