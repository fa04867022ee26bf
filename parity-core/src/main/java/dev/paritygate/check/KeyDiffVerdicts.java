package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.MismatchTolerance;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.List;

/**
 * {@code key_diff}: rows only on one side, mismatched rows, duplicate and null keys. Each metric row
 * carries its count in {@code difference} and the sides' total rows in {@code left_value} and
 * {@code right_value}.
 */
public final class KeyDiffVerdicts {
    public static final String CHECK = "key_diff";

    private KeyDiffVerdicts() {}

    /** {@link #evaluate(Checks.KeyDiffCheck, SideProfile, SideProfile, KeyDiffCounts, boolean)} with no column tolerance. */
    public static List<Verdict> evaluate(
            Checks.KeyDiffCheck check, SideProfile left, SideProfile right, KeyDiffCounts c) {
        return evaluate(check, left, right, c, true);
    }

    /**
     * The key diff's metric rows.
     *
     * @param wholeRowsExact whether comparing whole canonical rows is the comparison the rule asks
     *     for: no compared column has a numeric or time tolerance. A duplicated key's rows are
     *     compared that way (which of its rows should meet which is undefined), so with a tolerance
     *     a key counted in {@link KeyDiffCounts#duplicateKeysDiffering()} may differ only within it:
     *     its row then warns, and it is not counted among the differing rows the tolerance judges.
     */
    public static List<Verdict> evaluate(
            Checks.KeyDiffCheck check, SideProfile left, SideProfile right, KeyDiffCounts c, boolean wholeRowsExact) {
        boolean blocking = check.severity().blocking();
        Status fail = blocking ? Status.FAIL : Status.WARN;
        MismatchTolerance tolerance = check.mismatchTolerance();
        long rowsDiffering = c.rowsDiffering() + (wholeRowsExact ? c.duplicateKeysDiffering() : 0);
        DifferingRows differing = DifferingRows.judge(tolerance, rowsDiffering, Math.max(left.rows(), right.rows()));
        boolean rowsOk = differing.tolerated();
        String rowTol = tolerance.describe();
        // Within the tolerance but over the band: the differing rows are a WARN, not a PASS.
        String overBand = differing.overBand();
        String scopeNote = c.grainsExamined() == c.grainsTotal()
                ? Counted.all(c.grainsTotal(), "segment", "segments") + " examined"
                : c.grainsExamined() + " of " + Counted.of(c.grainsTotal(), "segment", "segments")
                        + " examined (the rest have equal fingerprints)";
        List<Object> detail = new java.util.ArrayList<>(List.of(
                "mode", check.mode().name().toLowerCase(java.util.Locale.ROOT),
                "segments_examined", c.grainsExamined(),
                "segments_read_whole", c.grainsReadWhole(),
                "segments_read_keys_only", c.grainsKeysOnly(),
                "segments_total", c.grainsTotal(),
                "rows_differing", rowsDiffering,
                "allowed", differing.allowed()));
        if (differing.warnAllowed() != null) {
            detail.addAll(List.of("warn_allowed", differing.warnAllowed()));
        }
        String details = Details.of(detail.toArray());
        String l = Long.toString(left.rows());
        String r = Long.toString(right.rows());
        String dupTol = check.allowDuplicates() ? "duplicates allowed" : "no duplicate keys";
        return List.of(
                row(
                        "rows_only_in_left",
                        overBand,
                        c.rowsOnlyInLeft(),
                        rowsOk,
                        fail,
                        blocking,
                        l,
                        r,
                        rowTol,
                        "row whose key is missing on the right; " + scopeNote,
                        "rows whose key is missing on the right; " + scopeNote,
                        details),
                row(
                        "rows_only_in_right",
                        overBand,
                        c.rowsOnlyInRight(),
                        rowsOk,
                        fail,
                        blocking,
                        l,
                        r,
                        rowTol,
                        "row whose key is missing on the left; " + scopeNote,
                        "rows whose key is missing on the left; " + scopeNote,
                        details),
                row(
                        "rows_mismatched",
                        overBand,
                        c.rowsMismatched(),
                        rowsOk,
                        fail,
                        blocking,
                        l,
                        r,
                        rowTol,
                        "key on both sides whose rows differ beyond tolerance; " + scopeNote,
                        "keys on both sides whose rows differ beyond tolerance; " + scopeNote,
                        details),
                row(
                        "duplicate_keys_left",
                        null,
                        c.duplicateKeysLeft(),
                        check.allowDuplicates(),
                        fail,
                        blocking,
                        l,
                        r,
                        dupTol,
                        "key that occurs more than once on the left",
                        "keys that occur more than once on the left",
                        details),
                row(
                        "duplicate_keys_right",
                        null,
                        c.duplicateKeysRight(),
                        check.allowDuplicates(),
                        fail,
                        blocking,
                        l,
                        r,
                        dupTol,
                        "key that occurs more than once on the right",
                        "keys that occur more than once on the right",
                        details),
                duplicatesDiffering(
                        c.duplicateKeysDiffering(),
                        wholeRowsExact,
                        overBand,
                        rowsOk,
                        fail,
                        blocking,
                        l,
                        r,
                        rowTol,
                        details),
                nullKeys(check, left, right).get(0),
                nullKeys(check, left, right).get(1));
    }

