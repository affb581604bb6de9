package org.panagan.engine.backend;

import static org.panagan.engine.backend.ArgumentChecks.invalid;
import static org.panagan.engine.backend.ArgumentChecks.rank;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.panagan.bindings.OpenBlasLibrary;
import org.panagan.engine.PanaganException;
import org.panagan.engine.backend.cpu.BatchNormKernels;
import org.panagan.engine.backend.cpu.ConvGeometry;
import org.panagan.engine.backend.cpu.ConvKernels;
import org.panagan.engine.backend.cpu.CpuWorkers;
import org.panagan.engine.backend.cpu.ElementwiseKernels;
import org.panagan.engine.backend.cpu.Scratch;
import org.panagan.engine.backend.cpu.Sgemm;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Location;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * The cpu backend: host memory, Java loops on a fixed set of threads, and OpenBLAS sgemm for
 * the convolutions. This class owns the memory and checks every argument; the compute lives in
 * {@code org.panagan.engine.backend.cpu} (it sits in this package only because the sealed
 * {@link Backend} can permit classes of its own package alone).
 *
 * <p>Threads: {@code -Dpanagan.cpu.threads} (default: the available processors), the calling
 * thread included. OpenBLAS runs one thread per call and the backend splits each operation
 * into tasks from its shapes alone, so results have the same bits whatever the thread count.
 *
 * <p>Memory: every {@link #allocate} is its own shared arena, closed by the buffer's close.
 * The convolutions' scratch (im2col matrices, Java arrays) is the backend's own; it is sized
 * when the engine asks a convolution layer for its workspace (once per batch size, while
 * planning), so no training step allocates. The backend needs no caller workspace: the
 * workspace queries answer 0.
 */
public final class CpuBackend implements Backend {

    /** The system property that sets the number of threads. */
    public static final String THREADS_PROPERTY = "panagan.cpu.threads";

    private static final System.Logger LOG = System.getLogger(CpuBackend.class.getName());

    private final String description;
    private final CpuWorkers workers;
    private final Scratch scratch;
    private final ConvKernels conv;
    private final BatchNormKernels batchNorm;
    private final ElementwiseKernels elementwise;
    private final Set<Buffer> live = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));
    private boolean closed;
    private final ArgumentChecks checks = new ArgumentChecks(this, () -> closed);

    private CpuBackend(int threads, String openBlas) {
        this.workers = new CpuWorkers(threads);
        this.scratch = new Scratch(threads);
        this.conv = new ConvKernels(workers, scratch);
        this.batchNorm = new BatchNormKernels(workers, scratch);
        this.elementwise = new ElementwiseKernels(workers, scratch);
        this.description = "cpu (" + threads + " threads; OpenBLAS " + openBlas + ")";
    }

    /** Why the cpu backend cannot be used here (OpenBLAS cannot be opened), or empty. */
    public static Optional<String> unavailableReason() {
        return OpenBlasLibrary.unavailableReason();
    }

    /**
     * Opens the cpu backend.
     *
     * @throws PanaganException BACKEND_UNAVAILABLE when OpenBLAS cannot be opened
     */
    public static CpuBackend open() {
        return open(threadCount());
    }

    /**
     * Opens the cpu backend with {@code threads} threads (the caller included), whatever
     * {@code -Dpanagan.cpu.threads} says: for tests and benchmarks that compare thread counts.
     *
     * @throws PanaganException BACKEND_UNAVAILABLE when OpenBLAS cannot be opened
     */
    public static CpuBackend open(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads
                    + " is out of range; allowed: 1 to " + Integer.MAX_VALUE);
        }
        String openBlas;
        try {
            openBlas = Sgemm.useOneThreadPerCall();
        } catch (OpenBlasLibrary.LoadException e) {
            throw new PanaganException("open cpu backend", PanaganException.BACKEND_UNAVAILABLE,
                    e.getMessage());
        }
        CpuBackend backend = new CpuBackend(threads, openBlas);
        LOG.log(System.Logger.Level.INFO, "backend: " + backend.description);
        return backend;
    }

    private static int threadCount() {
        String setting = System.getProperty(THREADS_PROPERTY);
        if (setting == null || setting.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(setting.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + " = " + setting
                + " is out of range; allowed: 1 to " + Integer.MAX_VALUE);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.CPU;
    }

    @Override
    public String description() {
        return description;
    }

    /** Threads that run the operations, the caller included. */
    public int threads() {
        return workers.threads();
    }

    /** Bytes of convolution scratch held now. */
    public long scratchBytes() {
        return scratch.bytes();
    }

    // ---------------------------------------------------------------------------------------
    // Memory
    // ---------------------------------------------------------------------------------------

    /** Host memory aligned for vector loads; every byte is written (zero) before it is used. */
    @Override
    public Buffer allocate(long bytes, String label) {
        checks.open();
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes = " + bytes + " is out of range for '"
                    + label + "'; allowed: 0 to " + Long.MAX_VALUE);
        }
        Arena arena = Arena.ofShared();
        MemorySegment segment;
        try {
            segment = arena.allocate(bytes, 64);
        } catch (OutOfMemoryError | IllegalArgumentException e) {
            arena.close();
            throw new PanaganException("allocate " + bytes + " bytes for " + label,
                    PanaganException.OUT_OF_MEMORY, String.valueOf(e.getMessage()));
        }
        Buffer[] self = new Buffer[1];
        self[0] = Buffer.wrap(segment, bytes, Location.HOST, label, this, s -> {
            live.remove(self[0]);
            arena.close();
        });
        live.add(self[0]);
        return self[0];
    }

    @Override
    public Buffer allocateHost(long bytes, String label) {
        return allocate(bytes, label);
    }

    @Override
    public void copyAsync(Tensor src, Tensor dst) {
        checks.open();
        checks.owned("copyAsync", "src", src);
        checks.owned("copyAsync", "dst", dst);
        if (src.dtype() != dst.dtype() || src.numel() != dst.numel()) {
            throw invalid("copyAsync", "dst", src.dtype() + " x " + src.numel(),
                    dst.dtype() + " x " + dst.numel());
        }
        MemorySegment.copy(src.segment(), 0, dst.segment(), 0, src.byteSize());
    }

    @Override
    public void upload(MemorySegment host, long count, DType dtype, Tensor dst) {
        checks.elements("upload", "dst", dst, dtype, count);
        MemorySegment.copy(host, 0, dst.segment(), 0, dst.byteSize());
    }

    @Override
    public void download(Tensor src, MemorySegment host, long count, DType dtype) {
        checks.elements("download", "src", src, dtype, count);
        MemorySegment.copy(src.segment(), 0, host, 0, src.byteSize());
    }

    /** Every operation has finished when it returns, so there is nothing to wait for. */
    @Override
    public void synchronize() {
        checks.open();
    }

    /** MemAvailable and MemTotal of /proc/meminfo, or the JVM's view where that is absent. */
    @Override
    public MemoryInfo memoryInfo() {
        checks.open();
        try {
            long total = -1;
            long available = -1;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    total = kibibytes(line);
                } else if (line.startsWith("MemAvailable:")) {
                    available = kibibytes(line);
                }
            }
            if (total > 0 && available >= 0) {
                return new MemoryInfo(available, total);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the JVM's figures
        }
        Runtime runtime = Runtime.getRuntime();
        return new MemoryInfo(runtime.freeMemory(), runtime.maxMemory());
    }

    private static long kibibytes(String meminfoLine) {
        String[] parts = meminfoLine.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    @Override
    public boolean supportsGraphCapture() {
        return false;
    }

    @Override
    public CapturedGraph capture(Runnable work) {
        throw new UnsupportedOperationException("the cpu backend runs each operation when it is "
                + "called and cannot record a graph (supportsGraphCapture() is false)");
    }

    /** Frees buffers still open (with a warning naming them), the scratch and the threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<Buffer> leftover;
        synchronized (live) {
            leftover = new ArrayList<>(live);
        }
        if (!leftover.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "closing the cpu backend with "
                    + leftover.size() + " buffer(s) still open; freeing them: " + leftover);
        }
        for (Buffer buffer : leftover) {
            buffer.close();
        }
        closed = true;
        workers.close();
        scratch.close();
    }

    // ---------------------------------------------------------------------------------------
    // Convolutions
    // ---------------------------------------------------------------------------------------

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p) {
        String op = "conv2dForward";
        ConvGeometry g = conv(op, x.shape(), w.shape(), p, false);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "w", w, w.shape());
        checks.optionalFloats(op, "bias", bias, new Shape(g.cs()));
        checks.floats(op, "y", y, small(g));
        conv.gatherSmall(g, x.segment(), w.segment(), orNull(bias), y.segment());
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p) {
        String op = "conv2dBackwardData";
        ConvGeometry g = conv(op, dx.shape(), w.shape(), p, false);
        checks.floats(op, "dx", dx, dx.shape());
        checks.floats(op, "w", w, w.shape());
        checks.floats(op, "dy", dy, small(g));
        conv.scatterBig(g, dy.segment(), w.segment(), MemorySegment.NULL, dx.segment());
    }

    /**
     * 0: the cpu backend keeps its own scratch. This is the query the engine makes once per
     * layer and batch size while planning, so the scratch for all three passes of the layer
     * is reserved here, ahead of the training steps.
     */
    @Override
    public long conv2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p) {
        conv.reserve(conv("conv2dBackwardWeightWorkspaceBytes", x, w, p, false));
        return 0;
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias,
                                     boolean accumulate, ConvParams p, Buffer workspace) {
        String op = "conv2dBackwardWeight";
        ConvGeometry g = conv(op, x.shape(), dw.shape(), p, false);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "dw", dw, dw.shape());
        checks.floats(op, "dy", dy, small(g));
        checks.optionalFloats(op, "dbias", dbias, new Shape(g.cs()));
        checks.ownedWorkspace(op, workspace);
        conv.weight(g, dy.segment(), x.segment(), dw.segment(), accumulate);
        if (dbias != null) {
            conv.biasGradient(dy.segment(), g.n(), g.cs(), g.smallPlane(), dbias.segment(),
                    accumulate);
        }
    }

    @Override
    public void convTranspose2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p) {
        String op = "convTranspose2dForward";
        ConvGeometry g = conv(op, x.shape(), w.shape(), p, true);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "w", w, w.shape());
        checks.optionalFloats(op, "bias", bias, new Shape(g.cb()));
        checks.floats(op, "y", y, big(g));
        conv.scatterBig(g, x.segment(), w.segment(), orNull(bias), y.segment());
    }

    @Override
    public void convTranspose2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p) {
        String op = "convTranspose2dBackwardData";
        ConvGeometry g = conv(op, dx.shape(), w.shape(), p, true);
        checks.floats(op, "dx", dx, dx.shape());
        checks.floats(op, "w", w, w.shape());
        checks.floats(op, "dy", dy, big(g));
        conv.gatherSmall(g, dy.segment(), w.segment(), MemorySegment.NULL, dx.segment());
    }

    /** 0, reserving the layer's scratch as {@link #conv2dBackwardWeightWorkspaceBytes} does. */
    @Override
    public long convTranspose2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p) {
        conv.reserve(conv("convTranspose2dBackwardWeightWorkspaceBytes", x, w, p, true));
        return 0;
    }

    @Override
    public void convTranspose2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias,
                                              boolean accumulate, ConvParams p,
                                              Buffer workspace) {
        String op = "convTranspose2dBackwardWeight";
        ConvGeometry g = conv(op, x.shape(), dw.shape(), p, true);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "dw", dw, dw.shape());
        checks.floats(op, "dy", dy, big(g));
        checks.optionalFloats(op, "dbias", dbias, new Shape(g.cb()));
        checks.ownedWorkspace(op, workspace);
        conv.weight(g, x.segment(), dy.segment(), dw.segment(), accumulate);
        if (dbias != null) {
            conv.biasGradient(dy.segment(), g.n(), g.cb(), g.bigPlane(), dbias.segment(),
                    accumulate);
        }
    }

    /**
     * The geometry of a (transposed) convolution of input x [N, C_in, H, W] with weight w
     * ([C_out, C_in, K, K], or [C_in, C_out, K, K] when transposed), checked: square kernel,
     * channels that agree, an output of at least 1x1, no output padding on a convolution.
     */
    private static ConvGeometry conv(String op, Shape x, Shape w, ConvParams p,
                                     boolean transposed) {
        rank(op, "x", x, 4);
        rank(op, "w", w, 4);
        int cIn = x.dim(1);
        int wIn = transposed ? w.dim(0) : w.dim(1);
        if (wIn != cIn) {
            throw invalid(op, "w", "C_in = " + cIn + " (from x " + x + ")",
                    w + " with C_in = " + wIn);
        }
        if (w.dim(2) != w.dim(3)) {
            throw invalid(op, "w", "a square kernel", w.toString());
        }
        int k = w.dim(2);
        int cOut = transposed ? w.dim(1) : w.dim(0);
        if (k < 1 || cIn < 1 || cOut < 1 || x.dim(2) < 1 || x.dim(3) < 1) {
            throw invalid(op, "x and w", "channels, spatial size and kernel >= 1",
                    "x " + x + ", w " + w);
        }
        if (!transposed && p.outputPadding() != 0) {
            throw invalid(op, "p", "outputPadding 0 for a convolution", p.toString());
        }
        ConvGeometry g = transposed
                ? ConvGeometry.transposed(x.dim(0), cIn, x.dim(2), x.dim(3), cOut, k, p.stride(),
                        p.padding(), p.outputPadding())
                : ConvGeometry.conv(x.dim(0), cIn, x.dim(2), x.dim(3), cOut, k, p.stride(),
                        p.padding());
        if (g.hs() < 1 || g.ws() < 1 || g.hb() < 1 || g.wb() < 1) {
            throw invalid(op, "x", "a spatial size that gives an output of at least 1x1 with "
                    + "kernel " + k + ", " + p, x.toString());
        }
        return g;
    }

    private static Shape small(ConvGeometry g) {
        return new Shape(g.n(), g.cs(), g.hs(), g.ws());
    }

    private static Shape big(ConvGeometry g) {
        return new Shape(g.n(), g.cb(), g.hb(), g.wb());
    }

    // ---------------------------------------------------------------------------------------
    // Batch-norm
    // ---------------------------------------------------------------------------------------

    /**
     * 0: batch-norm works in the backend's own per-thread arrays, which are sized here (the
     * engine asks once per layer while planning) so that no training step allocates.
     */
    @Override
    public long batchNormWorkspaceBytes(Shape x) {
        batchNorm.reserve(bnDims("batchNormWorkspaceBytes", x));
        return 0;
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                         Tensor runningMean, Tensor runningVar,
                                         Tensor saveMean, Tensor saveInvstd,
                                         BatchNormParams p, Buffer workspace) {
        String op = "batchNormForwardTraining";
        BatchNormKernels.Dims d = bnDims(op, x.shape());
        Shape channels = new Shape(d.c());
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "y", y, x.shape());
        checks.floats(op, "gamma", gamma, channels);
        checks.floats(op, "beta", beta, channels);
        if ((runningMean == null) != (runningVar == null)) {
            throw invalid(op, "runningVar", "both running statistics or neither",
                    "only one of runningMean, runningVar");
        }
        checks.optionalFloats(op, "runningMean", runningMean, channels);
        checks.optionalFloats(op, "runningVar", runningVar, channels);
        if (runningMean != null && (long) d.n() * d.plane() < 2) {
            throw invalid(op, "x", "at least 2 values per channel to update the running "
                    + "variance (unbiased, M / (M - 1))", x.shape().toString());
        }
        checks.floats(op, "saveMean", saveMean, channels);
        checks.floats(op, "saveInvstd", saveInvstd, channels);
        checks.ownedWorkspace(op, workspace);
        batchNorm.forwardTraining(d, x.segment(), gamma.segment(), beta.segment(), y.segment(),
                orNull(runningMean), orNull(runningVar), saveMean.segment(),
                saveInvstd.segment(), p.momentum(), p.eps(), fused(p));
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                          Tensor runningMean, Tensor runningVar,
                                          BatchNormParams p) {
        String op = "batchNormForwardInference";
        BatchNormKernels.Dims d = bnDims(op, x.shape());
        Shape channels = new Shape(d.c());
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "y", y, x.shape());
        checks.floats(op, "gamma", gamma, channels);
        checks.floats(op, "beta", beta, channels);
        checks.floats(op, "runningMean", runningMean, channels);
        checks.floats(op, "runningVar", runningVar, channels);
        batchNorm.forwardInference(d, x.segment(), gamma.segment(), beta.segment(), y.segment(),
                runningMean.segment(), runningVar.segment(), p.eps(), fused(p));
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta,
                                  Tensor saveMean, Tensor saveInvstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta, boolean accumulate,
                                  BatchNormParams p, Buffer workspace) {
        String op = "batchNormBackward";
        BatchNormKernels.Dims d = bnDims(op, x.shape());
        Shape channels = new Shape(d.c());
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "dy", dy, x.shape());
        checks.floats(op, "dx", dx, x.shape());
        checks.floats(op, "gamma", gamma, channels);
        checks.floats(op, "beta", beta, channels);
        checks.floats(op, "saveMean", saveMean, channels);
        checks.floats(op, "saveInvstd", saveInvstd, channels);
        checks.floats(op, "dgamma", dgamma, channels);
        checks.floats(op, "dbeta", dbeta, channels);
        checks.ownedWorkspace(op, workspace);
        batchNorm.backward(d, dy.segment(), x.segment(), gamma.segment(), beta.segment(),
                saveMean.segment(), saveInvstd.segment(), dx.segment(), dgamma.segment(),
                dbeta.segment(), accumulate, fused(p));
    }

    private static BatchNormKernels.Dims bnDims(String op, Shape x) {
        rank(op, "x", x, 4);
        for (int i = 0; i < 4; i++) {
            if (x.dim(i) < 1) {
                throw invalid(op, "x", "every extent >= 1", x.toString());
            }
        }
        return new BatchNormKernels.Dims(x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
    }

    private static BatchNormKernels.Fused fused(BatchNormParams p) {
        return switch (p.activation()) {
            case NONE -> BatchNormKernels.Fused.NONE;
            case RELU -> BatchNormKernels.Fused.rectifier(0f);
            case LEAKY_RELU -> BatchNormKernels.Fused.rectifier(p.slope());
            default -> throw new IllegalStateException(p.activation() + " is not fusable");
        };
    }

    // ---------------------------------------------------------------------------------------
    // Activations, loss, Adam
    // ---------------------------------------------------------------------------------------

    @Override
    public void activationForward(Activation activation, Tensor x, Tensor y, float slope) {
        String op = "activationForward(" + activation + ")";
        checks.floats(op, "x", x, x.shape());
        checks.sameCount(op, "y", x, y);
        checkSlope(op, activation, slope);
        elementwise.activationForward(kind(activation), x.segment(), y.segment(), x.numel(),
                slope);
    }

    @Override
    public void activationBackward(Activation activation, Tensor dy, Tensor y, Tensor dx,
                                   float slope) {
        String op = "activationBackward(" + activation + ")";
        checks.floats(op, "dy", dy, dy.shape());
        checks.sameCount(op, "y", dy, y);
        checks.sameCount(op, "dx", dy, dx);
        checkSlope(op, activation, slope);
        elementwise.activationBackward(kind(activation), dy.segment(), y.segment(), dx.segment(),
                dy.numel(), slope);
    }

    private static void checkSlope(String op, Activation activation, float slope) {
        if (activation == Activation.LEAKY_RELU && !(slope >= 0 && Float.isFinite(slope))) {
            throw invalid(op, "slope", "a finite slope >= 0", Float.toString(slope));
        }
    }

    private static ElementwiseKernels.Kind kind(Activation activation) {
        return switch (activation) {
            case NONE -> ElementwiseKernels.Kind.NONE;
            case RELU -> ElementwiseKernels.Kind.RELU;
            case LEAKY_RELU -> ElementwiseKernels.Kind.LEAKY_RELU;
            case TANH -> ElementwiseKernels.Kind.TANH;
            case SIGMOID -> ElementwiseKernels.Kind.SIGMOID;
        };
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor loss, float target) {
        String op = "bceWithLogitsForward";
        checks.floats(op, "logits", logits, logits.shape());
        checks.scalar(op, "loss", loss, DType.F32);
        checkTarget(op, target);
        if (logits.numel() == 0) {
            throw invalid(op, "logits", "at least one logit (the loss is a mean)", "none");
        }
        elementwise.bceForward(logits.segment(), logits.numel(), target, loss.segment());
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor dlogits, float target,
                                      float gradScale) {
        String op = "bceWithLogitsBackward";
        checks.floats(op, "logits", logits, logits.shape());
        checks.sameCount(op, "dlogits", logits, dlogits);
        checkTarget(op, target);
        if (!Float.isFinite(gradScale)) {
            throw invalid(op, "gradScale", "a finite value", Float.toString(gradScale));
        }
        elementwise.bceBackward(logits.segment(), dlogits.segment(), logits.numel(), target,
                gradScale);
    }

    private static void checkTarget(String op, float target) {
        if (!(target >= 0 && target <= 1)) {
            throw invalid(op, "target", "a value in [0, 1]", Float.toString(target));
        }
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor step,
                         AdamParams p) {
        String op = "adamStep";
        checks.floats(op, "param", param, param.shape());
        checks.sameCount(op, "grad", param, grad);
        checks.sameCount(op, "expAvg", param, expAvg);
        checks.sameCount(op, "expAvgSq", param, expAvgSq);
        checks.scalar(op, "step", step, DType.I64);
        long t = step.segment().get(JAVA_LONG, 0);
        if (t < 1) {
            throw invalid(op, "step", "t >= 1 (increment the step before the update)",
                    Long.toString(t));
        }
        elementwise.adam(param.segment(), grad.segment(), expAvg.segment(), expAvgSq.segment(),
                param.numel(), t, p.lr(), p.beta1(), p.beta2(), p.eps());
    }

    @Override
    public void increment(Tensor counter) {
        checks.scalar("increment", "counter", counter, DType.I64);
        MemorySegment c = counter.segment();
        c.set(JAVA_LONG, 0, c.get(JAVA_LONG, 0) + 1);
    }

    // ---------------------------------------------------------------------------------------
    // Utilities
    // ---------------------------------------------------------------------------------------

    @Override
    public void fill(Tensor x, float value) {
        checks.floats("fill", "x", x, x.shape());
        elementwise.fill(x.segment(), x.numel(), value);
    }

    @Override
    public void scale(Tensor x, float alpha) {
        checks.floats("scale", "x", x, x.shape());
        elementwise.scale(x.segment(), x.numel(), alpha);
    }

    @Override
    public void axpy(Tensor x, Tensor y, float alpha) {
        checks.floats("axpy", "x", x, x.shape());
        checks.sameCount("axpy", "y", x, y);
        elementwise.axpy(x.segment(), y.segment(), x.numel(), alpha);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checks.floats("copy", "src", src, src.shape());
        checks.sameCount("copy", "dst", src, dst);
        MemorySegment s = src.segment();
        MemorySegment d = dst.segment();
        if (s.address() != d.address() && s.asOverlappingSlice(d).isPresent()) {
            throw invalid("copy", "dst", "memory that does not overlap src", dst.toString());
        }
        elementwise.copy(s, d, src.numel());
    }

    @Override
    public void sum(Tensor x, Tensor result) {
        checks.floats("sum", "x", x, x.shape());
        checks.scalar("sum", "result", result, DType.F32);
        result.segment().set(JAVA_FLOAT, 0, (float) elementwise.sum(x.segment(), x.numel()));
    }

    @Override
    public void mean(Tensor x, Tensor result) {
        checks.floats("mean", "x", x, x.shape());
        checks.scalar("mean", "result", result, DType.F32);
        if (x.numel() == 0) {
            throw invalid("mean", "x", "at least one element (the mean of nothing is undefined)",
                    x.toString());
        }
        double sum = elementwise.sum(x.segment(), x.numel());
        result.segment().set(JAVA_FLOAT, 0, (float) (sum / x.numel()));
    }

    @Override
    public void countNonfinite(Tensor x, Tensor result) {
        checks.floats("countNonfinite", "x", x, x.shape());
        checks.scalar("countNonfinite", "result", result, DType.I32);
        result.segment().set(JAVA_INT, 0, elementwise.countNonfinite(x.segment(), x.numel()));
    }

    @Override
    public void gatherImages(Tensor images, Tensor indices, Tensor out) {
        checks.gather(images, indices, out);
        Shape s = images.shape();
        int count = s.dim(0);
        long elements = s.numel() / count;
        MemorySegment src = images.segment();
        MemorySegment idx = indices.segment();
        MemorySegment dst = out.segment();
        for (int i = 0; i < indices.dim(0); i++) {
            int index = idx.getAtIndex(JAVA_INT, i);
            long to = i * elements;
            if (index < 0 || index >= count) {
                dst.asSlice(to * 4, elements * 4).fill((byte) 0xFF);  // NaN, as the kernel
                continue;
            }
            long from = index * elements;
            for (long e = 0; e < elements; e++) {
                int p = src.get(ValueLayout.JAVA_BYTE, from + e) & 0xFF;
                dst.setAtIndex(JAVA_FLOAT, to + e, p / 127.5f - 1f);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------

    private static MemorySegment orNull(Tensor t) {
        return t == null ? MemorySegment.NULL : t.segment();
    }

}
