package dev.paritygate.rules;

import java.math.BigDecimal;

/**
 * {@code distribution:<column>}: KLL quantile sketches of a numeric or timestamp column on both
 * sides; the verdict is the maximum normalised rank distance (Kolmogorov-Smirnov statistic).
 *
 * @param column aligned column name
 * @param maxDistance largest distance that passes, in [0, 1] (default 0.01)
 * @param k KLL accuracy parameter (default 200: about 1.3% rank error per sketch)
 * @param severity blocking or warning (default)
 */
public record DistributionSpec(String column, BigDecimal maxDistance, Integer k, Severity severity) {
    public DistributionSpec {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("Invalid distribution: column is required");
        }
        maxDistance = maxDistance == null ? new BigDecimal("0.01") : maxDistance;
        if (maxDistance.signum() < 0 || maxDistance.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("Invalid distribution max_distance " + maxDistance + ": allowed 0..1");
        }
        k = k == null ? 200 : k;
        if (k < 8 || k > 65535) {
            throw new IllegalArgumentException("Invalid distribution k " + k + ": allowed 8..65535");
        }
        severity = severity == null ? Severity.WARNING : severity;
    }
}
