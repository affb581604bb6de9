package org.panagan.engine.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.panagan.engine.backend.Activation;
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.BatchNormParams;
import org.panagan.engine.backend.Ops;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * A chain of {@link LayerSpec} blocks with its memory: parameters in one flat buffer, gradients
 * in a second of the same layout, Adam's two moments in two more, batch-norm running statistics
 * in a fifth, Adam's step counter in a sixth (one int64), so Adam updates the whole network in one
 * launch. Activations are planned once for the largest batch ({@link #plan}); smaller batches use
 * the leading part of every activation, so nothing is allocated after the plan.
 *
 * <p>Per block i the plan keeps {@code pre[i]} (the convolution's output, which batch-norm's
 * backward needs), {@code out[i]} (after batch-norm and the activation; the same memory as
 * {@code pre[i]} when there is no batch-norm, since the activations' backward needs only their
 * output) and {@code grad[i]} (the gradient of {@code out[i]}, turned into that of
 * {@code pre[i]} in place).
 */
public final class Network implements AutoCloseable {

    private final String name;
    private final Backend backend;
    private final List<LayerSpec> layers;
    private final List<ParameterEntry> parameters;
    private final List<ParameterEntry> state;
    private final long[] weightAt;
    private final long[] biasAt;
    private final long[] gammaAt;
    private final long[] betaAt;
    private final long[] runningAt;
    private final long parameterCount;
    private final long stateCount;

    private final Buffer params;
    private final Buffer grads;
    private final Buffer expAvg;
    private final Buffer expAvgSq;
    private final Buffer running;
    private final Buffer step;
    private Buffer activations;
    private int plannedBatch;
    private Tensor[] pre;
    private Tensor[] out;
    private Tensor[] grad;
    private Tensor[] saveMean;
    private Tensor[] saveInvstd;
    private Tensor[] discard;
    private Profile profile;
    private boolean closed;

    /**
     * Lays out and allocates the persistent buffers (contents undefined until
     * {@link #initialise} or {@link #uploadParameters}).
     */
    public Network(String name, Backend backend, List<LayerSpec> layers) {
        this.name = name;
        this.backend = backend;
        this.layers = List.copyOf(layers);
        int count = layers.size();
        weightAt = new long[count];
        biasAt = new long[count];
        gammaAt = new long[count];
        betaAt = new long[count];
        runningAt = new long[count];
        parameters = parameterLayout(layers);
        state = stateLayout(layers);
        Map<String, Long> paramAt = offsets(parameters);
        Map<String, Long> stateAt = offsets(state);
        for (int i = 0; i < count; i++) {
            LayerSpec l = layers.get(i);
            String conv = "main." + l.convIndex() + ".";
            String bn = "main." + l.bnIndex() + ".";
            weightAt[i] = paramAt.get(conv + "weight");
            biasAt[i] = l.bias() ? paramAt.get(conv + "bias") : -1;
            gammaAt[i] = l.batchNorm() ? paramAt.get(bn + "weight") : -1;
            betaAt[i] = l.batchNorm() ? paramAt.get(bn + "bias") : -1;
            runningAt[i] = l.batchNorm() ? stateAt.get(bn + "running_mean") : -1;
        }
        parameterCount = end(parameters);
        stateCount = end(state);
        long p = parameterCount;
        long s = stateCount;
        List<Buffer> made = new ArrayList<>();
        try {
            params = keep(made, backend.allocate(p * 4, name + " parameters"));
            grads = keep(made, backend.allocate(p * 4, name + " gradients"));
            expAvg = keep(made, backend.allocate(p * 4, name + " Adam exp_avg"));
            expAvgSq = keep(made, backend.allocate(p * 4, name + " Adam exp_avg_sq"));
            running = keep(made, backend.allocate(s * 4, name + " batch-norm running statistics"));
            step = keep(made, backend.allocate(8, name + " Adam step"));
        } catch (RuntimeException e) {
            made.forEach(Buffer::close);
            throw e;
        }
    }

    /**
     * The trainable tensors of these blocks, in PyTorch's state_dict order, laid end to end in
     * one flat buffer: per block the convolution's weight (and bias), then batch-norm's weight
     * and bias. Needs no backend, so files can be checked against a model before one is built.
     */
    public static List<ParameterEntry> parameterLayout(List<LayerSpec> layers) {
        List<ParameterEntry> out = new ArrayList<>();
        long p = 0;
        for (LayerSpec l : layers) {
            Shape c = new Shape(l.outChannels());
            p = add(out, "main." + l.convIndex() + ".weight", l.weightShape(), p);
            if (l.bias()) {
                p = add(out, "main." + l.convIndex() + ".bias", c, p);
            }
            if (l.batchNorm()) {
                p = add(out, "main." + l.bnIndex() + ".weight", c, p);
                p = add(out, "main." + l.bnIndex() + ".bias", c, p);
            }
        }
        return List.copyOf(out);
    }

    /** The running statistics of these blocks (running_mean, running_var per batch-norm). */
    public static List<ParameterEntry> stateLayout(List<LayerSpec> layers) {
        List<ParameterEntry> out = new ArrayList<>();
        long s = 0;
        for (LayerSpec l : layers) {
            if (l.batchNorm()) {
                Shape c = new Shape(l.outChannels());
                s = add(out, "main." + l.bnIndex() + ".running_mean", c, s);
                s = add(out, "main." + l.bnIndex() + ".running_var", c, s);
            }
        }
        return List.copyOf(out);
    }

    /** Floats a layout covers. */
    public static long end(List<ParameterEntry> layout) {
        return layout.isEmpty() ? 0 : layout.getLast().offset() + layout.getLast().shape().numel();
    }

    private static Map<String, Long> offsets(List<ParameterEntry> layout) {
        Map<String, Long> at = new HashMap<>();
        for (ParameterEntry e : layout) {
            at.put(e.name(), e.offset());
        }
        return at;
    }

    private static long add(List<ParameterEntry> list, String name, Shape shape, long at) {
        list.add(new ParameterEntry(name, shape, at));
        return at + shape.numel();
    }

    private static Buffer keep(List<Buffer> made, Buffer b) {
        made.add(b);
        return b;
    }

    public String name() {
        return name;
    }

    public List<LayerSpec> layers() {
        return layers;
    }

    /** The trainable tensors, in PyTorch's state_dict order, with their offsets. */
    public List<ParameterEntry> parameters() {
        return parameters;
    }

    /** The running statistics (running_mean, running_var per batch-norm), with offsets. */
    public List<ParameterEntry> state() {
        return state;
    }

    public long parameterCount() {
        return parameterCount;
    }

    // ---------------------------------------------------------------------------------------
    // Initialisation and host copies
    // ---------------------------------------------------------------------------------------

    /**
     * Sets the parameters from host values (as {@link #parameters()} lays them out), zeroes
     * Adam's moments and step, and resets running statistics to mean 0, variance 1.
     */
    public void initialise(float[] values) {
        uploadParameters(values);
        backend.fill(flat(expAvg, parameterCount), 0f);
        backend.fill(flat(expAvgSq, parameterCount), 0f);
        backend.upload(new long[] {0}, stepTensor());
        for (ParameterEntry e : state) {
            Tensor t = flat(running, stateCount).slice(e.offset(), e.shape());
            backend.fill(t, e.name().endsWith("running_var") ? 1f : 0f);
        }
    }

    /** Copies all parameters in from the host. */
    public void uploadParameters(float[] values) {
        backend.upload(values, parametersTensor());
    }

    /** All parameters, downloaded (waits for the work enqueued so far). */
    public float[] downloadParameters() {
        return download(parametersTensor());
    }

    /** All gradients of the last backward, downloaded. */
    public float[] downloadGradients() {
        return download(flat(grads, parameterCount));
    }

    /** Running statistics as {@link #state()} lays them out. */
    public float[] downloadRunningStatistics() {
        return download(flat(running, stateCount));
    }

    /** Copies running statistics in from the host, laid out as {@link #state()}. */
    public void uploadRunningStatistics(float[] values) {
        backend.upload(values, flat(running, stateCount));
    }

    /** Adam's first moments (exp_avg), laid out as the parameters. */
    public float[] downloadExpAvg() {
        return download(flat(expAvg, parameterCount));
    }

    /** Adam's second moments (exp_avg_sq), laid out as the parameters. */
    public float[] downloadExpAvgSq() {
        return download(flat(expAvgSq, parameterCount));
    }

    /** Sets Adam's two moments (laid out as the parameters) and its step counter. */
    public void uploadOptimizerState(float[] expAvgValues, float[] expAvgSqValues, long adamStep) {
        backend.upload(expAvgValues, flat(expAvg, parameterCount));
        backend.upload(expAvgSqValues, flat(expAvgSq, parameterCount));
        backend.upload(new long[] {adamStep}, stepTensor());
    }

    /** Floats of running statistics ({@link #state()} laid end to end). */
    public long stateCount() {
        return stateCount;
    }

    /** Adam's step counter. */
    public long downloadStep() {
        long[] out = new long[1];
        backend.download(stepTensor(), out);
        return out[0];
    }

    private float[] download(Tensor t) {
        float[] out = new float[Math.toIntExact(t.numel())];
        backend.download(t, out);
        return out;
    }

    /** The flat parameter buffer as one tensor. */
    public Tensor parametersTensor() {
        return flat(params, parameterCount);
    }

    private Tensor stepTensor() {
        return Tensor.of(step, DType.I64, new Shape(1));
    }

    private static Tensor flat(Buffer b, long count) {
        return Tensor.of(b, new Shape(Math.toIntExact(count)));
    }

    // ---------------------------------------------------------------------------------------
    // Planning
    // ---------------------------------------------------------------------------------------

    /** Allocates the activations for batches of up to {@code batch}; once. */
    public void plan(int batch) {
        if (activations != null) {
            throw new IllegalStateException(name + " is already planned for batch "
                    + plannedBatch);
        }
        int count = layers.size();
        long floats = 0;
        for (int i = 0; i < count; i++) {
            LayerSpec l = layers.get(i);
            long size = l.outputShape(batch).numel();
            floats += size * (l.batchNorm() ? 3 : 2) + (l.batchNorm() ? 4L * l.outChannels() : 0);
        }
        activations = backend.allocate(floats * 4, name + " activations (batch " + batch + ")");
        Tensor all = flat(activations, floats);
        pre = new Tensor[count];
        out = new Tensor[count];
        grad = new Tensor[count];
        saveMean = new Tensor[count];
        saveInvstd = new Tensor[count];
        discard = new Tensor[count];
        long at = 0;
        for (int i = 0; i < count; i++) {
            LayerSpec l = layers.get(i);
            Shape shape = l.outputShape(batch);
            pre[i] = all.slice(at, shape);
            at += shape.numel();
            grad[i] = all.slice(at, shape);
            at += shape.numel();
            if (l.batchNorm()) {
                out[i] = all.slice(at, shape);
                at += shape.numel();
                saveMean[i] = all.slice(at, new Shape(l.outChannels()));
                at += l.outChannels();
                saveInvstd[i] = all.slice(at, new Shape(l.outChannels()));
                at += l.outChannels();
                discard[i] = all.slice(at, new Shape(2 * l.outChannels()));
                at += 2L * l.outChannels();
            } else {
                out[i] = pre[i];
            }
        }
        plannedBatch = batch;
    }

    /** The largest workspace any operation of this network needs at batch n. */
    public long workspaceBytes(int n) {
        return workspaceBytes(backend, layers, n);
    }

    /** The largest workspace any operation of these blocks needs at batch n on ops. */
    public static long workspaceBytes(Ops backend, List<LayerSpec> layers, int n) {
        long most = 0;
        for (LayerSpec l : layers) {
            Shape x = l.inputShape(n);
            long conv = l.kind() == LayerKind.CONV
                    ? backend.conv2dBackwardWeightWorkspaceBytes(x, l.weightShape(), l.conv())
                    : backend.convTranspose2dBackwardWeightWorkspaceBytes(x, l.weightShape(),
                    l.conv());
            most = Math.max(most, conv);
            if (l.batchNorm()) {
                most = Math.max(most, backend.batchNormWorkspaceBytes(l.outputShape(n)));
            }
        }
        return most;
    }

    /**
     * Bytes a network of these blocks allocates when planned for {@code batch}: five buffers the
     * size of the parameters (values, gradients, two moments, plus running statistics, which are
     * smaller), the step counter and the activations. Computed without allocating.
     */
    public static long bytesNeeded(List<LayerSpec> layers, int batch) {
        long floats = 0;
        for (LayerSpec l : layers) {
            long params = l.weightShape().numel() + (l.bias() ? l.outChannels() : 0)
                    + (l.batchNorm() ? 2L * l.outChannels() : 0);
            floats += 4 * params + (l.batchNorm() ? 2L * l.outChannels() : 0);
        }
        for (LayerSpec l : layers) {
            long size = l.outputShape(batch).numel();
            floats += size * (l.batchNorm() ? 3 : 2) + (l.batchNorm() ? 4L * l.outChannels() : 0);
        }
        return floats * 4 + 8;
    }

    public int plannedBatch() {
        return plannedBatch;
    }

    /** The network's output for a batch of n (logits for D, images for G). */
    public Tensor output(int n) {
        return out[layers.size() - 1].firstBatch(n);
    }

    /** Where the gradient of the output goes before {@link #backward}. */
    public Tensor outputGradient(int n) {
        return grad[layers.size() - 1].firstBatch(n);
    }

    // ---------------------------------------------------------------------------------------
    // Forward and backward
    // ---------------------------------------------------------------------------------------

    /** How batch-norm normalises in a forward pass. */
    public enum Mode {
        /** Batch statistics, running statistics updated (training, as PyTorch's train()). */
        TRAIN,
        /** Batch statistics, running statistics left alone. */
        BATCH_STATISTICS,
        /** Running statistics, only read (PyTorch's eval()). */
        RUNNING_STATISTICS
    }

    /** Runs the blocks over x [n, C, H, W]; the result is {@link #output}(n). */
    public void forward(Tensor x, Mode mode, Buffer workspace) {
        int n = x.dim(0);
        requirePlanned(n);
        Tensor param = parametersTensor();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Tensor in = i == 0 ? x : out[i - 1].firstBatch(n);
            Tensor p = pre[i].firstBatch(n);
            Tensor w = param.slice(weightAt[i], l.weightShape());
            Tensor b = biasAt[i] < 0 ? null : param.slice(biasAt[i], new Shape(l.outChannels()));
            long t = tick();
            LayerOps.convForward(backend, l, in, w, b, p);
            t = tock(i, Profile.Pass.CONV_FORWARD, t);
            if (l.batchNorm()) {
                Shape c = new Shape(l.outChannels());
                Tensor gamma = param.slice(gammaAt[i], c);
                Tensor beta = param.slice(betaAt[i], c);
                BatchNormParams bn = BatchNormParams.of(l.activation(), l.slope());
                Tensor o = out[i].firstBatch(n);
                if (mode == Mode.RUNNING_STATISTICS) {
                    backend.batchNormForwardInference(p, gamma, beta, o, runningMean(i, c),
                            runningVar(i, c), bn);
                } else {
                    boolean update = mode == Mode.TRAIN;
                    backend.batchNormForwardTraining(p, gamma, beta, o,
                            update ? runningMean(i, c) : null, update ? runningVar(i, c) : null,
                            saveMean[i], saveInvstd[i], bn, workspace);
                }
            } else if (l.activation() != Activation.NONE) {
                backend.activationForward(l.activation(), p, p, l.slope());
            }
            tock(i, Profile.Pass.NORM_FORWARD, t);
        }
    }

    /**
     * Backpropagates the gradient already in {@link #outputGradient}(n) through the blocks of
     * the last TRAIN or BATCH_STATISTICS forward of input x.
     *
     * @param paramGrads whether to compute parameter gradients
     * @param accumulate add them to the gradient buffer instead of overwriting it
     * @param dInput     where the input's gradient goes, or null when not needed
     */
    public void backward(Tensor x, boolean paramGrads, boolean accumulate, Tensor dInput,
                         Buffer workspace) {
        int n = x.dim(0);
        requirePlanned(n);
        Tensor param = parametersTensor();
        Tensor gradAll = flat(grads, parameterCount);
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerSpec l = layers.get(i);
            Tensor g = grad[i].firstBatch(n);
            Tensor p = pre[i].firstBatch(n);
            Shape c = new Shape(l.outChannels());
            long t = tick();
            if (l.batchNorm()) {
                BatchNormParams bn = BatchNormParams.of(l.activation(), l.slope());
                // Without parameter gradients, dgamma and dbeta go to scratch: the gradient
                // buffer keeps what the last update used.
                Tensor dgamma = paramGrads ? gradAll.slice(gammaAt[i], c) : discard[i].slice(0, c);
                Tensor dbeta = paramGrads ? gradAll.slice(betaAt[i], c)
                        : discard[i].slice(c.dim(0), c);
                backend.batchNormBackward(g, p, param.slice(gammaAt[i], c),
                        param.slice(betaAt[i], c), saveMean[i], saveInvstd[i], g, dgamma, dbeta,
                        accumulate && paramGrads, bn, workspace);
            } else if (l.activation() != Activation.NONE) {
                backend.activationBackward(l.activation(), g, p, g, l.slope());
            }
            t = tock(i, Profile.Pass.NORM_BACKWARD, t);
            Tensor in = i == 0 ? x : out[i - 1].firstBatch(n);
            Tensor w = param.slice(weightAt[i], l.weightShape());
            if (paramGrads) {
                Tensor dw = gradAll.slice(weightAt[i], l.weightShape());
                Tensor db = biasAt[i] < 0 ? null : gradAll.slice(biasAt[i], c);
                LayerOps.convBackwardWeight(backend, l, in, g, dw, db, accumulate, workspace);
                t = tock(i, Profile.Pass.CONV_BACKWARD_WEIGHT, t);
            }
            Tensor dx = i == 0 ? dInput : grad[i - 1].firstBatch(n);
            if (dx != null) {
                LayerOps.convBackwardData(backend, l, g, w, dx);
                tock(i, Profile.Pass.CONV_BACKWARD_DATA, t);
            }
        }
    }

    /** Where profiled times go; null (the default) runs every operation untimed. */
    public void profileInto(Profile profile) {
        this.profile = profile;
    }

    /** When profiling, waits for the work so far and returns the time; else 0 at no cost. */
    private long tick() {
        return profile == null ? 0 : profile.start();
    }

    /** When profiling, adds the time since {@code t0} to block i's pass; returns a new tick. */
    private long tock(int i, Profile.Pass pass, long t0) {
        return profile == null ? 0 : profile.addLayer(name + (i + 1), pass, t0);
    }

    /** One Adam update of every parameter: step += 1, then the update (one launch each). */
    public void adamStep(AdamParams adam) {
        backend.increment(stepTensor());
        backend.adamStep(parametersTensor(), flat(grads, parameterCount),
                flat(expAvg, parameterCount), flat(expAvgSq, parameterCount), stepTensor(), adam);
    }

    private Tensor runningMean(int i, Shape c) {
        return flat(running, stateCount).slice(runningAt[i], c);
    }

    private Tensor runningVar(int i, Shape c) {
        return flat(running, stateCount).slice(runningAt[i] + c.dim(0), c);
    }

    private void requirePlanned(int n) {
        if (activations == null) {
            throw new IllegalStateException(name + " has no plan: call plan(batch) first");
        }
        if (n < 1 || n > plannedBatch) {
            throw new IllegalArgumentException("batch = " + n + " is out of range for " + name
                    + "; allowed: 1 to " + plannedBatch + " (the planned batch)");
        }
    }

    /** Frees every buffer; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Buffer[] all = {activations, step, running, expAvgSq, expAvg, grads, params};
        for (Buffer b : all) {
            if (b != null) {
                b.close();
            }
        }
    }
}
