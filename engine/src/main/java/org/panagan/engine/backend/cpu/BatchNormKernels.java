package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Batch-norm over N, H, W per channel with the activation fused after it,
 * y = act(z), z = (x - mean) * (gamma * invstd) + beta, for x [N, C, H, W] (M = N*H*W values
 * per channel). One task per channel: it copies its channel's N planes into its thread's
 * arrays (bulk copies), works there with loops the JIT vectorises, and copies the result out.
 * A channel's sums have one fixed order (index order, over {@link #LANES} double accumulators
 * added in lane order) whatever the thread count, and no workspace is needed.
 *
 * <p>The forward makes one pass of sums (sum and sum of squares in double: the variance
 * E[x^2] - mean^2 then loses only about |mean|^2 / var ulps of double, far below float) and
 * one vectorised pass for y. The backward recomputes z with the forward's exact float
 * expression, so the activation's mask matches the sign of the y the forward wrote; it makes
 * one pass for the sums of dz and dz * xhat and one vectorised pass for dx.
 */
public final class BatchNormKernels {

    /** Independent double accumulators per sum: enough to hide the add latency. */
    static final int LANES = 8;

    private final CpuWorkers workers;
    private final Scratch scratch;

    public BatchNormKernels(CpuWorkers workers, Scratch scratch) {
        this.workers = workers;
        this.scratch = scratch;
    }

    /** The fused activation: act(z) = z for z > 0, negSlope * z otherwise (negSlope <= 1). */
    public record Fused(float negSlope, boolean identity) {
        /** NONE. */
        public static final Fused NONE = new Fused(1f, true);

        /** ReLU (negSlope 0) or LeakyReLU (negSlope = its slope, at most 1). */
        public static Fused rectifier(float negSlope) {
            if (!(negSlope >= 0 && negSlope <= 1)) {
                throw new IllegalArgumentException("negSlope = " + negSlope
                        + " is out of range; allowed: 0 to 1");
            }
            return new Fused(negSlope, false);
        }
    }

    /** Shape of the batch: n images of c channels of {@code plane} = H*W values. */
    public record Dims(int n, int c, int plane) {
        long m() {
            return (long) n * plane;
        }

        /** Floats of one channel over the batch, n * plane. */
        int channelFloats() {
            return Math.toIntExact(m());
        }

        long at(int image, int channel) {
            return ((long) image * c + channel) * plane;
        }
    }

    /** Grows the scratch for batches of this shape. */
    public void reserve(Dims d) {
        scratch.reserveVectors(d.channelFloats());
    }

    /**
     * Training forward: y, saveMean, saveInvstd overwritten; runningMean and runningVar
     * updated as PyTorch does (unbiased variance) unless they are NULL. y may alias x.
     */
    public void forwardTraining(Dims d, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                                MemorySegment y, MemorySegment runningMean,
                                MemorySegment runningVar, MemorySegment saveMean,
                                MemorySegment saveInvstd, float momentum, float eps, Fused act) {
        reserve(d);
        workers.run(d.c(), (ch, w) -> {
            float[] v = scratch.worker(w).vectorA;
            int count = d.channelFloats();
            gather(d, x, ch, v);
            double[] moments = moments(v, count);
            double mean = moments[0];
            double var = moments[1];
            float meanF = (float) mean;
            float invstdF = (float) (1 / Math.sqrt(var + eps));
            saveMean.setAtIndex(JAVA_FLOAT, ch, meanF);
            saveInvstd.setAtIndex(JAVA_FLOAT, ch, invstdF);
            if (runningMean.address() != 0) {
                double unbiased = var * d.m() / (d.m() - 1);
                float rm = runningMean.getAtIndex(JAVA_FLOAT, ch);
                float rv = runningVar.getAtIndex(JAVA_FLOAT, ch);
                runningMean.setAtIndex(JAVA_FLOAT, ch,
                        (float) ((1 - momentum) * (double) rm + momentum * mean));
                runningVar.setAtIndex(JAVA_FLOAT, ch,
                        (float) ((1 - momentum) * (double) rv + momentum * unbiased));
            }
            float scale = gamma.getAtIndex(JAVA_FLOAT, ch) * invstdF;
            normalise(v, count, meanF, scale, beta.getAtIndex(JAVA_FLOAT, ch), act);
            scatter(d, v, y, ch);
        });
    }

