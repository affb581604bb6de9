package org.panagan.bench;

import java.util.List;

import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.nn.LayerKind;
import org.panagan.engine.nn.LayerSpec;

/**
 * Floating-point operations of one training iteration, counted densely (padding multiplies
 * included) and as the reference does the work, so GFLOP/s compares with PyTorch's: per image,
 * three D forwards, three D backwards (weights and data, the third also weights, as autograd
 * computes them), one G forward and one G backward (weights and data) = 9 F_D + 3 F_G, where a
 * forward is 2 multiply-adds per weight per output position. Batch-norm and the element-wise
 * work are left out (under 1% here). At 64x64 with nz 100, ngf = ndf = 64: 2.49 GFLOP per image.
 */
public final class DcganFlops {

    private DcganFlops() {
    }

    /** FLOPs of one iteration per image. */
    public static double perImage(Architecture arch) {
        return 9 * forward(arch.discriminator()) + 3 * forward(arch.generator());
    }

    /** FLOPs of one forward pass of a network, per image. */
    static double forward(List<LayerSpec> layers) {
        double flops = 0;
        for (LayerSpec layer : layers) {
            // A convolution spends K*K*C_in multiply-adds on each output element; a transposed
            // one spends K*K*C_out on each input element (its output positions overlap).
            double positions = layer.kind() == LayerKind.CONV
                    ? (double) layer.outSize() * layer.outSize()
                    : (double) layer.inSize() * layer.inSize();
            flops += 2.0 * positions * layer.inChannels() * layer.outChannels()
                    * layer.kernel() * layer.kernel();
        }
        return flops;
    }
}
