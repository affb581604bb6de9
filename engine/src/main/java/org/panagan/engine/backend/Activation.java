package org.panagan.engine.backend;

/**
 * Element-wise activations. NONE, RELU and LEAKY_RELU can also be fused into batch-norm
 * ({@link #fusableIntoBatchNorm()}); TANH and SIGMOID run only on their own.
 */
public enum Activation {
    NONE(0), RELU(1), LEAKY_RELU(2), TANH(-1), SIGMOID(-1);

    private final int nativeCode;

    Activation(int nativeCode) {
        this.nativeCode = nativeCode;
    }

    /** True when batch-norm can apply this activation in the same pass. */
    public boolean fusableIntoBatchNorm() {
        return nativeCode >= 0;
    }

    /** The panagan_activation value (for the native backend); -1 when not fusable. */
    int nativeCode() {
        return nativeCode;
    }
}
