package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.paritygate.ParityErrors;
import dev.paritygate.check.KpiVerdicts;
import dev.paritygate.check.SketchVerdicts;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.DataType;

/**
 * Checks the rule's KPIs and sketch checks against both sides' columns before the pass runs, by
 * analysing (not executing) each expression. One that cannot be evaluated becomes an ERROR verdict
 * naming the problem and is left out of the pass; the rest of the comparison goes on.
 */
final class SparkFusedPlanner {
    private SparkFusedPlanner() {}

    static FusedPlan plan(
            Rule rule,
            AlignedSides a,
            Dataset<Row> left,
            Dataset<Row> right,
            boolean keyOverlap,
            List<Verdict> errors) {
        List<KpiSpec> kpis = new ArrayList<>();
        for (int i = 0; i < rule.kpis().size(); i++) {
            KpiSpec k = rule.kpis().get(i);
            String problem = firstProblem(i, k, left, a.left(), "left");
            if (problem == null) {
                problem = firstProblem(i, k, right, a.right(), "right");
            }
            if (problem == null) {
                kpis.add(k);
            } else {
                errors.add(Verdict.error(
                        KpiVerdicts.PREFIX + k.name(), k.severity().blocking(), problem));
            }
        }
        List<DistributionSpec> distributions = new ArrayList<>();
        for (int i = 0; i < rule.distributions().size(); i++) {
            DistributionSpec d = rule.distributions().get(i);
            String name = SparkFusedPass.canonicalName(a, d.column());
            String problem = name == null
                    ? missing("distribution", "distributions[" + i + "].column", d.column(), a)
                    : numericProblem(d.column(), left.schema().apply(name).dataType());
            if (problem == null) {
                distributions.add(d);
            } else {
                errors.add(Verdict.error(
                        SketchVerdicts.DISTRIBUTION + d.column(), d.severity().blocking(), problem));
            }
        }
        List<DistinctSpec> distinct = new ArrayList<>();
        for (int i = 0; i < rule.distinct().size(); i++) {
            DistinctSpec d = rule.distinct().get(i);
            if (SparkFusedPass.canonicalName(a, d.column()) == null) {
                errors.add(Verdict.error(
                        SketchVerdicts.DISTINCT + d.column(),
                        d.severity().blocking(),
                        missing("distinct", "distinct[" + i + "].column", d.column(), a)));
            } else {
                distinct.add(d);
            }
        }
        return FusedPlan.of(kpis, distributions, distinct, keyOverlap);
    }

    /**
     * Why KPI number {@code index} cannot be evaluated on one side, or {@code null}.
     *
     * @param prepared the side as the pass reads it, with Parity Gate's working columns
     * @param aligned the side's own columns, which the rule's expressions name
     */
    private static String firstProblem(
            int index, KpiSpec k, Dataset<Row> prepared, Dataset<Row> aligned, String label) {
        String keyPath = "kpis[" + index + "].group_by";
        String sql = null;
        try {
            Column[] groups = k.groupBy().stream()
                    .map(g -> col(SparkPreparedSide.quote(g)))
                    .toArray(Column[]::new);
            // Analysis only: schema() resolves names and types without running a job.
            prepared.select(groups).schema();
            for (var e : k.metrics().entrySet()) {
                keyPath = "kpis[" + index + "].metrics." + e.getKey() + ".expr";
                sql = e.getValue().expr();
                prepared.groupBy(groups).agg(expr(sql)).schema();
            }
            return null;
        } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared
            String check = "kpi '" + k.name() + "'";
            if (e instanceof ParseException) {
                return ParityErrors.invalidSql(keyPath, sql, e).getMessage();
            }
            String column = unresolvedColumn(e);
            if (column != null) {
                // Spark's own suggestions list the pass's working columns and leave out real ones.
                List<String> available = List.of(aligned.columns());
                return ParityErrors.missingCheckColumn(check, keyPath, "the " + label + " side", column, available)
                        .getMessage();
            }
            return ParityErrors.kpiFailed(k.name(), keyPath, label, e).getMessage();
        }
    }

    /** The column an analysis error could not resolve, or {@code null} for any other error. */
    private static String unresolvedColumn(Exception e) {
        if (e instanceof SparkThrowable t
                && t.getCondition() != null
                && t.getCondition().startsWith("UNRESOLVED_COLUMN")) {
            String name = t.getMessageParameters().get("objectName");
            return name == null ? null : name.replace("`", "");
        }
        return null;
    }

    private static String missing(String what, String keyPath, String column, AlignedSides a) {
        List<String> available = new ArrayList<>();
        a.keys().forEach(p -> available.add(p.name()));
        a.compared().forEach(p -> available.add(p.name()));
        return ParityErrors.missingCheckColumn(what, keyPath, "both sides", column, available)
                .getMessage();
    }

    private static String numericProblem(String column, DataType canonical) {
        if (SparkCanonical.isNumeric(canonical)) {
            return null;
        }
        return "Invalid distribution column '" + column + "': its values are " + canonical.simpleString()
                + "; distributions need numeric or timestamp columns";
    }
}