    /** Inference forward with the running statistics (only read). y may alias x. */
    public void forwardInference(Dims d, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                                 MemorySegment y, MemorySegment runningMean,
                                 MemorySegment runningVar, float eps, Fused act) {
        reserve(d);
        workers.run(d.c(), (ch, w) -> {
            float[] v = scratch.worker(w).vectorA;
            gather(d, x, ch, v);
            float invstd = (float) (1 / Math.sqrt(runningVar.getAtIndex(JAVA_FLOAT, ch)
                    + (double) eps));
            float scale = gamma.getAtIndex(JAVA_FLOAT, ch) * invstd;
            normalise(v, d.channelFloats(), runningMean.getAtIndex(JAVA_FLOAT, ch), scale,
                    beta.getAtIndex(JAVA_FLOAT, ch), act);
            scatter(d, v, y, ch);
        });
    }

    /**
     * Backward of the training forward: dx overwritten (may alias dy); dgamma, dbeta
     * overwritten or, with {@code accumulate}, added to.
     */
    public void backward(Dims d, MemorySegment dy, MemorySegment x, MemorySegment gamma,
                         MemorySegment beta, MemorySegment saveMean, MemorySegment saveInvstd,
                         MemorySegment dx, MemorySegment dgamma, MemorySegment dbeta,
                         boolean accumulate, Fused act) {
        reserve(d);
        workers.run(d.c(), (ch, w) -> {
            Scratch.Worker mine = scratch.worker(w);
            float[] xs = mine.vectorA;
            float[] gs = mine.vectorB;
            float[] zs = mine.vectorC;
            int count = d.channelFloats();
            gather(d, x, ch, xs);
            gather(d, dy, ch, gs);
            float mean = saveMean.getAtIndex(JAVA_FLOAT, ch);
            float invstd = saveInvstd.getAtIndex(JAVA_FLOAT, ch);
            float scale = gamma.getAtIndex(JAVA_FLOAT, ch) * invstd;
            float shift = beta.getAtIndex(JAVA_FLOAT, ch);
            // xs becomes xhat, gs becomes dz; the sums come from those.
            preActivationAndXhat(xs, zs, count, mean, scale, shift, invstd);
            if (!act.identity()) {
                maskGradient(gs, zs, count, act.negSlope());
            }
            double[] sums = gradientSums(gs, xs, count);
            double sumDz = sums[0];
            double sumDzXhat = sums[1];
            float db = (float) sumDz;
            float dg = (float) sumDzXhat;
            if (accumulate) {
                db += dbeta.getAtIndex(JAVA_FLOAT, ch);
                dg += dgamma.getAtIndex(JAVA_FLOAT, ch);
            }
            dbeta.setAtIndex(JAVA_FLOAT, ch, db);
            dgamma.setAtIndex(JAVA_FLOAT, ch, dg);
            inputGradient(gs, xs, count, scale, (float) (sumDz / d.m()),
                    (float) (sumDzXhat / d.m()));
            scatter(d, gs, dx, ch);
        });
    }

    // ---------------------------------------------------------------------------------------
    // Moving a channel between the tensor and an array
    // ---------------------------------------------------------------------------------------

    /** v[i * plane + j] = t[i, ch, j]: the channel's n planes, one bulk copy each. */
    private static void gather(Dims d, MemorySegment t, int ch, float[] v) {
        int plane = d.plane();
        for (int i = 0; i < d.n(); i++) {
            MemorySegment.copy(t, JAVA_FLOAT, d.at(i, ch) * Float.BYTES, v, i * plane, plane);
        }
    }

    /** The inverse of {@link #gather}. */
    private static void scatter(Dims d, float[] v, MemorySegment t, int ch) {
        int plane = d.plane();
        for (int i = 0; i < d.n(); i++) {
            MemorySegment.copy(v, i * plane, t, JAVA_FLOAT, d.at(i, ch) * Float.BYTES, plane);
        }
    }

    // ---------------------------------------------------------------------------------------
    // The passes, over one channel's values in an array
    // ---------------------------------------------------------------------------------------

