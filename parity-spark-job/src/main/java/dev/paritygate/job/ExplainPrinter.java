package dev.paritygate.job;

import dev.paritygate.check.ColumnVerdicts;
import dev.paritygate.check.Counted;
import dev.paritygate.check.Tolerance;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.MismatchTolerance;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.rules.RunDate;
import dev.paritygate.rules.SourceSpec;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code run --explain}: the plan of one pipeline's comparison, without reading any data. */
final class ExplainPrinter {
    private ExplainPrinter() {}

    /** Prints the plan of the comparison {@code run} would make, with the fingerprint it would record. */
    static void print(PrintWriter out, LoadedRule loaded, LocalDate runDate, boolean fullDiff) {
        Rule r = PipelineRunner.compared(loaded, fullDiff).rule();
        Checks c = r.checks();
        out.printf(
                "pipeline %s  (%s, rules fingerprint %s)%n",
                r.pipeline(), loaded.origin().file(), RulesFingerprint.of(loaded.rule()));
        side(out, "left ", r.left(), runDate);
        side(out, "right", r.right(), runDate);
        if (r.where() != null) {
            out.printf("  where (both sides): %s%n", RunDate.substitute(r.where(), runDate));
        }
        if (r.excludeRecent() != null) {
            out.printf(
                    "  exclude keys with %s in the last %d minutes on either side, from both sides%n",
                    r.excludeRecent().column(), r.excludeRecent().minutes());
        }
        out.printf(
                "  key %s; %s; %s per partition%n",
                r.key(),
                r.partitionBy().isEmpty()
                        ? Counted.of(r.buckets(), "key-hash bucket", "key-hash buckets") + " as partitions"
                        : "partitions " + r.partitionBy(),
                Counted.of(r.segments(), "key-hash segment", "key-hash segments"));
        if (!r.rename().isEmpty()) {
            out.printf("  rename (left -> right): %s%n", r.rename());
        }
        if (!r.ignore().isEmpty()) {
            out.printf("  ignored columns: %s%n", r.ignore());
        }
        out.printf(
                "  plan: 1 pass per side (%s), then %s%n",
                passContents(r), keyDiffPlan(c.keyDiff().mode()));
        out.println("  checks:");
        check(
                out,
                "schema",
                c.schema().enabled(),
                c.schema().severity().name(),
                "allow_type_changes " + c.schema().allowTypeChanges() + ", allow_added "
                        + c.schema().allowAdded() + ", allow_dropped "
                        + c.schema().allowDropped());
        check(
                out,
                "row_count",
                c.rowCount().enabled(),
                c.rowCount().severity().name(),
                Tolerance.describe(c.rowCount()) + " (total and per partition)");
        check(
                out,
                "partition_hash",
                c.partitionHash().enabled(),
                c.partitionHash().severity().name(),
                "fingerprints equal");
        check(
                out,
                "key_diff",
                c.keyDiff().enabled(),
                c.keyDiff().severity().name(),
                "differing rows " + c.keyDiff().mismatchTolerance().describe() + ", duplicates "
                        + (c.keyDiff().allowDuplicates() ? "allowed" : "fail"));
        check(
                out,
                "column:<every compared column>",
                c.columns().enabled(),
                c.columns().severity().name(),
                "exact unless listed below" + mismatches(c.columns()));
        r.columns()
                .forEach((name, o) -> out.printf(
                        "      column:%-20s %s%s%n",
                        name,
                        ColumnVerdicts.tolerance(r, name),
                        o.severity() == null ? "" : " [" + o.severity().name().toLowerCase(Locale.ROOT) + "]"));
        r.kpis()
                .forEach(k -> k.metrics()
                        .forEach((metric, m) -> out.printf(
                                "    %-32s %-8s %s = %s%s, %s%n",
                                "kpi:" + k.name(),
                                k.severity().name().toLowerCase(Locale.ROOT),
                                metric,
                                m.expr(),
                                k.groupBy().isEmpty() ? "" : " per " + k.groupBy(),
                                Tolerance.describe(m))));
        r.distributions()
                .forEach(d -> check(
                        out,
                        "distribution:" + d.column(),
                        true,
                        d.severity().name(),
                        "KLL sketch (k=" + d.k() + "), distance<="
                                + d.maxDistance().toPlainString()));
        r.distinct()
                .forEach(d -> check(
                        out,
                        "distinct:" + d.column(),
                        true,
                        d.severity().name(),
                        "Theta sketch (lgK=" + d.lgK() + "), distinct count rel<="
                                + d.relTol().toPlainString()));
        out.printf(
                "  sample: up to %s, masked %s%n",
                Counted.of(r.sample().maxRows(), "row", "rows"), r.sample().mask());
        out.println();
    }

