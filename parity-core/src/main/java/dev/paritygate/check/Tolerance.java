package dev.paritygate.check;

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
