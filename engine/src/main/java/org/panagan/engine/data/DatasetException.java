package org.panagan.engine.data;

/**
 * A dataset that cannot be used: a missing path, a folder without one usable image, a file that
 * is neither an image folder nor an IDX image file, a cache folder that cannot be written. The
 * message names the path and ends with a {@code hint:} saying what to do instead.
 */
public final class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What {@code --data} accepts; the hint most failures end with. */
    static final String HINT = "hint: point --data at a folder of JPEG/PNG images, an IDX image "
            + "file (e.g. train-images-idx3-ubyte.gz), or use builtin";

    DatasetException(String message) {
        super(message);
    }

    DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
