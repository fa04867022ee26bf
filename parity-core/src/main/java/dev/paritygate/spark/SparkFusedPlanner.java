package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.paritygate.check.KpiVerdicts;
import dev.paritygate.check.SketchVerdicts;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
        for (KpiSpec k : rule.kpis()) {
            String problem = firstProblem(k, left, "left");
            if (problem == null) {
                problem = firstProblem(k, right, "right");
            }
            if (problem == null) {
                kpis.add(k);
            } else {
                errors.add(Verdict.error(
                        KpiVerdicts.PREFIX + k.name(), k.severity().blocking(), problem));
            }
        }
        List<DistributionSpec> distributions = new ArrayList<>();
        for (DistributionSpec d : rule.distributions()) {
            String name = SparkFusedPass.canonicalName(a, d.column());
            String problem = name == null
                    ? missing("distribution", d.column(), a)
                    : numericProblem(d.column(), left.schema().apply(name).dataType());
            if (problem == null) {
                distributions.add(d);
            } else {
                errors.add(Verdict.error(
                        SketchVerdicts.DISTRIBUTION + d.column(), d.severity().blocking(), problem));
            }
        }
        List<DistinctSpec> distinct = new ArrayList<>();
        for (DistinctSpec d : rule.distinct()) {
            if (SparkFusedPass.canonicalName(a, d.column()) == null) {
                errors.add(Verdict.error(
                        SketchVerdicts.DISTINCT + d.column(),
                        d.severity().blocking(),
                        missing("distinct", d.column(), a)));
            } else {
                distinct.add(d);
            }
        }
        return FusedPlan.of(kpis, distributions, distinct, keyOverlap);
    }

    private static String firstProblem(KpiSpec k, Dataset<Row> side, String label) {
        try {
            Column[] groups = k.groupBy().stream()
                    .map(g -> col(SparkPreparedSide.quote(g)))
                    .toArray(Column[]::new);
            for (var e : k.metrics().entrySet()) {
                // Analysis only: schema() resolves names and types without running a job.
                side.groupBy(groups).agg(expr(e.getValue().expr())).schema();
            }
            return null;
        } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared
            String reason = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().split("\n")[0];
            return "Cannot evaluate kpi '" + k.name() + "' on the " + label + " side: " + reason
                    + ". Fix the expression or group_by in the rule.";
        }
    }

    private static String missing(String what, String column, AlignedSides a) {
        List<String> available = new ArrayList<>();
        a.keys().forEach(p -> available.add(p.name()));
        a.compared().forEach(p -> available.add(p.name()));
        return "Cannot find " + what + " column '" + column + "' on both sides; compared columns: " + available;
    }

    private static String numericProblem(String column, DataType canonical) {
        if (SparkCanonical.isNumeric(canonical)) {
            return null;
        }
        return "Invalid distribution column '" + column + "': its values are " + canonical.simpleString()
                + "; distributions need numeric or timestamp columns";
    }
}
