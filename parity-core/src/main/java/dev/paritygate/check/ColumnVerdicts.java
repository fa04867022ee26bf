package dev.paritygate.check;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;

/** {@code column:<name>}: rows, among keys present once on both sides, where the column differs. */
public final class ColumnVerdicts {
    public static final String PREFIX = "column:";

    private ColumnVerdicts() {}

    public static List<Verdict> evaluate(Rule rule, List<String> columns, KeyDiffCounts counts) {
        List<Verdict> out = new ArrayList<>();
        for (String column : columns) {
            ColumnOptions o = rule.columnOptions(column);
            Severity severity = o.severity() != null
                    ? o.severity()
                    : rule.checks().columns().severity();
            long n = counts.columnMismatches().getOrDefault(column, 0L);
            String tol = describe(o);
            Status status = n == 0 ? Status.PASS : severity.blocking() ? Status.FAIL : Status.WARN;
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
                    n == 0 ? "no mismatches" : Counted.of(n, "row differs", "rows differ") + " (" + tol + ")",
                    null));
        }
        return out;
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
        if (o.truncate() != null) {
            parts.add("truncate " + o.truncate().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (o.timeTolerance() != null) {
            parts.add("time<=" + o.timeTolerance());
        }
        return parts.isEmpty() ? "exact" : String.join(" ", parts);
    }
}
