package org.panagan.engine.backend;

import org.panagan.engine.Checks;

/**
 * Batch-norm settings: PyTorch's momentum (running = (1 - m) running + m batch) and eps, and the
 * activation fused after the affine step (NONE, RELU or LEAKY_RELU with its negative slope).
 */
public record BatchNormParams(float momentum, float eps, Activation activation, float slope) {

    /** PyTorch's BatchNorm2d defaults. */
    public static final float DEFAULT_MOMENTUM = 0.1f;
    public static final float DEFAULT_EPS = 1e-5f;

    public BatchNormParams {
        Checks.inRange("momentum", momentum, 0.0, 1.0);
        Checks.inOpenRange("eps", eps, 0.0, 1.0);
        Checks.present("activation", activation);
        if (!activation.fusableIntoBatchNorm()) {
            throw new IllegalArgumentException("activation = " + activation
                    + " cannot be fused into batch-norm; allowed: NONE, RELU, LEAKY_RELU");
        }
        Checks.inRange("slope", slope, 0.0, 1.0);
    }

    /** PyTorch's defaults with the given fused activation. */
    public static BatchNormParams of(Activation activation, float slope) {
        return new BatchNormParams(DEFAULT_MOMENTUM, DEFAULT_EPS, activation, slope);
    }
}
