package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The harness's own checks must be able to fail: the oracle and the finite differences. */
class HarnessTest {

    private static final long SEED = 1234;

    @Test
    void valuesWithinTolerancePass() {
        float[] actual = {1.0f, 2.0001f, -3.0f};
        double[] expected = {1.0, 2.0, -3.0};
        assertDoesNotThrow(() -> Oracle.assertClose("ok", SEED, actual, expected, null, 1e-4, 0));
    }

    @Test
    void oneElementOutOfToleranceFailsWithItsIndexAndTheErrors() {
        float[] actual = {1.0f, 2.01f, -3.0f};
        double[] expected = {1.0, 2.0, -3.0};
        String message = assertThrows(AssertionFailedError.class, () ->
                Oracle.assertClose("y", SEED, actual, expected, null, 1e-4, 1e-6)).getMessage();
        assertTrue(message.startsWith("y: 1 of 3 elements out of tolerance"), message);
        assertTrue(message.contains("first bad [1]"), message);
        assertTrue(message.contains("max abs error 0.01"), message);
        assertTrue(message.contains("max rel error 0.005"), message);
        assertTrue(message.contains("seed 1234"), message);
    }

    @Test
    void anUnwrittenNanElementAlwaysFails() {
        float[] actual = {1.0f, Float.NaN};
        double[] expected = {1.0, 2.0};
        String message = assertThrows(AssertionFailedError.class, () ->
                Oracle.assertClose("y", SEED, actual, expected, null, 1, 1e9)).getMessage();
        assertTrue(message.contains("1 of them NaN or infinite"), message);
        assertTrue(message.contains("first bad [1]: expected 2.00000000, actual NaN"), message);
    }

    @Test
    void theMagnitudeReplacesTheExpectedValueAsScale() {
        float[] actual = {1e-3f};
        double[] expected = {0.0};
        assertThrows(AssertionFailedError.class, () ->
                Oracle.assertClose("y", SEED, actual, expected, null, 1e-2, 0));
        assertDoesNotThrow(() ->
                Oracle.assertClose("y", SEED, actual, expected, new double[] {1.0}, 1e-2, 0));
    }

    @Test
    void lengthsMustAgree() {
        assertThrows(AssertionFailedError.class, () ->
                Oracle.assertClose("y", SEED, new float[2], new double[3], null, 1, 1));
    }

    @Test
    void directionalDifferenceOfASquareIsTwiceTheDotProduct() {
        SplittableRandom rng = new SplittableRandom(SEED);
        float[] x = TestData.uniform(rng, 101, -1, 1);
        float[] d = TestData.normal(rng, 101, 0, 1);
        double exact = 0;
        for (int i = 0; i < x.length; i++) {
            exact += 2.0 * x[i] * d[i];
        }
        double numeric = FiniteDifferences.directional(x, d, 1e-2, v -> {
            double sum = 0;
            for (float f : v) {
                sum += (double) f * f;
            }
            return sum;
        });
        assertEquals(exact, numeric, 1e-4 * (Math.abs(exact) + 1));
    }

    @Test
    void uniformValuesStayInTheirRange() {
        float[] values = TestData.uniform(new SplittableRandom(SEED), 1000, -0.5, 0.25);
        for (float v : values) {
            assertTrue(v >= -0.5f && v <= 0.25f, "value " + v);
        }
        assertEquals(1000, TestData.toDouble(values).length);
    }
}
