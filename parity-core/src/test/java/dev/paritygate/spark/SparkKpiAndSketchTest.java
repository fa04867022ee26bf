package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkKpiAndSketchTest {

    static KpiSpec kpi(String name, List<String> groupBy, Map<String, KpiSpec.Metric> metrics) {
        return new KpiSpec(name, groupBy, metrics, Severity.BLOCKING);
    }

    static Map<String, KpiSpec.Metric> metrics(Object... nameExprTol) {
        Map<String, KpiSpec.Metric> m = new LinkedHashMap<>();
        for (int i = 0; i < nameExprTol.length; i += 3) {
            m.put((String) nameExprTol[i], new KpiSpec.Metric((String) nameExprTol[i + 1], null, (BigDecimal)
                    nameExprTol[i + 2]));
        }
        return m;
    }

    static Dataset<Row> sales(boolean cloud) {
        TestData t = TestData.of("id INT, region STRING, amount DECIMAL(12,2), qty INT");
        t.row(1, "EU", new BigDecimal("10.00"), 1)
                .row(2, "EU", new BigDecimal("20.00"), 2)
                .row(3, "US", new BigDecimal("5.00"), 3);
        if (cloud) {
            t.row(4, "APAC", new BigDecimal("7.00"), 1);
        } else {
            t.row(4, "US", new BigDecimal("7.00"), 1);
        }
        return t.df();
    }

    @Test
    void kpisAreComparedPerGroupAndAMissingGroupIsItsOwnFailure() {
        TestRule rule = TestRule.keyed("id")
                .kpi(kpi(
                        "revenue_by_region",
                        List.of("region"),
                        metrics("revenue", "sum(amount)", null, "orders", "count(*)", null)))
                .kpi(kpi(
                        "totals",
                        List.of(),
                        metrics("revenue", "sum(amount)", null, "avg_qty", "avg(qty)", new BigDecimal("0.5"))));
        PipelineResult r = SparkParity.compare(sales(false), sales(true), rule.build(), ComparisonContext.adHoc(""));

        Verdict eu = r.verdict("kpi:revenue_by_region", "region=EU", "revenue");
        assertThat(eu.leftValue()).isEqualTo("30.00");
        assertThat(eu.rightValue()).isEqualTo("30.00");
        assertThat(eu.status()).isEqualTo(Status.PASS);
        Verdict us = r.verdict("kpi:revenue_by_region", "region=US", "revenue");
        assertThat(us.leftValue()).isEqualTo("12.00");
        assertThat(us.rightValue()).isEqualTo("5.00");
        assertThat(us.difference()).isEqualTo(-7.0);
        assertThat(us.status()).isEqualTo(Status.FAIL);
        assertThat(r.verdict("kpi:revenue_by_region", "region=US", "orders").leftValue())
                .isEqualTo("2");
        Verdict apac = r.verdict("kpi:revenue_by_region", "region=APAC", "group");
        assertThat(apac.status()).isEqualTo(Status.FAIL);
        assertThat(apac.message()).isEqualTo("group region=APAC exists only on the right side");
        assertThat(r.verdict("kpi:totals", "*", "revenue").status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("kpi:totals", "*", "revenue").leftValue()).isEqualTo("42.00");
        assertThat(r.verdict("kpi:totals", "*", "avg_qty").status()).isEqualTo(Status.PASS);
    }

    @Test
    void doubleSumsAreExactAndIndependentOfRowOrder() {
        // 0.1 added 10 times in double arithmetic is 0.9999999999999999, and the order matters for
        // mixed magnitudes; the KPI context sums doubles as decimals, so both orders give one total.
        TestData a = TestData.of("id INT, v DOUBLE");
        TestData b = TestData.of("id INT, v DOUBLE");
        double[] values = {1e16, 0.1, -1e16, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        for (int i = 0; i < values.length; i++) {
            a.row(i, values[i]);
            b.row(values.length - 1 - i, values[values.length - 1 - i]);
        }
        PipelineResult r = SparkParity.compare(
                a.df(),
                b.df().repartition(3),
                TestRule.keyed("id")
                        .kpi(kpi("total", List.of(), metrics("v", "sum(v)", null)))
                        .build(),
                ComparisonContext.adHoc(""));
        Verdict v = r.verdict("kpi:total", "*", "v");
        assertThat(v.leftValue()).isEqualTo("1.000000000000");
        assertThat(v.rightValue()).isEqualTo(v.leftValue());
        assertThat(v.status()).isEqualTo(Status.PASS);
    }

    @Test
    void aNumericGroupNamesOneGroupWhateverEachSidesNumberType() {
        // A grouping column retyped by the migration (INT to DECIMAL(10,2), DECIMAL(10,2) to DOUBLE)
        // was grouped by its text, 1 against 1.00 against 1.000000000000, so every group was
        // reported missing on both sides while the totals agreed.
        Dataset<Row> legacy = TestData.of("id INT, band INT, amt INT")
                .row(1, 1, 5)
                .row(2, 1, 6)
                .row(3, 25, 7)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, band DECIMAL(10,2), amt INT")
                .row(1, new BigDecimal("1.00"), 5)
                .row(2, new BigDecimal("1.00"), 6)
                .row(3, new BigDecimal("25.00"), 8)
                .df();
        Dataset<Row> cloudDouble = TestData.of("id INT, band DOUBLE, amt INT")
                .row(1, 1.0, 5)
                .row(2, 1.0, 6)
                .row(3, 25.0, 8)
                .df();
        TestRule rule = TestRule.keyed("id").kpi(kpi("by_band", List.of("band"), metrics("amt", "sum(amt)", null)));
        for (Dataset<Row> right : List.of(cloud, cloudDouble)) {
            PipelineResult r = SparkParity.compare(legacy, right, rule.build(), ComparisonContext.adHoc(""));

            assertThat(r.verdicts("kpi:by_band").stream()
                            .map(v -> v.scope() + " " + v.metric() + " " + v.leftValue() + " " + v.rightValue() + " "
                                    + v.status())
                            .toList())
                    .containsExactly("band=1 amt 11 11 PASS", "band=25 amt 7 8 FAIL");
        }
        // A number against text compares as text: DECIMAL 1.00 and the string '1.00' stay one group.
        Dataset<Row> decimals = TestData.of("id INT, band DECIMAL(10,2), amt INT")
                .row(1, new BigDecimal("1.00"), 5)
                .df();
        Dataset<Row> strings =
                TestData.of("id INT, band STRING, amt INT").row(1, "1.00", 5).df();
        assertThat(SparkParity.compare(decimals, strings, rule.build(), ComparisonContext.adHoc(""))
                        .verdict("kpi:by_band", "band=1.00", "amt")
                        .status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void aStringGroupIsNormalisedAsItsColumnIsCompared() {
        // Legacy CHAR padding and upper case, compared equal under trim and ignore_case, named two
        // groups per region, each reported missing on the other side.
        Dataset<Row> legacy = TestData.of("id INT, region STRING, amt INT")
                .row(1, "EU  ", 5)
                .row(2, "US  ", 6)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, region STRING, amt INT")
                .row(1, "eu", 5)
                .row(2, "us", 7)
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .column(
                                "region",
                                Options.options().trim(true).ignoreCase(true).build())
                        .kpi(kpi("by_region", List.of("region"), metrics("amt", "sum(amt)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(r.verdicts("kpi:by_region").stream()
                        .map(v -> v.scope() + " " + v.metric() + " " + v.leftValue() + " " + v.rightValue() + " "
                                + v.status())
                        .toList())
                .containsExactly("region=eu amt 5 5 PASS", "region=us amt 6 7 FAIL");
    }

    @Test
    void aFloatEntersKpisAsTheDecimalItPrintsAs() {
        // 0.1f is 0.100000001490116... in binary: summed as that, a legacy FLOAT total would differ
        // from the migrated DOUBLE's by 1.5e-9 per row.
        Dataset<Row> legacy = TestData.of("id INT, v FLOAT")
                .row(1, 0.1f)
                .row(2, 0.2f)
                .row(3, 0.7f)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, v DOUBLE")
                .row(1, 0.1)
                .row(2, 0.2)
                .row(3, 0.7)
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .kpi(kpi("total", List.of(), metrics("v", "sum(v)", null)))
                        .build(),
                ComparisonContext.adHoc(""));
        Verdict v = r.verdict("kpi:total", "*", "v");
        assertThat(v.leftValue()).isEqualTo("1.000000000000");
        assertThat(v.rightValue()).isEqualTo(v.leftValue());
        assertThat(v.status()).isEqualTo(Status.PASS);
    }

    /** A KPI verdict as one line: scope, metric, both values, status and message. */
    private static String line(Verdict v) {
        return v.scope() + " | " + v.metric() + " | " + v.leftValue() + " | " + v.rightValue() + " | " + v.status()
                + " | " + v.message();
    }

    private static List<String> lines(PipelineResult r, String check) {
        return r.verdicts(check).stream().map(SparkKpiAndSketchTest::line).toList();
    }

    @Test
    void floatValuesTheKpiContextCannotHoldOnOneSideOnlyFailTheKpiNamingTheColumn() {
        // NaN, infinities and doubles beyond 1e26 do not fit DECIMAL(38,12) and became NULL, which
        // sum() skips: these sides differ only in such values and their sums agreed, a silent pass.
        Dataset<Row> legacy = TestData.of("id INT, v DOUBLE")
                .row(1, 1.5)
                .row(2, Double.NaN)
                .row(3, Double.POSITIVE_INFINITY)
                .row(4, -1e30)
                .row(5, null)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, v DOUBLE")
                .row(1, 1.5)
                .row(2, null)
                .row(3, null)
                .row(4, null)
                .row(5, null)
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .kpi(kpi("total", List.of(), metrics("v", "sum(v)", null)))
                        .kpi(new KpiSpec("soft", List.of(), metrics("v", "sum(v)", null), Severity.WARNING))
                        .build(),
                ComparisonContext.adHoc(""));

        String lost = "3 values on the left and 0 on the right were NaN, infinite or beyond +/-1e26, so the"
                + " aggregates left them out and cannot show this difference; column v: 3 left, 0 right";
        assertThat(lines(r, "kpi:total"))
                .containsExactly(
                        "* | v | 1.500000000000 | 1.500000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "* | unconvertible_values | 3 | 0 | FAIL | " + lost);
        assertThat(lines(r, "kpi:soft"))
                .containsExactly(
                        "* | v | 1.500000000000 | 1.500000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "* | unconvertible_values | 3 | 0 | WARN | " + lost);
        Verdict counts = r.verdict("kpi:total", "*", "unconvertible_values");
        assertThat(counts.difference()).isEqualTo(-3.0);
        assertThat(counts.tolerance()).isEqualTo("same counts");
        assertThat(counts.blocking()).isTrue();
        assertThat(r.verdict("kpi:soft", "*", "unconvertible_values").blocking())
                .isFalse();
    }

    @Test
    void theSameUnconvertibleValuesOnBothSidesWarnSayingHowManyWereLeftOut() {
        TestData side = TestData.of("id INT, v DOUBLE")
                .row(1, 1.5)
                .row(2, Double.NaN)
                .row(3, 1e30)
                .row(4, null);
        PipelineResult r = SparkParity.compare(
                side.df(),
                side.df(),
                TestRule.keyed("id")
                        .kpi(kpi("total", List.of(), metrics("v", "sum(v)", null, "n", "count(v)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(lines(r, "kpi:total"))
                .containsExactly(
                        "* | v | 1.500000000000 | 1.500000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "* | n | 1 | 1 | PASS | within tolerance: 0 (rel diff 0.00)",
                        "* | unconvertible_values | 2 | 2 | WARN | 2 values on each side were NaN, infinite or"
                                + " beyond +/-1e26 and so left out of the aggregates; column v: 2 left, 2 right");
        assertThat(r.verdict("kpi:total", "*", "unconvertible_values").difference())
                .isEqualTo(0.0);
        assertThat(r.status()).isEqualTo(Status.WARN);
    }

    @Test
    void unconvertibleValuesAreCountedPerGroupAndNamePerColumnCounts() {
        TestData legacy = TestData.of("id INT, region STRING, v DOUBLE, w FLOAT")
                .row(1, "EU", 1.0, 1.0f)
                .row(2, "EU", Double.NaN, 2.0f)
                .row(3, "US", Double.POSITIVE_INFINITY, 3.0f)
                .row(4, "US", 2.0, Float.NaN)
                .row(5, "APAC", 1.0, 1.0f);
        TestData cloud = TestData.of("id INT, region STRING, v DOUBLE, w FLOAT")
                .row(1, "EU", 1.0, 1.0f)
                .row(2, "EU", null, 2.0f)
                .row(3, "US", Double.POSITIVE_INFINITY, 3.0f)
                .row(4, "US", 2.0, Float.POSITIVE_INFINITY)
                .row(5, "APAC", 1.0, 1.0f);
        PipelineResult r = SparkParity.compare(
                legacy.df(),
                cloud.df(),
                TestRule.keyed("id")
                        .kpi(kpi("by_region", List.of("region"), metrics("v", "sum(v)", null, "w", "max(w)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(lines(r, "kpi:by_region"))
                .containsExactly(
                        "region=APAC | v | 1.000000000000 | 1.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=APAC | w | 1.000000000000 | 1.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=EU | v | 1.000000000000 | 1.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=EU | w | 2.000000000000 | 2.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=EU | unconvertible_values | 1 | 0 | FAIL | 1 value on the left and 0 on the right"
                                + " were NaN, infinite or beyond +/-1e26, so the aggregates left them out and cannot"
                                + " show this difference; column v: 1 left, 0 right",
                        "region=US | v | 2.000000000000 | 2.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=US | w | 3.000000000000 | 3.000000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=US | unconvertible_values | 2 | 2 | WARN | 2 values on each side were NaN, infinite"
                                + " or beyond +/-1e26 and so left out of the aggregates; columns v: 1 left, 1 right;"
                                + " w: 1 left, 1 right");
    }

    @Test
    void aKpiOverConvertibleValuesKeepsItsVerdictsAndGetsNoExtraAggregate() {
        // Ordinary doubles, a NULL and a double just below 1e26: nothing is lost, so the verdicts are
        // exactly those of before the count existed, and neither does a KPI over decimals count anything.
        Dataset<Row> legacy = TestData.of("id INT, region STRING, v DOUBLE, amount DECIMAL(10,2)")
                .row(1, "EU", 1.5, new BigDecimal("1.50"))
                .row(2, "EU", null, new BigDecimal("2.00"))
                .row(3, "US", 9e25, new BigDecimal("3.00"))
                .df();
        Dataset<Row> cloud = TestData.of("id INT, region STRING, v DOUBLE, amount DECIMAL(10,2)")
                .row(1, "EU", 1.5, new BigDecimal("1.50"))
                .row(2, "EU", null, new BigDecimal("2.00"))
                .row(3, "US", 8e25, new BigDecimal("3.00"))
                .df();
        TestRule rule = TestRule.keyed("id")
                .kpi(kpi("by_region", List.of("region"), metrics("v", "sum(v)", null)))
                .kpi(kpi("revenue", List.of(), metrics("amount", "sum(amount)", null, "n", "count(*)", null)));
        PipelineResult r = SparkParity.compare(legacy, cloud, rule.build(), ComparisonContext.adHoc(""));

        assertThat(lines(r, "kpi:by_region"))
                .containsExactly(
                        "region=EU | v | 1.500000000000 | 1.500000000000 | PASS | within tolerance: 0.000000000000 (rel diff 0.00)",
                        "region=US | v | 90000000000000000000000000.000000000000 | 80000000000000000000000000.000000000000"
                                + " | FAIL | differs by -10000000000000000000000000.000000000000 (rel diff 0.125)");
        assertThat(lines(r, "kpi:revenue"))
                .containsExactly(
                        "* | amount | 6.50 | 6.50 | PASS | within tolerance: 0.00 (rel diff 0.00)",
                        "* | n | 3 | 3 | PASS | within tolerance: 0 (rel diff 0.00)");

        AlignedSides a = SparkAlignment.align(legacy, cloud, rule.build(), null, ComparisonContext.adHoc(""));
        Dataset<Row> pl = SparkPreparedSide.prepare(a, Side.LEFT, rule.build());
        Dataset<Row> pr = SparkPreparedSide.prepare(a, Side.RIGHT, rule.build());
        FusedPlan plan = SparkFusedPlanner.plan(
                rule.build(), null, a, pl, pr, false, new java.util.ArrayList<>(), new java.util.HashSet<>());
        assertThat(plan.floatInputs().of("by_region", Side.LEFT)).containsExactly("v");
        assertThat(plan.floatInputs().of("revenue", Side.LEFT)).isEmpty();
        assertThat(plan.floatInputs().columns(Side.RIGHT)).containsExactly("v");

        TestRule decimalsOnly =
                TestRule.keyed("id").kpi(kpi("revenue", List.of(), metrics("amount", "sum(amount)", null)));
        FusedPlan noFloats = SparkFusedPlanner.plan(
                decimalsOnly.build(), null, a, pl, pr, false, new java.util.ArrayList<>(), new java.util.HashSet<>());
        assertThat(noFloats.floatInputs().columns(Side.LEFT)).isEmpty();
        assertThat(noFloats.floatInputs().columns(Side.RIGHT)).isEmpty();
        // Without KPIs the prepared side (and so every plan over it) is what it was.
        Rule plain = TestRule.keyed("id").build();
        assertThat(SparkPreparedSide.prepare(
                                SparkAlignment.align(legacy, cloud, plain, null, ComparisonContext.adHoc("")),
                                Side.LEFT,
                                plain)
                        .columns())
                .noneMatch(c -> c.startsWith(SparkPreparedSide.UNCONVERTIBLE));
    }

    @Test
    void countingUnconvertibleValuesAddsNoPassOverTheData(@TempDir Path dir) {
        Dataset<Row> data = SharedSpark.spark()
                .range(5000)
                .selectExpr("id", "id % 7 AS region", "IF(id % 100 = 0, double('NaN'), id * 1.5D) AS amount");
        data.write().parquet(dir.resolve("l").toString());
        data.write().parquet(dir.resolve("r").toString());
        Dataset<Row> left = SharedSpark.spark().read().parquet(dir.resolve("l").toString());
        Dataset<Row> right = SharedSpark.spark().read().parquet(dir.resolve("r").toString());
        TestRule rule = TestRule.keyed("id")
                .kpi(kpi("by_region", List.of("region"), metrics("revenue", "sum(amount)", null)))
                .kpi(kpi("total", List.of(), metrics("revenue", "sum(amount)", null)));
        PipelineResult[] result = new PipelineResult[1];

        int scans =
                scans(() -> result[0] = SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc("")));

        assertThat(scans).isEqualTo(2);
        Verdict total = result[0].verdict("kpi:total", "*", "unconvertible_values");
        assertThat(List.of(total.leftValue(), total.rightValue(), total.status().name()))
                .containsExactly("50", "50", "WARN");
    }

    @Test
    void anEmptySideHasTableWideKpisAndEmptySketchesNotAnError() {
        // A side without rows had no group in the table-wide set: its sketches were missing, which
        // made the distribution, distinct and key_diff checks ERROR ("array must be non-null"), and
        // its table-wide KPI a missing group instead of a count of 0.
        Dataset<Row> empty = TestData.of("id INT, g STRING, amt DECIMAL(10,2)").df();
        Dataset<Row> one = TestData.of("id INT, g STRING, amt DECIMAL(10,2)")
                .row(1, "a", new BigDecimal("1.50"))
                .df();
        TestRule rule = TestRule.keyed("id")
                .kpi(kpi("totals", List.of(), metrics("orders", "count(*)", null, "revenue", "sum(amt)", null)))
                .distribution(new DistributionSpec("amt", null, null, Severity.BLOCKING))
                .distinct(new DistinctSpec("g", null, null, Severity.BLOCKING));

        PipelineResult both = SparkParity.compare(empty, empty, rule.build(), ComparisonContext.adHoc(""));
        assertThat(both.status()).isEqualTo(Status.PASS);
        assertThat(both.verdict("kpi:totals", "*", "orders").leftValue()).isEqualTo("0");
        assertThat(both.verdict("distribution:amt", "*", "ks_distance").message())
                .isEqualTo("no values on either side");
        assertThat(both.verdict("distinct:g", "*", "distinct_count").status()).isEqualTo(Status.PASS);

        PipelineResult left = SparkParity.compare(empty, one, rule.build(), ComparisonContext.adHoc(""));
        Verdict orders = left.verdict("kpi:totals", "*", "orders");
        assertThat(List.of(
                        orders.leftValue(), orders.rightValue(), orders.status().name()))
                .containsExactly("0", "1", "FAIL");
        Verdict revenue = left.verdict("kpi:totals", "*", "revenue");
        assertThat(Arrays.asList(
                        revenue.leftValue(),
                        revenue.rightValue(),
                        revenue.status().name()))
                .containsExactly(null, "1.50", "FAIL");
        Verdict ks = left.verdict("distribution:amt", "*", "ks_distance");
        assertThat(List.of(ks.status().name(), ks.message())).containsExactly("FAIL", "no values on the left side");
        Verdict distinct = left.verdict("distinct:g", "*", "distinct_count");
        assertThat(List.of(
                        distinct.leftValue(),
                        distinct.rightValue(),
                        distinct.status().name()))
                .containsExactly("0", "1", "FAIL");
        assertThat(left.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(1.0);
        PipelineResult estimate = SparkParity.compare(
                empty, one, rule.build().withKeyDiffMode(Checks.KeyDiffMode.ESTIMATE), ComparisonContext.adHoc(""));
        assertThat(estimate.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(1.0);
    }

    @Test
    void ksDistanceOfAShiftedUniformMatchesTheAnalyticValue() {
        Dataset<Row> left = SharedSpark.spark().range(20_000).selectExpr("id", "id / 20000.0 AS x");
        Dataset<Row> right = SharedSpark.spark().range(20_000).selectExpr("id", "id / 20000.0 + 0.1 AS x");
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .distribution(new DistributionSpec("x", new BigDecimal("0.05"), null, Severity.BLOCKING))
                        .build(),
                ComparisonContext.adHoc(""));
        Verdict d = r.verdict("distribution:x", "*", "ks_distance");
        // Uniform(0,1) against Uniform(0.1,1.1): the CDFs differ by at most 0.1.
        assertThat(d.difference()).isCloseTo(0.1, within(0.02));
        assertThat(d.status()).isEqualTo(Status.FAIL);
        assertThat(d.details()).contains("\"p50\"").contains("\"sketch_left\"");

        PipelineResult same = SparkParity.compare(
                left,
                left.repartition(4),
                TestRule.keyed("id")
                        .distribution(new DistributionSpec("x", new BigDecimal("0.05"), null, Severity.BLOCKING))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(same.verdict("distribution:x", "*", "ks_distance").status()).isEqualTo(Status.PASS);
    }

    @Test
    void distinctCountsPassOnReorderedDataAndFailOnAFivePercentChange() {
        Dataset<Row> left = SharedSpark.spark().range(200_000).selectExpr("id", "id % 50000 AS customer_id");
        Dataset<Row> reordered = left.repartition(7).sortWithinPartitions("customer_id");
        Dataset<Row> changed = SharedSpark.spark().range(200_000).selectExpr("id", "id % 52500 AS customer_id");
        TestRule rule = TestRule.keyed("id")
                .distinct(new DistinctSpec("customer_id", new BigDecimal("0.01"), null, Severity.BLOCKING));
        rule.checks(new Checks(
                null,
                null,
                null,
                new Checks.KeyDiffCheck(false, null, null, null, null, null),
                new Checks.ColumnsCheck(false, null)));

        PipelineResult same = SparkParity.compare(left, reordered, rule.build(), ComparisonContext.adHoc(""));
        assertThat(same.verdict("distinct:customer_id", "*", "distinct_count").status())
                .isEqualTo(Status.PASS);
        PipelineResult diff = SparkParity.compare(left, changed, rule.build(), ComparisonContext.adHoc(""));
        Verdict d = diff.verdict("distinct:customer_id", "*", "distinct_count");
        assertThat(d.status()).isEqualTo(Status.FAIL);
        assertThat(Double.parseDouble(d.rightValue()) / Double.parseDouble(d.leftValue()))
                .isCloseTo(1.05, within(0.04));
    }

    @Test
    void keyOverlapIsEstimatedWithoutAJoin() {
        Dataset<Row> left = SharedSpark.spark().range(1000).selectExpr("id", "id * 2 AS v");
        Dataset<Row> right = SharedSpark.spark().range(10, 1005).selectExpr("id", "IF(id = 500, -1, id * 2) AS v");
        TestRule rule = TestRule.keyed("id")
                .checks(new Checks(
                        null,
                        null,
                        null,
                        new Checks.KeyDiffCheck(null, null, null, null, null, Checks.KeyDiffMode.ESTIMATE),
                        null));
        PipelineResult r = SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc(""));

        // Below 16,384 keys the Theta sketches are exact.
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").difference()).isEqualTo(10.0);
        assertThat(r.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(5.0);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(1.0);
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").message())
                .startsWith("estimated 10 (95% bounds 10..10)");
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").message())
                .isEqualTo("estimated 1 key whose rows differ (keys in common minus identical rows in common)");
        assertThat(r.verdict("key_diff", "*", "duplicate_keys_left").status()).isEqualTo(Status.SKIPPED);
        // A duplicated key's rows are compared as a whole only by the exact key diff.
        Verdict differing = r.verdict("key_diff", "*", "duplicate_keys_differing");
        assertThat(differing.status()).isEqualTo(Status.SKIPPED);
        assertThat(differing.difference()).isNull();
        assertThat(differing.message()).isEqualTo("not computed in estimate mode (needs the exact key diff)");
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aKpiWhoseArithmeticOverflowsIsAnErrorAndTheOtherChecksStillRun() {
        // Each value fits DECIMAL(38,12), the type a double enters KPIs as; their sum does not.
        Dataset<Row> side =
                TestData.of("id INT, v DOUBLE").row(1, 9e25).row(2, 9e25).df();
        Dataset<Row> changed =
                TestData.of("id INT, v DOUBLE").row(1, 9e25).row(2, 8e25).df();
        PipelineResult r = SparkParity.compare(
                side,
                changed,
                TestRule.keyed("id")
                        .kpi(kpi("total", List.of(), metrics("v", "sum(v)", null)))
                        .kpi(kpi("rows", List.of(), metrics("n", "count(*)", null)))
                        .build(),
                ComparisonContext.adHoc(""));
        for (String kpi : List.of("kpi:total", "kpi:rows")) {
            Verdict error = r.verdict(kpi, "*", "error");
            assertThat(error.status()).isEqualTo(Status.ERROR);
            assertThat(error.message())
                    .startsWith("Cannot evaluate the KPIs on the left side: [ARITHMETIC_OVERFLOW]")
                    .endsWith("try_sum(...) or try_divide(...) give NULL where the arithmetic would fail.");
        }
        assertThat(r.verdict("row_count", "*", "rows").status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(1.0);
        assertThat(r.verdict("column:v", "*", "mismatches").difference()).isEqualTo(1.0);
        assertThat(r.status()).isEqualTo(Status.ERROR);
    }

    @Test
    void sixteenDifferingRowsWithinATolerance20ButOverABandOf10WarnInEveryMode() {
        // 10 keys only on the left, 5 only on the right, 1 mismatched: 16 rows differ. Column and
        // partition hash checks are off, so the key diff alone decides the status.
        Dataset<Row> left = SharedSpark.spark().range(1000).selectExpr("id", "id * 2 AS v");
        Dataset<Row> right = SharedSpark.spark().range(10, 1005).selectExpr("id", "IF(id = 500, -1, id * 2) AS v");
        for (Checks.KeyDiffMode mode : Checks.KeyDiffMode.values()) {
            Rule rule = keyDiffWithin20(mode, 10L);
            PipelineResult r = SparkParity.compare(left, right, rule, ComparisonContext.adHoc(""));

            assertThat(r.verdicts("key_diff"))
                    .extracting(v -> v.metric() + " " + v.status())
                    .as("mode %s", mode)
                    .startsWith("rows_only_in_left WARN", "rows_only_in_right WARN", "rows_mismatched WARN");
            assertThat(r.status()).as("mode %s", mode).isEqualTo(Status.WARN);
        }
        Rule tight = keyDiffWithin20(null, 16L);
        assertThat(SparkParity.compare(left, right, tight, ComparisonContext.adHoc(""))
                        .status())
                .isEqualTo(Status.PASS);
    }

    /**
     * Keyed by id, row count and key diff within 20 rows, the key diff in {@code mode} (null: the
     * default) with a warn band beyond {@code warnBeyond} rows; partition hash and column checks off.
     */
    private static Rule keyDiffWithin20(Checks.KeyDiffMode mode, long warnBeyond) {
        return TestRule.keyed("id")
                .checks(new Checks(
                        null,
                        new Checks.RowCountCheck(null, null, 20L, null),
                        new Checks.PartitionHashCheck(false, null),
                        new Checks.KeyDiffCheck(null, null, 20L, null, null, mode, warnBeyond, null),
                        new Checks.ColumnsCheck(false, null)))
                .build();
    }

    private static List<String> rows(PipelineResult r, String check) {
        return r.verdicts(check).stream()
                .map(v -> v.scope() + " " + v.metric() + " " + v.leftValue() + " " + v.rightValue() + " " + v.status())
                .toList();
    }

    @Test
    void aTimestampKpiEqualsTheSameInstantAsTimestampNtzReadInTheSidesZone() {
        // TIMESTAMP to TIMESTAMP_NTZ is a common migration type change: the KPI compared the texts
        // "2026-11-20 10:00:00.0" (java.sql.Timestamp) and "2026-11-20T10:00" (LocalDateTime).
        Dataset<Row> legacy = TestData.of("id INT, created_at TIMESTAMP")
                .row(1, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T09:00:00Z")))
                .row(2, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T10:00:00Z")))
                .df();
        Dataset<Row> cloudUtc = TestData.of("id INT, created_at TIMESTAMP_NTZ")
                .row(1, java.time.LocalDateTime.parse("2026-11-20T09:00:00"))
                .row(2, java.time.LocalDateTime.parse("2026-11-20T10:00:00"))
                .df();
        TestRule rule = TestRule.keyed("id")
                .kpi(kpi(
                        "freshness",
                        List.of(),
                        metrics("newest", "max(created_at)", null, "oldest", "min(created_at)", null)));

        // Without a time_zone, local timestamps are UTC, as column comparisons read them.
        assertThat(rows(
                        SparkParity.compare(legacy, cloudUtc, rule.build(), ComparisonContext.adHoc("")),
                        "kpi:freshness"))
                .containsExactly(
                        "* newest 2026-11-20T10:00:00Z 2026-11-20T10:00:00Z PASS",
                        "* oldest 2026-11-20T09:00:00Z 2026-11-20T09:00:00Z PASS");

        // The right side's wall clock is Berlin time (UTC+1 in November): the same instants.
        Dataset<Row> cloudBerlin = TestData.of("id INT, created_at TIMESTAMP_NTZ")
                .row(1, java.time.LocalDateTime.parse("2026-11-20T10:00:00"))
                .row(2, java.time.LocalDateTime.parse("2026-11-20T11:00:00.250"))
                .df();
        dev.paritygate.rules.SourceSpec berlin = new dev.paritygate.rules.SourceSpec(
                "cloud", null, null, "t", null, null, null, null, Map.of(), "Europe/Berlin");
        PipelineResult r = SparkParity.compare(
                legacy, cloudBerlin, rule.sides(null, berlin).build(), ComparisonContext.adHoc(""));
        assertThat(rows(r, "kpi:freshness"))
                .containsExactly(
                        "* newest 2026-11-20T10:00:00Z 2026-11-20T10:00:00.250Z FAIL",
                        "* oldest 2026-11-20T09:00:00Z 2026-11-20T09:00:00Z PASS");
        assertThat(r.verdict("kpi:freshness", "*", "newest").message()).isEqualTo("differs by PT0.25S");
    }

    @Test
    void aTimestampKpiWithinItsTimeTolerancePassesAndANumberUnderOneIsAnError() {
        // The legacy engine keeps milliseconds, the cloud one microseconds: max(updated_at) is 0.4 ms apart.
        Dataset<Row> legacy = TestData.of("id INT, updated_at TIMESTAMP")
                .row(1, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T09:00:00Z")))
                .row(2, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T10:00:00.123Z")))
                .df();
        Dataset<Row> cloud = TestData.of("id INT, updated_at TIMESTAMP")
                .row(1, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T09:00:00Z")))
                .row(2, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T10:00:00.123400Z")))
                .df();
        Rule rule = TestRule.keyed("id")
                .kpi(kpi("exact", List.of(), metrics("last", "max(updated_at)", null)))
                .kpi(kpi("tolerant", List.of(), Map.of("last", KpiSpec.Metric.timed("max(updated_at)", "1ms", null))))
                .kpi(kpi("rows", List.of(), Map.of("n", KpiSpec.Metric.timed("count(*)", "1ms", null))))
                .build();

        PipelineResult r = SparkParity.compare(legacy, cloud, rule, ComparisonContext.adHoc(""));

        assertThat(r.verdicts())
                .filteredOn(v -> v.check().startsWith("kpi:"))
                .extracting(v -> v.check() + " " + v.leftValue() + " " + v.rightValue() + " " + v.status() + " "
                        + v.tolerance() + " " + v.message())
                .containsExactly(
                        "kpi:exact 2026-11-20T10:00:00.123Z 2026-11-20T10:00:00.123400Z FAIL equal differs by"
                                + " PT0.0004S",
                        "kpi:tolerant 2026-11-20T10:00:00.123Z 2026-11-20T10:00:00.123400Z PASS time<=PT0.001S"
                                + " within tolerance: PT0.0004S",
                        "kpi:rows 2 2 ERROR time<=PT0.001S Cannot apply kpis[2].metrics.n.time_tolerance to kpi"
                                + " metric 'rows.n': it applies to timestamps and dates, and the metric's value is a"
                                + " number on the left and a number on the right. Use abs_tol or rel_tol for numbers"
                                + " instead of time_tolerance.");
        assertThat(r.verdict("kpi:tolerant", "*", "last").blocking()).isTrue();
    }

    @Test
    void dateBooleanBinaryAndArrayKpisCompareByValueWithAStableText() {
        Dataset<Row> legacy = TestData.of("id INT, day DATE, flag BOOLEAN, payload BINARY, region STRING")
                .row(1, java.sql.Date.valueOf("2026-11-20"), true, new byte[] {10, 27}, "EU")
                .row(2, java.sql.Date.valueOf("2026-11-19"), true, new byte[] {1}, "US")
                .df();
        Dataset<Row> cloud = TestData.of("id INT, day DATE, flag BOOLEAN, payload BINARY, region STRING")
                .row(1, java.sql.Date.valueOf("2026-11-21"), true, new byte[] {10, 27}, "EU")
                .row(2, java.sql.Date.valueOf("2026-11-19"), false, new byte[] {1}, "US")
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .kpi(kpi(
                                "shape",
                                List.of(),
                                metrics(
                                        "first_day",
                                        "min(day)",
                                        null,
                                        "last_day",
                                        "max(day)",
                                        null,
                                        "all_flagged",
                                        "bool_and(flag)",
                                        null,
                                        "top_payload",
                                        "max(payload)",
                                        null,
                                        "regions",
                                        "sort_array(collect_set(region))",
                                        null,
                                        "no_payload",
                                        "max(CASE WHEN id > 9 THEN payload END)",
                                        null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(rows(r, "kpi:shape"))
                .containsExactly(
                        "* first_day 2026-11-19 2026-11-19 PASS",
                        "* last_day 2026-11-20 2026-11-21 FAIL",
                        "* all_flagged true false FAIL",
                        "* top_payload X'0A1B' X'0A1B' PASS",
                        "* regions [EU, US] [EU, US] PASS",
                        "* no_payload null null PASS");
        assertThat(r.verdict("kpi:shape", "*", "last_day").message()).isEqualTo("differs by P1D");
    }

    @Test
    void aFloatingPointGroupNamesNaNInfinityAndHugeValuesApartFromNull() {
        // A DOUBLE group column went through the KPI context's DECIMAL(38,12), where NaN, infinities
        // and values beyond 1e26 are NULL: they all joined the NULL group, so a left NaN, 1e30 and
        // infinity against a right NULL, NULL and 1e27 passed as one group with equal totals.
        Dataset<Row> legacy = TestData.of("id INT, g DOUBLE, v INT")
                .row(1, Double.NaN, 1)
                .row(2, 1e30, 2)
                .row(3, 1.5, 3)
                .row(4, Double.POSITIVE_INFINITY, 4)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, g DOUBLE, v INT")
                .row(1, null, 1)
                .row(2, null, 2)
                .row(3, 1.5, 3)
                .row(4, 1e27, 4)
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .kpi(kpi("by_g", List.of("g"), metrics("v", "sum(v)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(r.verdicts("kpi:by_g").stream()
                        .map(v -> v.scope() + " " + v.metric() + " " + v.leftValue() + " " + v.rightValue() + " "
                                + v.status())
                        .toList())
                .containsExactly(
                        "g=1.5 v 3 3 PASS",
                        "g=1000000000000000000000000000 group missing present FAIL",
                        "g=1000000000000000000000000000000 group present missing FAIL",
                        "g=Infinity group present missing FAIL",
                        "g=NULL group missing present FAIL",
                        "g=NaN group present missing FAIL");
    }

    @Test
    void theStringNullAndANullValueAreTwoGroups() {
        // Both were the group region=NULL: one side's two groups collapsed into one row, the other's
        // counts lost.
        Dataset<Row> legacy = TestData.of("id INT, region STRING, amt INT")
                .row(1, "NULL", 5)
                .row(2, "NULL", 6)
                .row(3, null, 7)
                .row(4, "\"NULL\"", 8)
                .row(5, "EU", 9)
                .df();
        Dataset<Row> cloud = TestData.of("id INT, region STRING, amt INT")
                .row(1, "NULL", 5)
                .row(2, "NULL", 6)
                .row(3, null, 70)
                .row(4, "\"NULL\"", 8)
                .row(5, "EU", 9)
                .df();
        PipelineResult r = SparkParity.compare(
                legacy,
                cloud,
                TestRule.keyed("id")
                        .kpi(kpi("by_region", List.of("region"), metrics("amt", "sum(amt)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(rows(r, "kpi:by_region"))
                .containsExactly(
                        "region=\"\"NULL\"\" amt 8 8 PASS",
                        "region=\"NULL\" amt 11 11 PASS",
                        "region=EU amt 9 9 PASS",
                        "region=NULL amt 7 70 FAIL");
    }

    @Test
    void aValueHoldingTheNextGroupColumnsSeparatorIsEncodedSoTwoGroupsNeverShareAScope() {
        // a='x/b=y', b='z' and a='x', b='y/b=z' were both the group a=x/b=y/b=z.
        Dataset<Row> side = TestData.of("id INT, a STRING, b STRING, amt INT")
                .row(1, "x/b=y", "z", 5)
                .row(2, "x", "y/b=z", 6)
                .row(3, "\"50%2F\"", "w", 7)
                .row(4, "x/y", "b=1", 8)
                .df();
        PipelineResult r = SparkParity.compare(
                side,
                side,
                TestRule.keyed("id")
                        .kpi(kpi("by_ab", List.of("a", "b"), metrics("amt", "sum(amt)", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(rows(r, "kpi:by_ab"))
                .containsExactly(
                        "a=\"%2250%252F%22\"/b=w amt 7 7 PASS",
                        "a=\"x%2Fb=y\"/b=z amt 5 5 PASS", "a=x/b=y/b=z amt 6 6 PASS", "a=x/y/b=b=1 amt 8 8 PASS");
    }

    @Test
    void aTimestampGroupIsNamedByItsInstantSoTimestampAndNtzInTheSidesZoneAreOneGroup() {
        // The group's text was the value cast to a string: the TIMESTAMP in the session's zone, the
        // TIMESTAMP_NTZ as its wall clock. The same hour was two groups, each missing on one side.
        Dataset<Row> legacy = TestData.of("id INT, hour TIMESTAMP, amt INT")
                .row(1, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T09:00:00Z")), 5)
                .row(2, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T09:00:00Z")), 6)
                .row(3, java.sql.Timestamp.from(java.time.Instant.parse("2026-11-20T10:00:00.250Z")), 7)
                .row(4, null, 8)
                .df();
        Dataset<Row> cloudBerlin = TestData.of("id INT, hour TIMESTAMP_NTZ, amt INT")
                .row(1, java.time.LocalDateTime.parse("2026-11-20T10:00:00"), 5)
                .row(2, java.time.LocalDateTime.parse("2026-11-20T10:00:00"), 6)
                .row(3, java.time.LocalDateTime.parse("2026-11-20T11:00:00.250"), 70)
                .row(4, null, 8)
                .df();
        dev.paritygate.rules.SourceSpec berlin = new dev.paritygate.rules.SourceSpec(
                "cloud", null, null, "t", null, null, null, null, Map.of(), "Europe/Berlin");
        PipelineResult r = SparkParity.compare(
                legacy,
                cloudBerlin,
                TestRule.keyed("id")
                        .kpi(kpi("by_hour", List.of("hour"), metrics("amt", "sum(amt)", null)))
                        .sides(null, berlin)
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(rows(r, "kpi:by_hour"))
                .containsExactly(
                        "hour=2026-11-20T09:00:00Z amt 11 11 PASS",
                        "hour=2026-11-20T10:00:00.250Z amt 7 70 FAIL",
                        "hour=NULL amt 8 8 PASS");
    }

    @Test
    void badKpiExpressionIsAnErrorVerdictAndTheRestStillRuns() {
        PipelineResult r = SparkParity.compare(
                sales(false),
                sales(false),
                TestRule.keyed("id")
                        .kpi(kpi("broken", List.of(), metrics("x", "sum(no_such_column)", null)))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(r.verdict("kpi:broken", "*", "error").message())
                .isEqualTo("Cannot find column 'no_such_column' of kpi 'broken' (kpis[0].metrics.x.expr) on the left"
                        + " side; available columns: [id, region, amount, qty]. Fix the rule or the rename map.");
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").status()).isEqualTo(Status.PASS);
    }

    @Test
    void aKpiExprThatDoesNotAnalyseIsARulesErrorAtItsKeyAndTheOtherChecksStillRun() {
        // Each parses and names only columns the sides have: only analysis shows what is wrong.
        String yaml = """
                pipeline: p
                left: {table: a}
                right: {table: b}
                key: [id]
                kpis:
                  - name: bare
                    metrics: { m: { expr: "amount + 1" } }
                  - name: unknown
                    metrics: { m: { expr: "no_such_fn(amount)" } }
                  - name: types
                    metrics: { m: { expr: "sum(array(amount))" } }
                  - name: revenue
                    metrics: { total: { expr: "sum(amount)" } }
                """;
        PipelineResult r = SparkParity.compare(
                sales(false),
                sales(false),
                RuleLoader.parse(yaml, Path.of("rules/p.yaml")),
                ComparisonContext.adHoc(""));

        String aggregate = ". A KPI metric's expr is an aggregate of the side's columns, for example sum(amount) or"
                + " count(*).";
        assertThat(r.verdict("kpi:bare", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:7 (kpis[0].metrics.m.expr): cannot evaluate kpi 'bare' on"
                        + " the left side: [MISSING_GROUP_BY]")
                .endsWith(aggregate);
        assertThat(r.verdict("kpi:unknown", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:9 (kpis[1].metrics.m.expr): cannot evaluate kpi 'unknown'"
                        + " on the left side: [UNRESOLVED_ROUTINE]")
                .endsWith(aggregate);
        assertThat(r.verdict("kpi:types", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:11 (kpis[2].metrics.m.expr): cannot evaluate kpi 'types' on"
                        + " the left side: [DATATYPE_MISMATCH.")
                .endsWith(aggregate);
        assertThat(r.verdict("kpi:revenue", "*", "total").status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").status()).isEqualTo(Status.PASS);
        assertThat(r.status()).isEqualTo(Status.ERROR);
        // The rule's author fixes it, not the platform team: run exits 2.
        assertThat(r.ruleError()).isTrue();
    }

    @Test
    void aKpiExprThatDoesNotAnalyseInARuleBuiltInCodeNamesItsKeyWithoutALocation() {
        PipelineResult r = SparkParity.compare(
                sales(false),
                sales(false),
                TestRule.keyed("id")
                        .kpi(kpi("bare", List.of(), metrics("m", "amount + 1", null)))
                        .build(),
                ComparisonContext.adHoc(""));

        assertThat(r.verdict("kpi:bare", "*", "error").message())
                .startsWith("Cannot evaluate kpi 'bare' (kpis[0].metrics.m.expr) on the left side: [MISSING_GROUP_BY]")
                .endsWith(". A KPI metric's expr is an aggregate of the side's columns, for example sum(amount) or"
                        + " count(*).");
        assertThat(r.ruleError()).isTrue();
    }

    @Test
    void kpisAndSketchesAddNoPassOverTheData(@TempDir Path dir) {
        Dataset<Row> data = SharedSpark.spark().range(5000).selectExpr("id", "id % 7 AS region", "id * 1.5 AS amount");
        data.write().parquet(dir.resolve("l").toString());
        data.write().parquet(dir.resolve("r").toString());
        Dataset<Row> left = SharedSpark.spark().read().parquet(dir.resolve("l").toString());
        Dataset<Row> right = SharedSpark.spark().read().parquet(dir.resolve("r").toString());
        TestRule plain = TestRule.keyed("id");
        TestRule rich = TestRule.keyed("id")
                .kpi(kpi(
                        "by_region", List.of("region"), metrics("revenue", "sum(amount)", null, "n", "count(*)", null)))
                .kpi(kpi("total", List.of(), metrics("revenue", "sum(amount)", null)))
                .distribution(new DistributionSpec("amount", null, null, null))
                .distinct(new DistinctSpec("region", null, null, null));

        int plainScans = scans(() -> SparkParity.compare(left, right, plain.build(), ComparisonContext.adHoc("")));
        int richScans = scans(() -> SparkParity.compare(left, right, rich.build(), ComparisonContext.adHoc("")));

        assertThat(plainScans).isEqualTo(2);
        assertThat(richScans).isEqualTo(2);
    }

    /** Stages that read source rows, counted by a listener: one per pass over one side. */
    static int scans(Runnable comparison) {
        return (int) stageInputs(comparison, records -> 1);
    }

    /** Source rows read by all stages together. */
    static long recordsRead(Runnable comparison) {
        return stageInputs(comparison, records -> records);
    }

    /** Sums {@code measure} of the rows read over the stages that read source rows. */
    private static long stageInputs(Runnable comparison, java.util.function.LongUnaryOperator measure) {
        java.util.concurrent.atomic.AtomicLong scans = new java.util.concurrent.atomic.AtomicLong();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                long records = stage.stageInfo().taskMetrics().inputMetrics().recordsRead();
                if (records > 0) {
                    scans.addAndGet(measure.applyAsLong(records));
                }
            }
        };
        SharedSpark.spark().sparkContext().addSparkListener(listener);
        try {
            comparison.run();
            // Listener events are delivered asynchronously.
            long deadline = System.currentTimeMillis() + 5000;
            long last = -1;
            while (System.currentTimeMillis() < deadline && last != scans.get()) {
                last = scans.get();
                sleep(300);
            }
            return scans.get();
        } finally {
            SharedSpark.spark().sparkContext().removeSparkListener(listener);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
