package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ERROR rows of a comparison that stopped before it finished: one for every check the rule
 * enables that has no verdict yet, so nothing passes by omission. Used alike when a side cannot be
 * read and when the comparison itself fails, so both give the gate and the verdict table the same
 * rows. The column checks get one row between them, {@link #COLUMNS}: which columns are compared
 * is known only once both sides' schemas are. A comparison that stopped always leaves at least
 * one ERROR row: when every enabled check already has a verdict, a {@link #COMPARISON} row.
 */
public final class UnevaluatedChecks {
    /**
     * The check name of the one row that stands for every {@code column:<name>} check, after the
     * rule's {@code checks.columns}; without the colon, so that queries on {@code column:%} do not
     * read it as a column.
     */
    public static final String COLUMNS = "columns";

    /** The check name of the row of a stopped comparison whose enabled checks all have a verdict. */
    public static final String COMPARISON = "comparison";

    private UnevaluatedChecks() {}

    /**
     * ERROR rows, in the order a finished comparison lists its checks, for the enabled checks of
     * {@code rule} that have no row in {@code evaluated}.
     *
     * @param rule the rule compared
     * @param evaluated the verdicts the comparison produced before it stopped (may be empty)
     * @param message why the checks could not be evaluated; the message of every row
     */
    public static List<Verdict> errors(Rule rule, List<Verdict> evaluated, String message) {
        Set<String> have = evaluated.stream()
                .map(v -> v.check().startsWith(ColumnVerdicts.PREFIX) ? COLUMNS : v.check())
                .collect(Collectors.toSet());
        List<Verdict> out = new ArrayList<>();
        for (Expected e : expected(rule)) {
            if (!have.contains(e.check())) {
                out.add(Verdict.error(e.check(), e.blocking(), message));
            }
        }
        // Every enabled check judged before the comparison stopped (a schema-only rule whose data
        // pass failed), or none enabled: without this row the failure would read as a PASS.
        if (out.isEmpty() && evaluated.stream().noneMatch(v -> v.status() == Status.ERROR)) {
            out.add(Verdict.error(COMPARISON, true, message));
        }
        return out;
    }

    private static List<Expected> expected(Rule rule) {
        Checks checks = rule.checks();
        List<Expected> out = new ArrayList<>();
        if (checks.schema().enabled()) {
            out.add(new Expected(SchemaVerdicts.CHECK, checks.schema().severity()));
        }
        if (checks.rowCount().enabled()) {
            out.add(new Expected(RowCountVerdicts.CHECK, checks.rowCount().severity()));
        }
        if (checks.partitionHash().enabled()) {
            out.add(new Expected(
                    FingerprintComparison.CHECK, checks.partitionHash().severity()));
        }
        rule.kpis().forEach(k -> out.add(new Expected(KpiVerdicts.PREFIX + k.name(), k.severity())));
        rule.distributions()
                .forEach(d -> out.add(new Expected(SketchVerdicts.DISTRIBUTION + d.column(), d.severity())));
        rule.distinct().forEach(d -> out.add(new Expected(SketchVerdicts.DISTINCT + d.column(), d.severity())));
        if (checks.keyDiff().enabled()) {
            out.add(new Expected(KeyDiffVerdicts.CHECK, checks.keyDiff().severity()));
        }
        if (checks.columnsCompared()) {
            // Blocking when any column check might be: a column's own severity beats the default.
            boolean blocking = checks.columns().severity().blocking()
                    || rule.columns().values().stream()
                            .anyMatch(o -> o.severity() != null && o.severity().blocking());
            out.add(new Expected(COLUMNS, blocking));
        }
        return out;
    }

    /** A check the rule asks for, and whether a failure of it blocks. */
    private record Expected(String check, boolean blocking) {
        Expected(String check, Severity severity) {
            this(check, severity.blocking());
        }
    }
}
