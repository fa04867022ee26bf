package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.check.KpiVerdicts;
import dev.paritygate.check.SketchVerdicts;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeSet;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * Checks the rule's KPIs and sketch checks against both sides' columns before the pass runs, by
 * analysing (not executing) each expression. One that cannot be evaluated becomes an ERROR verdict
 * naming the problem and is left out of the pass; the rest of the comparison goes on. A column the
 * rule names that the data lacks, or that does not fit the check, and a KPI expression that does
 * not analyse, are rules errors: their verdicts are also recorded among the rule's errors, which
 * decide the run's exit code.
 */
final class SparkFusedPlanner {
    private SparkFusedPlanner() {}

    /**
     * @param origin where the rule was written, or null: see {@link SparkAlignment#align}
     * @param errors receives the ERROR verdict of each check left out of the plan
     * @param ruleErrors receives those of {@code errors} that are rules errors ({@link
     *     ParityException.Kind#USAGE}), the same instances
     */
    static FusedPlan plan(
            Rule rule,
            RuleOrigin origin,
            AlignedSides a,
            Dataset<Row> left,
            Dataset<Row> right,
            boolean keyOverlap,
            List<Verdict> errors,
            Set<Verdict> ruleErrors) {
        List<KpiSpec> kpis = new ArrayList<>();
        Map<String, List<String>> leftFloats = new LinkedHashMap<>();
        Map<String, List<String>> rightFloats = new LinkedHashMap<>();
        for (int i = 0; i < rule.kpis().size(); i++) {
            KpiSpec k = rule.kpis().get(i);
            Set<String> leftRead = new HashSet<>();
            Set<String> rightRead = new HashSet<>();
            ParityException problem = firstProblem(i, k, left, a.left(), "left", origin, leftRead);
            if (problem == null) {
                problem = firstProblem(i, k, right, a.right(), "right", origin, rightRead);
            }
            if (problem == null) {
                kpis.add(k);
                leftFloats.put(k.name(), floatColumns(a.left(), leftRead));
                rightFloats.put(k.name(), floatColumns(a.right(), rightRead));
            } else {
                add(
                        errors,
                        ruleErrors,
                        KpiVerdicts.PREFIX + k.name(),
                        k.severity().blocking(),
                        problem);
            }
        }
        List<DistributionSpec> distributions = new ArrayList<>();
        for (int i = 0; i < rule.distributions().size(); i++) {
            DistributionSpec d = rule.distributions().get(i);
            String name = SparkFusedPass.canonicalName(a, d.column());
            String keyPath = "distributions[" + i + "].column";
            ParityException problem = name == null
                    ? missing("distribution", keyPath, d.column(), a, origin)
                    : numericProblem(
                            keyPath, d.column(), left.schema().apply(name).dataType(), origin);
            if (problem == null) {
                distributions.add(d);
            } else {
                add(
                        errors,
                        ruleErrors,
                        SketchVerdicts.DISTRIBUTION + d.column(),
                        d.severity().blocking(),
                        problem);
            }
        }
        List<DistinctSpec> distinct = new ArrayList<>();
        for (int i = 0; i < rule.distinct().size(); i++) {
            DistinctSpec d = rule.distinct().get(i);
            if (SparkFusedPass.canonicalName(a, d.column()) == null) {
                add(
                        errors,
                        ruleErrors,
                        SketchVerdicts.DISTINCT + d.column(),
                        d.severity().blocking(),
                        missing("distinct", "distinct[" + i + "].column", d.column(), a, origin));
            } else {
                distinct.add(d);
            }
        }
        return FusedPlan.of(kpis, new KpiFloatInputs(leftFloats, rightFloats), distributions, distinct, keyOverlap);
    }

    /** The check's ERROR verdict for {@code problem}, also among the rule's errors when it is one. */
    private static void add(
            List<Verdict> errors, Set<Verdict> ruleErrors, String check, boolean blocking, ParityException problem) {
        Verdict v = Verdict.error(check, blocking, problem.getMessage());
        errors.add(v);
        if (problem.kind() == ParityException.Kind.USAGE) {
            ruleErrors.add(v);
        }
    }

    /**
     * Why KPI number {@code index} cannot be evaluated on one side, or {@code null}.
     *
     * @param prepared the side as the pass reads it, with Parity Gate's working columns
     * @param aligned the side's own columns, which the rule's expressions name
     * @param read receives the names of the columns the KPI's metrics read, when it has no problem
     */
    private static ParityException firstProblem(
            int index,
            KpiSpec k,
            Dataset<Row> prepared,
            Dataset<Row> aligned,
            String label,
            RuleOrigin origin,
            Set<String> read) {
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
                read.addAll(columnsRead(
                        prepared.groupBy(groups).agg(expr(sql)).queryExecution().analyzed()));
            }
            return null;
        } catch (Exception e) { // AnalysisException is checked in Java's eyes but thrown undeclared
            String check = "kpi '" + k.name() + "'";
            if (e instanceof ParseException) {
                return ParityErrors.invalidSql(keyPath, sql, e);
            }
            String column = unresolvedColumn(e);
            if (column != null) {
                // Spark's own suggestions list the pass's working columns and leave out real ones.
                List<String> available = List.of(aligned.columns());
                return ParityErrors.missingCheckColumn(
                        check, keyPath, "the " + label + " side", column, available, origin);
            }
            if (e instanceof AnalysisException) {
                // Not an aggregate, an unknown function, a type a function does not take: the rule's.
                return ParityErrors.kpiFailed(k.name(), keyPath, label, origin, e);
            }
            return ParityErrors.evaluationFailed(check + " on the " + label + " side", e);
        }
    }

    /**
     * The names of the columns a metric's aggregate reads, from its analysed plan (so that a name
     * the expression writes in another case, or inside a lambda or a FILTER clause, resolves as
     * Spark resolves it); not the group columns, which are not the metric's input.
     */
    private static Set<String> columnsRead(LogicalPlan analyzed) {
        AttributeSet refs = analyzed instanceof Aggregate agg
                ? ((Expression) agg.aggregateExpressions().last()).references()
                : analyzed.references();
        Set<String> names = new HashSet<>();
        for (Attribute attr : scala.jdk.javaapi.CollectionConverters.asJava(refs.toSeq())) {
            names.add(attr.name());
        }
        return names;
    }

    /**
     * Of the columns {@code read}, those that are FLOAT or DOUBLE on the side, in its column order:
     * the ones whose values the KPI context can turn into NULL ({@link SparkPreparedSide}).
     */
    private static List<String> floatColumns(Dataset<Row> aligned, Set<String> read) {
        List<String> out = new ArrayList<>();
        for (StructField f : aligned.schema().fields()) {
            if (read.contains(f.name()) && SparkPreparedSide.isFloatingPoint(f.dataType())) {
                out.add(f.name());
            }
        }
        return out;
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

    private static ParityException missing(
            String what, String keyPath, String column, AlignedSides a, RuleOrigin origin) {
        List<String> available = new ArrayList<>();
        a.keys().forEach(p -> available.add(p.name()));
        a.compared().forEach(p -> available.add(p.name()));
        return ParityErrors.missingCheckColumn(what, keyPath, "both sides", column, available, origin);
    }

    private static ParityException numericProblem(
            String keyPath, String column, DataType canonical, RuleOrigin origin) {
        if (SparkCanonical.isNumeric(canonical) || ExactNumbers.isSplit(canonical)) {
            return null;
        }
        return ParityErrors.inapplicableDistributionColumn(keyPath, column, canonical.simpleString(), origin);
    }
}
