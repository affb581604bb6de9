package org.panagan.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.panagan.engine.backend.Activation;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.backend.BatchNormParams;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.LayerKind;
import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * Each layer of the reference DCGAN (64x64 RGB, nz 100, ngf = ndf = 64) at batch 64, one pass
 * at a time: the (transposed) convolution's forward, backward-data and backward-weight, and
 * the fused batch-norm + activation forward (training) and backward where the layer has one.
 * Layers are named G1..G5 (generator, z to image) and D1..D5 (image to logit).
 *
 * <p>Run: {@code scripts/bench.sh Layer} or, for one layer, {@code -p layer=G3}. Inputs are
 * constant (the kernels' speed does not depend on values); each call waits for its result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LayerBenchmark {

    @Param({"cpu"})
    public String backend;

    @Param({"64"})
    public int batch;

    @Param({"G1", "G2", "G3", "G4", "G5", "D1", "D2", "D3", "D4", "D5"})
    public String layer;

    private Backend opened;
    private LayerSpec spec;
    private final java.util.ArrayList<Buffer> buffers = new java.util.ArrayList<>();
    private Tensor x, w, y, dx, dw, gamma, beta, dgamma, dbeta, saveMean, saveInvstd, bnOut;
    private Buffer workspace;
    private BatchNormParams bn;

    /** The reference model's layer of that name. */
    static LayerSpec layerSpec(String name) {
        var arch = ModelConfig.reference(64).architecture();
        List<LayerSpec> net = name.startsWith("G") ? arch.generator() : arch.discriminator();
        return net.get(Integer.parseInt(name.substring(1)) - 1);
    }

    @Setup(Level.Trial)
    public void open() {
        opened = Backends.open(Backends.Request.parse(backend));
        spec = layerSpec(layer);
        x = tensor(spec.inputShape(batch), 0.5f);
        dx = tensor(spec.inputShape(batch), 0f);
        y = tensor(spec.outputShape(batch), 0.25f);
        w = tensor(spec.weightShape(), 0.01f);
        dw = tensor(spec.weightShape(), 0f);
        int c = spec.outChannels();
        gamma = tensor(new Shape(c), 1f);
        beta = tensor(new Shape(c), 0f);
        dgamma = tensor(new Shape(c), 0f);
        dbeta = tensor(new Shape(c), 0f);
        saveMean = tensor(new Shape(c), 0f);
        saveInvstd = tensor(new Shape(c), 1f);
        bnOut = tensor(spec.outputShape(batch), 0f);
        // Only batch-norm layers fuse their activation (G5's tanh and D5's sigmoid stand alone).
        bn = spec.batchNorm() ? BatchNormParams.of(spec.activation(), spec.slope()) : null;
        long bytes = Math.max(opened.batchNormWorkspaceBytes(spec.outputShape(batch)),
                spec.kind() == LayerKind.CONV
                        ? opened.conv2dBackwardWeightWorkspaceBytes(x.shape(), w.shape(),
                        spec.conv())
                        : opened.convTranspose2dBackwardWeightWorkspaceBytes(x.shape(),
                        w.shape(), spec.conv()));
        workspace = bytes == 0 ? null : own(opened.allocate(bytes, "workspace"));
    }

    private Tensor tensor(Shape shape, float value) {
        Tensor t = Tensor.of(own(opened.allocate(shape.numel() * 4, layer)), shape);
        opened.fill(t, value);
        return t;
    }

    private Buffer own(Buffer b) {
        buffers.add(b);
        return b;
    }

    @TearDown(Level.Trial)
    public void close() {
        buffers.reversed().forEach(Buffer::close);
        opened.close();
    }

    @Benchmark
    public void convForward() {
        if (spec.kind() == LayerKind.CONV) {
            opened.conv2dForward(x, w, null, y, spec.conv());
        } else {
            opened.convTranspose2dForward(x, w, null, y, spec.conv());
        }
        opened.synchronize();
    }

    @Benchmark
    public void convBackwardData() {
        if (spec.kind() == LayerKind.CONV) {
            opened.conv2dBackwardData(y, w, dx, spec.conv());
        } else {
            opened.convTranspose2dBackwardData(y, w, dx, spec.conv());
        }
        opened.synchronize();
    }

    @Benchmark
    public void convBackwardWeight() {
        if (spec.kind() == LayerKind.CONV) {
            opened.conv2dBackwardWeight(x, y, dw, null, false, spec.conv(), workspace);
        } else {
            opened.convTranspose2dBackwardWeight(x, y, dw, null, false, spec.conv(), workspace);
        }
        opened.synchronize();
    }

    /** Batch-norm with the layer's activation fused (training statistics); layers without
     *  batch-norm time the plain activation instead, as the model runs them. */
    @Benchmark
    public void normForward() {
        if (spec.batchNorm()) {
            opened.batchNormForwardTraining(y, gamma, beta, bnOut, null, null, saveMean,
                    saveInvstd, bn, workspace);
        } else {
            opened.activationForward(spec.activation(), y, bnOut, spec.slope());
        }
        opened.synchronize();
    }

    @Benchmark
    public void normBackward() {
        if (spec.batchNorm()) {
            opened.batchNormBackward(bnOut, y, gamma, beta, saveMean, saveInvstd, bnOut,
                    dgamma, dbeta, false, bn, workspace);
        } else {
            opened.activationBackward(spec.activation(), bnOut, y, bnOut, spec.slope());
        }
        opened.synchronize();
    }

    /** FLOPs of one call of {@code benchmark} (a method name of this class) at these params. */
    static double flops(String benchmark, String layer, int batch) {
        if (benchmark.startsWith("conv")) {
            return DcganFlops.forward(List.of(layerSpec(layer))) * batch;
        }
        return 0;
    }

    /** Bytes one call of {@code benchmark} must move at least (reads and writes once). */
    static double bytes(String benchmark, String layer, int batch) {
        double activation = 4.0 * layerSpec(layer).outputShape(batch).numel();
        return switch (benchmark) {
            case "normForward" -> 2 * activation;      // read y, write out
            case "normBackward" -> 3 * activation;     // read dy and x, write dx
            default -> 0;
        };
    }
}
