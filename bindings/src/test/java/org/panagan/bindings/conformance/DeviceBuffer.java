package org.panagan.bindings.conformance;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;

import org.panagan.bindings.cuda_runtime_h;

/**
 * Device memory for one test: cudaMalloc'd through {@link cuda_runtime_h}, filled with 0xFF
 * bytes (a NaN in every float, -1 in every integer) so that elements a kernel fails to write
 * show up in the comparison. Downloads are synchronous (cudaMemcpy), so they also wait for the
 * kernels enqueued before them on the legacy default stream.
 */
final class DeviceBuffer implements AutoCloseable {

    /** The byte cudaMemset writes to poison: 0xFFFFFFFF is a quiet NaN as a float. */
    private static final int POISON_BYTE = 0xFF;

    private final MemorySegment ptr;
    private final long byteSize;
    private boolean closed;

    private DeviceBuffer(MemorySegment ptr, long byteSize) {
        this.ptr = ptr;
        this.byteSize = byteSize;
    }

    /** {@code count} floats of poison. */
    static DeviceBuffer floats(long count) {
        return allocate(count, JAVA_FLOAT);
    }

    /** A device copy of {@code values}. */
    static DeviceBuffer of(float[] values) {
        DeviceBuffer buffer = floats(values.length);
        buffer.upload(values);
        return buffer;
    }

    /** {@code count} bytes of poison, e.g. a workspace; 0 bytes is MemorySegment.NULL. */
    static DeviceBuffer bytes(long count) {
        return allocate(count, ValueLayout.JAVA_BYTE);
    }

    /** A device copy of {@code values} (int64_t), e.g. Adam's step counter. */
    static DeviceBuffer ofLongs(long... values) {
        DeviceBuffer buffer = allocate(values.length, JAVA_LONG);
        buffer.write(MemorySegment.ofArray(values));
        return buffer;
    }

    /** A device copy of {@code values} (uint8_t), e.g. a dataset's pixels. */
    static DeviceBuffer ofBytes(byte[] values) {
        DeviceBuffer buffer = allocate(values.length, ValueLayout.JAVA_BYTE);
        buffer.write(MemorySegment.ofArray(values));
        return buffer;
    }

    /** A device copy of {@code values} (int32_t), e.g. a batch's image indices. */
    static DeviceBuffer ofInts(int... values) {
        DeviceBuffer buffer = allocate(values.length, JAVA_INT);
        buffer.write(MemorySegment.ofArray(values));
        return buffer;
    }

    /** {@code count} int32 of poison (-1 each). */
    static DeviceBuffer ints(long count) {
        return allocate(count, JAVA_INT);
    }

    private static DeviceBuffer allocate(long count, ValueLayout element) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Target.assumeAvailable();
        long bytes = Math.multiplyExact(count, element.byteSize());
        if (bytes == 0) {
            return new DeviceBuffer(MemorySegment.NULL, 0);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            Native.checkCuda(cuda_runtime_h.cudaMalloc(out, bytes), "cudaMalloc(" + bytes + ")");
            DeviceBuffer buffer = new DeviceBuffer(out.get(ADDRESS, 0), bytes);
            buffer.poison();
            return buffer;
        }
    }

    /** The device address, to pass to a panagan function. */
    MemorySegment ptr() {
        ensureOpen();
        return ptr;
    }

    long byteSize() {
        return byteSize;
    }

    float[] toFloatArray() {
        return read(JAVA_FLOAT, host -> host.toArray(JAVA_FLOAT));
    }

    long[] toLongArray() {
        return read(JAVA_LONG, host -> host.toArray(JAVA_LONG));
    }

    int[] toIntArray() {
        return read(JAVA_INT, host -> host.toArray(JAVA_INT));
    }

    /** Copies {@code values} over the whole buffer, which must hold exactly that many floats. */
    void upload(float[] values) {
        write(MemorySegment.ofArray(values));
    }

    /** 0xFF bytes again, e.g. before a second call into the same output. */
    void poison() {
        ensureOpen();
        if (byteSize > 0) {
            Native.checkCuda(cuda_runtime_h.cudaMemset(ptr, POISON_BYTE, byteSize), "cudaMemset");
        }
    }

    /** cudaFree; a second close does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (byteSize > 0) {
            Native.checkCuda(cuda_runtime_h.cudaFree(ptr), "cudaFree");
        }
    }

    private void write(MemorySegment host) {
        ensureOpen();
        if (host.byteSize() != byteSize) {
            throw new IllegalArgumentException("upload of " + host.byteSize()
                    + " bytes into a device buffer of " + byteSize + " bytes");
        }
        if (byteSize == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(byteSize, 16);
            staging.copyFrom(host);
            Native.checkCuda(cuda_runtime_h.cudaMemcpy(ptr, staging, byteSize,
                    cuda_runtime_h.cudaMemcpyHostToDevice()), "cudaMemcpy(host to device)");
        }
    }

    /** Downloads the whole buffer into host scratch and converts it while the scratch lives. */
    private <T> T read(ValueLayout element, Function<MemorySegment, T> convert) {
        ensureOpen();
        if (byteSize % element.byteSize() != 0) {
            throw new IllegalStateException(byteSize + " bytes is not a whole number of "
                    + element.carrier().getSimpleName());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(Math.max(byteSize, 1), 16);
            if (byteSize > 0) {
                Native.checkCuda(cuda_runtime_h.cudaMemcpy(host, ptr, byteSize,
                        cuda_runtime_h.cudaMemcpyDeviceToHost()), "cudaMemcpy(device to host)");
            }
            return convert.apply(host.asSlice(0, byteSize));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("device buffer used after close()");
        }
    }
}
