package dev.paritygate.check;

import java.util.Map;

/**
 * Exact counts of the key-level diff.
 *
 * @param rowsOnlyInLeft rows whose key is absent on the right
 * @param rowsOnlyInRight rows whose key is absent on the left
 * @param rowsMismatched keys on both sides whose rows differ beyond tolerance in at least one column
 * @param duplicateKeysLeft keys that occur more than once on the left
 * @param duplicateKeysRight keys that occur more than once on the right
 * @param duplicateKeysDiffering keys on both sides, more than once on at least one, whose rows are
 *     not the same rows on the two sides: a different number of rows, or a row of one side that the
 *     other side does not have as often (compared as whole canonical rows, without tolerances)
 * @param columnMismatches per compared column, rows (with a key on both sides) where it differs
 * @param grainsExamined grains the diff looked at (all when not pruned)
 * @param grainsReadWhole of those, grains whose every row was read (the others' digests named
 *     their differing keys, and only those keys' rows were read)
 * @param grainsKeysOnly of those, grains whose differing keys were read by their key columns
 *     alone: every difference there is one-sided, so no value needs comparing
 * @param grainsTotal grains on either side
 */
public record KeyDiffCounts(
        long rowsOnlyInLeft,
        long rowsOnlyInRight,
        long rowsMismatched,
        long duplicateKeysLeft,
        long duplicateKeysRight,
        long duplicateKeysDiffering,
        Map<String, Long> columnMismatches,
        long grainsExamined,
        long grainsReadWhole,
        long grainsKeysOnly,
        long grainsTotal) {
    public KeyDiffCounts {
        columnMismatches = Map.copyOf(columnMismatches);
    }

    /** Counts with no duplicated key whose rows differ between the sides. */
    public KeyDiffCounts(
            long rowsOnlyInLeft,
            long rowsOnlyInRight,
            long rowsMismatched,
            long duplicateKeysLeft,
            long duplicateKeysRight,
            Map<String, Long> columnMismatches,
            long grainsExamined,
            long grainsReadWhole,
            long grainsKeysOnly,
            long grainsTotal) {
        this(
                rowsOnlyInLeft,
                rowsOnlyInRight,
                rowsMismatched,
                duplicateKeysLeft,
                duplicateKeysRight,
                0,
                columnMismatches,
                grainsExamined,
                grainsReadWhole,
                grainsKeysOnly,
                grainsTotal);
    }

    /** Rows that differ in any way: only on one side, or mismatched. */
    public long rowsDiffering() {
        return rowsOnlyInLeft + rowsOnlyInRight + rowsMismatched;
    }
}
