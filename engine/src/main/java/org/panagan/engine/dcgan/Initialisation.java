package org.panagan.engine.dcgan;

import java.util.HashSet;
import java.util.Set;

import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.nn.Network;
import org.panagan.engine.nn.ParameterEntry;
import org.panagan.engine.Rng;

/**
 * main.py's weights_init: every convolution weight from N(0, 0.02), every batch-norm weight
 * from N(1, 0.02), batch-norm biases (and any convolution bias) 0. Tensors are drawn in module
 * order (PyTorch's apply visits main.0, main.1, ... in order), each in its row-major order.
 */
public final class Initialisation {

    /** The standard deviation of every random initial value. */
    public static final double STD = 0.02;

    private Initialisation() {
    }

    /** Flat initial values for the parameters laid out as {@code entries}, drawn from rng. */
    public static float[] draw(Network network, Rng rng) {
        Set<String> batchNormWeights = new HashSet<>();
        for (LayerSpec l : network.layers()) {
            if (l.batchNorm()) {
                batchNormWeights.add("main." + l.bnIndex() + ".weight");
            }
        }
        float[] out = new float[Math.toIntExact(network.parameterCount())];
        for (ParameterEntry e : network.parameters()) {
            int from = Math.toIntExact(e.offset());
            int n = Math.toIntExact(e.shape().numel());
            if (e.name().endsWith(".bias")) {
                continue; // zeros already
            }
            double mean = batchNormWeights.contains(e.name()) ? 1.0 : 0.0;
            rng.fillGaussian(out, from, n, mean, STD);
        }
        return out;
    }
}
