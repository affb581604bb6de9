package org.panagan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.panagan.engine.Rng;

/** Slerp and lerp against double-precision expectations, on fresh Gaussian vectors. */
class LatentWalkTest {

    private static float[] gaussian(Rng rng, int n) {
        float[] v = new float[n];
        rng.fillGaussian(v, 0, n, 0, 1);
        return v;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static float[] unit(float[] v) {
        double n = norm(v);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    private static double angle(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / (norm(a) * norm(b)))));
    }

    @ParameterizedTest(name = "nz {0}")
    @ValueSource(ints = {1, 2, 7, 100, 513})
    void endpointsAreTheInputsExactly(int nz) {
        long seed = ThreadLocalRandom.current().nextLong();
        Rng rng = Rng.seeded(seed);
        float[] a = gaussian(rng, nz);
        float[] b = gaussian(rng, nz);

        assertArrayEquals(a, LatentWalk.slerp(a, b, 0), "seed " + seed);
        assertArrayEquals(b, LatentWalk.slerp(a, b, 1), "seed " + seed);
        assertArrayEquals(a, LatentWalk.lerp(a, b, 0), "seed " + seed);
        assertArrayEquals(b, LatentWalk.lerp(a, b, 1), "seed " + seed);
    }

    /** Between unit vectors slerp stays on the unit sphere and moves at a constant angle. */
    @ParameterizedTest(name = "nz {0}")
    @ValueSource(ints = {2, 3, 100, 511})
    void unitInputsStayUnitAndTheAngleGrowsLinearly(int nz) {
        long seed = ThreadLocalRandom.current().nextLong();
        Rng rng = Rng.seeded(seed);
        float[] a = unit(gaussian(rng, nz));
        float[] b = unit(gaussian(rng, nz));
        double omega = angle(a, b);

        for (int k = 1; k < 10; k++) {
            double t = k / 10.0;
            float[] p = LatentWalk.slerp(a, b, t);
            // Float rounding of nz components: about sqrt(nz) * 6e-8 relative; 1e-5 is ample.
            assertEquals(1.0, norm(p), 1e-5, "seed " + seed + ", t " + t);
            assertEquals(t * omega, angle(a, p), 1e-3, "seed " + seed + ", t " + t);
        }
        float[] mid = LatentWalk.lerp(a, b, 0.5);
        assertEquals(Math.cos(omega / 2), norm(mid), 1e-5, "lerp cuts the chord: seed " + seed);
    }

    @Test
    void orthogonalUnitVectorsMeetHalfwayOnTheDiagonal() {
        float[] mid = LatentWalk.slerp(new float[] {1, 0}, new float[] {0, 1}, 0.5);
        float half = (float) Math.sqrt(0.5);

        assertArrayEquals(new float[] {half, half}, mid, 1e-7f);
    }

    @Test
    void nearlyParallelOppositeOrZeroVectorsFallBackToLinear() {
        long seed = ThreadLocalRandom.current().nextLong();
        float[] a = gaussian(Rng.seeded(seed), 64);
        float[] nearly = a.clone();
        nearly[0] = Math.nextUp(nearly[0]);
        float[] opposite = new float[a.length];
        float[] zero = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            opposite[i] = -a[i];
        }
        for (float[] b : List.of(a, nearly, opposite, zero)) {
            for (double t : new double[] {0.25, 0.5, 0.9}) {
                assertArrayEquals(LatentWalk.lerp(a, b, t), LatentWalk.slerp(a, b, t),
                        "seed " + seed + ", t " + t);
            }
        }
    }

    @Test
    void segmentsRunThroughEveryPointInTurn() {
        Rng rng = Rng.seeded(3);
        List<float[]> points = List.of(gaussian(rng, 5), gaussian(rng, 5), gaussian(rng, 5));
        int steps = 4;

        float[] walk = LatentWalk.segments(points, steps, LatentWalk.Method.SLERP);

        assertEquals(2 * steps * 5, walk.length);
        for (int s = 0; s < 2; s++) {
            int first = s * steps * 5;
            int last = first + (steps - 1) * 5;
            assertArrayEquals(points.get(s), Arrays.copyOfRange(walk, first,
                    first + 5), "segment " + s + " starts on point " + s);
            assertArrayEquals(points.get(s + 1), Arrays.copyOfRange(walk, last,
                    last + 5), "segment " + s + " ends on point " + (s + 1));
        }
    }

    @Test
    void badArgumentsAreRefused() {
        float[] a = new float[3];
        assertThrows(IllegalArgumentException.class, () -> LatentWalk.slerp(a, new float[4], 0));
        assertThrows(IllegalArgumentException.class,
                () -> LatentWalk.segments(List.of(a), 4, LatentWalk.Method.LINEAR));
        assertThrows(IllegalArgumentException.class,
                () -> LatentWalk.segments(List.of(a, a), 1, LatentWalk.Method.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> LatentWalk.Method.parse("cubic"));
        assertEquals(LatentWalk.Method.LINEAR, LatentWalk.Method.parse(" Linear "));
    }
}
