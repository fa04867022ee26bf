package dev.paritygate.rules;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A business KPI: SQL aggregate expressions evaluated on both sides, optionally per group, each
 * compared within its tolerance. Every group and metric becomes a {@code kpi:<name>} verdict row.
 *
 * @param name KPI name, unique within the rule
 * @param groupBy columns to group by (aligned names); empty for one table-wide value
 * @param metrics metric name to its aggregate expression and tolerance, in declaration order
 * @param severity blocking (default) or warning
 */
public record KpiSpec(String name, List<String> groupBy, Map<String, Metric> metrics, Severity severity) {
    public KpiSpec {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Invalid kpi name '" + name + "': use letters, digits, _ . -");
        }
        if (groupBy != null && groupBy.stream().anyMatch(g -> g == null || g.isBlank())) {
            throw new IllegalArgumentException(
                    "Invalid kpi '" + name + "': group_by " + groupBy + " holds a null or blank column name");
        }
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException("Invalid kpi '" + name + "': metrics must name at least one aggregate");
        }
        for (Map.Entry<String, Metric> m : metrics.entrySet()) {
            if (m.getValue() == null) {
                throw new IllegalArgumentException(
                        "Invalid kpi '" + name + "': metric '" + m.getKey()
                                + "' is null; give it an expression, for example new KpiSpec.Metric(\"sum(amount)\", null, null)");
            }
        }
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        severity = severity == null ? Severity.BLOCKING : severity;
    }

    /**
     * One aggregate of a KPI.
     *
     * @param expr a Spark SQL aggregate expression, such as {@code sum(amount)} or {@code count(distinct customer_id)}
     * @param absTol absolute tolerance
     * @param relTol relative tolerance, relative to the right side's value
     * @param warnAbsTol absolute part of the warn band: a value within the tolerance but beyond
     *     {@code warnAbsTol + warnRelTol * abs(right)} is a WARN. Both warn components are null when
     *     the metric has no band; when one is set, the other defaults to 0
     * @param warnRelTol relative part of the warn band
     */
    public record Metric(
            String expr, BigDecimal absTol, BigDecimal relTol, BigDecimal warnAbsTol, BigDecimal warnRelTol) {
        public Metric {
            if (expr == null || expr.isBlank()) {
                throw new IllegalArgumentException("Invalid kpi metric: expr is required, for example sum(amount)");
            }
            absTol = absTol == null ? BigDecimal.ZERO : absTol;
            relTol = relTol == null ? BigDecimal.ZERO : relTol;
            if (absTol.signum() < 0 || relTol.signum() < 0) {
                throw new IllegalArgumentException(
                        "Invalid kpi metric tolerance abs_tol=" + absTol + " rel_tol=" + relTol + ": must be >= 0");
            }
            if (warnAbsTol != null || warnRelTol != null) {
                warnAbsTol = warnAbsTol == null ? BigDecimal.ZERO : warnAbsTol;
                warnRelTol = warnRelTol == null ? BigDecimal.ZERO : warnRelTol;
                Checks.requireWithin("kpi metric warn_abs_tol", warnAbsTol, "abs tolerance", absTol);
                Checks.requireWithin("kpi metric warn_rel_tol", warnRelTol, "rel tolerance", relTol);
            }
        }

        /** A metric without a warn band. */
        public Metric(String expr, BigDecimal absTol, BigDecimal relTol) {
            this(expr, absTol, relTol, null, null);
        }

        /** Whether the metric sets a warn band ({@code warn_abs_tol} or {@code warn_rel_tol}). */
        public boolean hasWarnBand() {
            return warnAbsTol != null;
        }
    }
}
