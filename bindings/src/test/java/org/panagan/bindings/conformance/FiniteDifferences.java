package org.panagan.bindings.conformance;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences, the independent check on a backward pass: the directional
 * derivative of the loss along d must equal the analytic gradient dotted with d.
 */
final class FiniteDifferences {

    private FiniteDifferences() {
    }

    /**
     * (loss(x + h*d) - loss(x - h*d)) / (2h). The perturbed inputs are rounded to float (the
     * kernels take floats), which moves the step by about ulp(x)/h relative: pick h large enough
     * (around 1e-2 for values of order 1) that this and the loss's own rounding stay well below
     * the tolerance, and small enough that the O(h^2) truncation does too.
     */
    static double directional(float[] x, float[] direction, double h,
                              ToDoubleFunction<float[]> loss) {
        if (x.length != direction.length) {
            throw new IllegalArgumentException("x has " + x.length + " elements, direction "
                    + direction.length);
        }
        if (!(h > 0)) {
            throw new IllegalArgumentException("h must be > 0, got " + h);
        }
        float[] plus = new float[x.length];
        float[] minus = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            plus[i] = (float) (x[i] + h * direction[i]);
            minus[i] = (float) (x[i] - h * direction[i]);
        }
        return (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * h);
    }
}
