package org.panagan.bench;

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
import org.panagan.engine.backend.AdamParams;
import org.panagan.engine.backend.Backend;
import org.panagan.engine.backend.Backends;
import org.panagan.engine.dcgan.ModelConfig;
import org.panagan.engine.nn.LayerSpec;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * One Adam step over a whole network of the reference DCGAN (64x64, nz 100, ngf = ndf = 64):
 * one call over a flat buffer of the network's parameter count, as the trainer makes it.
 * Memory-bound: it reads parameters, gradients and both moments and writes three of them back,
 * 28 bytes per parameter (G 3.58 M, D 2.77 M parameters).
 *
 * <p>Run: {@code scripts/bench.sh Adam}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AdamBenchmark {

    @Param({"cpu"})
    public String backend;

    @Param({"G", "D"})
    public String network;

    /** Not used by the step; here so every benchmark's table row has a batch column. */
    @Param({"64"})
    public int batch;

    private Backend opened;
    private final java.util.ArrayList<Buffer> buffers = new java.util.ArrayList<>();
    private Tensor param, grad, expAvg, expAvgSq, step;

    @Setup(Level.Trial)
    public void open() {
        opened = Backends.open(Backends.Request.parse(backend));
        Shape flat = new Shape(Math.toIntExact(parameterCount(network)));
        param = tensor(flat, 0.01f);
        grad = tensor(flat, 1e-3f);
        expAvg = tensor(flat, 0f);
        expAvgSq = tensor(flat, 0f);
        Buffer stepBuffer = opened.allocate(8, "step");
        buffers.add(stepBuffer);
        step = Tensor.of(stepBuffer, DType.I64, new Shape(1));
        opened.upload(new long[] {1}, step);
    }

    private Tensor tensor(Shape shape, float value) {
        Buffer b = opened.allocate(shape.numel() * 4, network);
        buffers.add(b);
        Tensor t = Tensor.of(b, shape);
        opened.fill(t, value);
        return t;
    }

    @TearDown(Level.Trial)
    public void close() {
        buffers.reversed().forEach(Buffer::close);
        opened.close();
    }

    @Benchmark
    public void step() {
        opened.adamStep(param, grad, expAvg, expAvgSq, step, AdamParams.DCGAN);
        opened.synchronize();
    }

    /** Weights plus batch-norm's gamma and beta: the length of the network's flat buffer. */
    static long parameterCount(String network) {
        var arch = ModelConfig.reference(64).architecture();
        long count = 0;
        for (LayerSpec layer : network.equals("G") ? arch.generator() : arch.discriminator()) {
            count += layer.weightShape().numel()
                    + (layer.batchNorm() ? 2L * layer.outChannels() : 0);
        }
        return count;
    }

    /** Bytes one step moves at least. */
    static double bytes(String network) {
        return 28.0 * parameterCount(network);
    }
}
