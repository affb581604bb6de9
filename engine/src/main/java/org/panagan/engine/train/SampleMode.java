package org.panagan.engine.train;

/**
 * How batch-norm normalises when the generator makes samples. Neither mode changes the running
 * statistics.
 */
public enum SampleMode {
    /**
     * The statistics of the batch being generated, as main.py gets (it never calls eval()):
     * each sample depends on the others in its batch of up to the planned batch size.
     */
    BATCH_STATISTICS,
    /** The running statistics training accumulated (PyTorch's eval()); samples independent. */
    RUNNING_STATISTICS
}