    /** {mean, biased variance} of v[0 .. count), from one pass of double sums. */
    static double[] moments(float[] v, int count) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        double q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0;
        int body = count - count % LANES;
        for (int i = 0; i < body; i += LANES) {
            double a = v[i], b = v[i + 1], c = v[i + 2], e = v[i + 3];
            double f = v[i + 4], g = v[i + 5], h = v[i + 6], k = v[i + 7];
            s0 += a;
            s1 += b;
            s2 += c;
            s3 += e;
            s4 += f;
            s5 += g;
            s6 += h;
            s7 += k;
            q0 += a * a;
            q1 += b * b;
            q2 += c * c;
            q3 += e * e;
            q4 += f * f;
            q5 += g * g;
            q6 += h * h;
            q7 += k * k;
        }
        for (int i = body; i < count; i++) {
            double a = v[i];
            s0 += a;
            q0 += a * a;
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        double squares = ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7));
        double mean = sum / count;
        return new double[] {mean, Math.max(0, squares / count - mean * mean)};
    }

    /**
     * v = act((v - mean) * scale + shift) in place. max(z, negSlope z) is the rectifier for
     * negSlope <= 1 and vectorises where a conditional does not; ReLU uses max(z, 0) so that
     * negative z give +0.
     */
    static void normalise(float[] v, int count, float mean, float scale, float shift,
                          Fused act) {
        if (act.identity()) {
            for (int i = 0; i < count; i++) {
                v[i] = (v[i] - mean) * scale + shift;
            }
        } else if (act.negSlope() == 0) {
            for (int i = 0; i < count; i++) {
                v[i] = Math.max((v[i] - mean) * scale + shift, 0f);
            }
        } else {
            float neg = act.negSlope();
            for (int i = 0; i < count; i++) {
                float z = (v[i] - mean) * scale + shift;
                v[i] = Math.max(z, neg * z);
            }
        }
    }

    /** z = (x - mean) * scale + shift (the forward's expression), then x becomes xhat. */
    static void preActivationAndXhat(float[] x, float[] z, int count, float mean, float scale,
                                     float shift, float invstd) {
        for (int i = 0; i < count; i++) {
            float centred = x[i] - mean;
            z[i] = centred * scale + shift;
            x[i] = centred * invstd;
        }
    }

    /**
     * g = z > 0 ? g : negSlope * g, the rectifier's derivative at the recomputed z, written
     * without a branch so that it vectorises (see {@link #isPositive}).
     */
    static void maskGradient(float[] g, float[] z, int count, float negSlope) {
        for (int i = 0; i < count; i++) {
            float on = isPositive(z[i]);
            float v = g[i];
            g[i] = on * v + (1 - on) * (negSlope * v);
        }
    }

    /**
     * 1 for z > 0, 0 for z <= 0 (-0 included), as a float. With on in {0, 1},
     * on * a + (1 - on) * b is exactly a or b (plus a zero), so the select above gives the
     * same values as a conditional while compiling to vector max and signum instead of a
     * branch that random signs mispredict.
     */
    static float isPositive(float z) {
        return Math.max(Math.signum(z), 0f);
    }

    /** {sum of dz, sum of dz * xhat}. */
    static double[] gradientSums(float[] dz, float[] xhat, int count) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        int body = count - count % 4;
        for (int i = 0; i < body; i += 4) {
            double a = dz[i], b = dz[i + 1], c = dz[i + 2], e = dz[i + 3];
            s0 += a;
            s1 += b;
            s2 += c;
            s3 += e;
            p0 += a * xhat[i];
            p1 += b * xhat[i + 1];
            p2 += c * xhat[i + 2];
            p3 += e * xhat[i + 3];
        }
        for (int i = body; i < count; i++) {
            s0 += dz[i];
            p0 += (double) dz[i] * xhat[i];
        }
        return new double[] {(s0 + s1) + (s2 + s3), (p0 + p1) + (p2 + p3)};
    }

    /** dz becomes dx = scale (dz - mean(dz) - xhat mean(dz xhat)). */
    static void inputGradient(float[] dz, float[] xhat, int count, float scale, float meanDz,
                              float meanDzXhat) {
        for (int i = 0; i < count; i++) {
            dz[i] = scale * (dz[i] - meanDz - xhat[i] * meanDzXhat);
        }
    }
}
