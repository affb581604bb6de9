package org.panagan.bindings.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A float tensor placed {@code offset} floats into its own device allocation. Offset 0 is the
 * aligned case every cudaMalloc'd buffer gives; offset 1 breaks 16-byte alignment, which sends
 * the element-wise kernels down their scalar path instead of the float4 one. The floats before
 * the tensor hold poison, and a download fails if a kernel wrote over them.
 */
final class DeviceSlice implements AutoCloseable {

    /** What cudaMemset(0xFF) leaves in each float: a NaN. */
    private static final int POISON_BITS = 0xFFFFFFFF;

    private final DeviceBuffer buffer;
    private final int offset;
    private final int count;

    private DeviceSlice(int count, int offset) {
        this.buffer = DeviceBuffer.floats((long) count + offset);
        this.offset = offset;
        this.count = count;
    }

    /** {@code count} floats of poison (NaN). */
    static DeviceSlice poisoned(int count, int offset) {
        return new DeviceSlice(count, offset);
    }

    /** A device copy of {@code values}. */
    static DeviceSlice of(float[] values, int offset) {
        DeviceSlice slice = new DeviceSlice(values.length, offset);
        slice.upload(values);
        return slice;
    }

    /** The tensor's first float, to pass to a panagan function. */
    MemorySegment ptr() {
        MemorySegment base = buffer.ptr();
        return offset == 0 ? base : MemorySegment.ofAddress(base.address() + 4L * offset);
    }

    int count() {
        return count;
    }

    float[] download() {
        float[] all = buffer.toFloatArray();
        for (int i = 0; i < offset; i++) {
            assertEquals(POISON_BITS, Float.floatToRawIntBits(all[i]),
                    "a kernel wrote " + (offset - i) + " floats before the start of its tensor");
        }
        return Arrays.copyOfRange(all, offset, offset + count);
    }

    void upload(float[] values) {
        if (values.length != count) {
            throw new IllegalArgumentException(values.length + " values for a slice of " + count);
        }
        float[] all = new float[offset + count];
        Arrays.fill(all, 0, offset, Float.intBitsToFloat(POISON_BITS));
        System.arraycopy(values, 0, all, offset, count);
        buffer.upload(all);
    }

    void poison() {
        buffer.poison();
    }

    @Override
    public void close() {
        buffer.close();
    }
}
