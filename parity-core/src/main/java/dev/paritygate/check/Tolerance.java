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
}
