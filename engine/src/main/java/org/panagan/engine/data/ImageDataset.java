package org.panagan.engine.data;

/**
 * A prepared dataset: {@link #count()} images of {@link #channels()} x {@link #imageSize()} x
 * {@link #imageSize()} pixels, decoded once and kept as uint8 (memory-mapped from the cache
 * file where there is one), handed to training as float batches in [-1, 1].
 *
 * <p>Opened by {@link Datasets#open}; closing releases the mapping and is harmless twice.
 */
public interface ImageDataset extends AutoCloseable {

    /** Images in the dataset (after any limit). */
    int count();

    /** 1 for grayscale data, 3 for colour. */
    int channels();

    /** Side of the square images, in pixels. */
    int imageSize();

    /**
     * Copies images {@code order[from]} .. {@code order[from + n - 1]} into {@code dst} as
     * n x C x S x S floats in [-1, 1] (NCHW, pixel p mapped to p / 127.5 - 1), from index 0.
     */
    void copyBatch(int[] order, int from, int n, float[] dst);

    /** What was read and what was skipped, and why. */
    DatasetReport report();

    /** One line naming the source: "builtin food (3000 images, seed 7)", "/data/x (1000 ...)". */
    String description();

    @Override
    void close();
}
