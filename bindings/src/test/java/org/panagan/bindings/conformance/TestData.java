package org.panagan.bindings.conformance;

import java.util.SplittableRandom;

/** Random inputs for the conformance tests: a fresh seed per run, repeatable on demand. */
final class TestData {

    /** Set it to rerun with the seed a failure printed. */
    static final String SEED_PROPERTY = "panagan.test.seed";

    private TestData() {
    }

    /** From System.nanoTime, unless -Dpanagan.test.seed=N fixes it. */
    static long freshSeed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return System.nanoTime();
    }

    /** {@code count} floats uniform in [lo, hi). */
    static float[] uniform(SplittableRandom rng, int count, double lo, double hi) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return out;
    }

    /** {@code count} floats from a normal distribution. */
    static float[] normal(SplittableRandom rng, int count, double mean, double std) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) rng.nextGaussian(mean, std);
        }
        return out;
    }

    /** The exact double value of every float, for the double-precision references. */
    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