    /**
     * {@code duplicate_keys_differing}: judged with the differing rows when whole rows are the
     * rule's comparison, else a warning that names why it cannot tell.
     */
    private static Verdict duplicatesDiffering(
            long value,
            boolean wholeRowsExact,
            String overBand,
            boolean rowsOk,
            Status fail,
            boolean blocking,
            String l,
            String r,
            String rowTol,
            String details) {
        String one = "key on both sides, duplicated, whose rows differ";
        String many = "keys on both sides, duplicated, whose rows differ";
        if (wholeRowsExact) {
            return row(
                    "duplicate_keys_differing",
                    overBand,
                    value,
                    rowsOk,
                    fail,
                    blocking,
                    l,
                    r,
                    rowTol,
                    one,
                    many,
                    details);
        }
        String inexact = " (compared as whole rows: the columns' tolerances do not apply within a duplicated key)";
        return row(
                "duplicate_keys_differing",
                null,
                value,
                false,
                Status.WARN,
                blocking,
                l,
                r,
                "whole rows equal",
                one + inexact,
                many + inexact,
                details);
    }

    /** The two null-key rows: exact in every mode, counted by the single pass over each side. */
    public static List<Verdict> nullKeys(Checks.KeyDiffCheck check, SideProfile left, SideProfile right) {
        boolean blocking = check.severity().blocking();
        Status fail = blocking ? Status.FAIL : Status.WARN;
        String l = Long.toString(left.rows());
        String r = Long.toString(right.rows());
        return List.of(
                row(
                        "null_keys_left",
                        null,
                        left.nullKeys(),
                        false,
                        fail,
                        blocking,
                        l,
                        r,
                        "no null keys",
                        "row with NULL in a key column on the left: never matched",
                        "rows with NULL in a key column on the left: never matched",
                        null),
                row(
                        "null_keys_right",
                        null,
                        right.nullKeys(),
                        false,
                        fail,
                        blocking,
                        l,
                        r,
                        "no null keys",
                        "row with NULL in a key column on the right: never matched",
                        "rows with NULL in a key column on the right: never matched",
                        null));
    }

    /**
     * One metric row. {@code overBand}, when not null, is why a tolerated non-zero count is a WARN.
     */
    private static Verdict row(
            String metric,
            String overBand,
            long value,
            boolean tolerated,
            Status fail,
            boolean blocking,
            String l,
            String r,
            String tolerance,
            String one,
            String many,
            String details) {
        Status status = DifferingRows.status(value, tolerated, overBand, fail);
        String m = value == 0
                ? "none: " + many
                : Counted.of(value, one, many) + (tolerated ? DifferingRows.toleratedSuffix(overBand) : "");
        return new Verdict(
                CHECK, Verdict.TABLE_SCOPE, metric, status, blocking, l, r, (double) value, tolerance, m, details);
    }
}
