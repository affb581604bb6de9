package org.panagan.cli;

import java.util.List;
import java.util.Locale;

/**
 * Paths between latent vectors. Spherical interpolation (slerp) follows the great circle between
 * two vectors, scaling the radius between their lengths; for Gaussian z, whose length
 * concentrates near sqrt(nz), it keeps every point at a length the generator saw in training,
 * where a straight line (lerp) passes through shorter vectors midway.
 */
final class LatentWalk {

    /**
     * Below this sine of the angle between two vectors, slerp's weights lose precision
     * (0/0 as the vectors become parallel or opposite), and it falls back to lerp, which is
     * the same path in the limit of parallel vectors.
     */
    static final double PARALLEL_SINE = 1e-6;

    /** How to move between two points. */
    enum Method {
        SLERP, LINEAR;

        static Method parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "slerp" -> SLERP;
                case "linear", "lerp" -> LINEAR;
                default -> throw new IllegalArgumentException(text
                        + " is not known; allowed: slerp, linear");
            };
        }
    }

    private LatentWalk() {
    }

    /** {@code a + t (b - a)}, in double, each component; t = 0 gives a, t = 1 gives b. */
    static float[] lerp(float[] a, float[] b, double t) {
        requireSameLength(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return out;
    }

    /**
     * {@code (sin((1 - t) w) a + sin(t w) b) / sin(w)}, w the angle between a and b, in double;
     * t = 0 gives a and t = 1 gives b exactly. Falls back to {@link #lerp} when the vectors are
     * (nearly) parallel or opposite, or one of them is zero.
     */
    static float[] slerp(float[] a, float[] b, double t) {
        requireSameLength(a, b);
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        double cos = dot / Math.sqrt(aa * bb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        double sin = Math.sin(omega);
        if (!(sin > PARALLEL_SINE)) {
            return lerp(a, b, t);
        }
        double wa = Math.sin((1 - t) * omega) / sin;
        double wb = Math.sin(t * omega) / sin;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /**
     * The walk through {@code points} (each nz floats) as {@code points - 1} segments of
     * {@code steps} vectors each, both ends included (so a segment starts where the one before
     * ended); returns segments x steps x nz floats, segment by segment.
     */
    static float[] segments(List<float[]> points, int steps, Method method) {
        if (points.size() < 2 || steps < 2) {
            throw new IllegalArgumentException("a walk needs 2 or more points and 2 or more "
                    + "steps; got " + points.size() + " and " + steps);
        }
        int nz = points.get(0).length;
        float[] out = new float[Math.multiplyExact((points.size() - 1) * steps, nz)];
        int at = 0;
        for (int s = 0; s + 1 < points.size(); s++) {
            for (int k = 0; k < steps; k++) {
                double t = (double) k / (steps - 1);
                float[] z = method == Method.SLERP
                        ? slerp(points.get(s), points.get(s + 1), t)
                        : lerp(points.get(s), points.get(s + 1), t);
                System.arraycopy(z, 0, out, at, nz);
                at += nz;
            }
        }
        return out;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of length " + a.length + " and "
                    + b.length + "; interpolation needs equal lengths");
        }
    }
}
