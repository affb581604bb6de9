package org.panagan.engine.data;

import java.util.List;
import java.util.Map;

/**
 * What preparing a dataset found.
 *
 * @param source     the folder, file or "builtin" it came from
 * @param read       images kept
 * @param skipped    files skipped, by reason
 * @param examples   the first few skipped files, each "path: reason"
 * @param fromCache  true when the images came from an up-to-date cache file
 */
public record DatasetReport(String source, int read, Map<SkipReason, Integer> skipped,
                            List<String> examples, boolean fromCache) {

    /** Why a file was not used. */
    public enum SkipReason {
        /** It could not be read (an I/O error, a broken link) or its decoder failed. */
        UNREADABLE,
        /** The data ends early (a cut download, a partly written file). */
        TRUNCATED,
        /** Its shorter side is under {@code Datasets.MIN_SIDE} pixels. */
        TOO_SMALL,
        /** No image reader recognises its content (a text file, garbage under an image name). */
        NOT_AN_IMAGE,
        /** Zero bytes long. */
        EMPTY,
        /** Over {@code Datasets.MAX_PIXELS} pixels or {@code Datasets.MAX_FILE_BYTES} bytes. */
        TOO_LARGE,
        /** A link to a folder already walked (a symlink loop); not followed. */
        LINK_LOOP
    }

    public DatasetReport {
        skipped = Map.copyOf(skipped);
        examples = List.copyOf(examples);
    }

    /** Files skipped for any reason. */
    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
