package dev.paritygate.spark;

import dev.paritygate.check.SideProfile;
import java.util.List;
import java.util.Map;

/**
 * Everything the single aggregation pass over one side computed.
 *
 * @param profile per-grain fingerprints and null keys
 * @param kpis per KPI name, per group scope, per metric: the aggregate's value as text ({@link SparkKpiText})
 * @param unconvertible per KPI that reads floating-point columns, per group scope, per such column:
 *     how many of its non-NULL values the KPI context turned into NULL (NaN, infinite, beyond
 *     +/-1e26), which the KPI's aggregates therefore skipped
 * @param distributions per column: the serialised KLL sketch
 * @param distinct per column: the serialised Theta sketch
 * @param keys Theta sketch of the key hashes (only in estimate mode), else null
 * @param keyRows Theta sketch of (key, row hash) pairs (only in estimate mode), else null
 * @param partitionValues per partition spec (as in {@link dev.paritygate.check.Grain#partition()}),
 *     its typed partition values, so that a key diff can filter on them and let the source skip
 *     whole partitions
 * @param digests per grain, the {@link DifferenceDigest} of its keyed rows, when the caller asked
 *     for them and the pass computes them, else null
 */
record SideStats(
        SideProfile profile,
        Map<String, Map<String, Map<String, String>>> kpis,
        Map<String, Map<String, Map<String, Long>>> unconvertible,
        Map<String, byte[]> distributions,
        Map<String, byte[]> distinct,
        byte[] keys,
        byte[] keyRows,
        Map<String, List<Object>> partitionValues,
        GrainTable digests) {}
