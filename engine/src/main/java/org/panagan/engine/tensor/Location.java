package org.panagan.engine.tensor;

/** Where a buffer's bytes live, which decides who may read them directly. */
public enum Location {
    /** Device memory (cudaMalloc): only kernels and copies touch it. */
    DEVICE,
    /** Page-locked host memory (cudaMallocHost): the target of asynchronous copies. */
    PINNED_HOST,
    /** Ordinary host memory, read and written by Java (the cpu backend's tensors). */
    HOST
}
