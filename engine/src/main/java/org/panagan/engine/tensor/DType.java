package org.panagan.engine.tensor;

/**
 * Element types a tensor can hold: float32 data, int32 counts and indices, int64 counters (Adam's
 * step), uint8 pixels (a dataset kept on the device).
 */
public enum DType {
    F32(4), I32(4), I64(8), U8(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }
}
