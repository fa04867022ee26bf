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
     * One aggregate of a KPI. Its values are numbers, compared within {@code absTol + relTol *
     * abs(right)}, or instants and dates, compared within {@code timeTolerance}; a metric takes the
     * keys of one kind only, since its values cannot be both.
     *
     * @param expr a Spark SQL aggregate expression, such as {@code sum(amount)} or {@code count(distinct customer_id)}
     * @param absTol absolute tolerance
     * @param relTol relative tolerance, relative to the right side's value
     * @param warnAbsTol absolute part of the warn band: a value within the tolerance but beyond
     *     {@code warnAbsTol + warnRelTol * abs(right)} is a WARN. Both warn components are null when
     *     the metric has no band; when one is set, the other defaults to 0
     * @param warnRelTol relative part of the warn band
     * @param timeTolerance largest distance between two instants (or two dates) that still passes,
     *     written as a column's {@code time_tolerance} is ({@code PT0.5S}, {@code 500ms}, {@code 1d});
     *     null for an exact comparison
     * @param warnTimeTolerance warn band of {@code timeTolerance}: an instant or date within the
     *     tolerance but further than this from the other side is a WARN; null for no band
     */
    public record Metric(
            String expr,
            BigDecimal absTol,
            BigDecimal relTol,
            BigDecimal warnAbsTol,
            BigDecimal warnRelTol,
            String timeTolerance,
            String warnTimeTolerance) {
        public Metric {
            if (expr == null || expr.isBlank()) {
                throw new IllegalArgumentException("Invalid kpi metric: expr is required, for example sum(amount)");
            }
            if (timeTolerance != null || warnTimeTolerance != null) {
                requireNoNumericKeys(absTol, relTol, warnAbsTol, warnRelTol, timeTolerance);
                long tol = timeTolerance == null ? 0L : DurationText.parseMicros(timeTolerance, "time_tolerance");
                if (warnTimeTolerance != null) {
                    long warn = DurationText.parseMicros(warnTimeTolerance, "warn_time_tolerance");
                    Checks.requireWithin(
                            "kpi metric",
                            "warn_time_tolerance",
                            warn,
                            "'" + warnTimeTolerance + "'",
                            "time tolerance",
                            tol,
                            timeTolerance == null
                                    ? "0 (the metric sets no time tolerance)"
                                    : "'" + timeTolerance + "'");
                }
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
                Checks.requireWithin("kpi metric", "warn_abs_tol", warnAbsTol, "abs tolerance", absTol);
                Checks.requireWithin("kpi metric", "warn_rel_tol", warnRelTol, "rel tolerance", relTol);
            }
        }

        /** A metric without a time tolerance. */
        public Metric(String expr, BigDecimal absTol, BigDecimal relTol, BigDecimal warnAbsTol, BigDecimal warnRelTol) {
            this(expr, absTol, relTol, warnAbsTol, warnRelTol, null, null);
        }

        /** A metric without a warn band or a time tolerance. */
        public Metric(String expr, BigDecimal absTol, BigDecimal relTol) {
            this(expr, absTol, relTol, null, null);
        }

        /**
         * A metric over instants or dates, compared within {@code timeTolerance}; no warn band when
         * {@code warnTimeTolerance} is null.
         */
        public static Metric timed(String expr, String timeTolerance, String warnTimeTolerance) {
            return new Metric(expr, null, null, null, null, timeTolerance, warnTimeTolerance);
        }

        /** Whether the metric sets a warn band ({@code warn_abs_tol} or {@code warn_rel_tol}). */
        public boolean hasWarnBand() {
            return warnAbsTol != null;
        }

        /**
         * Whether the metric compares instants or dates within a distance: it sets {@code
         * time_tolerance} or {@code warn_time_tolerance}. Such a metric's values must be instants or
         * dates.
         */
        public boolean hasTimeTolerance() {
            return timeTolerance != null || warnTimeTolerance != null;
        }

        /** {@code time_tolerance} in microseconds, 0 when unset. */
        public long timeToleranceMicros() {
            return timeTolerance == null ? 0L : DurationText.parseMicros(timeTolerance);
        }

        /** {@code warn_time_tolerance} in microseconds, or -1 when the metric sets no band. */
        public long warnTimeToleranceMicros() {
            return warnTimeTolerance == null ? -1L : DurationText.parseMicros(warnTimeTolerance);
        }

        /** The rule key that makes this a time metric: {@code time_tolerance}, else {@code warn_time_tolerance}. */
        public String timeToleranceKey() {
            return timeTolerance != null ? "time_tolerance" : "warn_time_tolerance";
        }

        /**
         * A time tolerance beside a numeric key is a mistake: a metric's values are numbers or
         * instants, so one of the two would be ignored without a word.
         */
        private static void requireNoNumericKeys(
                BigDecimal absTol,
                BigDecimal relTol,
                BigDecimal warnAbsTol,
                BigDecimal warnRelTol,
                String timeTolerance) {
            String numeric = absTol != null
                    ? "abs_tol"
                    : relTol != null
                            ? "rel_tol"
                            : warnAbsTol != null ? "warn_abs_tol" : warnRelTol != null ? "warn_rel_tol" : null;
            if (numeric != null) {
                String time = timeTolerance != null ? "time_tolerance" : "warn_time_tolerance";
                throw new IllegalArgumentException("Invalid kpi metric: " + numeric + " and " + time
                        + " cannot both be set, since " + numeric + " applies to numbers and " + time
                        + " to timestamps and dates, and a metric's values are one or the other. Keep the keys"
                        + " that fit the values its expr returns");
            }
        }
    }
}
