package org.panagan.engine.data;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

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
     * n x C x S x S floats in [-1, 1] (NCHW, pixel p mapped to p / 127.5f - 1 in float
     * arithmetic), from index 0.
     */
    void copyBatch(int[] order, int from, int n, float[] dst);

    /**
     * The images as stored, count x C x S x S bytes (NCHW), read-only, for a trainer that keeps
     * the whole dataset on its device; empty where the dataset has no such bytes at hand.
     */
    default Optional<MemorySegment> pixels() {
        return Optional.empty();
    }

    /** What was read and what was skipped, and why. */
    DatasetReport report();

    /** One line naming the source: "builtin food (3000 images, seed 7)", "/data/x (1000 ...)". */
    String description();

    @Override
    void close();
}
