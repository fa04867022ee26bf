package dev.paritygate.testing;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.ExcludeRecent;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.SampleSpec;
import dev.paritygate.rules.Severity;
import dev.paritygate.rules.SourceSpec;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds rules in code for tests: {@code TestRule.keyed("id").partitionBy("day").build()}. */
public final class TestRule {
    private final List<String> key;
    private List<String> partitionBy = List.of();
    private final Map<String, ColumnOptions> columns = new LinkedHashMap<>();
    private final Map<String, String> rename = new LinkedHashMap<>();
    private List<String> ignore = List.of();
    private String where;
    private Checks checks = Checks.DEFAULT;
    private SampleSpec sample = SampleSpec.DEFAULT;
    private SourceSpec left;
    private SourceSpec right;
    private Integer segments;
    private ExcludeRecent excludeRecent;
    private final List<dev.paritygate.rules.KpiSpec> kpis = new java.util.ArrayList<>();
    private final List<dev.paritygate.rules.DistributionSpec> distributions = new java.util.ArrayList<>();
    private final List<dev.paritygate.rules.DistinctSpec> distinct = new java.util.ArrayList<>();

    public TestRule kpi(dev.paritygate.rules.KpiSpec k) {
        kpis.add(k);
        return this;
    }

    public TestRule distribution(dev.paritygate.rules.DistributionSpec d) {
        distributions.add(d);
        return this;
    }

    public TestRule distinct(dev.paritygate.rules.DistinctSpec d) {
        distinct.add(d);
        return this;
    }

    private TestRule(List<String> key) {
        this.key = key;
    }

    public static TestRule keyed(String... key) {
        return new TestRule(List.of(key));
    }

    public TestRule partitionBy(String... cols) {
        partitionBy = List.of(cols);
        return this;
    }

    public TestRule column(String name, ColumnOptions options) {
        columns.put(name, options);
        return this;
    }

    public TestRule absTol(String name, String tol) {
        return tolerance(name, tol, null);
    }

    /** Column {@code name} compared under {@code abs_tol} and {@code rel_tol} (either null: unset). */
    public TestRule tolerance(String name, String abs, String rel) {
        return column(name, exactly(decimal(abs), decimal(rel), null, null, null, null));
    }

    /**
     * Column {@code name} compared exactly, with its own mismatch keys {@code max_mismatch_count},
     * {@code max_mismatch_rate}, {@code warn_mismatch_count}, {@code warn_mismatch_rate} (null: unset).
     */
    public TestRule mismatches(String name, Long maxCount, String maxRate, Long warnCount, String warnRate) {
        return column(name, exactly(null, null, maxCount, decimal(maxRate), warnCount, decimal(warnRate)));
    }

    /** Options without normalisations: only the numeric and mismatch tolerances given. */
    private static ColumnOptions exactly(
            BigDecimal abs, BigDecimal rel, Long maxCount, BigDecimal maxRate, Long warnCount, BigDecimal warnRate) {
        return Options.options()
                .absTol(abs)
                .relTol(rel)
                .mismatch(maxCount, maxRate, warnCount, warnRate)
                .build();
    }

    /** Column checks of {@code severity} (null: blocking) whose defaults are these mismatch keys (null: unset). */
    public TestRule columnChecks(Severity severity, Long maxCount, String maxRate, Long warnCount, String warnRate) {
        return checks(new Checks(
                null,
                null,
                null,
                null,
                new Checks.ColumnsCheck(true, severity, maxCount, decimal(maxRate), warnCount, decimal(warnRate))));
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    public TestRule rename(String leftName, String rightName) {
        rename.put(leftName, rightName);
        return this;
    }

    public TestRule ignore(String... cols) {
        ignore = List.of(cols);
        return this;
    }

    public TestRule where(String predicate) {
        where = predicate;
        return this;
    }

    public TestRule checks(Checks c) {
        checks = c;
        return this;
    }

    public TestRule sample(int maxRows, String... mask) {
        sample = new SampleSpec(maxRows, List.of(mask));
        return this;
    }

    public TestRule sides(SourceSpec l, SourceSpec r) {
        left = l;
        right = r;
        return this;
    }

    public TestRule segments(int n) {
        segments = n;
        return this;
    }

    public TestRule excludeRecent(String column, int minutes) {
        excludeRecent = new ExcludeRecent(column, minutes);
        return this;
    }

    public Rule build() {
        return new Rule(
                "test_pipeline",
                "owner@example.com",
                null,
                List.of(),
                left,
                right,
                where,
                key,
                partitionBy,
                null,
                segments,
                null,
                rename,
                ignore,
                columns,
                checks,
                sample,
                excludeRecent,
                null,
                kpis,
                distributions,
                distinct);
    }
}
