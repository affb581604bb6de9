package org.panagan.engine.dcgan;

import java.util.ArrayList;
import java.util.List;

import org.panagan.engine.Checks;
import org.panagan.engine.backend.Activation;
import org.panagan.engine.backend.ConvParams;
import org.panagan.engine.nn.LayerKind;
import org.panagan.engine.nn.LayerSpec;

/**
 * The model builder: pytorch/examples' DCGAN generalised to any power-of-two image size S >= 16,
 * one block per doubling. Users reach it through {@link ModelConfig}, which admits only 32, 64
 * and 128; the tests also build 16x16 networks, small enough for finite differences.
 *
 * <p>With L = log2(S) - 2 middle blocks (L = 4 at 64x64, as in main.py):
 * <pre>
 * Generator     z [N, nz, 1, 1]
 *   ConvT(nz -> ngf*2^(L-1), K4 S1 P0) BN ReLU    [N, ngf*2^(L-1), 4, 4]
 *   ConvT(.. -> half, K4 S2 P1) BN ReLU, L-1 times, each doubling H and W
 *                                                  [N, ngf, S/2, S/2]
 *   ConvT(ngf -> nc, K4 S2 P1) Tanh                [N, nc, S, S]
 * Discriminator x [N, nc, S, S]
 *   Conv(nc -> ndf, K4 S2 P1) LeakyReLU(0.2)       [N, ndf, S/2, S/2]
 *   Conv(.. -> double, K4 S2 P1) BN LeakyReLU(0.2), L-1 times, each halving H and W
 *                                                  [N, ndf*2^(L-1), 4, 4]
 *   Conv(ndf*2^(L-1) -> 1, K4 S1 P0)               [N, 1, 1, 1]  logits
 * </pre>
 * main.py ends D with Sigmoid and trains with BCELoss; here D ends in logits and the loss is
 * BCE-with-logits, the same function without BCELoss's clamp of log at -100. PyTorch's module
 * indices (main.0, main.1, ...) count the Sigmoid, so tensor names match its state_dict.
 */
public record Architecture(int nz, int ngf, int ndf, int nc, int imageSize) {

    /** LeakyReLU's negative slope in D, as main.py. */
    public static final float LEAKY_SLOPE = 0.2f;
    private static final int KERNEL = 4;

    public Architecture {
        Checks.inRange("nz", nz, 1, 4096);
        Checks.inRange("ngf", ngf, 1, 1024);
        Checks.inRange("ndf", ndf, 1, 1024);
        Checks.inRange("nc", nc, 1, 4);
        if (imageSize < 16 || imageSize > 1024 || Integer.bitCount(imageSize) != 1) {
            throw new IllegalArgumentException("imageSize = " + imageSize
                    + " is not supported by the model builder; allowed: a power of two from 16 to"
                    + " 1024");
        }
    }

    /** L: blocks between the first and the last, log2(imageSize) - 2. */
    public int middleBlocks() {
        return Integer.numberOfTrailingZeros(imageSize) - 2;
    }

    /** The generator's blocks, input first. */
    public List<LayerSpec> generator() {
        int l = middleBlocks();
        ConvParams first = ConvParams.of(1, 0);
        ConvParams up = ConvParams.of(2, 1);
        List<LayerSpec> out = new ArrayList<>();
        int index = 0;
        int channels = ngf << (l - 1);
        // [N, ngf*2^(L-1), 4, 4]
        out.add(new LayerSpec(LayerKind.CONV_TRANSPOSE, nz, channels, KERNEL, first, false, true,
                Activation.RELU, 0f, 1, index, index + 1));
        index += 3;
        int size = 4;
        for (int i = 1; i < l; i++) {
            // [N, ngf*2^(L-1-i), 4*2^i, 4*2^i]
            out.add(new LayerSpec(LayerKind.CONV_TRANSPOSE, channels, channels / 2, KERNEL, up,
                    false, true, Activation.RELU, 0f, size, index, index + 1));
            channels /= 2;
            size *= 2;
            index += 3;
        }
        // [N, nc, S, S], Tanh
        out.add(new LayerSpec(LayerKind.CONV_TRANSPOSE, channels, nc, KERNEL, up, false, false,
                Activation.TANH, 0f, size, index, -1));
        return out;
    }

    /** The discriminator's blocks, input first; the last produces logits [N, 1, 1, 1]. */
    public List<LayerSpec> discriminator() {
        int l = middleBlocks();
        ConvParams down = ConvParams.of(2, 1);
        List<LayerSpec> out = new ArrayList<>();
        // [N, ndf, S/2, S/2], LeakyReLU (no batch-norm on the first block, as main.py)
        out.add(new LayerSpec(LayerKind.CONV, nc, ndf, KERNEL, down, false, false,
                Activation.LEAKY_RELU, LEAKY_SLOPE, imageSize, 0, -1));
        int index = 2;
        int channels = ndf;
        int size = imageSize / 2;
        for (int i = 1; i < l; i++) {
            // [N, ndf*2^i, S/2^(i+1), S/2^(i+1)], BN, LeakyReLU
            out.add(new LayerSpec(LayerKind.CONV, channels, channels * 2, KERNEL, down, false,
                    true, Activation.LEAKY_RELU, LEAKY_SLOPE, size, index, index + 1));
            channels *= 2;
            size /= 2;
            index += 3;
        }
        // [N, 1, 1, 1] logits (main.py's Sigmoid is folded into the loss)
        out.add(new LayerSpec(LayerKind.CONV, channels, 1, KERNEL, ConvParams.of(1, 0), false,
                false, Activation.NONE, 0f, size, index, -1));
        return out;
    }
}
