package dev.paritygate.verdict;

import java.util.List;

/**
 * One mismatching row kept in the {@code samples} table, with masked columns already replaced.
 *
 * @param kind {@code mismatched}, {@code duplicate_differing} (a key counted in {@code
 *     duplicate_keys_differing}), {@code only_in_left} or {@code only_in_right}
 * @param key the key values as JSON
 * @param columns the columns that differ (empty for the other kinds)
 * @param leftRow the left row as JSON, null when absent; for {@code duplicate_differing} the left
 *     side's rows of the key as {@code {"rows":n}}
 * @param rightRow the right row as JSON, null when absent; for {@code duplicate_differing} as the
 *     left's
 */
public record SampleRow(String kind, String key, List<String> columns, String leftRow, String rightRow) {
    /** A key on both sides whose row differs in a compared column. */
    public static final String MISMATCHED = "mismatched";
    /** A key on the left side only. */
    public static final String ONLY_IN_LEFT = "only_in_left";
    /** A key on the right side only. */
    public static final String ONLY_IN_RIGHT = "only_in_right";
    /** A key counted in {@code duplicate_keys_differing}. */
    public static final String DUPLICATE_DIFFERING = "duplicate_differing";

    public SampleRow {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }
}