    /** What the one pass over each side computes for this rule. */
    private static String passContents(Rule r) {
        List<String> parts = new ArrayList<>(List.of("row counts", "fingerprints", "null keys"));
        if (!r.kpis().isEmpty()) {
            parts.add(Counted.of(r.kpis().size(), "KPI", "KPIs"));
        }
        if (!r.distributions().isEmpty() || !r.distinct().isEmpty()) {
            parts.add("sketches");
        }
        if (r.checks().keyDiff().mode() == Checks.KeyDiffMode.ESTIMATE) {
            parts.add("key sketches");
        }
        return String.join(", ", parts);
    }

    /** The column checks' default mismatch tolerance, when set: what a column without keys of its own takes. */
    private static String mismatches(Checks.ColumnsCheck c) {
        MismatchTolerance t = c.mismatchTolerance("checks.columns", ColumnOptions.DEFAULT);
        return t.isSet() ? "; differing rows " + t.describe() : "";
    }

    private static String keyDiffPlan(Checks.KeyDiffMode mode) {
        return switch (mode) {
            case FULL -> "the key diff over every row (full mode)";
            case PRUNED -> "the key diff only over segments whose fingerprints differ (pruned mode)";
            case ESTIMATE -> "no join: key overlap estimated from the key sketches (estimate mode)";
        };
    }

    private static void side(PrintWriter out, String label, SourceSpec s, LocalDate runDate) {
        out.printf("  %s %-8s %s%n", label, s.name() == null ? "" : s.name(), SourceResolver.describe(s, runDate));
        // A JDBC side's description says only "query" (verdict rows keep it short), yet the query is
        // what selects the night's rows: show it with the run date filled in.
        if (s.kind() == SourceSpec.Kind.JDBC && s.jdbc().query() != null) {
            out.printf("         query: %s%n", RunDate.substitute(s.jdbc().query(), runDate));
        }
        if (!s.options().isEmpty()) {
            // How a CSV or JSON side is parsed (header, inferSchema, delimiter) decides its columns.
            out.printf("         options: %s%n", shownOptions(s.options()));
        }
        if (s.schema() != null) {
            out.printf("         schema: %s%n", s.schema());
        }
        if (s.filter() != null) {
            out.printf("         filter: %s%n", RunDate.substitute(s.filter(), runDate));
        }
        s.transforms().forEach((col, expr) -> out.printf("         transform %s = %s%n", col, expr));
        if (s.timeZone() != null) {
            out.printf("         local timestamps in %s%n", s.timeZone());
        }
    }

    private static final java.util.regex.Pattern SECRET_OPTION =
            java.util.regex.Pattern.compile("(?i).*(password|secret|token|credential|access.?key|private.?key|sas).*");

    /** Reader options in key order, a value whose key names a credential replaced by {@code ***}. */
    static String shownOptions(java.util.Map<String, String> options) {
        java.util.Map<String, String> shown = new java.util.TreeMap<>();
        options.forEach((k, v) -> shown.put(k, SECRET_OPTION.matcher(k).matches() ? "***" : v));
        return shown.toString();
    }

    private static void check(PrintWriter out, String name, boolean enabled, String severity, String tolerance) {
        out.printf(
                "    %-32s %-8s %s%n",
                name, enabled ? severity.toLowerCase(Locale.ROOT) : "disabled", enabled ? tolerance : "");
    }
}
