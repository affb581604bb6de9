package org.panagan.engine.nn;

import org.panagan.engine.Checks;
import org.panagan.engine.backend.Activation;
import org.panagan.engine.backend.ConvParams;
import org.panagan.engine.tensor.Shape;

/**
 * One block of a network: a (transposed) convolution, optionally batch-norm, then an
 * activation, with the input extent it expects and the PyTorch module indices its tensors are
 * named by (the {@code i} of {@code main.i.weight}).
 *
 * @param kind        conv or transposed conv
 * @param inChannels  C_in
 * @param outChannels C_out
 * @param kernel      K (square)
 * @param conv        stride, padding, output padding
 * @param bias        whether the convolution has a bias (DCGAN's have none)
 * @param batchNorm   whether batch-norm follows the convolution
 * @param activation  what follows (fused into batch-norm when there is one)
 * @param slope       LeakyReLU's negative slope (0 otherwise)
 * @param inSize      H = W of the input
 * @param convIndex   the convolution's index in the PyTorch Sequential
 * @param bnIndex     the batch-norm's index, or -1
 */
public record LayerSpec(LayerKind kind, int inChannels, int outChannels, int kernel,
                        ConvParams conv, boolean bias, boolean batchNorm, Activation activation,
                        float slope, int inSize, int convIndex, int bnIndex) {

    public LayerSpec {
        Checks.present("kind", kind);
        Checks.inRange("inChannels", inChannels, 1, 1 << 16);
        Checks.inRange("outChannels", outChannels, 1, 1 << 16);
        Checks.inRange("kernel", kernel, 1, 15);
        Checks.present("conv", conv);
        Checks.present("activation", activation);
        if (batchNorm && !activation.fusableIntoBatchNorm()) {
            throw new IllegalArgumentException("activation = " + activation
                    + " cannot follow batch-norm; allowed: NONE, RELU, LEAKY_RELU");
        }
        Checks.inRange("slope", slope, 0.0, 1.0);
        Checks.inRange("inSize", inSize, 1, 1 << 14);
        Checks.inRange("convIndex", convIndex, 0, 1000);
        Checks.inRange("bnIndex", bnIndex, batchNorm ? convIndex + 1 : -1,
                batchNorm ? convIndex + 1 : -1);
        int out = kind == LayerKind.CONV ? conv.convOutput(inSize, kernel)
                : conv.transposedOutput(inSize, kernel);
        if (out < 1) {
            throw new IllegalArgumentException("inSize = " + inSize + " gives no output for "
                    + kind + " K=" + kernel + " " + conv);
        }
    }

    /** H = W of the output. */
    public int outSize() {
        return kind == LayerKind.CONV ? conv.convOutput(inSize, kernel)
                : conv.transposedOutput(inSize, kernel);
    }

    /** The weight's shape, in PyTorch's layout for the kind. */
    public Shape weightShape() {
        return kind == LayerKind.CONV ? new Shape(outChannels, inChannels, kernel, kernel)
                : new Shape(inChannels, outChannels, kernel, kernel);
    }

    /** [n, C_in, H_in, W_in]. */
    public Shape inputShape(int n) {
        return new Shape(n, inChannels, inSize, inSize);
    }

    /** [n, C_out, H_out, W_out]. */
    public Shape outputShape(int n) {
        return new Shape(n, outChannels, outSize(), outSize());
    }
}
