package org.panagan.engine.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * Element-wise work over flat float buffers: activations, the loss, Adam and the utilities.
 * Long loops run in tasks of {@link #CHUNK} elements, so both cores share them; an element
 * depends only on its own inputs, so the split cannot change any bit. A task copies its chunk
 * into its thread's arrays, runs a loop the JIT vectorises there, and copies the result back:
 * the same loops over memory segments stay scalar. The reductions (sum, mean, the loss, the
 * non-finite count) are meant for small tensors and run on the calling thread in index order
 * over {@link #LANES} double accumulators added in lane order.
 */
public final class ElementwiseKernels {

    /** Elements per task: 64 KiB of floats per array, so a task's arrays stay in L2. */
    public static final int CHUNK = 1 << 14;
    /** Independent double accumulators in the reductions. */
    static final int LANES = 4;

    /** The activations that run on their own (NONE is a copy). */
    public enum Kind {
        NONE, RELU, LEAKY_RELU, TANH, SIGMOID
    }

    /** One chunk's work: elements [from, to) of the buffers, with the thread's arrays. */
    @FunctionalInterface
    interface Range {
        void run(long from, int count, Scratch.Worker arrays);
    }

    private final CpuWorkers workers;
    private final Scratch scratch;

    public ElementwiseKernels(CpuWorkers workers, Scratch scratch) {
        this.workers = workers;
        this.scratch = scratch;
        scratch.reserveVectors(CHUNK);
    }

    private void chunked(long count, Range body) {
        int tasks = (int) ((count + CHUNK - 1) / CHUNK);
        workers.run(tasks, (t, w) -> {
            long from = (long) t * CHUNK;
            body.run(from, (int) Math.min(CHUNK, count - from), scratch.worker(w));
        });
    }

    private static void load(MemorySegment m, long from, float[] to, int count) {
        MemorySegment.copy(m, JAVA_FLOAT, from * Float.BYTES, to, 0, count);
    }

    private static void store(float[] v, int count, MemorySegment m, long from) {
        MemorySegment.copy(v, 0, m, JAVA_FLOAT, from * Float.BYTES, count);
    }

    // ---------------------------------------------------------------------------------------
    // Activations
    // ---------------------------------------------------------------------------------------

    /** y = act(x) over count elements; y may be x. */
    public void activationForward(Kind kind, MemorySegment x, MemorySegment y, long count,
                                  float slope) {
        if (kind == Kind.NONE) {
            copy(x, y, count);
            return;
        }
        chunked(count, (from, n, a) -> {
            float[] v = a.vectorA;
            load(x, from, v, n);
            forward(kind, v, n, slope);
            store(v, n, y, from);
        });
    }

    /** dx = dy * act'(y), from the forward's output y; dx may be dy. */
    public void activationBackward(Kind kind, MemorySegment dy, MemorySegment y, MemorySegment dx,
                                   long count, float slope) {
        if (kind == Kind.NONE) {
            copy(dy, dx, count);
            return;
        }
        chunked(count, (from, n, a) -> {
            float[] g = a.vectorA;
            float[] out = a.vectorB;
            load(dy, from, g, n);
            load(y, from, out, n);
            backward(kind, g, out, n, slope);
            store(g, n, dx, from);
        });
    }

    /** v = act(v). The rectifiers use max(x, slope x) (equal to the definition for slope <= 1,
     *  and vectorised); ReLU uses max(x, 0) so that negative x give +0. */
    static void forward(Kind kind, float[] v, int n, float slope) {
        switch (kind) {
            case NONE -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.max(v[i], 0f);
                }
            }
            case LEAKY_RELU -> {
                if (slope <= 1) {
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.max(v[i], slope * v[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] = v[i] > 0 ? v[i] : slope * v[i];
                    }
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) Math.tanh(v[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) sigmoid(v[i]);
                }
            }
        }
    }

    /** g = g * act'(from the output y); the rectifiers without a branch (so they vectorise). */
    static void backward(Kind kind, float[] g, float[] y, int n, float slope) {
        switch (kind) {
            case NONE -> { }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    g[i] = g[i] * BatchNormKernels.isPositive(y[i]);
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float on = BatchNormKernels.isPositive(y[i]);
                    float v = g[i];
                    g[i] = on * v + (1 - on) * (v * slope);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    g[i] = g[i] * (1 - y[i] * y[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    g[i] = g[i] * y[i] * (1 - y[i]);
                }
            }
        }
    }

    /** 1 / (1 + e^-x), never exponentiating a positive number. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    // ---------------------------------------------------------------------------------------
    // Binary cross-entropy on logits
    // ---------------------------------------------------------------------------------------

    /** loss[0] = mean(max(x, 0) - x t + log1p(exp(-|x|))); count > 0. */
    public void bceForward(MemorySegment logits, long count, float target, MemorySegment loss) {
        double[] lanes = new double[LANES];
        for (long i = 0; i < count; i++) {
            double x = logits.getAtIndex(JAVA_FLOAT, i);
            lanes[(int) (i % LANES)] += Math.max(x, 0) - x * target + Math.log1p(Math.exp(-Math.abs(x)));
        }
        loss.setAtIndex(JAVA_FLOAT, 0, (float) (laneSum(lanes) / count));
    }

    /** dlogits = gradScale (sigmoid(x) - t) / count; dlogits may be logits. */
    public void bceBackward(MemorySegment logits, MemorySegment dlogits, long count, float target,
                            float gradScale) {
        double coefficient = (double) gradScale / count;
        chunked(count, (from, n, a) -> {
            float[] v = a.vectorA;
            load(logits, from, v, n);
            for (int i = 0; i < n; i++) {
                v[i] = (float) ((sigmoid(v[i]) - target) * coefficient);
            }
            store(v, n, dlogits, from);
        });
    }

    // ---------------------------------------------------------------------------------------
    // Adam
    // ---------------------------------------------------------------------------------------

    /**
     * torch.optim.Adam at step t over count parameters, in float as PyTorch computes it:
     * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g g,
     * p -= (lr / (1 - b1^t)) (m / (sqrt(v) / sqrt(1 - b2^t) + eps)), grouped as PyTorch's
     * addcdiv groups it.
     */
    public void adam(MemorySegment param, MemorySegment grad, MemorySegment expAvg,
                     MemorySegment expAvgSq, long count, long t, float lr, float beta1,
                     float beta2, float eps) {
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float correction2 = (float) Math.sqrt(1 - Math.pow(beta2, t));
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        chunked(count, (from, n, a) -> {
            float[] p = a.vectorA;
            float[] g = a.vectorB;
            float[] m = a.vectorC;
            float[] v = a.vectorD;
            load(param, from, p, n);
            load(grad, from, g, n);
            load(expAvg, from, m, n);
            load(expAvgSq, from, v, n);
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = beta1 * m[i] + keep1 * gi;
                float vi = beta2 * v[i] + keep2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = p[i] - stepSize * (mi / ((float) Math.sqrt(vi) / correction2 + eps));
            }
            store(p, n, param, from);
            store(m, n, expAvg, from);
            store(v, n, expAvgSq, from);
        });
    }

    // ---------------------------------------------------------------------------------------
    // Utilities
    // ---------------------------------------------------------------------------------------

    public void fill(MemorySegment x, long count, float value) {
        chunked(count, (from, n, a) -> {
            float[] v = a.vectorA;
            java.util.Arrays.fill(v, 0, n, value);
            store(v, n, x, from);
        });
    }

    public void scale(MemorySegment x, long count, float alpha) {
        chunked(count, (from, n, a) -> {
            float[] v = a.vectorA;
            load(x, from, v, n);
            for (int i = 0; i < n; i++) {
                v[i] *= alpha;
            }
            store(v, n, x, from);
        });
    }

    /** y += alpha x. */
    public void axpy(MemorySegment x, MemorySegment y, long count, float alpha) {
        chunked(count, (from, n, a) -> {
            float[] xs = a.vectorA;
            float[] ys = a.vectorB;
            load(x, from, xs, n);
            load(y, from, ys, n);
            for (int i = 0; i < n; i++) {
                ys[i] += alpha * xs[i];
            }
            store(ys, n, y, from);
        });
    }

    /** dst = src; the same segment is left as it is. */
    public void copy(MemorySegment src, MemorySegment dst, long count) {
        if (src.address() == dst.address()) {
            return;
        }
        chunked(count, (from, n, a) -> MemorySegment.copy(src, JAVA_FLOAT, from * Float.BYTES,
                dst, JAVA_FLOAT, from * Float.BYTES, n));
    }

    /** The sum of count floats, in double, in index order over the lanes. */
    public double sum(MemorySegment x, long count) {
        double[] lanes = new double[LANES];
        for (long i = 0; i < count; i++) {
            lanes[(int) (i % LANES)] += x.getAtIndex(JAVA_FLOAT, i);
        }
        return laneSum(lanes);
    }

    /** How many of count floats are NaN or infinite. */
    public int countNonfinite(MemorySegment x, long count) {
        int bad = 0;
        for (long i = 0; i < count; i++) {
            if (!Float.isFinite(x.getAtIndex(JAVA_FLOAT, i))) {
                bad++;
            }
        }
        return bad;
    }

    private static double laneSum(double[] lanes) {
        return (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    }
}
