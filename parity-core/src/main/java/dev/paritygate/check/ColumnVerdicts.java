package dev.paritygate.check;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.MismatchTolerance;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code column:<name>}: rows, among keys present once on both sides, where the column differs. The
 * count is judged like {@code key_diff}'s differing rows: against the column's mismatch tolerance
 * and warn band, rates relative to the larger side; without one, any differing row fails.
 */
public final class ColumnVerdicts {
    public static final String PREFIX = "column:";

    private ColumnVerdicts() {}

    /**
     * One verdict per column of {@code columns}, from the mismatches in {@code counts} and the sides'
     * row counts.
     *
     * @throws IllegalArgumentException when a column's mismatch keys and those of {@code
     *     checks.columns} make a warn band wider than its tolerance (a rules file is refused for
     *     this before it gets here; a rule built in code is not)
     */
    public static List<Verdict> evaluate(
            Rule rule, List<String> columns, SideProfile left, SideProfile right, KeyDiffCounts counts) {
        long larger = Math.max(left.rows(), right.rows());
        List<Verdict> out = new ArrayList<>();
        for (String column : columns) {
            ColumnOptions o = rule.columnOptions(column);
            Severity severity = o.severity() != null
                    ? o.severity()
                    : rule.checks().columns().severity();
            MismatchTolerance tolerance = rule.checks().columns().mismatchTolerance(column, o);
            long n = counts.columnMismatches().getOrDefault(column, 0L);
            DifferingRows differing = DifferingRows.judge(tolerance, n, larger);
            String tol = tolerance(o, tolerance);
            String overBand = differing.overBand();
            Status status = DifferingRows.status(
                    n, differing.tolerated(), overBand, severity.blocking() ? Status.FAIL : Status.WARN);
            String message = n == 0
                    ? "no mismatches"
                    : Counted.of(n, "row differs", "rows differ")
                            + (differing.tolerated() ? DifferingRows.toleratedSuffix(overBand) : " (" + tol + ")");
            out.add(new Verdict(
                    PREFIX + column,
                    Verdict.TABLE_SCOPE,
                    "mismatches",
                    status,
                    severity.blocking(),
                    null,
                    null,
                    (double) n,
                    tol,
                    message,
                    tolerance.isSet() ? details(differing) : null));
        }
        return out;
    }

    /**
     * The tolerance text of a column's verdicts, as {@code --explain} shows it too: its comparison
     * options, then, when any is set, its mismatch tolerance, as in {@code abs<=0.01 rel<=0;
     * count<=5 rate<=0}.
     */
    public static String tolerance(Rule rule, String column) {
        ColumnOptions o = rule.columnOptions(column);
        return tolerance(o, rule.checks().columns().mismatchTolerance(column, o));
    }

    private static String tolerance(ColumnOptions o, MismatchTolerance tolerance) {
        return tolerance.isSet() ? describe(o) + "; " + tolerance.describe() : describe(o);
    }

    private static String details(DifferingRows differing) {
        return differing.warnAllowed() == null
                ? Details.of("allowed", differing.allowed())
                : Details.of("allowed", differing.allowed(), "warn_allowed", differing.warnAllowed());
    }

    /** The comparison options of a column in words, as shown in the {@code tolerance} field. */
    public static String describe(ColumnOptions o) {
        List<String> parts = new ArrayList<>();
        if (o.hasNumericTolerance()) {
            parts.add(new Tolerance(o.absTol(), o.relTol()).describe());
        }
        if (o.unicode() != null) {
            parts.add("unicode " + o.unicode());
        }
        if (o.trim()) {
            parts.add("trim");
        }
        if (o.ignoreCase()) {
            parts.add("ignore_case");
        }
        if (o.emptyEqualsNull()) {
            parts.add("empty=null");
        }
        if (!o.nanEqual()) {
            parts.add("NaN!=NaN");
        }
        if (!o.signedZeroEqual()) {
            parts.add("-0!=0");
        }
        if (o.oppositeInfinitiesEqual()) {
            parts.add("+inf=-inf");
        }
        if (o.truncate() != null) {
            parts.add("truncate " + o.truncate().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (o.timeTolerance() != null) {
            parts.add("time<=" + o.timeTolerance());
        }
        return parts.isEmpty() ? "exact" : String.join(" ", parts);
    }
}
