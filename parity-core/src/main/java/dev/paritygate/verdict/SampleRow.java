package dev.paritygate.verdict;

import java.util.List;

/**
 * One mismatching row kept in the {@code samples} table, with masked columns already replaced.
 *
 * @param kind {@code only_in_left}, {@code only_in_right} or {@code mismatched}
 * @param key the key values as JSON
 * @param columns the columns that differ (empty for one-sided rows)
 * @param leftRow the left row as JSON, null when absent
 * @param rightRow the right row as JSON, null when absent
 */
public record SampleRow(String kind, String key, List<String> columns, String leftRow, String rightRow) {
    public SampleRow {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
