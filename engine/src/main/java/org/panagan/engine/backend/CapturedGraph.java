package org.panagan.engine.backend;

/**
 * A recorded sequence of operations that replays as one launch (a CUDA graph). Closing it frees
 * the graph; a second close does nothing.
 */
public interface CapturedGraph extends AutoCloseable {

    /** Enqueues one replay on the backend's stream. */
    void launch();

    @Override
    void close();
}
