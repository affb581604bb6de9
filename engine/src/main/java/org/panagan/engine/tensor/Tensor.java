package org.panagan.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A view into a {@link Buffer}: element type, shape, strides and offset (both in elements). The
 * engine makes only contiguous (row-major) views, since every kernel takes dense NCHW tensors;
 * strides are kept so that a view says exactly what it covers. A tensor owns nothing: its
 * buffer's owner frees the memory.
 */
public final class Tensor {

    private final Buffer buffer;
    private final DType dtype;
    private final Shape shape;
    private final long[] strides;
    private final long offset;

    private Tensor(Buffer buffer, DType dtype, Shape shape, long[] strides, long offset) {
        long end = (offset + shape.numel()) * dtype.byteSize();
        if (offset < 0 || end > buffer.byteSize()) {
            throw new IllegalArgumentException("view " + dtype + shape + " at element " + offset
                    + " does not fit in " + buffer);
        }
        this.buffer = buffer;
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A contiguous view of {@code shape} at the start of {@code buffer}. */
    public static Tensor of(Buffer buffer, DType dtype, Shape shape) {
        return new Tensor(buffer, dtype, shape, shape.contiguousStrides(), 0);
    }

    /** A contiguous float view of {@code shape} at the start of {@code buffer}. */
    public static Tensor of(Buffer buffer, Shape shape) {
        return of(buffer, DType.F32, shape);
    }

    /** A contiguous view of {@code shape} starting {@code elementOffset} elements into this one. */
    public Tensor slice(long elementOffset, Shape shape) {
        requireContiguous("slice");
        if (elementOffset < 0 || elementOffset + shape.numel() > numel()) {
            throw new IllegalArgumentException("slice of " + shape + " at " + elementOffset
                    + " does not fit in " + this);
        }
        return new Tensor(buffer, dtype, shape, shape.contiguousStrides(), offset + elementOffset);
    }

    /** The same elements seen with another shape of the same element count. */
    public Tensor reshape(Shape to) {
        if (to.numel() != numel()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + to);
        }
        return slice(0, to);
    }

    /** The first {@code n} entries along dimension 0 (a smaller batch in the same memory). */
    public Tensor firstBatch(int n) {
        if (n < 0 || n > shape.dim(0)) {
            throw new IllegalArgumentException("batch " + n + " is out of range; allowed: 0 to "
                    + shape.dim(0) + " for " + this);
        }
        return slice(0, shape.withBatch(n));
    }

    public Buffer buffer() {
        return buffer;
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    /** Extent of dimension {@code i}. */
    public int dim(int i) {
        return shape.dim(i);
    }

    /** Strides in elements (a copy). */
    public long[] strides() {
        return strides.clone();
    }

    /** Offset into the buffer, in elements. */
    public long offset() {
        return offset;
    }

    public long numel() {
        return shape.numel();
    }

    public long byteSize() {
        return numel() * dtype.byteSize();
    }

    public Location location() {
        return buffer.location();
    }

    public boolean isContiguous() {
        return Arrays.equals(strides, shape.contiguousStrides());
    }

    /**
     * For backends only: the memory of this view. For host buffers a slice of exactly
     * {@link #byteSize()} bytes; for device buffers a zero-length segment at the device address.
     */
    public MemorySegment segment() {
        MemorySegment base = buffer.segment();
        long byteOffset = offset * dtype.byteSize();
        if (buffer.location() == Location.DEVICE) {
            return MemorySegment.ofAddress(base.address() + byteOffset);
        }
        return base.asSlice(byteOffset, byteSize());
    }

    private void requireContiguous(String what) {
        if (!isContiguous()) {
            throw new IllegalStateException(what + " of a non-contiguous view " + this);
        }
    }

    /** "F32[2, 3, 16, 16] @12 in Buffer[...]". */
    @Override
    public String toString() {
        return dtype + shape.toString() + " @" + offset + " in " + buffer;
    }
}
