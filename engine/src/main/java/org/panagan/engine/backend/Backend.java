package org.panagan.engine.backend;

import org.panagan.engine.tensor.DType;

import java.lang.foreign.MemorySegment;

import org.panagan.engine.tensor.Buffer;
import org.panagan.engine.tensor.Tensor;

/**
 * A place to run the model: memory plus the {@link Ops}. {@link NativeBackend} serves cuda and
 * sim (one Java code path over libpanagan_cuda.so or libpanagan_sim.so); {@link CpuBackend} is
 * Java with OpenBLAS. Open one with {@link Backends#open}.
 *
 * <p>Memory: {@link #allocate} gives a buffer where the ops run (device memory on cuda and sim,
 * host memory on cpu), its contents undefined; the caller owns it and closes it. Closing the
 * backend frees any buffer still open (and logs a warning naming it), then the stream.
 */
public sealed interface Backend extends Ops, AutoCloseable permits NativeBackend, CpuBackend {

    BackendKind kind();

    /** One line: the kind and what backs it (library paths, device name, threads). */
    String description();

    /** {@code bytes} of memory the ops can use, owned by the caller; 0 bytes is allowed. */
    Buffer allocate(long bytes, String label);

    /**
     * {@code bytes} of host memory Java can read and that {@link #copyAsync} can target without
     * waiting (pinned on cuda and sim; ordinary host memory on cpu).
     */
    Buffer allocateHost(long bytes, String label);

    /** Enqueues dst = src between any two buffers of this backend (same dtype and count). */
    void copyAsync(Tensor src, Tensor dst);

    /**
     * Copies {@code count} elements of {@code dtype} from host memory (a Java array's segment
     * or native memory) into {@code dst}, which must hold exactly that; returns when done.
     */
    void upload(MemorySegment host, long count, DType dtype, Tensor dst);

    /** Copies floats from Java into {@code dst}; returns when done. */
    default void upload(float[] src, Tensor dst) {
        upload(MemorySegment.ofArray(src), src.length, DType.F32, dst);
    }

    /** Copies longs from Java into an int64 tensor; returns when done. */
    default void upload(long[] src, Tensor dst) {
        upload(MemorySegment.ofArray(src), src.length, DType.I64, dst);
    }

    /**
     * Waits for the work enqueued so far, then copies {@code src}, which must hold exactly
     * {@code count} elements of {@code dtype}, into host memory.
     */
    void download(Tensor src, MemorySegment host, long count, DType dtype);

    /** Waits for the work enqueued so far, then copies {@code src} (float32) into {@code dst}. */
    default void download(Tensor src, float[] dst) {
        download(src, MemorySegment.ofArray(dst), dst.length, DType.F32);
    }

    /** Waits, then copies an int64 tensor into {@code dst}. */
    default void download(Tensor src, long[] dst) {
        download(src, MemorySegment.ofArray(dst), dst.length, DType.I64);
    }

    /** Waits, then copies an int32 tensor into {@code dst}. */
    default void download(Tensor src, int[] dst) {
        download(src, MemorySegment.ofArray(dst), dst.length, DType.I32);
    }

    /** Returns when all work enqueued so far is done; a kernel fault surfaces here. */
    void synchronize();

    /** Bytes free and in total where {@link #allocate} takes memory from. */
    MemoryInfo memoryInfo();

    /** True when {@link #capture} can record a graph here. */
    boolean supportsGraphCapture();

    /**
     * Records what {@code work} enqueues (ops and copies only: no allocation, no download, no
     * synchronize) as a graph to replay; nothing runs during the capture.
     *
     * @throws UnsupportedOperationException when {@link #supportsGraphCapture()} is false
     */
    CapturedGraph capture(Runnable work);

    /** Frees the buffers still open and the backend's own resources; a second call does nothing. */
    @Override
    void close();

    /** Free and total bytes of the memory {@link #allocate} uses. */
    record MemoryInfo(long freeBytes, long totalBytes) {
    }
}
