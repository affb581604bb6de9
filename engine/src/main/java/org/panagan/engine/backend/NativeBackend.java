package org.panagan.engine.backend;

import static org.panagan.engine.backend.ArgumentChecks.invalid;
import static org.panagan.engine.backend.ArgumentChecks.rank;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.panagan.bindings.NativeLibraries;
import org.panagan.bindings.cuda_runtime_h;
import org.panagan.bindings.gpusim_h;
import org.panagan.bindings.panagan_h;
import org.panagan.engine.PanaganException;
import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.DType;
import org.panagan.engine.tensor.Location;
import org.panagan.engine.tensor.Shape;
import org.panagan.engine.tensor.Tensor;

/**
 * The cuda and sim backends: one Java code path over panagan.h and the CUDA runtime, backed by
 * libpanagan_cuda.so and the real runtime, or by libpanagan_sim.so, whichever
 * {@link NativeLibraries} bound for this JVM. Device memory comes from cudaMalloc, pinned host
 * memory from cudaMallocHost; every operation is enqueued on one stream the backend creates.
 *
 * <p>Java checks what the kernels cannot see (that outputs have the shape the inputs imply, that
 * every tensor is a float32 contiguous view of this backend's memory); the launchers check the
 * rest. A failing call becomes a {@link PanaganException} with the function, the status name,
 * panagan_last_error(), and the CUDA error where there is one.
 */
public final class NativeBackend implements Backend {

    private static final System.Logger LOG = System.getLogger(NativeBackend.class.getName());

    private final BackendKind kind;
    private final String description;
    private final MemorySegment stream;
    private final Set<Buffer> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    private final ArgumentChecks checks = new ArgumentChecks(this, () -> closed);

    private NativeBackend(BackendKind kind, String description, MemorySegment stream) {
        this.kind = kind;
        this.description = description;
        this.stream = stream;
    }

