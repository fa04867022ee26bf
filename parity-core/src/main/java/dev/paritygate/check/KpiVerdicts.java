package dev.paritygate.check;

import dev.paritygate.ParityErrors;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code kpi:<name>}: one row per group and metric with both sides' values; a group present on one
 * side only is its own FAIL row (metric {@code group}). Numbers compare within the metric's
 * tolerance in {@link BigDecimal}, and a number within it but outside the metric's warn band is a
 * WARN; other values compare exactly by their text, which the engine writes one way for one value
 * on both sides (an instant as {@code 2026-11-20T10:00:00Z}, a date as {@code 2026-11-20}), and a
 * differing instant or date says by how much. A metric with a {@code time_tolerance} compares
 * instants and dates within it, and its warn band, instead. A group whose floating-point inputs
 * held values its aggregates skipped (NaN, infinite, beyond +/-1e26) gets an {@code
 * unconvertible_values} row ({@link UnconvertibleValues}), so that such a loss is never silent.
 */
public final class KpiVerdicts {
    public static final String PREFIX = "kpi:";

    /** The metric of a group's count of floating-point values its aggregates could not hold. */
    public static final String UNCONVERTIBLE = UnconvertibleValues.METRIC;

    /** What a metric with a {@code time_tolerance} may hold. */
    private static final Set<String> TIME_KINDS = Set.of("a timestamp", "a date", "NULL");

    private KpiVerdicts() {}

    /**
     * The verdicts of one KPI.
     *
     * @param index the KPI's position in the rule's {@code kpis}, which an ERROR names as in {@code
     *     kpis[0].metrics.last_update.time_tolerance}
     * @param left the left side's values: group to metric name to value text; likewise {@code right}
     */
    public static List<Verdict> evaluate(
            KpiSpec kpi, int index, Map<String, Map<String, String>> left, Map<String, Map<String, String>> right) {
        return evaluate(kpi, index, left, right, null, Map.of(), Map.of());
    }

    /**
     * The verdicts of one KPI, with, per group where either side lost a value, one {@code
     * unconvertible_values} row after the group's metrics: both sides' counts of the floating-point
     * values (NaN, infinite, beyond +/-1e26) that the engine's decimal type could not hold and its
     * aggregates so skipped. Counts that differ, in any column, are the KPI's failure (a WARN when it
     * is non-blocking); equal counts above zero are a WARN, since the aggregates do not hold them.
     *
     * @param leftUnconvertible per group, per floating-point column the KPI's metrics read on the
     *     left side, its count of such values; an absent group or column counts 0. Likewise {@code
     *     rightUnconvertible}. All zero, the verdicts are exactly those of {@link #evaluate(KpiSpec,
     *     int, Map, Map)}
     */
    public static List<Verdict> evaluate(
            KpiSpec kpi,
            int index,
            Map<String, Map<String, String>> left,
            Map<String, Map<String, String>> right,
            Map<String, Map<String, Long>> leftUnconvertible,
            Map<String, Map<String, Long>> rightUnconvertible) {
        return evaluate(kpi, index, left, right, null, leftUnconvertible, rightUnconvertible);
    }

