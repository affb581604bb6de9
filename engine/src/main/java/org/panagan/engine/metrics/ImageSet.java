package org.panagan.engine.metrics;

/**
 * A set of images as the metrics take them: n images of C x S x S floats, NCHW, in one array
 * (which may be longer than n images; the rest is ignored). Checked once on entry so that every
 * later loop can trust the shape and that no value is NaN or infinite.
 */
record ImageSet(String name, float[] data, int count, int channels, int size) {

    ImageSet {
        if (data == null) {
            throw new IllegalArgumentException(name + " is missing (null)");
        }
        if (count < 1) {
            throw new IllegalArgumentException(name + ": count = " + count
                    + " is out of range; allowed: 1 or more images");
        }
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException(name + ": channels = " + channels
                    + " is out of range; allowed: 1 to 4");
        }
        if (size < 1) {
            throw new IllegalArgumentException(name + ": size = " + size
                    + " is out of range; allowed: 1 or more pixels");
        }
        long needed = (long) count * channels * size * size;
        if (data.length < needed) {
            throw new IllegalArgumentException(name + ": " + count + " images of " + channels
                    + " x " + size + " x " + size + " need " + needed + " floats; got "
                    + data.length);
        }
        for (int i = 0; i < needed; i++) {
            if (!Float.isFinite(data[i])) {
                int per = channels * size * size;
                throw new IllegalArgumentException(name + ": image " + i / per
                        + " holds a non-finite value (" + data[i] + ") at element " + i % per
                        + "; images must be finite, in [-1, 1]");
            }
        }
    }

    /** Floats per image. */
    int imageLength() {
        return channels * size * size;
    }

    /** Offset of image {@code i} in {@link #data()}. */
    int offset(int image) {
        return image * imageLength();
    }
}
