package org.panagan.engine.data;

import java.nio.file.Path;

import org.panagan.engine.Checks;

/**
 * What to train on.
 *
 * @param source    "builtin", an image folder (flat or nested), or an MNIST-format IDX file
 * @param imageSize side of the square images training sees: 32, 64 or 128
 * @param limit     use only the first {@code limit} images (in a stable order); 0 for all
 * @param cacheDir  where the prepared uint8 cache lives (never inside the source folder)
 */
public record DataSpec(String source, int imageSize, int limit, Path cacheDir) {

    /** The source name that selects the built-in procedural dataset. */
    public static final String BUILTIN = "builtin";

    public DataSpec {
        Checks.present("source", source);
        Checks.inRange("imageSize", imageSize, 8, 1024);
        Checks.inRange("limit", limit, 0, Integer.MAX_VALUE);
        Checks.present("cacheDir", cacheDir);
    }
}
