package org.panagan.engine.backend;

import org.panagan.engine.Checks;

/**
 * Stride, padding and output padding of a square 2-D (transposed) convolution; channel counts
 * and the kernel size come from the tensors. For a convolution outputPadding must be 0; for a
 * transposed convolution it is in [0, stride), PyTorch's rule.
 */
public record ConvParams(int stride, int padding, int outputPadding) {

    public ConvParams {
        Checks.inRange("stride", stride, 1, 64);
        Checks.inRange("padding", padding, 0, 64);
        Checks.inRange("outputPadding", outputPadding, 0, stride - 1);
    }

    /** stride S, padding P, no output padding. */
    public static ConvParams of(int stride, int padding) {
        return new ConvParams(stride, padding, 0);
    }

    /** H_out = (H_in + 2P - K) / S + 1 of a convolution (floor). */
    public int convOutput(int in, int kernel) {
        return (in + 2 * padding - kernel) / stride + 1;
    }

    /** H_out = (H_in - 1) S - 2P + K + OP of a transposed convolution. */
    public int transposedOutput(int in, int kernel) {
        return (in - 1) * stride - 2 * padding + kernel + outputPadding;
    }
}
