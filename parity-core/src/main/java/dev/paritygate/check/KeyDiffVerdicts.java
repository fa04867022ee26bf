package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * {@code key_diff}: rows only on one side, mismatched rows, duplicate and null keys. Each metric row
 * carries its count in {@code difference} and the sides' total rows in {@code left_value} and
 * {@code right_value}.
 */
public final class KeyDiffVerdicts {
    public static final String CHECK = "key_diff";

    private KeyDiffVerdicts() {}

    public static List<Verdict> evaluate(
            Checks.KeyDiffCheck check, SideProfile left, SideProfile right, KeyDiffCounts c) {
        boolean blocking = check.severity().blocking();
        Status fail = blocking ? Status.FAIL : Status.WARN;
        long larger = Math.max(left.rows(), right.rows());
        long allowedByRate = check.maxMismatchRate()
                .multiply(BigDecimal.valueOf(larger))
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        long allowed = Math.max(check.maxMismatchCount(), allowedByRate);
        boolean rowsOk = c.rowsDiffering() <= allowed;
        String rowTol = tolerance(check);
        Long warnAllowed = check.hasWarnBand() ? warnAllowed(check, larger) : null;
        // Within the tolerance but over the band: the differing rows are a WARN, not a PASS.
        String overBand = rowsOk && warnAllowed != null && c.rowsDiffering() > warnAllowed
                ? "within tolerance but over the warn band: " + c.rowsDiffering() + " rows differ, the band allows "
                        + warnAllowed
                : null;
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
                "rows_differing", c.rowsDiffering(),
                "allowed", allowed));
        if (warnAllowed != null) {
            detail.addAll(List.of("warn_allowed", warnAllowed));
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
                nullKeys(check, left, right).get(0),
                nullKeys(check, left, right).get(1));
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

    /** The differing-rows tolerance text, with the warn band when the rule has one: verdicts and {@code --explain}. */
    public static String tolerance(Checks.KeyDiffCheck check) {
        String tol = "count<=" + check.maxMismatchCount() + " rate<="
                + check.maxMismatchRate().toPlainString();
        return check.hasWarnBand()
                ? tol + ", warn beyond count<=" + check.warnMismatchCount() + " rate<="
                        + check.warnMismatchRate().toPlainString()
                : tol;
    }

    /** Differing rows the warn band allows: {@code max(count, floor(rate * larger side))}. */
    static long warnAllowed(Checks.KeyDiffCheck check, long larger) {
        long byRate = check.warnMismatchRate()
                .multiply(BigDecimal.valueOf(larger))
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Math.max(check.warnMismatchCount(), byRate);
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
        Status status = value == 0 ? Status.PASS : tolerated ? overBand == null ? Status.PASS : Status.WARN : fail;
        String m = value == 0
                ? "none: " + many
                : Counted.of(value, one, many)
                        + (!tolerated ? "" : overBand == null ? " (within tolerance)" : " (" + overBand + ")");
        return new Verdict(
                CHECK, Verdict.TABLE_SCOPE, metric, status, blocking, l, r, (double) value, tolerance, m, details);
    }
}
