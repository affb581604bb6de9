package org.panagan.engine.tensor;

import java.util.Arrays;

/**
 * The extents of a tensor, outermost first; 4-D activations are [N, C, H, W] and conv weights
 * [C_out, C_in, K, K] (conv) or [C_in, C_out, K, K] (transposed conv), as in PyTorch.
 *
 * @param dims each extent, >= 0 (the array is copied in and out)
 */
public record Shape(int... dims) {

    public Shape {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims must name at least one extent");
        }
        dims = dims.clone();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("dims[" + i + "] = " + dims[i]
                        + " is out of range; allowed: 0 to " + Integer.MAX_VALUE);
            }
        }
    }

    /** A copy of the extents. */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** How many dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The extent of dimension {@code i}. */
    public int dim(int i) {
        return dims[i];
    }

    /** The number of elements (the product of the extents). */
    public long numel() {
        long n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The same shape with dimension 0 (the batch) set to {@code n}. */
    public Shape withBatch(int n) {
        int[] out = dims.clone();
        out[0] = n;
        return new Shape(out);
    }

    /** Row-major (C order) strides, in elements. */
    public long[] contiguousStrides() {
        long[] strides = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= dims[i];
        }
        return strides;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** "[2, 3, 16, 16]". */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
