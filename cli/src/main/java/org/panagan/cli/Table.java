package org.panagan.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A two-column table of names and values, printed with the names padded to one width; a value
 * with several lines continues under the value column.
 */
final class Table {

    private final Map<String, String> rows = new LinkedHashMap<>();

    Table row(String name, Object value) {
        rows.put(name, String.valueOf(value));
        return this;
    }

    Map<String, String> rows() {
        return rows;
    }

    void print(PrintWriter out) {
        for (String line : lines()) {
            out.println(line);
        }
        out.flush();
    }

    List<String> lines() {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>();
        String indent = " ".repeat(width + 2);
        for (Map.Entry<String, String> row : rows.entrySet()) {
            String[] parts = row.getValue().split("\n", -1);
            out.add(String.format("%-" + width + "s  %s", row.getKey(), parts[0]));
            for (int i = 1; i < parts.length; i++) {
                out.add(indent + parts[i]);
            }
        }
        return out;
    }
}
