package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;

/**
 * Compares a kernel's float output with a double-precision reference, element by element, with
 * a tolerance stated by the caller: |actual - expected| <= relTol * magnitude + absTol.
 */
final class Oracle {

    private Oracle() {
    }

    /**
     * Passes when every element is within tolerance. {@code magnitude} gives each element's
     * scale (e.g. the sum of |terms| a dot product added up, which bounds its rounding error);
     * null means |expected|. A NaN or infinity in {@code actual} always fails, which is how
     * elements the kernel never wrote (poisoned with NaN) are caught.
     */
    static void assertClose(String what, long seed, float[] actual, double[] expected,
                            double[] magnitude, double relTol, double absTol) {
        if (actual.length != expected.length
                || (magnitude != null && magnitude.length != expected.length)) {
            fail(what + ": " + actual.length + " actual values for " + expected.length
                    + " expected" + (magnitude == null ? "" : " and " + magnitude.length
                    + " magnitudes") + "; seed " + seed);
        }
        Report report = new Report();
        for (int i = 0; i < actual.length; i++) {
            double scale = magnitude == null ? Math.abs(expected[i]) : magnitude[i];
            report.add(i, actual[i], expected[i], scale, relTol * scale + absTol);
        }
        if (report.bad > 0) {
            fail(report.describe(what, seed, actual.length, relTol, absTol));
        }
    }

    /** What went wrong across the whole array, so one message tells the full story. */
    private static final class Report {
        int bad;
        int nonFinite;
        int firstBad = -1;
        double firstExpected;
        float firstActual;
        double maxAbs;
        int maxAbsAt = -1;
        double maxRel;
        int maxRelAt = -1;

        void add(int i, float actual, double expected, double scale, double allowed) {
            boolean finite = Float.isFinite(actual);
            double error = Math.abs(actual - expected);
            if (finite) {
                if (error > maxAbs) {
                    maxAbs = error;
                    maxAbsAt = i;
                }
                if (scale > 0 && error / scale > maxRel) {
                    maxRel = error / scale;
                    maxRelAt = i;
                }
            } else {
                nonFinite++;
            }
            if (!finite || !(error <= allowed)) {
                if (bad++ == 0) {
                    firstBad = i;
                    firstExpected = expected;
                    firstActual = actual;
                }
            }
        }

        String describe(String what, long seed, int count, double relTol, double absTol) {
            return String.format(Locale.ROOT,
                    "%s: %d of %d elements out of tolerance (rel %.3g, abs %.3g)%s; "
                            + "first bad [%d]: expected %.9g, actual %s; "
                            + "max abs error %.4g at [%d], max rel error %.4g at [%d]; "
                            + "seed %d (rerun with -Dpanagan.test.seed=%d)",
                    what, bad, count, relTol, absTol,
                    nonFinite > 0 ? ", " + nonFinite + " of them NaN or infinite" : "",
                    firstBad, firstExpected, Float.toString(firstActual),
                    maxAbs, maxAbsAt, maxRel, maxRelAt, seed, seed);
        }
    }
}
