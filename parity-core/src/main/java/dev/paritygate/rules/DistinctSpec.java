package dev.paritygate.rules;

import java.math.BigDecimal;

/**
 * {@code distinct:<column>}: approximate distinct counts per side from Theta sketches. The check
 * fails only when the counts differ by more than {@code relTol} beyond what the sketches' own error
 * bounds explain.
 *
 * @param column aligned column name
 * @param relTol relative tolerance on the distinct count (default 0)
 * @param lgK log2 of the sketch's nominal entries (default 14: 16384 entries, about 0.8% relative standard error)
 * @param severity blocking or warning (default)
 */
public record DistinctSpec(String column, BigDecimal relTol, Integer lgK, Severity severity) {
    public DistinctSpec {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("Invalid distinct: column is required");
        }
        relTol = relTol == null ? BigDecimal.ZERO : relTol;
        if (relTol.signum() < 0) {
            throw new IllegalArgumentException("Invalid distinct rel_tol " + relTol + ": must be >= 0");
        }
        lgK = lgK == null ? 14 : lgK;
        if (lgK < 4 || lgK > 26) {
            throw new IllegalArgumentException("Invalid distinct lg_k " + lgK + ": allowed 4..26");
        }
        severity = severity == null ? Severity.WARNING : severity;
    }
}