    /**
     * Opens the backend over the library {@link NativeLibraries} chose for this JVM.
     *
     * @throws PanaganException when no library can be loaded or the stream cannot be created
     */
    static NativeBackend open() {
        NativeLibraries.Choice choice;
        try {
            choice = NativeLibraries.choice();
        } catch (NativeLibraries.LoadException e) {
            throw new PanaganException("load native library", PanaganException.BACKEND_UNAVAILABLE,
                    e.getMessage());
        }
        BackendKind kind = choice.kind() == NativeLibraries.Kind.CUDA
                ? BackendKind.CUDA : BackendKind.SIM;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            checkCuda(cuda_runtime_h.cudaStreamCreate(out), "cudaStreamCreate");
            String description = kind.id() + " (" + String.join(", ", choice.libraries()) + ")";
            return new NativeBackend(kind, description, out.get(ADDRESS, 0));
        }
    }

    @Override
    public BackendKind kind() {
        return kind;
    }

    @Override
    public String description() {
        return description;
    }

    // ---------------------------------------------------------------------------------------
    // Memory
    // ---------------------------------------------------------------------------------------

    @Override
    public Buffer allocate(long bytes, String label) {
        return allocate(bytes, label, Location.DEVICE);
    }

    @Override
    public Buffer allocateHost(long bytes, String label) {
        return allocate(bytes, label, Location.PINNED_HOST);
    }

    private Buffer allocate(long bytes, String label, Location location) {
        checks.open();
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes = " + bytes + " is out of range for '"
                    + label + "'; allowed: 0 to " + Long.MAX_VALUE);
        }
        if (bytes == 0) {
            return Buffer.wrap(MemorySegment.NULL, 0, location, label, this, segment -> { });
        }
        MemorySegment pointer;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(ADDRESS);
            if (location == Location.DEVICE) {
                checkCuda(cuda_runtime_h.cudaMalloc(out, bytes),
                        "cudaMalloc(" + bytes + " bytes for " + label + ")");
                pointer = out.get(ADDRESS, 0);
            } else {
                checkCuda(cuda_runtime_h.cudaMallocHost(out, bytes),
                        "cudaMallocHost(" + bytes + " bytes for " + label + ")");
                pointer = out.get(ADDRESS, 0).reinterpret(bytes);
            }
        }
        Buffer[] self = new Buffer[1];
        self[0] = Buffer.wrap(pointer, bytes, location, label, this, segment -> {
            live.remove(self[0]);
            String call = location == Location.DEVICE ? "cudaFree" : "cudaFreeHost";
            int error = location == Location.DEVICE ? cuda_runtime_h.cudaFree(segment)
                    : cuda_runtime_h.cudaFreeHost(segment);
            checkCuda(error, call + "(" + label + ")");
        });
        live.add(self[0]);
        return self[0];
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
        if (src.numel() == 0) {
            return;
        }
        checkCuda(cuda_runtime_h.cudaMemcpyAsync(dst.segment(), src.segment(), src.byteSize(),
                direction(src.location(), dst.location()), stream), "cudaMemcpyAsync");
    }

    private static int direction(Location from, Location to) {
        boolean fromDevice = from == Location.DEVICE;
        boolean toDevice = to == Location.DEVICE;
        if (fromDevice && toDevice) {
            return cuda_runtime_h.cudaMemcpyDeviceToDevice();
        }
        if (fromDevice) {
            return cuda_runtime_h.cudaMemcpyDeviceToHost();
        }
        return toDevice ? cuda_runtime_h.cudaMemcpyHostToDevice()
                : cuda_runtime_h.cudaMemcpyHostToHost();
    }

    @Override
    public void upload(MemorySegment host, long count, DType dtype, Tensor dst) {
        checks.elements("upload", "dst", dst, dtype, count);
        if (count == 0) {
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment staging = call.allocate(dst.byteSize(), 16);
            MemorySegment.copy(host, 0, staging, 0, dst.byteSize());
            checkCuda(cuda_runtime_h.cudaMemcpyAsync(dst.segment(), staging, dst.byteSize(),
                    direction(Location.HOST, dst.location()), stream), "cudaMemcpyAsync(upload)");
            synchronize();
        }
    }

    @Override
    public void download(Tensor src, MemorySegment host, long count, DType dtype) {
        checks.elements("download", "src", src, dtype, count);
        if (count == 0) {
            synchronize();
            return;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment staging = call.allocate(src.byteSize(), 16);
            checkCuda(cuda_runtime_h.cudaMemcpyAsync(staging, src.segment(), src.byteSize(),
                    direction(src.location(), Location.HOST), stream), "cudaMemcpyAsync(download)");
            synchronize();
            MemorySegment.copy(staging, 0, host, 0, src.byteSize());
        }
    }

    @Override
    public void synchronize() {
        checks.open();
        checkCuda(cuda_runtime_h.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    @Override
    public MemoryInfo memoryInfo() {
        checks.open();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment free = call.allocate(JAVA_LONG);
            MemorySegment total = call.allocate(JAVA_LONG);
            checkCuda(cuda_runtime_h.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return new MemoryInfo(free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Graphs
    // ---------------------------------------------------------------------------------------

    @Override
    public boolean supportsGraphCapture() {
        return true;
    }

    @Override
    public CapturedGraph capture(Runnable work) {
        checks.open();
        MemorySegment graph;
        MemorySegment exec;
        try (Arena call = Arena.ofConfined()) {
            checkCuda(cuda_runtime_h.cudaStreamBeginCapture(stream,
                    cuda_runtime_h.cudaStreamCaptureModeThreadLocal()), "cudaStreamBeginCapture");
            MemorySegment out = call.allocate(ADDRESS);
            try {
                work.run();
            } catch (RuntimeException e) {
                int ignored = cuda_runtime_h.cudaStreamEndCapture(stream, out);
                MemorySegment partial = out.get(ADDRESS, 0);
                if (!partial.equals(MemorySegment.NULL)) {
                    ignored = cuda_runtime_h.cudaGraphDestroy(partial);
                }
                throw e;
            }
            checkCuda(cuda_runtime_h.cudaStreamEndCapture(stream, out), "cudaStreamEndCapture");
            graph = out.get(ADDRESS, 0);
            int error = cuda_runtime_h.cudaGraphInstantiate(out, graph, 0L);
            if (error != cuda_runtime_h.cudaSuccess()) {
                int ignored = cuda_runtime_h.cudaGraphDestroy(graph);
                checkCuda(error, "cudaGraphInstantiate");
            }
            exec = out.get(ADDRESS, 0);
        }
        return new Graph(graph, exec);
    }

    /** An instantiated CUDA graph and the graph it came from, freed together, once. */
    private final class Graph implements CapturedGraph {
        private final MemorySegment graph;
        private final MemorySegment exec;
        private boolean closed;

        Graph(MemorySegment graph, MemorySegment exec) {
            this.graph = graph;
            this.exec = exec;
        }

        @Override
        public void launch() {
            if (closed) {
                throw new IllegalStateException("captured graph launched after close()");
            }
            checkCuda(cuda_runtime_h.cudaGraphLaunch(exec, stream), "cudaGraphLaunch");
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            checkCuda(cuda_runtime_h.cudaGraphExecDestroy(exec), "cudaGraphExecDestroy");
            checkCuda(cuda_runtime_h.cudaGraphDestroy(graph), "cudaGraphDestroy");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        List<Buffer> leftover = new ArrayList<>(live);
        if (!leftover.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "closing the " + kind.id() + " backend with "
                    + leftover.size() + " buffer(s) still open; freeing them: " + leftover);
        }
        PanaganException first = null;
        for (Buffer buffer : leftover) {
            try {
                buffer.close();
            } catch (PanaganException e) {
                first = first == null ? e : first;
            }
        }
        closed = true;
        int error = cuda_runtime_h.cudaStreamDestroy(stream);
        if (first != null) {
            throw first;
        }
        checkCuda(error, "cudaStreamDestroy");
    }

    // ---------------------------------------------------------------------------------------
    // Convolutions
    // ---------------------------------------------------------------------------------------

    @Override
    public void conv2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p) {
        String op = "conv2dForward";
        Conv c = Conv.forward(op, x, w, p, false);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "w", w, w.shape());
        checks.optionalFloats(op, "bias", bias, new Shape(c.cOut));
        checks.floats(op, "y", y, c.outShape());
        check(panagan_h.panagan_conv2d_forward(x.segment(), w.segment(), orNull(bias), y.segment(),
                c.n, c.cIn, c.hIn, c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(),
                p.padding(), p.padding(), stream), "panagan_conv2d_forward");
    }

    @Override
    public void conv2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p) {
        String op = "conv2dBackwardData";
        Conv c = Conv.forward(op, dx, w, p, false);
        checks.floats(op, "dx", dx, dx.shape());
        checks.floats(op, "w", w, w.shape());
        checks.floats(op, "dy", dy, c.outShape());
        check(panagan_h.panagan_conv2d_backward_data(dy.segment(), w.segment(), dx.segment(),
                c.n, c.cIn, c.hIn, c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(),
                p.padding(), p.padding(), stream), "panagan_conv2d_backward_data");
    }

    @Override
    public long conv2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p) {
        Conv c = Conv.of("conv2dBackwardWeightWorkspaceBytes", x, w, p, false);
        long bytes = panagan_h.panagan_conv2d_backward_weight_workspace_size(c.n, c.cIn, c.hIn,
                c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(), p.padding(), p.padding());
        return checkSize(bytes, "panagan_conv2d_backward_weight_workspace_size");
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias,
                                     boolean accumulate, ConvParams p, Buffer workspace) {
        String op = "conv2dBackwardWeight";
        Conv c = Conv.forward(op, x, dw, p, false);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "dw", dw, dw.shape());
        checks.floats(op, "dy", dy, c.outShape());
        checks.optionalFloats(op, "dbias", dbias, new Shape(c.cOut));
        checks.ownedWorkspace(op, workspace);
        check(panagan_h.panagan_conv2d_backward_weight(x.segment(), dy.segment(), dw.segment(),
                orNull(dbias), accumulate ? 1 : 0, c.n, c.cIn, c.hIn, c.wIn, c.cOut, c.k, c.k,
                p.stride(), p.stride(), p.padding(), p.padding(), workspaceSegment(workspace),
                workspaceBytes(workspace), stream), "panagan_conv2d_backward_weight");
    }

    @Override
    public void convTranspose2dForward(Tensor x, Tensor w, Tensor bias, Tensor y, ConvParams p) {
        String op = "convTranspose2dForward";
        Conv c = Conv.forward(op, x, w, p, true);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "w", w, w.shape());
        checks.optionalFloats(op, "bias", bias, new Shape(c.cOut));
        checks.floats(op, "y", y, c.outShape());
        check(panagan_h.panagan_conv_transpose2d_forward(x.segment(), w.segment(), orNull(bias),
                y.segment(), c.n, c.cIn, c.hIn, c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(),
                p.padding(), p.padding(), p.outputPadding(), p.outputPadding(), stream),
                "panagan_conv_transpose2d_forward");
    }

    @Override
    public void convTranspose2dBackwardData(Tensor dy, Tensor w, Tensor dx, ConvParams p) {
        String op = "convTranspose2dBackwardData";
        Conv c = Conv.forward(op, dx, w, p, true);
        checks.floats(op, "dx", dx, dx.shape());
        checks.floats(op, "w", w, w.shape());
        checks.floats(op, "dy", dy, c.outShape());
        check(panagan_h.panagan_conv_transpose2d_backward_data(dy.segment(), w.segment(),
                dx.segment(), c.n, c.cIn, c.hIn, c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(),
                p.padding(), p.padding(), p.outputPadding(), p.outputPadding(), stream),
                "panagan_conv_transpose2d_backward_data");
    }

    @Override
    public long convTranspose2dBackwardWeightWorkspaceBytes(Shape x, Shape w, ConvParams p) {
        Conv c = Conv.of("convTranspose2dBackwardWeightWorkspaceBytes", x, w, p, true);
        long bytes = panagan_h.panagan_conv_transpose2d_backward_weight_workspace_size(c.n, c.cIn,
                c.hIn, c.wIn, c.cOut, c.k, c.k, p.stride(), p.stride(), p.padding(), p.padding(),
                p.outputPadding(), p.outputPadding());
        return checkSize(bytes, "panagan_conv_transpose2d_backward_weight_workspace_size");
    }

    @Override
    public void convTranspose2dBackwardWeight(Tensor x, Tensor dy, Tensor dw, Tensor dbias,
                                              boolean accumulate, ConvParams p,
                                              Buffer workspace) {
        String op = "convTranspose2dBackwardWeight";
        Conv c = Conv.forward(op, x, dw, p, true);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "dw", dw, dw.shape());
        checks.floats(op, "dy", dy, c.outShape());
        checks.optionalFloats(op, "dbias", dbias, new Shape(c.cOut));
        checks.ownedWorkspace(op, workspace);
        check(panagan_h.panagan_conv_transpose2d_backward_weight(x.segment(), dy.segment(),
                dw.segment(), orNull(dbias), accumulate ? 1 : 0, c.n, c.cIn, c.hIn, c.wIn, c.cOut,
                c.k, c.k, p.stride(), p.stride(), p.padding(), p.padding(), p.outputPadding(),
                p.outputPadding(), workspaceSegment(workspace), workspaceBytes(workspace), stream),
                "panagan_conv_transpose2d_backward_weight");
    }

    /**
     * The extents of one (transposed) convolution, read from x [N, C_in, H, W] and the weight
     * ([C_out, C_in, K, K] for conv, [C_in, C_out, K, K] for transposed conv); square kernels.
     */
    private record Conv(int n, int cIn, int hIn, int wIn, int cOut, int k, int hOut, int wOut) {

        static Conv forward(String op, Tensor x, Tensor w, ConvParams p, boolean transposed) {
            return of(op, x.shape(), w.shape(), p, transposed);
        }

        static Conv of(String op, Shape x, Shape w, ConvParams p, boolean transposed) {
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
            int hOut = transposed ? p.transposedOutput(x.dim(2), k) : p.convOutput(x.dim(2), k);
            int wOut = transposed ? p.transposedOutput(x.dim(3), k) : p.convOutput(x.dim(3), k);
            return new Conv(x.dim(0), cIn, x.dim(2), x.dim(3), cOut, k, hOut, wOut);
        }

        Shape outShape() {
            return new Shape(n, cOut, hOut, wOut);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Batch-norm
    // ---------------------------------------------------------------------------------------

    @Override
    public long batchNormWorkspaceBytes(Shape x) {
        rank("batchNormWorkspaceBytes", "x", x, 4);
        return checkSize(panagan_h.panagan_batch_norm_workspace_size(x.dim(0), x.dim(1), x.dim(2),
                x.dim(3)), "panagan_batch_norm_workspace_size");
    }

    @Override
    public void batchNormForwardTraining(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                         Tensor runningMean, Tensor runningVar,
                                         Tensor saveMean, Tensor saveInvstd,
                                         BatchNormParams p, Buffer workspace) {
        String op = "batchNormForwardTraining";
        Shape channels = bnChannels(op, x);
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
        checks.floats(op, "saveMean", saveMean, channels);
        checks.floats(op, "saveInvstd", saveInvstd, channels);
        checks.ownedWorkspace(op, workspace);
        check(panagan_h.panagan_batch_norm_forward_training(x.segment(), gamma.segment(),
                beta.segment(), y.segment(), orNull(runningMean), orNull(runningVar),
                saveMean.segment(), saveInvstd.segment(), x.dim(0), x.dim(1), x.dim(2), x.dim(3),
                p.momentum(), p.eps(), p.activation().nativeCode(), p.slope(),
                workspaceSegment(workspace), workspaceBytes(workspace), stream),
                "panagan_batch_norm_forward_training");
    }

    @Override
    public void batchNormForwardInference(Tensor x, Tensor gamma, Tensor beta, Tensor y,
                                          Tensor runningMean, Tensor runningVar,
                                          BatchNormParams p) {
        String op = "batchNormForwardInference";
        Shape channels = bnChannels(op, x);
        checks.floats(op, "x", x, x.shape());
        checks.floats(op, "y", y, x.shape());
        checks.floats(op, "gamma", gamma, channels);
        checks.floats(op, "beta", beta, channels);
        checks.floats(op, "runningMean", runningMean, channels);
        checks.floats(op, "runningVar", runningVar, channels);
        check(panagan_h.panagan_batch_norm_forward_inference(x.segment(), gamma.segment(),
                beta.segment(), y.segment(), runningMean.segment(), runningVar.segment(),
                x.dim(0), x.dim(1), x.dim(2), x.dim(3), p.eps(), p.activation().nativeCode(),
                p.slope(), stream), "panagan_batch_norm_forward_inference");
    }

    @Override
    public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor beta,
                                  Tensor saveMean, Tensor saveInvstd,
                                  Tensor dx, Tensor dgamma, Tensor dbeta, boolean accumulate,
                                  BatchNormParams p, Buffer workspace) {
        String op = "batchNormBackward";
        Shape channels = bnChannels(op, x);
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
        check(panagan_h.panagan_batch_norm_backward(dy.segment(), x.segment(), gamma.segment(),
                beta.segment(), saveMean.segment(), saveInvstd.segment(), dx.segment(),
                dgamma.segment(), dbeta.segment(), accumulate ? 1 : 0, x.dim(0), x.dim(1),
                x.dim(2), x.dim(3), p.activation().nativeCode(), p.slope(),
                workspaceSegment(workspace), workspaceBytes(workspace), stream),
                "panagan_batch_norm_backward");
    }

    private static Shape bnChannels(String op, Tensor x) {
        rank(op, "x", x.shape(), 4);
        return new Shape(x.dim(1));
    }

    // ---------------------------------------------------------------------------------------
    // Activations, loss, Adam
    // ---------------------------------------------------------------------------------------

    @Override
    public void activationForward(Activation activation, Tensor x, Tensor y, float slope) {
        String op = "activationForward(" + activation + ")";
        checks.floats(op, "x", x, x.shape());
        checks.sameCount(op, "y", x, y);
        long n = x.numel();
        switch (activation) {
            case NONE -> copy(x, y);
            case RELU -> check(panagan_h.panagan_relu_forward(x.segment(), y.segment(), n, stream),
                    "panagan_relu_forward");
            case LEAKY_RELU -> check(panagan_h.panagan_leaky_relu_forward(x.segment(), y.segment(),
                    n, slope, stream), "panagan_leaky_relu_forward");
            case TANH -> check(panagan_h.panagan_tanh_forward(x.segment(), y.segment(), n, stream),
                    "panagan_tanh_forward");
            case SIGMOID -> check(panagan_h.panagan_sigmoid_forward(x.segment(), y.segment(), n,
                    stream), "panagan_sigmoid_forward");
        }
    }

    @Override
    public void activationBackward(Activation activation, Tensor dy, Tensor y, Tensor dx,
                                   float slope) {
        String op = "activationBackward(" + activation + ")";
        checks.floats(op, "dy", dy, dy.shape());
        checks.sameCount(op, "y", dy, y);
        checks.sameCount(op, "dx", dy, dx);
        long n = dy.numel();
        MemorySegment g = dy.segment();
        switch (activation) {
            case NONE -> copy(dy, dx);
            case RELU -> check(panagan_h.panagan_relu_backward(g, y.segment(), dx.segment(), n,
                    stream), "panagan_relu_backward");
            case LEAKY_RELU -> check(panagan_h.panagan_leaky_relu_backward(g, y.segment(),
                    dx.segment(), n, slope, stream), "panagan_leaky_relu_backward");
            case TANH -> check(panagan_h.panagan_tanh_backward(g, y.segment(), dx.segment(), n,
                    stream), "panagan_tanh_backward");
            case SIGMOID -> check(panagan_h.panagan_sigmoid_backward(g, y.segment(), dx.segment(),
                    n, stream), "panagan_sigmoid_backward");
        }
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor loss, float target) {
        String op = "bceWithLogitsForward";
        checks.floats(op, "logits", logits, logits.shape());
        checks.scalar(op, "loss", loss, DType.F32);
        check(panagan_h.panagan_bce_with_logits_forward(logits.segment(), loss.segment(),
                logits.numel(), target, stream), "panagan_bce_with_logits_forward");
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor dlogits, float target,
                                      float gradScale) {
        String op = "bceWithLogitsBackward";
        checks.floats(op, "logits", logits, logits.shape());
        checks.sameCount(op, "dlogits", logits, dlogits);
        check(panagan_h.panagan_bce_with_logits_backward(logits.segment(), dlogits.segment(),
                logits.numel(), target, gradScale, stream), "panagan_bce_with_logits_backward");
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
        check(panagan_h.panagan_adam_step(param.segment(), grad.segment(), expAvg.segment(),
                expAvgSq.segment(), param.numel(), step.segment(), p.lr(), p.beta1(), p.beta2(),
                p.eps(), stream), "panagan_adam_step");
    }

    @Override
    public void increment(Tensor counter) {
        checks.scalar("increment", "counter", counter, DType.I64);
        check(panagan_h.panagan_increment(counter.segment(), stream), "panagan_increment");
    }

    // ---------------------------------------------------------------------------------------
    // Utilities
    // ---------------------------------------------------------------------------------------

    @Override
    public void fill(Tensor x, float value) {
        checks.floats("fill", "x", x, x.shape());
        check(panagan_h.panagan_fill(x.segment(), x.numel(), value, stream), "panagan_fill");
    }

    @Override
    public void scale(Tensor x, float alpha) {
        checks.floats("scale", "x", x, x.shape());
        check(panagan_h.panagan_scale(x.segment(), x.numel(), alpha, stream), "panagan_scale");
    }

    @Override
    public void axpy(Tensor x, Tensor y, float alpha) {
        checks.floats("axpy", "x", x, x.shape());
        checks.sameCount("axpy", "y", x, y);
        check(panagan_h.panagan_axpy(x.segment(), y.segment(), x.numel(), alpha, stream),
                "panagan_axpy");
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        checks.floats("copy", "src", src, src.shape());
        checks.sameCount("copy", "dst", src, dst);
        check(panagan_h.panagan_copy(src.segment(), dst.segment(), src.numel(), stream),
                "panagan_copy");
    }

    @Override
    public void sum(Tensor x, Tensor result) {
        checks.floats("sum", "x", x, x.shape());
        checks.scalar("sum", "result", result, DType.F32);
        check(panagan_h.panagan_sum(x.segment(), x.numel(), result.segment(), stream),
                "panagan_sum");
    }

    @Override
    public void mean(Tensor x, Tensor result) {
        checks.floats("mean", "x", x, x.shape());
        checks.scalar("mean", "result", result, DType.F32);
        check(panagan_h.panagan_mean(x.segment(), x.numel(), result.segment(), stream),
                "panagan_mean");
    }

    @Override
    public void countNonfinite(Tensor x, Tensor result) {
        checks.floats("countNonfinite", "x", x, x.shape());
        checks.scalar("countNonfinite", "result", result, DType.I32);
        check(panagan_h.panagan_count_nonfinite(x.segment(), x.numel(), result.segment(), stream),
                "panagan_count_nonfinite");
    }

    @Override
    public void gatherImages(Tensor images, Tensor indices, Tensor out) {
        checks.gather(images, indices, out);
        Shape s = images.shape();
        check(panagan_h.panagan_gather_images_u8(images.segment(), s.numel() / s.dim(0),
                s.dim(0), indices.segment(), indices.dim(0), out.segment(), stream),
                "panagan_gather_images_u8");
    }

    // ---------------------------------------------------------------------------------------
    // Pointers and status conversion (the argument checks are in ArgumentChecks)
    // ---------------------------------------------------------------------------------------

    private static MemorySegment orNull(Tensor t) {
        return t == null ? MemorySegment.NULL : t.segment();
    }

    private static MemorySegment workspaceSegment(Buffer workspace) {
        return workspace == null ? MemorySegment.NULL : workspace.segment();
    }

    private static long workspaceBytes(Buffer workspace) {
        return workspace == null ? 0 : workspace.byteSize();
    }

    /** Throws unless {@code status} is PANAGAN_OK. */
    private static void check(int status, String function) {
        if (status == panagan_h.PANAGAN_OK()) {
            return;
        }
        String cuda = null;
        if (status == panagan_h.PANAGAN_CUDA_ERROR()) {
            cuda = cudaErrorText(cuda_runtime_h.cudaPeekAtLastError());
        }
        throw new PanaganException(function, string(panagan_h.panagan_status_name(status)),
                string(panagan_h.panagan_last_error()) + simulatorDetail(), cuda);
    }

    private static long checkSize(long bytes, String function) {
        if (bytes < 0) {
            throw new PanaganException(function, "PANAGAN_INVALID_ARGUMENT",
                    string(panagan_h.panagan_last_error()));
        }
        return bytes;
    }

    /** Throws unless {@code error} is cudaSuccess, naming the call, the error and its text. */
    static void checkCuda(int error, String call) {
        if (error == cuda_runtime_h.cudaSuccess()) {
            return;
        }
        String name = string(cuda_runtime_h.cudaGetErrorName(error));
        String text = string(cuda_runtime_h.cudaGetErrorString(error)) + simulatorDetail();
        // The runtime also keeps the error as the thread's last one, which the next launcher's
        // check would read and blame on its kernel; it is reported here, so consume it.
        cuda_runtime_h.cudaGetLastError();
        throw new PanaganException(call, name, text, cudaErrorText(error));
    }

    private static String cudaErrorText(int error) {
        return string(cuda_runtime_h.cudaGetErrorName(error)) + " (" + error + "): "
                + string(cuda_runtime_h.cudaGetErrorString(error));
    }

    /** On the simulator, its reason for refusing a call and the last kernel fault it caught. */
    private static String simulatorDetail() {
        if (!NativeLibraries.isSimulator()) {
            return "";
        }
        String detail = string(gpusim_h.gpusim_last_error_detail());
        String fault = string(gpusim_h.gpusim_last_fault());
        return (detail.isEmpty() ? "" : "; simulator: " + detail)
                + (fault.isEmpty() ? "" : "; simulator fault: " + fault);
    }

    private static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "(null)"
                : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
