package dev.paritygate.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective comparison rule of one pipeline, as read from its YAML file with every default
 * filled in. Column names refer to the right (cloud) side's names; {@code rename} maps left
 * (legacy) names to them.
 *
 * @param pipeline unique pipeline name
 * @param owner who to page when the pipeline's data differs
 * @param description free text
 * @param upstream pipelines whose output this pipeline reads (gate dependency order)
 * @param left the legacy side
 * @param right the new (cloud) side
 * @param where SQL predicate applied identically to both sides
 * @param key key columns; a row with NULL in any key column is a null key and never matched
 * @param partitionBy partition columns; rows are fingerprinted and counted per partition
 * @param buckets key-hash buckets used as partitions when {@code partitionBy} is empty
 * @param segments key-hash segments within each partition: the grain of fingerprints
 * @param caseSensitive match column names case-sensitively (default false)
 * @param rename left column name to right column name
 * @param ignore columns excluded from every comparison
 * @param columns per-column comparison options
 * @param checks table-level checks and tolerances
 * @param sample the capped, masked sample of mismatching rows
 * @param excludeRecent rows still changing, excluded from the comparison
 * @param gate cutover policy
 * @param kpis business KPIs compared per group
 * @param distributions columns whose distributions are compared with KLL sketches
 * @param distinct columns whose distinct counts are compared with Theta sketches
 */
public record Rule(
        String pipeline,
        String owner,
        String description,
        List<String> upstream,
        SourceSpec left,
        SourceSpec right,
        String where,
        List<String> key,
        List<String> partitionBy,
        Integer buckets,
        Integer segments,
        Boolean caseSensitive,
        Map<String, String> rename,
        List<String> ignore,
        Map<String, ColumnOptions> columns,
        Checks checks,
        SampleSpec sample,
        ExcludeRecent excludeRecent,
        GatePolicy gate,
        List<KpiSpec> kpis,
        List<DistributionSpec> distributions,
        List<DistinctSpec> distinct) {

    /** Default key-hash buckets for tables without partition columns. */
    public static final int BUCKETS_DEFAULT = 16;
    /**
     * Default key-hash segments per partition. Scattered differences (a rounding rule touching 0.1%
     * of rows everywhere) hit most grains when grains are few; a thousand per partition keeps the
     * fingerprint table small (one row per grain) while letting the key diff skip most of a table.
     */
    public static final int SEGMENTS_DEFAULT = 1024;

    public Rule {
        upstream = upstream == null ? List.of() : List.copyOf(upstream);
        key = key == null ? List.of() : List.copyOf(key);
        partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
        buckets = buckets == null ? BUCKETS_DEFAULT : buckets;
        segments = segments == null ? SEGMENTS_DEFAULT : segments;
        caseSensitive = caseSensitive == null ? Boolean.FALSE : caseSensitive;
        rename = rename == null ? Map.of() : Map.copyOf(rename);
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
        // Keep declaration order: reports list columns the way the author wrote them.
        columns = columns == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        checks = checks == null ? Checks.DEFAULT : checks;
        sample = sample == null ? SampleSpec.DEFAULT : sample;
        gate = gate == null ? GatePolicy.DEFAULT : gate;
        kpis = kpis == null ? List.of() : List.copyOf(kpis);
        distributions = distributions == null ? List.of() : List.copyOf(distributions);
        distinct = distinct == null ? List.of() : List.copyOf(distinct);
        if (buckets < 1 || buckets > 100_000) {
            throw new IllegalArgumentException("Invalid buckets " + buckets + ": allowed 1..100000");
        }
        if (segments < 1 || segments > 65536) {
            throw new IllegalArgumentException("Invalid segments " + segments + ": allowed 1..65536");
        }
    }

    /** Options of a column (matched with the rule's case sensitivity), or the defaults. */
    public ColumnOptions columnOptions(String column) {
        return columnKey(column).map(columns::get).orElse(ColumnOptions.DEFAULT);
    }

    /** The key of {@code columns} that names {@code column}, as written, matched with the rule's case sensitivity. */
    public Optional<String> columnKey(String column) {
        return columns.keySet().stream()
                .filter(k -> caseSensitive ? k.equals(column) : k.equalsIgnoreCase(column))
                .findFirst();
    }

    /**
     * Whether a comparison under this rule would give no verdict at all, and so pass having compared
     * nothing: every check disabled and no KPI, distribution or distinct check, or only the column
     * checks enabled under {@code key_diff.mode: estimate}, which never computes them.
     */
    public boolean comparesNothing() {
        return !checks.schema().enabled()
                && !checks.rowCount().enabled()
                && !checks.partitionHash().enabled()
                && !checks.keyDiff().enabled()
                && !checks.columnsCompared()
                && kpis.isEmpty()
                && distributions.isEmpty()
                && distinct.isEmpty();
    }

    /** A copy of this rule with another gate policy (project-wide defaults merged in). */
    public Rule withGate(GatePolicy policy) {
        return copy(checks, policy);
    }

    /** A copy of this rule with a different key-diff mode (used by {@code --full-diff}). */
    public Rule withKeyDiffMode(Checks.KeyDiffMode mode) {
        Checks.KeyDiffCheck k = checks.keyDiff();
        Checks c = new Checks(
                checks.schema(),
                checks.rowCount(),
                checks.partitionHash(),
                new Checks.KeyDiffCheck(
                        k.enabled(),
                        k.severity(),
                        k.maxMismatchCount(),
                        k.maxMismatchRate(),
                        k.allowDuplicates(),
                        mode,
                        k.warnMismatchCount(),
                        k.warnMismatchRate()),
                checks.columns());
        return copy(c, gate);
    }

    private Rule copy(Checks c, GatePolicy g) {
        return new Rule(
                pipeline,
                owner,
                description,
                upstream,
                left,
                right,
                where,
                key,
                partitionBy,
                buckets,
                segments,
                caseSensitive,
                rename,
                ignore,
                columns,
                c,
                sample,
                excludeRecent,
                g,
                kpis,
                distributions,
                distinct);
    }
}
