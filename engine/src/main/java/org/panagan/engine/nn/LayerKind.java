package org.panagan.engine.nn;

/** The two weight layers of a DCGAN. */
public enum LayerKind {
    /** Conv2d, weight [C_out, C_in, K, K]. */
    CONV,
    /** ConvTranspose2d, weight [C_in, C_out, K, K]. */
    CONV_TRANSPOSE
}
