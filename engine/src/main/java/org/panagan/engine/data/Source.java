package org.panagan.engine.data;

import java.io.IOException;

/** Where images come from: a folder, an IDX file or the built-in generator. */
interface Source {

    /** What names the cache file with the size and limit: the absolute path or "builtin". */
    String identity();

    /** Changes whenever the images it would give change (contents, size, limit, transform). */
    byte[] fingerprint(int size, int limit) throws IOException;

    /** Writes the images, in their stable order, at most limit of them (0: all). */
    Prepared prepare(int size, int limit, CacheFile.Writer out) throws IOException;

    /** What {@link #prepare} wrote. */
    record Prepared(int channels, int count, Skips skips) {
    }
}
