package org.panagan.bindings.conformance;

import org.panagan.bindings.panagan_h;

/**
 * PyTorch's BatchNorm2d with the activation panagan fuses after it, in double precision:
 * z = gamma (x - mean) invstd + beta, y = act(z), for x in [N, C, H, W].
 *
 * Each result comes with a magnitude per element: the size of the quantities the float kernel
 * combines to get it, which bounds its rounding error, so tests state tolerances relative to it.
 * The mean enters every magnitude through |mean| invstd, the conditioning of x - mean in float.
 */
final class BatchNormReference {

    private BatchNormReference() {
    }

    record Shape(int n, int c, int h, int w) {
        int hw() {
            return h * w;
        }

        int count() {
            return n * c * h * w;
        }

        /** Values per channel, M = N*H*W. */
        int m() {
            return n * h * w;
        }

        int channel(int index) {
            return (index / hw()) % c;
        }

        @Override
        public String toString() {
            return n + "x" + c + "x" + h + "x" + w;
        }
    }

    /** Per-channel batch mean and biased variance, two passes in double. */
    record Stats(double[] mean, double[] var) {
    }

    record Output(double[] values, double[] magnitude) {
    }

    record Gradients(Output dx, Output dgamma, Output dbeta) {
    }

    /** act(z) = z for z > 0, negSlope * z otherwise: 1 for NONE, 0 for RELU, slope for LEAKY. */
    static double negativeSlope(int activation, float slope) {
        if (activation == panagan_h.PANAGAN_ACTIVATION_NONE()) {
            return 1;
        }
        return activation == panagan_h.PANAGAN_ACTIVATION_RELU() ? 0 : slope;
    }

    static Stats stats(Shape s, float[] x) {
        double[] mean = new double[s.c()];
        double[] var = new double[s.c()];
        for (int i = 0; i < x.length; i++) {
            mean[s.channel(i)] += x[i];
        }
        for (int ch = 0; ch < s.c(); ch++) {
            mean[ch] /= s.m();
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[s.channel(i)];
            var[s.channel(i)] += d * d;
        }
        for (int ch = 0; ch < s.c(); ch++) {
            var[ch] /= s.m();
        }
        return new Stats(mean, var);
    }

    static double[] invstd(double[] var, double eps) {
        double[] out = new double[var.length];
        for (int ch = 0; ch < var.length; ch++) {
            out[ch] = 1 / Math.sqrt(var[ch] + eps);
        }
        return out;
    }

    /** y = act(gamma (x - mean) / sqrt(var + eps) + beta), with mean and var given. */
    static Output forward(Shape s, float[] x, float[] gamma, float[] beta, Stats stats,
                          double eps, int activation, float slope) {
        double negSlope = negativeSlope(activation, slope);
        double[] invstd = invstd(stats.var(), eps);
        double[] y = new double[x.length];
        double[] magnitude = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = s.channel(i);
            double mean = stats.mean()[ch];
            double z = gamma[ch] * (x[i] - mean) * invstd[ch] + beta[ch];
            y[i] = z > 0 ? z : negSlope * z;
            magnitude[i] = Math.abs(gamma[ch]) * invstd[ch]
                    * (Math.abs(x[i] - mean) + Math.abs(mean) + Math.sqrt(stats.var()[ch]))
                    + Math.abs(beta[ch]);
        }
        return new Output(y, magnitude);
    }

    /**
     * dx, dgamma, dbeta of the training forward for upstream gradient dy. The activation's mask
     * is read from the device forward's y (y > 0 exactly where z > 0): panagan.h promises that
     * the backward recomputes z with the forward's arithmetic, and an element whose z is within
     * rounding of 0 could otherwise fall on different sides here and on the device.
     */
    static Gradients backward(Shape s, float[] dy, float[] x, float[] gamma, float[] deviceY,
                              double eps, int activation, float slope) {
        double negSlope = negativeSlope(activation, slope);
        Stats stats = stats(s, x);
        double[] invstd = invstd(stats.var(), eps);
        int m = s.m();
        double[] dz = new double[x.length];
        double[] xhat = new double[x.length];
        double[] xhatMagnitude = new double[x.length];
        double[] sumDz = new double[s.c()];
        double[] sumDzXhat = new double[s.c()];
        double[] absDz = new double[s.c()];
        double[] absDzXhat = new double[s.c()];
        for (int i = 0; i < x.length; i++) {
            int ch = s.channel(i);
            dz[i] = deviceY[i] > 0 ? dy[i] : negSlope * dy[i];
            xhat[i] = (x[i] - stats.mean()[ch]) * invstd[ch];
            xhatMagnitude[i] = Math.abs(xhat[i]) + Math.abs(stats.mean()[ch]) * invstd[ch];
            sumDz[ch] += dz[i];
            sumDzXhat[ch] += dz[i] * xhat[i];
            absDz[ch] += Math.abs(dz[i]);
            absDzXhat[ch] += Math.abs(dz[i]) * xhatMagnitude[i];
        }
        double[] dx = new double[x.length];
        double[] dxMagnitude = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = s.channel(i);
            double k = gamma[ch] * invstd[ch] / m;
            dx[i] = k * (m * dz[i] - sumDz[ch] - xhat[i] * sumDzXhat[ch]);
            dxMagnitude[i] = Math.abs(k) * (m * Math.abs(dz[i]) + absDz[ch]
                    + xhatMagnitude[i] * absDzXhat[ch]);
        }
        return new Gradients(new Output(dx, dxMagnitude), new Output(sumDzXhat, absDzXhat),
                new Output(sumDz, absDz));
    }

    /** running = (1 - momentum) running + momentum batch, the variance unbiased (M / (M - 1)). */
    static void updateRunning(Shape s, Stats batch, double momentum, double[] runningMean,
                              double[] runningVar) {
        double unbias = (double) s.m() / (s.m() - 1);
        for (int ch = 0; ch < s.c(); ch++) {
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * batch.mean()[ch];
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * batch.var()[ch] * unbias;
        }
    }
}
