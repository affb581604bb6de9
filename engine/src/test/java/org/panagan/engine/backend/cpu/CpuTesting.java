package org.panagan.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.panagan.engine.backend.Backend;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * What the cpu backend's tests share: fresh seeds (printed on failure, fixed with
 * -Dpanagan.test.seed), random inputs, tensors poisoned with NaN before an operation writes
 * them, and the element-wise comparison with a double-precision reference.
 */
final class CpuTesting {

    static final String SEED_PROPERTY = "panagan.test.seed";

    private CpuTesting() {
    }

    /** From System.nanoTime, unless -Dpanagan.test.seed=N fixes it. */
    static long freshSeed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank()) {
            return Long.parseLong(fixed.trim());
        }
        return System.nanoTime();
    }

    static float[] uniform(SplittableRandom rng, int count, double lo, double hi) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return out;
    }

    static float[] normal(SplittableRandom rng, int count, double mean, double std) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) rng.nextGaussian(mean, std);
        }
        return out;
    }

    static float[] nan(int count) {
        float[] out = new float[count];
        Arrays.fill(out, Float.NaN);
        return out;
    }

    /** Tensors of one backend, each its own buffer, closed together. */
    static final class Tensors implements AutoCloseable {
        private final Backend backend;
        private final java.util.List<Buffer> buffers = new java.util.ArrayList<>();

        Tensors(Backend backend) {
            this.backend = backend;
        }

        /** A tensor holding {@code values}. */
        Tensor of(Shape shape, float[] values) {
            Tensor t = empty(shape);
            backend.upload(values, t);
            return t;
        }

        /** A tensor poisoned with NaN, so elements an operation does not write fail. */
        Tensor poisoned(Shape shape) {
            return of(shape, nan((int) shape.numel()));
        }

        Tensor empty(Shape shape) {
            Buffer b = backend.allocate(Math.max(4, shape.numel() * 4), "test " + shape);
            buffers.add(b);
            return Tensor.of(b, shape);
        }

        float[] read(Tensor t) {
            float[] out = new float[(int) t.numel()];
            backend.download(t, out);
            return out;
        }

        @Override
        public void close() {
            for (Buffer b : buffers) {
                b.close();
            }
        }
    }

    /**
     * Passes when |actual - expected| <= relTol * magnitude + absTol for every element
     * (magnitude null: |expected|); a NaN or infinity always fails. A failure gives the seed,
     * the first bad index, and the largest absolute and relative errors.
     */
    static void assertClose(String what, long seed, float[] actual, double[] expected,
                            double[] magnitude, double relTol, double absTol) {
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values for " + expected.length + " expected");
        }
        int bad = 0;
        int firstBad = -1;
        double maxAbs = 0;
        int maxAbsAt = -1;
        double maxRel = 0;
        int maxRelAt = -1;
        for (int i = 0; i < actual.length; i++) {
            double scale = magnitude == null ? Math.abs(expected[i]) : magnitude[i];
            double error = Math.abs(actual[i] - expected[i]);
            boolean finite = Float.isFinite(actual[i]);
            if (finite && error > maxAbs) {
                maxAbs = error;
                maxAbsAt = i;
            }
            if (finite && scale > 0 && error / scale > maxRel) {
                maxRel = error / scale;
                maxRelAt = i;
            }
            if (!finite || !(error <= relTol * scale + absTol)) {
                if (bad++ == 0) {
                    firstBad = i;
                }
            }
        }
        if (bad > 0) {
            fail(String.format(Locale.ROOT, "%s: %d of %d elements out of tolerance (rel %.3g, "
                            + "abs %.3g); first bad [%d]: expected %.9g, actual %s; max abs "
                            + "error %.4g at [%d], max rel error %.4g at [%d]; seed %d (rerun "
                            + "with -D%s=%d)", what, bad, actual.length, relTol, absTol,
                    firstBad, expected[firstBad], Float.toString(actual[firstBad]), maxAbs,
                    maxAbsAt, maxRel, maxRelAt, seed, SEED_PROPERTY, seed));
        }
    }

    /** The exact doubles of some floats. */
    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double absDot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((double) a[i] * b[i]);
        }
        return s;
    }
}
