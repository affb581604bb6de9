package org.panagan.engine.train;

import java.util.List;

import org.panagan.engine.backend.Activation;
import org.panagan.engine.dcgan.Architecture;
import org.panagan.engine.nn.LayerKind;
import org.panagan.engine.nn.LayerSpec;

/**
 * A plain double-precision DCGAN for the parity test: direct loops for every layer, written from
 * the definitions (PyTorch's Conv2d, ConvTranspose2d, BatchNorm2d in training mode, BCE on
 * logits, Adam) with nothing shared with the engine but the layer list and the parameter layout
 * (per block: weight, then batch-norm weight and bias).
 */
final class ReferenceDcgan {

    private static final double BN_EPS = 1e-5;

    /** One network's parameters and Adam state, and what its last forward kept. */
    static final class Net {
        final List<LayerSpec> layers;
        final double[] p;
        final double[] m;
        final double[] v;
        long step;
        double[] grad;
        double[][] inputs;
        double[][] pre;
        double[][] xhat;
        double[][] invstd;
        double[][] outs;
        int n;

        Net(List<LayerSpec> layers, float[] values) {
            this.layers = layers;
            p = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                p[i] = values[i];
            }
            m = new double[p.length];
            v = new double[p.length];
            grad = new double[p.length];
        }

        /** Training-mode forward of x [n, C, H, W]; returns the last block's output. */
        double[] forward(double[] x, int n) {
            this.n = n;
            int count = layers.size();
            inputs = new double[count][];
            pre = new double[count][];
            xhat = new double[count][];
            invstd = new double[count][];
            outs = new double[count][];
            int at = 0;
            double[] in = x;
            for (int i = 0; i < count; i++) {
                LayerSpec l = layers.get(i);
                inputs[i] = in;
                int wCount = (int) l.weightShape().numel();
                double[] y = new double[n * l.outChannels() * l.outSize() * l.outSize()];
                conv(l, n, in, p, at, y, null, null, Pass.FORWARD);
                at += wCount;
                pre[i] = y;
                double[] z = y;
                if (l.batchNorm()) {
                    z = batchNormForward(i, l, y, at);
                    at += 2 * l.outChannels();
                }
                double[] out = new double[z.length];
                for (int k = 0; k < z.length; k++) {
                    out[k] = act(l.activation(), l.slope(), z[k]);
                }
                outs[i] = out;
                in = out;
            }
            return in;
        }

