package dev.paritygate.spark;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a comparison records about itself on every verdict row.
 *
 * @param runDate the business date compared (may be null for ad-hoc comparisons)
 * @param leftSource description of the left side (for example {@code parquet:/data/legacy/orders})
 * @param rightSource description of the right side
 * @param rulesFingerprint stable hash of the effective rule
 * @param startedAt when the run started; {@code exclude_recent} counts back from it
 */
public record ComparisonContext(
        LocalDate runDate, String leftSource, String rightSource, String rulesFingerprint, Instant startedAt) {
    public ComparisonContext {
        startedAt = startedAt == null ? Instant.now() : startedAt;
        leftSource = leftSource == null ? "dataset" : leftSource;
        rightSource = rightSource == null ? "dataset" : rightSource;
        rulesFingerprint = rulesFingerprint == null ? "" : rulesFingerprint;
    }

    /** A context for comparing two in-memory datasets with no business date. */
    public static ComparisonContext adHoc(String rulesFingerprint) {
        return new ComparisonContext(null, "dataset", "dataset", rulesFingerprint, Instant.now());
    }
}
