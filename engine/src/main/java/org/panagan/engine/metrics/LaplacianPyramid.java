package org.panagan.engine.metrics;

/**
 * Laplacian pyramid of one image (C planes of S x S floats). Level 0 is the image minus the
 * upsampled half-size image, level 1 the same one octave down, and so on; the last level is
 * the low-pass image at the smallest resolution. Summing back (upsample the coarser image, add
 * the level) rebuilds the image up to float rounding.
 *
 * <p>Filter: the 5-tap binomial [1, 4, 6, 4, 1] / 16 in each direction, mirrored at the borders
 * (index -1 reads index 1). Downsampling keeps the even rows and columns of the blurred image;
 * upsampling puts the samples at even positions, zeros between, and blurs with four times the
 * filter so that the mean is kept.
 */
final class LaplacianPyramid {

    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private LaplacianPyramid() {
    }

    /**
     * The levels of {@code image[offset ..]} (C x S x S), from S down to {@code minResolution}
     * (S = minResolution x 2^k): level l has C x (S >> l)^2 floats.
     */
    static float[][] levels(float[] image, int offset, int channels, int size,
                            int minResolution) {
        int count = levelCount(size, minResolution);
        float[][] out = new float[count][];
        float[] current = new float[channels * size * size];
        System.arraycopy(image, offset, current, 0, current.length);
        int s = size;
        for (int level = 0; level < count - 1; level++) {
            float[] down = downsample(current, channels, s);
            float[] up = upsample(down, channels, s / 2);
            for (int i = 0; i < current.length; i++) {
                current[i] -= up[i];
            }
            out[level] = current;
            current = down;
            s /= 2;
        }
        out[count - 1] = current;
        return out;
    }

    /** The image the levels came from: C x S x S floats, S the size of level 0. */
    static float[] reconstruct(float[][] levels, int channels, int size) {
        float[] current = levels[levels.length - 1].clone();
        int s = size >> (levels.length - 1);
        for (int level = levels.length - 2; level >= 0; level--) {
            float[] up = upsample(current, channels, s);
            for (int i = 0; i < up.length; i++) {
                up[i] += levels[level][i];
            }
            current = up;
            s *= 2;
        }
        return current;
    }

    /** Levels from {@code size} down to {@code minResolution}, both included. */
    static int levelCount(int size, int minResolution) {
        int count = 1;
        for (int s = size; s > minResolution; s /= 2) {
            count++;
        }
        return count;
    }

    /** Blur then keep even rows and columns: C x S x S to C x S/2 x S/2. */
    private static float[] downsample(float[] planes, int channels, int s) {
        float[] blurred = blur(planes, channels, s, 1f);
        int h = s / 2;
        float[] out = new float[channels * h * h];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < h; x++) {
                    out[(c * h + y) * h + x] = blurred[(c * s + 2 * y) * s + 2 * x];
                }
            }
        }
        return out;
    }

    /** Zero-insert then blur with 4 x the filter: C x h x h to C x 2h x 2h. */
    private static float[] upsample(float[] planes, int channels, int h) {
        int s = 2 * h;
        float[] spread = new float[channels * s * s];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < h; x++) {
                    spread[(c * s + 2 * y) * s + 2 * x] = planes[(c * h + y) * h + x];
                }
            }
        }
        return blur(spread, channels, s, 2f);
    }

    /** Separable 5 x 5 binomial blur of C planes of s x s, each pass scaled by {@code gain}. */
    private static float[] blur(float[] planes, int channels, int s, float gain) {
        float[] rows = new float[planes.length];
        float[] out = new float[planes.length];
        for (int c = 0; c < channels; c++) {
            int base = c * s * s;
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float sum = 0;
                    for (int t = 0; t < TAPS.length; t++) {
                        sum += TAPS[t] * planes[base + y * s + mirror(x + t - 2, s)];
                    }
                    rows[base + y * s + x] = gain * sum;
                }
            }
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    float sum = 0;
                    for (int t = 0; t < TAPS.length; t++) {
                        sum += TAPS[t] * rows[base + mirror(y + t - 2, s) * s + x];
                    }
                    out[base + y * s + x] = gain * sum;
                }
            }
        }
        return out;
    }

    /** Reflects an index into [0, n) without repeating the edge sample (needs n >= 3). */
    private static int mirror(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }
}
