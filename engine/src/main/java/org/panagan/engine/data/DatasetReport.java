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
    public enum SkipReason { UNREADABLE, TRUNCATED, TOO_SMALL, NOT_AN_IMAGE }

    public DatasetReport {
        skipped = Map.copyOf(skipped);
        examples = List.copyOf(examples);
    }

    /** Files skipped for any reason. */
    public int skippedTotal() {
        return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }
}
