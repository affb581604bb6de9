package org.panagan.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The owner of one native allocation (device memory, pinned host memory, or host memory of the
 * cpu backend). Tensors are views into it; it frees the memory on {@link #close()}, once: a
 * second close does nothing. Backends make buffers; the engine's plans own them.
 */
public final class Buffer implements AutoCloseable {

    /** How the backend that made a buffer frees it; called at most once. */
    @FunctionalInterface
    public interface Releaser {
        void release(MemorySegment segment);
    }

    private final MemorySegment segment;
    private final long byteSize;
    private final Location location;
    private final String label;
    private final Object owner;
    private final Releaser releaser;
    private boolean closed;

    private Buffer(MemorySegment segment, long byteSize, Location location, String label,
                   Object owner, Releaser releaser) {
        this.segment = segment;
        this.byteSize = byteSize;
        this.location = location;
        this.label = label;
        this.owner = owner;
        this.releaser = releaser;
    }

    /**
     * For backends: wraps memory they allocated.
     *
     * @param segment  the memory: a host segment of {@code byteSize} bytes, or for device memory
     *                 a segment whose address is the device pointer (its length is not used)
     * @param owner    the backend that made it (tensors are checked against it)
     * @param releaser frees the memory; called once, by the first {@link #close()}
     */
    public static Buffer wrap(MemorySegment segment, long byteSize, Location location,
                              String label, Object owner, Releaser releaser) {
        if (byteSize < 0) {
            throw new IllegalArgumentException("byteSize = " + byteSize
                    + " is out of range; allowed: 0 to " + Long.MAX_VALUE);
        }
        return new Buffer(Objects.requireNonNull(segment), byteSize,
                Objects.requireNonNull(location),
                Objects.requireNonNull(label), Objects.requireNonNull(owner),
                Objects.requireNonNull(releaser));
    }

    /** For backends only: the memory, to hand to a kernel or a copy. */
    public MemorySegment segment() {
        ensureOpen();
        return segment;
    }

    public long byteSize() {
        return byteSize;
    }

    public Location location() {
        return location;
    }

    /** What the memory is for, e.g. "G parameters"; shown in errors and logs. */
    public String label() {
        return label;
    }

    /** The backend that made it. */
    public Object owner() {
        return owner;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frees the memory; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        releaser.release(segment);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("buffer '" + label + "' used after close()");
        }
    }

    @Override
    public String toString() {
        return "Buffer[" + label + ", " + byteSize + " bytes, " + location
                + (closed ? ", closed]" : "]");
    }
}
