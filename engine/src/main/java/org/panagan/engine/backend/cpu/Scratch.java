package org.panagan.engine.backend.cpu;

/**
 * The cpu backend's scratch, all Java float arrays. Per worker thread: for the convolutions,
 * one big-side image, its phase planes, an im2col matrix and a stacked small side; for
 * batch-norm and the element-wise loops, four vectors (one channel of a batch, or one chunk).
 * Shared: the weight gradient's im2col matrix, stacked small side and partial sums, and the
 * transformed tiles and weights of {@link WinogradConv}. Loops over Java arrays are what the
 * JIT vectorises (the same loops over memory segments stay scalar), and sgemm
 * reads the matrices in place through a critical downcall ({@link Sgemm}); tensors move in and
 * out with bulk copies.
 *
 * <p>Arrays only grow, and only in {@link #reserve}, on the calling thread before any task
 * starts; tasks read them without locking (the hand-off in {@link CpuWorkers} publishes them).
 * The backend reserves for a layer when the engine asks for that layer's workspace size, which
 * it does once per batch size while planning, so training steps allocate nothing; a shape
 * never announced that way is reserved on its first call.
 */
public final class Scratch implements AutoCloseable {

    /** Floats each region needs (per worker: the first four; shared: the rest). */
    public record Needs(long image, long phase, long columns, long stacked, long sharedColumns,
                        long sharedStacked, long sharedPartials, long winogradBig,
                        long winogradSmall, long winogradWeight) {

        /** The im2col kernels' regions only. */
        public Needs(long image, long phase, long columns, long stacked, long sharedColumns,
                     long sharedStacked) {
            this(image, phase, columns, stacked, sharedColumns, sharedStacked, 0, 0, 0, 0);
        }
    }

    /** One worker's regions. */
    static final class Worker {
        float[] image = new float[0];
        float[] phase = new float[0];
        float[] columns = new float[0];
        float[] stacked = new float[0];
        float[] vectorA = new float[0];
        float[] vectorB = new float[0];
        float[] vectorC = new float[0];
        float[] vectorD = new float[0];
    }

    /** The most floats one region can hold: the largest Java array the JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final System.Logger LOG = System.getLogger(Scratch.class.getName());

    private final Worker[] workers;
    private float[] sharedColumns = new float[0];
    private float[] sharedStacked = new float[0];
    private float[] sharedPartials = new float[0];
    private float[] winogradBig = new float[0];
    private float[] winogradSmall = new float[0];
    private float[] winogradWeight = new float[0];

    public Scratch(int threads) {
        workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
        }
    }

    /** Grows every region to at least what {@code needs} asks. */
    public synchronized void reserve(Needs needs) {
        long before = bytes();
        for (Worker w : workers) {
            w.image = grown(w.image, needs.image());
            w.phase = grown(w.phase, needs.phase());
            w.columns = grown(w.columns, needs.columns());
            w.stacked = grown(w.stacked, needs.stacked());
        }
        sharedColumns = grown(sharedColumns, needs.sharedColumns());
        sharedStacked = grown(sharedStacked, needs.sharedStacked());
        sharedPartials = grown(sharedPartials, needs.sharedPartials());
        winogradBig = grown(winogradBig, needs.winogradBig());
        winogradSmall = grown(winogradSmall, needs.winogradSmall());
        winogradWeight = grown(winogradWeight, needs.winogradWeight());
        long after = bytes();
        if (after != before) {
            LOG.log(System.Logger.Level.DEBUG, () -> "cpu convolution scratch: " + after
                    + " bytes");
        }
    }

    private static float[] grown(float[] old, long floats) {
        if (floats <= old.length) {
            return old;
        }
        if (floats > MAX_ARRAY) {
            throw new IllegalArgumentException("a convolution needs " + floats
                    + " floats of scratch in one array; at most " + MAX_ARRAY
                    + " are possible (use a smaller batch)");
        }
        return new float[(int) floats];
    }

    /** Grows every worker's four vectors to at least {@code floats}. */
    public synchronized void reserveVectors(long floats) {
        for (Worker w : workers) {
            w.vectorA = grown(w.vectorA, floats);
            w.vectorB = grown(w.vectorB, floats);
            w.vectorC = grown(w.vectorC, floats);
            w.vectorD = grown(w.vectorD, floats);
        }
    }

    Worker worker(int w) {
        return workers[w];
    }

    float[] sharedColumns() {
        return sharedColumns;
    }

    float[] sharedStacked() {
        return sharedStacked;
    }

    float[] sharedPartials() {
        return sharedPartials;
    }

    float[] winogradBig() {
        return winogradBig;
    }

    float[] winogradSmall() {
        return winogradSmall;
    }

    float[] winogradWeight() {
        return winogradWeight;
    }

    /** Bytes held, all regions together. */
    public synchronized long bytes() {
        long floats = (long) sharedColumns.length + sharedStacked.length + sharedPartials.length
                + winogradBig.length
                + winogradSmall.length + winogradWeight.length;
        for (Worker w : workers) {
            floats += (long) w.image.length + w.phase.length + w.columns.length
                    + w.stacked.length + w.vectorA.length + w.vectorB.length + w.vectorC.length
                    + w.vectorD.length;
        }
        return floats * Float.BYTES;
    }

    /** Drops every region (the backend is closing); a second call does nothing. */
    @Override
    public synchronized void close() {
        for (Worker w : workers) {
            w.image = new float[0];
            w.phase = new float[0];
            w.columns = new float[0];
            w.stacked = new float[0];
            w.vectorA = new float[0];
            w.vectorB = new float[0];
            w.vectorC = new float[0];
            w.vectorD = new float[0];
        }
        sharedColumns = new float[0];
        sharedStacked = new float[0];
        sharedPartials = new float[0];
        winogradBig = new float[0];
        winogradSmall = new float[0];
        winogradWeight = new float[0];
    }
}
