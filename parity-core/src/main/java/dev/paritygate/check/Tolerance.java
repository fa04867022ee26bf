package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.KpiSpec;
import java.math.BigDecimal;

/**
 * Two numbers are equal within tolerance when {@code abs(left - right) <= abs + rel * abs(right)}.
 * Computed in {@link BigDecimal} so large totals never lose precision.
 */
public record Tolerance(BigDecimal abs, BigDecimal rel) {
    public static final Tolerance EXACT = new Tolerance(BigDecimal.ZERO, BigDecimal.ZERO);

    public Tolerance {
        abs = abs == null ? BigDecimal.ZERO : abs;
        rel = rel == null ? BigDecimal.ZERO : rel;
    }

    public boolean allows(BigDecimal left, BigDecimal right) {
        BigDecimal allowed = abs.add(rel.multiply(right.abs()));
        return left.subtract(right).abs().compareTo(allowed) <= 0;
    }

    public boolean allows(long left, long right) {
        return allows(BigDecimal.valueOf(left), BigDecimal.valueOf(right));
    }

    public String describe() {
        return "abs<=" + abs.toPlainString() + " rel<=" + rel.toPlainString();
    }

    /** A {@code row_count} check's tolerance. */
    static Tolerance of(Checks.RowCountCheck check) {
        return new Tolerance(BigDecimal.valueOf(check.absTol()), check.relTol());
    }

    /** A {@code row_count} check's warn band, or null when the rule sets none. */
    static Tolerance bandOf(Checks.RowCountCheck check) {
        return check.hasWarnBand() ? new Tolerance(BigDecimal.valueOf(check.warnAbsTol()), check.warnRelTol()) : null;
    }

    /** A KPI metric's tolerance. */
    static Tolerance of(KpiSpec.Metric metric) {
        return new Tolerance(metric.absTol(), metric.relTol());
    }

    /** A KPI metric's warn band, or null when the rule sets none. */
    static Tolerance bandOf(KpiSpec.Metric metric) {
        return metric.hasWarnBand() ? new Tolerance(metric.warnAbsTol(), metric.warnRelTol()) : null;
    }

    /** A {@code row_count} check's tolerance text, with its warn band: what its verdicts and {@code --explain} show. */
    public static String describe(Checks.RowCountCheck check) {
        return describe(of(check), bandOf(check));
    }

    /**
     * A KPI metric's tolerance text, with its warn band: what its verdicts and {@code --explain} show;
     * for a metric over instants or dates its time tolerance, as in {@code time<=PT0.001S}.
     */
    public static String describe(KpiSpec.Metric metric) {
        return metric.hasTimeTolerance()
                ? TimeTolerance.describe(TimeTolerance.of(metric), TimeTolerance.bandOf(metric))
                : describe(of(metric), bandOf(metric));
    }

    /**
     * A verdict's tolerance text: {@code tol}, then the warn band when there is one, as in {@code
     * abs<=100 rel<=0, warn beyond abs<=10 rel<=0}.
     */
    static String describe(Tolerance tol, Tolerance band) {
        return band == null ? tol.describe() : tol.describe() + ", warn beyond " + band.describe();
    }

    /** The message suffix of a value within the tolerance but outside the warn band {@code band}. */
    static String overBand(Tolerance band) {
        return "within tolerance but over the warn band " + band.describe();
    }
}