        private double[] batchNormForward(int i, LayerSpec l, double[] y, int at) {
            int c = l.outChannels();
            int hw = l.outSize() * l.outSize();
            int mCount = n * hw;
            double[] z = new double[y.length];
            xhat[i] = new double[y.length];
            invstd[i] = new double[c];
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int b = 0; b < n; b++) {
                    for (int k = 0; k < hw; k++) {
                        mean += y[(b * c + ch) * hw + k];
                    }
                }
                mean /= mCount;
                double var = 0;
                for (int b = 0; b < n; b++) {
                    for (int k = 0; k < hw; k++) {
                        double d = y[(b * c + ch) * hw + k] - mean;
                        var += d * d;
                    }
                }
                var /= mCount;
                double is = 1 / Math.sqrt(var + BN_EPS);
                invstd[i][ch] = is;
                for (int b = 0; b < n; b++) {
                    for (int k = 0; k < hw; k++) {
                        int idx = (b * c + ch) * hw + k;
                        xhat[i][idx] = (y[idx] - mean) * is;
                        z[idx] = p[at + ch] * xhat[i][idx] + p[at + c + ch];
                    }
                }
            }
            return z;
        }

        /**
         * Backward from dOut (gradient of the last output); adds parameter gradients to grad
         * when paramGrads, and returns the input's gradient.
         */
        double[] backward(double[] dOut, boolean paramGrads) {
            int count = layers.size();
            int[] weightAt = new int[count];
            int at = 0;
            for (int i = 0; i < count; i++) {
                weightAt[i] = at;
                LayerSpec l = layers.get(i);
                at += (int) l.weightShape().numel() + (l.batchNorm() ? 2 * l.outChannels() : 0);
            }
            double[] g = dOut;
            for (int i = count - 1; i >= 0; i--) {
                LayerSpec l = layers.get(i);
                double[] dz = new double[g.length];
                for (int k = 0; k < g.length; k++) {
                    dz[k] = g[k] * actGrad(l.activation(), l.slope(), outs[i][k]);
                }
                double[] dpre = dz;
                int bnAt = weightAt[i] + (int) l.weightShape().numel();
                if (l.batchNorm()) {
                    dpre = batchNormBackward(i, l, dz, bnAt, paramGrads);
                }
                double[] dIn = new double[inputs[i].length];
                conv(l, n, inputs[i], p, weightAt[i], dpre, dIn,
                        paramGrads ? grad : null, Pass.BACKWARD);
                g = dIn;
            }
            return g;
        }

        private double[] batchNormBackward(int i, LayerSpec l, double[] dz, int at,
                                           boolean paramGrads) {
            int c = l.outChannels();
            int hw = l.outSize() * l.outSize();
            int mCount = n * hw;
            double[] dx = new double[dz.length];
            for (int ch = 0; ch < c; ch++) {
                double dgamma = 0;
                double dbeta = 0;
                for (int b = 0; b < n; b++) {
                    for (int k = 0; k < hw; k++) {
                        int idx = (b * c + ch) * hw + k;
                        dgamma += dz[idx] * xhat[i][idx];
                        dbeta += dz[idx];
                    }
                }
                if (paramGrads) {
                    grad[at + ch] += dgamma;
                    grad[at + c + ch] += dbeta;
                }
                double scale = p[at + ch] * invstd[i][ch] / mCount;
                for (int b = 0; b < n; b++) {
                    for (int k = 0; k < hw; k++) {
                        int idx = (b * c + ch) * hw + k;
                        dx[idx] = scale * (mCount * dz[idx] - dbeta - xhat[i][idx] * dgamma);
                    }
                }
            }
            return dx;
        }

        void zeroGrad() {
            grad = new double[p.length];
        }

        void adam(double lr, double beta1, double beta2, double eps) {
            step++;
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = Math.sqrt(1 - Math.pow(beta2, step));
            for (int k = 0; k < p.length; k++) {
                m[k] = beta1 * m[k] + (1 - beta1) * grad[k];
                v[k] = beta2 * v[k] + (1 - beta2) * grad[k] * grad[k];
                p[k] -= lr / c1 * m[k] / (Math.sqrt(v[k]) / c2 + eps);
            }
        }
    }

    enum Pass { FORWARD, BACKWARD }

    /**
     * Visits every (input, output, weight) triple of a (transposed) convolution. FORWARD: out +=
     * in * w. BACKWARD (out holds dOut): dIn += dOut * w and, when dw is not null, dw += in * dOut.
     */
    static void conv(LayerSpec l, int n, double[] in, double[] w, int wAt, double[] out,
                     double[] dIn, double[] dw, Pass pass) {
        int ci = l.inChannels();
        int co = l.outChannels();
        int hi = l.inSize();
        int ho = l.outSize();
        int k = l.kernel();
        int s = l.conv().stride();
        int pad = l.conv().padding();
        boolean transposed = l.kind() == LayerKind.CONV_TRANSPOSE;
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < ci; c++) {
                for (int o = 0; o < co; o++) {
                    for (int kh = 0; kh < k; kh++) {
                        for (int kw = 0; kw < k; kw++) {
                            int wi = wAt + (transposed ? ((c * co + o) * k + kh) * k + kw
                                    : ((o * ci + c) * k + kh) * k + kw);
                            // The small side (conv output, transposed-conv input) is the loop.
                            int small = transposed ? hi : ho;
                            for (int a = 0; a < small; a++) {
                                int big = a * s - pad + kh;
                                if (big < 0 || big >= (transposed ? ho : hi)) {
                                    continue;
                                }
                                for (int e = 0; e < small; e++) {
                                    int bigW = e * s - pad + kw;
                                    if (bigW < 0 || bigW >= (transposed ? ho : hi)) {
                                        continue;
                                    }
                                    int ii = transposed ? ((b * ci + c) * hi + a) * hi + e
                                            : ((b * ci + c) * hi + big) * hi + bigW;
                                    int oi = transposed ? ((b * co + o) * ho + big) * ho + bigW
                                            : ((b * co + o) * ho + a) * ho + e;
                                    if (pass == Pass.FORWARD) {
                                        out[oi] += in[ii] * w[wi];
                                    } else {
                                        dIn[ii] += out[oi] * w[wi];
                                        if (dw != null) {
                                            dw[wi] += in[ii] * out[oi];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static double act(Activation a, double slope, double x) {
        return switch (a) {
            case NONE -> x;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : slope * x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
        };
    }

    /** The derivative from the activation's output y. */
    static double actGrad(Activation a, double slope, double y) {
        return switch (a) {
            case NONE -> 1;
            case RELU -> y > 0 ? 1 : 0;
            case LEAKY_RELU -> y > 0 ? 1 : slope;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
        };
    }

    /** Mean BCE of logits against target, and the mean sigmoid. */
    static double[] bce(double[] logits, double target) {
        double loss = 0;
        double prob = 0;
        for (double x : logits) {
            loss += Math.max(x, 0) - x * target + Math.log1p(Math.exp(-Math.abs(x)));
            prob += 1 / (1 + Math.exp(-x));
        }
        return new double[] {loss / logits.length, prob / logits.length};
    }

    static double[] bceGrad(double[] logits, double target) {
        double[] g = new double[logits.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (1 / (1 + Math.exp(-logits[i])) - target) / logits.length;
        }
        return g;
    }

    /**
     * One iteration of main.py; returns {errD_real, errD_fake, errG, D(x), D(G(z1)), D(G(z2))}.
     */
    static double[] step(Architecture arch, Net g, Net d, double[] real, double[] z, int n,
                         double lr, double beta1, double beta2, double eps) {
        d.zeroGrad();
        double[] out = d.forward(real, n);
        double[] real1 = bce(out, 1);
        d.backward(bceGrad(out, 1), true);

        double[] fake = g.forward(z, n);
        out = d.forward(fake, n);
        double[] fake0 = bce(out, 0);
        d.backward(bceGrad(out, 0), true);
        d.adam(lr, beta1, beta2, eps);

        g.zeroGrad();
        out = d.forward(fake, n);
        double[] fake1 = bce(out, 1);
        double[] dFake = d.backward(bceGrad(out, 1), false);
        g.backward(dFake, true);
        g.adam(lr, beta1, beta2, eps);
        return new double[] {real1[0], fake0[0], fake1[0], real1[1], fake0[1], fake1[1]};
    }
}
