package org.panagan.engine.metrics;

import java.util.Random;

/** Test images: smooth colour ramps with soft round blobs, in [-1, 1], NCHW. */
final class SyntheticImages {

    private SyntheticImages() {
    }

    /**
     * n images [n, c, s, s]: a background ramp and two Gaussian blobs per image, colours drawn
     * per image; {@code shift} moves the blob colours (channel 0 up, the last channel down)
     * relative to the background, changing the edge contrast between channels.
     */
    static float[] blobs(int n, int c, int s, long seed, double shift) {
        Random random = new Random(seed);
        float[] out = new float[n * c * s * s];
        for (int i = 0; i < n; i++) {
            double[] background = colour(random, c, 0);
            double angle = random.nextDouble() * 2 * Math.PI;
            double[][] blob = new double[2][];
            double[] cx = new double[2];
            double[] cy = new double[2];
            double[] radius = new double[2];
            for (int b = 0; b < 2; b++) {
                blob[b] = colour(random, c, shift);
                cx[b] = random.nextDouble() * s;
                cy[b] = random.nextDouble() * s;
                radius[b] = s * (0.08 + 0.2 * random.nextDouble());
            }
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        double ramp = 0.3 * ((x * Math.cos(angle) + y * Math.sin(angle)) / s);
                        double v = background[ch] + ramp;
                        for (int b = 0; b < 2; b++) {
                            double d2 = ((x - cx[b]) * (x - cx[b]) + (y - cy[b]) * (y - cy[b]))
                                    / (radius[b] * radius[b]);
                            double w = Math.exp(-d2);
                            v = (1 - w) * v + w * blob[b][ch];
                        }
                        out[((i * c + ch) * s + y) * s + x] = (float) Math.clamp(v, -1, 1);
                    }
                }
            }
        }
        return out;
    }

    private static double[] colour(Random random, int c, double shift) {
        double[] colour = new double[c];
        for (int ch = 0; ch < c; ch++) {
            colour[ch] = 0.5 * (2 * random.nextDouble() - 1);
        }
        colour[0] += shift;
        colour[c - 1] -= shift;
        return colour;
    }

    /** Uniform noise in [-1, 1]. */
    static float[] noise(int count, long seed) {
        Random random = new Random(seed);
        float[] out = new float[count];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (2 * random.nextDouble() - 1);
        }
        return out;
    }
}
