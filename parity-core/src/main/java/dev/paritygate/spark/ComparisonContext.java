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
 * @param sampleMaskKey the secret key under which the sample hashes masked columns (HMAC-SHA256), or
 *     null for an unkeyed SHA-256; never recorded, and left out of {@link #toString()}
 */
public record ComparisonContext(
        LocalDate runDate,
        String leftSource,
        String rightSource,
        String rulesFingerprint,
        Instant startedAt,
        String sampleMaskKey) {
    public ComparisonContext {
        startedAt = startedAt == null ? Instant.now() : startedAt;
        leftSource = leftSource == null ? "dataset" : leftSource;
        rightSource = rightSource == null ? "dataset" : rightSource;
        rulesFingerprint = rulesFingerprint == null ? "" : rulesFingerprint;
        sampleMaskKey = sampleMaskKey == null || sampleMaskKey.isEmpty() ? null : sampleMaskKey;
    }

    /** A context whose sample masks columns without a key. */
    public ComparisonContext(
            LocalDate runDate, String leftSource, String rightSource, String rulesFingerprint, Instant startedAt) {
        this(runDate, leftSource, rightSource, rulesFingerprint, startedAt, null);
    }

    /** This context, its sample's masked columns hashed under {@code key} (null: unkeyed). */
    public ComparisonContext withSampleMaskKey(String key) {
        return new ComparisonContext(runDate, leftSource, rightSource, rulesFingerprint, startedAt, key);
    }

    /** The context without its mask key, which must not reach a log. */
    @Override
    public String toString() {
        return "ComparisonContext[runDate=" + runDate + ", leftSource=" + leftSource + ", rightSource=" + rightSource
                + ", rulesFingerprint=" + rulesFingerprint + ", startedAt=" + startedAt + ", sampleMaskKey="
                + (sampleMaskKey == null ? "none" : "***") + "]";
    }

    /** A context for comparing two in-memory datasets with no business date. */
    public static ComparisonContext adHoc(String rulesFingerprint) {
        return new ComparisonContext(null, "dataset", "dataset", rulesFingerprint, Instant.now());
    }
}
