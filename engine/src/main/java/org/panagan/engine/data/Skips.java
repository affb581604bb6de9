package org.panagan.engine.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.panagan.engine.data.DatasetReport.SkipReason;

/** Files left out while preparing, counted by reason, with the first few as examples. */
final class Skips {

    /** How many "path: reason" examples the report keeps. */
    static final int EXAMPLES = 10;

    private final Map<SkipReason, Integer> counts = new EnumMap<>(SkipReason.class);
    private final List<String> examples = new ArrayList<>();

    void add(String path, SkipReason reason, String detail) {
        counts.merge(reason, 1, Integer::sum);
        if (examples.size() < EXAMPLES) {
            examples.add(path + ": " + reason + " (" + detail + ")");
        }
    }

    Map<SkipReason, Integer> counts() {
        return counts;
    }

    List<String> examples() {
        return examples;
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