    /**
     * The verdicts of one KPI of a rule read from {@code origin}, with its {@code
     * unconvertible_values} rows (see {@link #evaluate(KpiSpec, int, Map, Map, Map, Map)}): an ERROR
     * names the rules file and the line of its key. Its only ERRORs are rules errors, a tolerance the
     * metric's values do not take ({@link ParityErrors#inapplicableKpiOption}).
     *
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static List<Verdict> evaluate(
            KpiSpec kpi,
            int index,
            Map<String, Map<String, String>> left,
            Map<String, Map<String, String>> right,
            RuleOrigin origin,
            Map<String, Map<String, Long>> leftUnconvertible,
            Map<String, Map<String, Long>> rightUnconvertible) {
        boolean blocking = kpi.severity().blocking();
        Status fail = blocking ? Status.FAIL : Status.WARN;
        String check = PREFIX + kpi.name();
        TreeSet<String> groups = new TreeSet<>(left.keySet());
        groups.addAll(right.keySet());
        List<Verdict> out = new ArrayList<>();
        if (groups.isEmpty()) {
            // Both sides empty: a table-wide KPI still has a group, so only grouped KPIs land here.
            out.add(new Verdict(
                    check,
                    Verdict.TABLE_SCOPE,
                    "group",
                    Status.PASS,
                    blocking,
                    "0",
                    "0",
                    0.0,
                    "same groups",
                    "no groups on either side",
                    null));
            return out;
        }
        for (String group : groups) {
            Map<String, String> l = left.get(group);
            Map<String, String> r = right.get(group);
            if (l == null || r == null) {
                out.add(new Verdict(
                        check,
                        group,
                        "group",
                        fail,
                        blocking,
                        l == null ? "missing" : "present",
                        r == null ? "missing" : "present",
                        null,
                        "same groups",
                        "group " + group + " exists only on the " + (l == null ? "right" : "left") + " side",
                        null));
            } else {
                for (Map.Entry<String, KpiSpec.Metric> e : kpi.metrics().entrySet()) {
                    String name = e.getKey();
                    out.add(
                            e.getValue().hasTimeTolerance()
                                    ? timed(
                                            kpi,
                                            index,
                                            origin,
                                            group,
                                            name,
                                            e.getValue(),
                                            l.get(name),
                                            r.get(name),
                                            fail)
                                    : metric(
                                            kpi,
                                            index,
                                            origin,
                                            group,
                                            name,
                                            e.getValue(),
                                            l.get(name),
                                            r.get(name),
                                            fail));
                }
            }
            Verdict lost = UnconvertibleValues.of(
                    check,
                    group,
                    blocking,
                    fail,
                    leftUnconvertible.getOrDefault(group, Map.of()),
                    rightUnconvertible.getOrDefault(group, Map.of()));
            if (lost != null) {
                out.add(lost);
            }
        }
        return out;
    }

    /**
     * A metric without a {@code time_tolerance}: two numbers within the numeric tolerance pass, and
     * WARN beyond the warn band; other values compare exactly. A numeric tolerance above zero on a
     * timestamp or date is the metric's ERROR: it would be ignored, and the metric fail on a
     * difference the rule meant to allow.
     */
    private static Verdict metric(
            KpiSpec kpi,
            int index,
            RuleOrigin origin,
            String group,
            String name,
            KpiSpec.Metric m,
            String l,
            String r,
            Status fail) {
        String check = PREFIX + kpi.name();
        boolean blocking = kpi.severity().blocking();
        Tolerance tol = Tolerance.of(m);
        Tolerance band = Tolerance.bandOf(m);
        String numericKey = numericKeySet(m);
        if (numericKey != null && (isTime(kind(l)) || isTime(kind(r)))) {
            return inapplicable(kpi, index, origin, group, name, numericKey, l, r, Tolerance.describe(tol, band));
        }
        BigDecimal ln = number(l);
        BigDecimal rn = number(r);
        if (ln != null && rn != null) {
            BigDecimal diff = rn.subtract(ln);
            boolean ok = tol.allows(ln, rn);
            boolean overBand = ok && band != null && !band.allows(ln, rn);
            String rel = rn.signum() == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " (rel diff %.3g)",
                            diff.abs().doubleValue() / rn.abs().doubleValue());
            return new Verdict(
                    check,
                    group,
                    name,
                    overBand ? Status.WARN : ok ? Status.PASS : fail,
                    blocking,
                    alike(ln, ln, rn),
                    alike(rn, ln, rn),
                    diff.doubleValue(),
                    Tolerance.describe(tol, band),
                    overBand
                            ? "differs by " + alike(diff, ln, rn) + rel + ": " + Tolerance.overBand(band)
                            : (ok ? "within tolerance: " : "differs by ") + alike(diff, ln, rn) + rel,
                    null);
        }
        return exactly(kpi, group, name, l, r, fail, "equal");
    }

    /**
     * Two values compared as they are: {@code equal}, else by how much two instants or two dates
     * differ ({@link #differs}), else {@code values differ}.
     */
    private static Verdict exactly(
            KpiSpec kpi, String group, String name, String l, String r, Status fail, String tolerance) {
        boolean same = Objects.equals(l, r);
        return new Verdict(
                PREFIX + kpi.name(),
                group,
                name,
                same ? Status.PASS : fail,
                kpi.severity().blocking(),
                l,
                r,
                null,
                tolerance,
                same ? "equal" : differs(l, r),
                null);
    }

    /**
     * The metric's ERROR for a tolerance {@code key} its values do not take ({@link
     * ParityErrors#inapplicableKpiOption}): a numeric one on instants or dates, a time one on
     * anything else.
     */
    private static Verdict inapplicable(
            KpiSpec kpi,
            int index,
            RuleOrigin origin,
            String group,
            String name,
            String key,
            String l,
            String r,
            String tolerance) {
        String keyPath = "kpis[" + index + "].metrics." + name + "." + key;
        String message = ParityErrors.inapplicableKpiOption(keyPath, kpi.name(), name, kind(l), kind(r), origin)
                .getMessage();
        return new Verdict(
                PREFIX + kpi.name(),
                group,
                name,
                Status.ERROR,
                kpi.severity().blocking(),
                l,
                r,
                null,
                tolerance,
                message,
                null);
    }

    /**
     * A metric with a {@code time_tolerance}: two instants, or two dates, pass while they are at most
     * the tolerance apart, and WARN beyond the warn band. A value that is neither (a number, text) is
     * the metric's ERROR, since the tolerance would not apply to it; a NULL, or an instant against a
     * date, differs as without a tolerance.
     */
    private static Verdict timed(
            KpiSpec kpi,
            int index,
            RuleOrigin origin,
            String group,
            String name,
            KpiSpec.Metric m,
            String l,
            String r,
            Status fail) {
        String check = PREFIX + kpi.name();
        boolean blocking = kpi.severity().blocking();
        TimeTolerance tol = TimeTolerance.of(m);
        TimeTolerance band = TimeTolerance.bandOf(m);
        String tolerance = TimeTolerance.describe(tol, band);
        String lk = kind(l);
        String rk = kind(r);
        if (!TIME_KINDS.contains(lk) || !TIME_KINDS.contains(rk)) {
            return inapplicable(kpi, index, origin, group, name, m.timeToleranceKey(), l, r, tolerance);
        }
        Duration diff = l == null || r == null || !lk.equals(rk) ? null : between(l, r);
        if (diff == null) {
            // A NULL, or an instant against a date: no amount to hold against the tolerance.
            return exactly(kpi, group, name, l, r, fail, tolerance);
        }
        boolean ok = tol.allows(diff);
        boolean overBand = ok && band != null && !band.allows(diff);
        String by = amount(l, r);
        return new Verdict(
                check,
                group,
                name,
                overBand ? Status.WARN : ok ? Status.PASS : fail,
                blocking,
                l,
                r,
                null,
                tolerance,
                diff.isZero()
                        ? "equal"
                        : overBand
                                ? "differs by " + by + ": within tolerance but over the warn band " + band.describe()
                                : (ok ? "within tolerance: " : "differs by ") + by,
                null);
    }

    /** The first numeric tolerance key the metric sets above zero, or null. */
    private static String numericKeySet(KpiSpec.Metric m) {
        String[] keys = {"abs_tol", "rel_tol", "warn_abs_tol", "warn_rel_tol"};
        BigDecimal[] values = {m.absTol(), m.relTol(), m.warnAbsTol(), m.warnRelTol()};
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null && values[i].signum() > 0) {
                return keys[i];
            }
        }
        return null;
    }

    private static boolean isTime(String kind) {
        return kind.equals("a timestamp") || kind.equals("a date");
    }

    /** What a value's text holds, as an ERROR names it. */
    private static String kind(String value) {
        if (value == null) {
            return "NULL";
        }
        if (number(value) != null) {
            return "a number";
        }
        try {
            Instant.parse(value);
            return "a timestamp";
        } catch (DateTimeParseException notAnInstant) {
            // try a date
        }
        try {
            LocalDate.parse(value);
            return "a date";
        } catch (DateTimeParseException notADate) {
            return "text";
        }
    }

    /** Right minus left, of two instants or two dates (a day being 24 hours). */
    private static Duration between(String l, String r) {
        try {
            return Duration.between(Instant.parse(l), Instant.parse(r));
        } catch (DateTimeParseException notInstants) {
            return Duration.ofDays(ChronoUnit.DAYS.between(LocalDate.parse(l), LocalDate.parse(r)));
        }
    }

    /** Two differing values that are not numbers: {@code differs by} {@link #amount}, else {@code values differ}. */
    private static String differs(String l, String r) {
        String amount = amount(l, r);
        return amount == null ? "values differ" : "differs by " + amount;
    }

    /**
     * By how much two values differ, right minus left, when both are instants ({@code
     * 2026-11-20T10:00:00Z}) or both dates: an ISO-8601 duration ({@code PT0.25S}) or period ({@code
     * P1D}); null for any other values.
     */
    private static String amount(String l, String r) {
        if (l != null && r != null) {
            try {
                return Duration.between(Instant.parse(l), Instant.parse(r)).toString();
            } catch (DateTimeParseException notInstants) {
                // not two instants
            }
            try {
                return Period.between(LocalDate.parse(l), LocalDate.parse(r)).toString();
            } catch (DateTimeParseException notDates) {
                // not two dates
            }
        }
        return null;
    }

    private static BigDecimal number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code n} written at the scale both sides of a metric share: a sum of floating-point values
     * comes back from Spark with twelve decimals, a sum of a decimal column with the column's scale,
     * and {@code 2845515.620000000000} next to {@code 2844769.18} reads as a difference. Trailing zeros
     * are dropped only down to the smaller of the two scales, so {@code 30.00} against {@code 30.00}
     * keeps its cents; the value itself never changes.
     */
    private static String alike(BigDecimal n, BigDecimal l, BigDecimal r) {
        int scale = Math.max(
                Math.max(l.stripTrailingZeros().scale(), r.stripTrailingZeros().scale()),
                Math.min(l.scale(), r.scale()));
        return n.setScale(Math.max(scale, 0), java.math.RoundingMode.UNNECESSARY)
                .toPlainString();
    }
}
