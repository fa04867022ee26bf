package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkParityTest {
    private static final Date D19 = Date.valueOf("2026-11-19");
    private static final Date D20 = Date.valueOf("2026-11-20");
    private static final ColumnOptions TRIM = Options.options().trim(true).build();

    /** Legacy side: ids 1..10 over two dates plus a null key. */
    static Dataset<Row> legacyOrders() {
        return TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT")
                .row(1L, D19, new BigDecimal("1.00"), "ann", 21)
                .row(2L, D19, new BigDecimal("10.00"), "bea", 21)
                .row(3L, D19, new BigDecimal("5.00"), "cid", 21)
                .row(4L, D19, new BigDecimal("4.00"), "bob   ", 21)
                .row(5L, D19, new BigDecimal("5.00"), "eve", 21)
                .row(6L, D20, new BigDecimal("6.00"), "fay", 21)
                .row(7L, D20, new BigDecimal("7.00"), "gus", 21)
                .row(8L, D20, new BigDecimal("8.00"), "x", 21)
                .row(9L, D20, new BigDecimal("9.00"), "ida", 21)
                .row(10L, D20, new BigDecimal("10.00"), "jo", 21)
                .row(null, D20, new BigDecimal("0.00"), "nul", 21)
                .df();
    }

    /**
     * Cloud side: amt is a double, qty a decimal (21 vs 21.00). id 2 changed beyond tolerance, id 3
     * within tolerance, id 4 only CHAR padding, id 5 missing, id 7 duplicated, id 8 renamed, id 11 new.
     */
    static Dataset<Row> cloudOrders() {
        BigDecimal q = new BigDecimal("21.00");
        return TestData.of("id BIGINT, day DATE, amt DOUBLE, name STRING, qty DECIMAL(10,2)")
                .row(10L, D20, 10.0, "jo", q)
                .row(1L, D19, 1.0, "ann", q)
                .row(2L, D19, 10.5, "bea", q)
                .row(3L, D19, 5.001, "cid", q)
                .row(4L, D19, 4.0, "bob", q)
                .row(6L, D20, 6.0, "fay", q)
                .row(7L, D20, 7.0, "gus", q)
                .row(7L, D20, 7.0, "gus", q)
                .row(8L, D20, 8.0, "y", q)
                .row(9L, D20, 9.0, "ida", q)
                .row(11L, D20, 11.0, "kim", q)
                .df();
    }

    static TestRule ordersRule() {
        return TestRule.keyed("id").partitionBy("day").absTol("amt", "0.01").column("name", TRIM);
    }

    @Test
    void whereOrTransformThatDoesNotAnalyseIsARulesErrorAtItsLineAndOneThatFailsOnTheDataIsNot() {
        Dataset<Row> orders = TestData.of("id BIGINT, name STRING").row(1L, "a").df();
        String sides = "pipeline: p\nleft: {table: a%s}\nright: {table: b}\nkey: [id]\n";

        PipelineResult where = SparkParity.compare(
                orders,
                orders,
                RuleLoader.parse(sides.formatted("") + "where: \"amout > 0\"\n", Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        PipelineResult transform = SparkParity.compare(
                orders,
                orders,
                RuleLoader.parse(sides.formatted(", transforms: {name: \"upper(nme)\"}"), Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        PipelineResult cast = SparkParity.compare(
                orders,
                orders,
                RuleLoader.parse(
                        sides.formatted(", transforms: {name: \"cast(name AS INT)\"}"), Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));

        assertThat(where.ruleError()).isTrue();
        assertThat(where.verdict("row_count", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:5 (where): invalid SQL 'amout > 0' on the left side:"
                        + " [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .endsWith(". The left side's columns: [id, name]. The rule's where applies to both sides alike: name"
                        + " only columns both sides have, or narrow one side with its own filter.");
        assertThat(transform.ruleError()).isTrue();
        assertThat(transform.verdict("row_count", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:2 (left.transforms.name): invalid SQL 'upper(nme)' on the"
                        + " left side: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .endsWith(". The left side's columns: [id, name]. Did you mean 'name'? Fix the SQL in the rule's"
                        + " left.transforms.name.");
        // 'a' is no number: only the data shows it, so the platform team hears of it (exit 3).
        assertThat(cast.status()).isEqualTo(Status.ERROR);
        assertThat(cast.ruleError()).isFalse();
        assertThat(cast.verdict("row_count", "*", "error").message()).contains("[CAST_INVALID_INPUT]");
    }

    @Test
    void whereOfTypesItsFunctionsDoNotTakeAndAnAggregateTransformAreRulesErrorsToo() {
        Dataset<Row> orders = TestData.of("id BIGINT, name STRING").row(1L, "a").df();
        String sides = "pipeline: p\nleft: {table: a%s}\nright: {table: b}\nkey: [id]\n";

        PipelineResult types = SparkParity.compare(
                orders,
                orders,
                RuleLoader.parse(
                        sides.formatted("") + "where: \"id + DATE'2026-11-20' > 0\"\n", Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        PipelineResult aggregate = SparkParity.compare(
                orders,
                orders,
                RuleLoader.parse(sides.formatted(", transforms: {name: \"max(name)\"}"), Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));

        assertThat(types.ruleError()).isTrue();
        assertThat(types.verdict("row_count", "*", "error").message())
                .startsWith(
                        "Invalid rule at rules/p.yaml:5 (where): invalid SQL 'id + DATE'2026-11-20' > 0' on the left"
                                + " side: [DATATYPE_MISMATCH.");
        assertThat(aggregate.ruleError()).isTrue();
        assertThat(aggregate.verdict("row_count", "*", "error").message())
                .startsWith("Invalid rule at rules/p.yaml:2 (left.transforms.name): invalid SQL 'max(name)' on the left"
                        + " side: [");
    }

    @Test
    void whereOrTransformThatFailsOnTheDataNamesItsKeyAndSqlOfTheCallersOwnDatasetDoesNot() {
        Dataset<Row> numbers =
                TestData.of("id BIGINT, name STRING").row(1L, "1").df();
        Dataset<Row> letters =
                TestData.of("id BIGINT, name STRING").row(1L, "a").df();
        String sides = "pipeline: p\nleft: {table: a%s}\nright: {table: b}\nkey: [id]\n";
        String malformed =
                ": [CAST_INVALID_INPUT] The value 'a' of the type \"STRING\" cannot be cast to \"INT\" because"
                        + " it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to"
                        + " tolerate malformed input and return NULL instead. SQLSTATE: 22018. The SQL analyses, but a value"
                        + " of this run's data makes it fail: have the expression give such values a result (try_cast,"
                        + " try_divide and the like give NULL instead of failing), or fix the data.";

        PipelineResult transform = SparkParity.compare(
                letters,
                numbers,
                RuleLoader.parse(
                        sides.formatted(", transforms: {name: \"cast(name AS INT)\"}"), Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        // Only the right side holds a value that the where cannot cast.
        PipelineResult where = SparkParity.compare(
                numbers,
                letters,
                RuleLoader.parse(sides.formatted("") + "where: \"cast(name AS INT) > 0\"\n", Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        // The same cast, written by the caller: no key of the rule is to blame.
        PipelineResult callers = SparkParity.compare(
                letters.selectExpr("id", "cast(name AS INT) AS name"),
                numbers,
                TestRule.keyed("id").build(),
                ComparisonContext.adHoc("fp"));

        assertThat(transform.verdict("row_count", "*", "error").message())
                .isEqualTo("Cannot evaluate left.transforms.name ('cast(name AS INT)') on the left side's data"
                        + malformed + " (rules/p.yaml:2 (left.transforms.name))");
        assertThat(transform.ruleError()).isFalse();
        assertThat(where.verdict("row_count", "*", "error").message())
                .isEqualTo("Cannot evaluate where ('cast(name AS INT) > 0') on the right side's data" + malformed
                        + " (rules/p.yaml:5 (where))");
        assertThat(where.ruleError()).isFalse();
        assertThat(callers.verdict("row_count", "*", "error").message())
                .startsWith("Cannot read the left side (dataset): [CAST_INVALID_INPUT]");
    }

    @Test
    void whereThatDoesNotAnalyseInARuleBuiltInCodeIsARulesErrorWithoutALocation() {
        Dataset<Row> orders = TestData.of("id BIGINT, name STRING").row(1L, "a").df();

        PipelineResult r = SparkParity.compare(
                orders, orders, TestRule.keyed("id").where("nam = 'a'").build(), ComparisonContext.adHoc("fp"));

        assertThat(r.ruleError()).isTrue();
        assertThat(r.verdict("row_count", "*", "error").message())
                .startsWith("Invalid SQL in where 'nam = 'a'' on the left side: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .endsWith(". The left side's columns: [id, name]. Did you mean 'name'? The rule's where applies to both"
                        + " sides alike: name only columns both sides have, or narrow one side with its own filter.");
    }

    @Test
    void sqlThatDoesNotParseInARuleBuiltInCodeIsARulesErrorLikeSqlThatDoesNotAnalyse() {
        // A rules file's SQL is parsed when it loads; a rule built in code meets the parser here.
        Dataset<Row> orders = TestData.of("id BIGINT, name STRING").row(1L, "a").df();

        PipelineResult where = SparkParity.compare(
                orders, orders, TestRule.keyed("id").where("id > ").build(), ComparisonContext.adHoc("fp"));
        PipelineResult kpi = SparkParity.compare(
                orders,
                orders,
                TestRule.keyed("id")
                        .kpi(new KpiSpec(
                                "k",
                                List.of(),
                                Map.of("n", new KpiSpec.Metric("count(", null, null)),
                                Severity.BLOCKING))
                        .build(),
                ComparisonContext.adHoc("fp"));

        assertThat(where.ruleError()).isTrue();
        assertThat(where.verdict("row_count", "*", "error").message())
                .startsWith("Invalid SQL in where 'id > ': [PARSE_SYNTAX_ERROR]")
                .endsWith(". Fix the SQL in the rule's where.");
        assertThat(kpi.ruleError()).isTrue();
        assertThat(kpi.verdict("kpi:k", "*", "error").message())
                .startsWith("Invalid SQL in kpis[0].metrics.n.expr 'count(': [PARSE_SYNTAX_ERROR]");
        assertThat(kpi.verdict("row_count", "*", "rows").status()).isEqualTo(Status.PASS);
    }

    @Test
    void ruleBuiltInCodeWithoutAKeyIsRejectedNamingThePipeline() {
        // Before, such a rule compared as if every row shared one key, and the result could pass.
        assertThatThrownBy(() -> SparkParity.compare(
                        legacyOrders(), legacyOrders(), TestRule.keyed().build(), ComparisonContext.adHoc("fp")))
                .isInstanceOf(ParityException.class)
                .hasMessage(
                        "Invalid rule of pipeline 'test_pipeline': it has no key columns, so no row can be matched to"
                                + " the other side's. List the columns that identify a row, for example key: [order_id]");
    }

    @Test
    void ruleBuiltInCodeThatEnablesNoCheckIsRejectedRatherThanPassing() {
        Checks none = new Checks(
                new Checks.SchemaCheck(false, null, null, null, null),
                new Checks.RowCountCheck(false, null, null, null),
                new Checks.PartitionHashCheck(false, null),
                new Checks.KeyDiffCheck(false, null, null, null, null, null),
                new Checks.ColumnsCheck(false, null));

        assertThatThrownBy(() -> SparkParity.compare(
                        legacyOrders(),
                        cloudOrders(),
                        TestRule.keyed("id").checks(none).build(),
                        ComparisonContext.adHoc("fp")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule of pipeline 'test_pipeline': it enables no check that gives a verdict, so a"
                        + " comparison would pass having compared nothing. Enable at least one check (the column"
                        + " checks need key_diff.mode pruned or full), or add a kpi, distribution or distinct check");
    }

    @Test
    void nullDatasetIsRejectedNamingTheArgument() {
        assertThatThrownBy(() ->
                        SparkParity.compare(null, cloudOrders(), ordersRule().build(), ComparisonContext.adHoc("fp")))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("left");
    }

    @Test
    void keyColumnMissingFromOneDatasetIsAnErrorResultAndLookingUpACountQuotesWhy() {
        PipelineResult r = SparkParity.compare(
                legacyOrders().withColumnRenamed("id", "order_id"),
                cloudOrders(),
                ordersRule().build(),
                ComparisonContext.adHoc("fp"));

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThatThrownBy(() -> r.verdict("key_diff", "*", "rows_only_in_left"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot find verdict (key_diff, *, rows_only_in_left) of pipeline test_pipeline (status ERROR):"
                                + " key_diff has [(*, error) ERROR 'Cannot find key column 'id' on the left side; available"
                                + " columns: [order_id, day, amt, name, qty]. Did you mean 'order_id'? Fix the rule or the"
                                + " rename map.']");
        assertThatThrownBy(() -> r.verdict("kpi:revenue", "*", "total"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot find verdict (kpi:revenue, *, total) of pipeline test_pipeline (status ERROR): it has no"
                                + " check 'kpi:revenue'; its checks: [schema, row_count, partition_hash, key_diff, columns]");
    }

    @Test
    void knownDifferencesAreCountedExactly() {
        PipelineResult r =
                SparkParity.compare(legacyOrders(), cloudOrders(), ordersRule().build(), ComparisonContext.adHoc("fp"));

        assertThat(metric(r, "key_diff", "rows_only_in_left")).isEqualTo(1);
        assertThat(metric(r, "key_diff", "rows_only_in_right")).isEqualTo(1);
        assertThat(metric(r, "key_diff", "rows_mismatched")).isEqualTo(2);
        assertThat(metric(r, "key_diff", "duplicate_keys_left")).isEqualTo(0);
        assertThat(metric(r, "key_diff", "duplicate_keys_right")).isEqualTo(1);
        assertThat(metric(r, "key_diff", "null_keys_left")).isEqualTo(1);
        assertThat(metric(r, "key_diff", "null_keys_right")).isEqualTo(0);
        assertThat(metric(r, "column:amt", "mismatches")).isEqualTo(1);
        assertThat(metric(r, "column:name", "mismatches")).isEqualTo(1);
        assertThat(metric(r, "column:qty", "mismatches")).isEqualTo(0);
        assertThat(metric(r, "column:day", "mismatches")).isEqualTo(0);
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").status()).isEqualTo(Status.FAIL);
        assertThat(r.verdict("column:qty", "*", "mismatches").status()).isEqualTo(Status.PASS);
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void rowCountsAreCheckedInTotalAndPerPartition() {
        PipelineResult r =
                SparkParity.compare(legacyOrders(), cloudOrders(), ordersRule().build(), ComparisonContext.adHoc("fp"));

        Verdict total = r.verdict("row_count", "*", "rows");
        assertThat(total.leftValue()).isEqualTo("11");
        assertThat(total.rightValue()).isEqualTo("11");
        assertThat(total.status()).isEqualTo(Status.PASS);
        Verdict d19 = r.verdict("row_count", "day=2026-11-19", "rows");
        assertThat(d19.leftValue()).isEqualTo("5");
        assertThat(d19.rightValue()).isEqualTo("4");
        assertThat(d19.status()).isEqualTo(Status.FAIL);
        assertThat(r.verdict("row_count", "day=2026-11-20", "rows").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void schemaReportsRetypedColumnsAndAcceptsAllowedChanges() {
        PipelineResult strict =
                SparkParity.compare(legacyOrders(), cloudOrders(), ordersRule().build(), ComparisonContext.adHoc("fp"));
        assertThat(strict.verdict("schema", "amt", "type").status()).isEqualTo(Status.FAIL);
        assertThat(strict.verdict("schema", "amt", "type").message())
                .isEqualTo(
                        "type changed decimal(10,2) -> double; allow it with allow_type_changes: [\"decimal->double\"]");
        assertThat(strict.verdict("schema", "*", "columns").message()).isEqualTo("0 added, 0 dropped, 2 retyped");

        Checks allowing = new Checks(
                new Checks.SchemaCheck(null, null, List.of("decimal->double", "int->decimal"), null, null),
                null,
                null,
                null,
                null);
        PipelineResult ok = SparkParity.compare(
                legacyOrders(), cloudOrders(), ordersRule().checks(allowing).build(), ComparisonContext.adHoc("fp"));
        assertThat(ok.verdict("schema", "*", "columns").status()).isEqualTo(Status.PASS);
        assertThat(ok.verdict("schema", "qty", "type").message())
                .isEqualTo("type changed int -> decimal(10,2) (allowed)");
    }

    @Test
    void identicalDataInAnotherOrderPassesWithoutExaminingAnySegment() {
        Dataset<Row> left = legacyOrders();
        PipelineResult r = SparkParity.compare(
                left, left.orderBy("name").repartition(3), ordersRule().build(), ComparisonContext.adHoc("fp"));

        assertThat(r.verdict("partition_hash", "*", "mismatched_partitions").status())
                .isEqualTo(Status.PASS);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").details()).contains("\"segments_examined\":0");
        assertThat(metric(r, "key_diff", "rows_only_in_left")).isEqualTo(0);
        // The null key is on both sides: it is still reported, it can never be matched.
        assertThat(metric(r, "key_diff", "null_keys_left")).isEqualTo(1);
    }

    @Test
    void fullAndPrunedKeyDiffGiveTheSameVerdicts() {
        PrunedAndFull r = prunedAndFull(legacyOrders(), cloudOrders(), ordersRule());
        PipelineResult full = r.full();

        assertThat(outcomes(r.pruned())).isEqualTo(outcomes(full));
        assertThat(full.verdict("key_diff", "*", "rows_mismatched").details()).contains("\"mode\":\"full\"");
    }

    /** One comparison under the rule as it is (pruned key diff) and one in full mode. */
    record PrunedAndFull(PipelineResult pruned, PipelineResult full) {}

    static PrunedAndFull prunedAndFull(Dataset<Row> left, Dataset<Row> right, TestRule rule) {
        return new PrunedAndFull(
                SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc("fp")),
                SparkParity.compare(
                        left,
                        right,
                        rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL),
                        ComparisonContext.adHoc("fp")));
    }

    /**
     * As {@link #prunedAndFull(Dataset, Dataset, TestRule)}; with {@code narrow}, the pruned diff
     * takes the narrow join wherever it would read a grain whole (no grain is small enough for the
     * wide diff), so that seeded tests reach both pruned paths.
     */
    static PrunedAndFull prunedAndFull(Dataset<Row> left, Dataset<Row> right, TestRule rule, boolean narrow) {
        if (narrow) {
            SparkKeyDiff.wideGrainRows = 0;
        }
        try {
            return prunedAndFull(left, right, rule);
        } finally {
            SparkKeyDiff.wideGrainRows = SparkKeyDiff.WIDE_GRAIN_ROWS;
        }
    }

    /** 2,000 rows over two dates; on the cloud side 3 rows changed, ids 7 and 8 gone, id 5000 added. */
    static Dataset<Row> manyOrders(boolean cloud) {
        TestData t = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT");
        for (long id = 1; id <= 2000; id++) {
            if (cloud && (id == 7 || id == 8)) {
                continue;
            }
            boolean changed = cloud && (id == 100 || id == 1000 || id == 1999);
            t.row(id, id % 2 == 0 ? D19 : D20, new BigDecimal(id + ".00"), changed ? "changed" : "n" + id, (int)
                    (id % 7));
        }
        if (cloud) {
            t.row(5000L, D20, new BigDecimal("1.00"), "new", 1);
        }
        return t.df();
    }

    @Test
    void prunedKeyDiffOverCachedGrainsGivesTheFullKeyDiffsVerdicts() {
        // 64 segments x 2 dates: the 6 differing keys touch 6 of 128 grains, about 5% of the rows.
        // The KPI sends the fingerprints through the grouped aggregation, which computes no digests,
        // so the pruned diff keeps those grains' rows after one read (the cached path).
        TestRule rule = TestRule.keyed("id")
                .partitionBy("day")
                .segments(64)
                .kpi(SparkKpiAndSketchTest.kpi(
                        "total", List.of(), SparkKpiAndSketchTest.metrics("amt", "sum(amt)", null)));
        PrunedAndFull r = prunedAndFull(manyOrders(false), manyOrders(true), rule);
        PipelineResult pruned = r.pruned();
        PipelineResult full = r.full();

        assertThat(metric(pruned, "key_diff", "rows_only_in_left")).isEqualTo(2);
        assertThat(metric(pruned, "key_diff", "rows_only_in_right")).isEqualTo(1);
        assertThat(metric(pruned, "key_diff", "rows_mismatched")).isEqualTo(3);
        assertThat(metric(pruned, "column:name", "mismatches")).isEqualTo(3);
        assertThat(pruned.verdict("key_diff", "*", "rows_mismatched").details()).contains("\"segments_examined\":6");
        assertThat(outcomes(pruned)).isEqualTo(outcomes(full));
        assertThat(pruned.samples()).hasSize(6);
        assertThat(pruned.samples()).isEqualTo(full.samples());
    }

    /**
     * manyOrders' left side against a cloud side where {@code changed} ids have another name, ids 7,
     * 8, 9 and 11 are gone and ids 5000 to 5003 are new.
     */
    private static Dataset<Row> cloudWith(java.util.function.LongPredicate changed) {
        TestData t = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT");
        for (long id = 1; id <= 2000; id++) {
            if (id == 7 || id == 8 || id == 9 || id == 11) {
                continue;
            }
            t.row(
                    id,
                    id % 2 == 0 ? D19 : D20,
                    new BigDecimal(id + ".00"),
                    changed.test(id) ? "changed" : "n" + id,
                    (int) (id % 7));
        }
        for (long id = 5000; id <= 5003; id++) {
            t.row(id, D20, new BigDecimal("1.00"), "new", 1);
        }
        return t.df();
    }

    private static List<String> sampleKeys(PipelineResult r) {
        return r.samples().stream().map(s -> s.kind() + " " + s.key()).toList();
    }

    @Test
    void aCappedSampleHoldsTheFirstMismatchedKeysInKeyOrderInPrunedAndFullMode() {
        // 40 mismatched rows for a sample of 5. The full key diff took any 5 of them, so an audit
        // showed other rows than the nightly run, and a re-run other rows again.
        PrunedAndFull r = prunedAndFull(
                manyOrders(false),
                cloudWith(id -> id % 50 == 0),
                TestRule.keyed("id").partitionBy("day").segments(64).sample(5));

        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(40);
        // Keys in the order Spark sorts their JSON text: {"id":1000} before {"id":100}.
        assertThat(sampleKeys(r.pruned()))
                .containsExactly(
                        "mismatched {\"id\":1000}",
                        "mismatched {\"id\":100}",
                        "mismatched {\"id\":1050}",
                        "mismatched {\"id\":1100}",
                        "mismatched {\"id\":1150}");
        assertThat(r.full().samples()).isEqualTo(r.pruned().samples());
    }

    @Test
    void aCappedSampleHoldsTheFirstOneSidedKeysInKeyOrderInPrunedAndFullMode() {
        // 3 mismatched rows, 4 keys only in left and 4 only in right for a sample of 5: the 3, then
        // the first key of each side.
        PrunedAndFull r = prunedAndFull(
                manyOrders(false),
                cloudWith(id -> id == 100 || id == 1000 || id == 1999),
                TestRule.keyed("id").partitionBy("day").segments(64).sample(5));

        assertThat(sampleKeys(r.pruned()))
                .containsExactly(
                        "mismatched {\"id\":1000}",
                        "mismatched {\"id\":100}",
                        "mismatched {\"id\":1999}",
                        "only_in_left {\"id\":11}",
                        "only_in_right {\"id\":5000}");
        assertThat(r.full().samples()).isEqualTo(r.pruned().samples());
    }

    @Test
    void aOneSidedKeyDuplicatedOnItsSideShowsTheSameRowInPrunedAndFullMode() {
        // Id 6000 is only in the cloud, twice with different names; the row whose JSON sorts
        // first ("a-first") comes second in the input, so a diff that kept the first row it met
        // would show the other one.
        Dataset<Row> twice = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT")
                .row(6000L, D20, new BigDecimal("1.00"), "z-last", 1)
                .row(6000L, D20, new BigDecimal("1.00"), "a-first", 1)
                .df()
                .coalesce(1);
        PrunedAndFull r = prunedAndFull(
                manyOrders(false),
                manyOrders(false).unionByName(twice),
                TestRule.keyed("id").partitionBy("day").segments(64).sample(5));

        assertThat(metric(r.pruned(), "key_diff", "rows_only_in_right")).isEqualTo(2);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_right")).isEqualTo(1);
        assertThat(r.pruned().samples()).hasSize(1);
        assertThat(r.pruned().samples().get(0).rightRow()).contains("a-first");
        assertThat(r.full().samples()).isEqualTo(r.pruned().samples());
    }

    @Test
    void aOneSidedKeyDuplicatedOnItsSideTakesOneRowOfItsSidesShareOfTheSampleInPrunedAndFullMode() {
        // No mismatch, id 6000 twice only in the legacy side, ids 7000 to 7003 only in the cloud, a
        // sample of 4: one left row and three right rows. The full diff shared the room by the
        // one-sided rows (2 on the left) rather than keys, gave the left two places for its one
        // key and stored three rows where the pruned diff stored four.
        TestData left = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT");
        TestData right = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT");
        for (long id = 1; id <= 50; id++) {
            left.row(id, D19, new BigDecimal("1.00"), "n" + id, 1);
            right.row(id, D19, new BigDecimal("1.00"), "n" + id, 1);
        }
        left.row(6000L, D20, new BigDecimal("1.00"), "a", 1).row(6000L, D20, new BigDecimal("1.00"), "b", 1);
        for (long id = 7000; id <= 7003; id++) {
            right.row(id, D20, new BigDecimal("1.00"), "new", 1);
        }
        PrunedAndFull r = prunedAndFull(
                left.df(), right.df(), TestRule.keyed("id").partitionBy("day").sample(4));

        assertThat(metric(r.full(), "key_diff", "rows_only_in_left")).isEqualTo(2);
        assertThat(sampleKeys(r.full()))
                .containsExactly(
                        "only_in_left {\"id\":6000}",
                        "only_in_right {\"id\":7000}",
                        "only_in_right {\"id\":7001}",
                        "only_in_right {\"id\":7002}");
        assertThat(r.pruned().samples()).isEqualTo(r.full().samples());
    }

    @Test
    void prunedKeyDiffFromGrainDigestsGivesTheFullKeyDiffsVerdicts() {
        // No KPI: the grain pass digests each grain's (key hash, row hash) pairs, and the key diff
        // reads only the rows of keys the digests name. Besides manyOrders' 6 differences the cloud side has id
        // 500 twice (identical rows) and a row without a key.
        TestRule rule = TestRule.keyed("id").partitionBy("day").segments(64);
        Dataset<Row> extra = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT")
                .row(500L, D19, new BigDecimal("500.00"), "n500", 3)
                .row(null, D19, new BigDecimal("1.00"), "nokey", 1)
                .df();
        Dataset<Row> cloud = manyOrders(true).unionByName(extra);
        PrunedAndFull r = prunedAndFull(manyOrders(false), cloud, rule);
        PipelineResult pruned = r.pruned();
        PipelineResult full = r.full();

        assertThat(metric(pruned, "key_diff", "rows_only_in_left")).isEqualTo(2);
        assertThat(metric(pruned, "key_diff", "rows_only_in_right")).isEqualTo(1);
        assertThat(metric(pruned, "key_diff", "rows_mismatched")).isEqualTo(3);
        assertThat(metric(pruned, "key_diff", "duplicate_keys_right")).isEqualTo(1);
        assertThat(metric(pruned, "key_diff", "null_keys_right")).isEqualTo(1);
        assertThat(metric(pruned, "column:name", "mismatches")).isEqualTo(3);
        assertThat(pruned.verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_examined\":8", "\"segments_read_whole\":0");
        assertThat(outcomes(pruned)).isEqualTo(outcomes(full));
        assertThat(pruned.samples()).containsExactlyInAnyOrderElementsOf(full.samples());
    }

    /**
     * manyOrders' left side with 41 rows changed (the 40 even ids below 82, all on 2026-11-19, and
     * id 1001) and id 1003 missing (both on 2026-11-20).
     */
    static Dataset<Row> tooManyToPeelOnOneDay() {
        org.apache.spark.sql.Column id = org.apache.spark.sql.functions.col("id");
        org.apache.spark.sql.Column changed =
                id.lt(82).and(id.mod(2).equalTo(0)).or(id.equalTo(1001L));
        return manyOrders(false)
                .filter(id.notEqual(1003L))
                .withColumn(
                        "qty",
                        org.apache
                                .spark
                                .sql
                                .functions
                                .when(changed, org.apache.spark.sql.functions.lit(-1))
                                .otherwise(org.apache.spark.sql.functions.col("qty")));
    }

    static TestRule oneSegmentADay() {
        return TestRule.keyed("id").partitionBy("day").segments(1);
    }

    @Test
    void aGrainWithTooManyDifferencesToPeelIsReadWholeAndTheOthersByKey() {
        // One segment per day: 2026-11-19 has 40 changed rows, more than its digest can peel, so
        // all its rows are examined; 2026-11-20 has 1 changed and 1 missing row, which its digest
        // names. Both give the full key diff's counts.
        PrunedAndFull r = prunedAndFull(manyOrders(false), tooManyToPeelOnOneDay(), oneSegmentADay());

        assertThat(metric(r.pruned(), "key_diff", "rows_only_in_left")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(41);
        assertThat(metric(r.pruned(), "column:qty", "mismatches")).isEqualTo(41);
        assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_examined\":2", "\"segments_read_whole\":1");
        assertThat(outcomes(r.pruned())).isEqualTo(outcomes(r.full()));
    }

    private static final Date D18 = Date.valueOf("2026-11-18");

    /**
     * 3,000 rows over three days (day by id % 3: 0 is 2026-11-18, 1 is 2026-11-19, 2 is 2026-11-20).
     * On the left, id 7 (2026-11-19) twice. On the right: the name changed of the first {@code
     * changedOn18} ids of 2026-11-18 (3, 6, ...), id 4 (2026-11-19) missing, id 5000 (2026-11-20)
     * added, and id {@code moved}, when not null, on 2026-11-19 instead of 2026-11-18.
     */
    static Dataset<Row> threeDays(boolean cloud, int changedOn18, Long moved) {
        TestData t = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING, qty INT");
        Date[] days = {D18, D19, D20};
        for (long id = 1; id <= 3000; id++) {
            if (cloud && id == 4) {
                continue;
            }
            boolean changed = cloud && id % 3 == 0 && id <= 3L * changedOn18;
            Date day = cloud && moved != null && id == moved ? D19 : days[(int) (id % 3)];
            t.row(id, day, new BigDecimal(id + ".00"), changed ? "changed" : "n" + id, (int) (id % 7));
        }
        if (cloud) {
            t.row(5000L, D20, new BigDecimal("1.00"), "new", 1);
        } else {
            t.row(7L, D19, new BigDecimal("7.00"), "n7", 0);
        }
        return t.df();
    }

    @Test
    void daysWithOnlyOneSidedDifferencesAreReadByKeyAndGiveTheFullKeyDiffsVerdicts() {
        // One segment a day. 2026-11-18 has the two mismatches, which fill the sample of 2; the
        // other two days' differences are one-sided (a missing row, a duplicate, an added row), so
        // their rows are read by key column alone.
        TestRule rule = oneSegmentADay().sample(2);
        PrunedAndFull r = prunedAndFull(threeDays(false, 2, null), threeDays(true, 2, null), rule);

        assertThat(metric(r.pruned(), "key_diff", "rows_only_in_left")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_only_in_right")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(2);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_left")).isEqualTo(1);
        assertThat(metric(r.pruned(), "column:name", "mismatches")).isEqualTo(2);
        assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_examined\":3", "\"segments_read_keys_only\":2");
        assertThat(outcomes(r.pruned())).isEqualTo(outcomes(r.full()));
        assertThat(r.pruned().samples()).isEqualTo(r.full().samples());
    }

    @Test
    void aKeyFoundOnBothSidesAmongRowsReadByKeyIsReadAgainWhole() {
        // 2026-11-18 has 40 changed names, too many to peel, so it is read whole; id 3000 moved
        // from it (left) to 2026-11-19 (right), where it is one-sided in that day's digest, and
        // 2026-11-19 is read by key. The join then finds id 3000 once on each side without its
        // values: every examined row is read whole again, and the counts are the full diff's.
        TestRule rule = oneSegmentADay().sample(2);
        PrunedAndFull r = prunedAndFull(threeDays(false, 40, 3000L), threeDays(true, 40, 3000L), rule);

        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(41);
        assertThat(metric(r.pruned(), "column:day", "mismatches")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_only_in_left")).isEqualTo(1);
        assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_read_whole\":1", "\"segments_read_keys_only\":0");
        assertThat(outcomes(r.pruned())).isEqualTo(outcomes(r.full()));
    }

    @Test
    void theNarrowDiffOverDigestNamedKeysAndWholeGrainsGivesTheSameVerdicts() {
        // As above, but with the wide join's limit at 0 rows read whole: the examined rows (the
        // named keys' and the unpeeled grain's) go through the narrow join instead.
        SparkKeyDiff.wideGrainRows = 0;
        try {
            PrunedAndFull r = prunedAndFull(manyOrders(false), tooManyToPeelOnOneDay(), oneSegmentADay());

            assertThat(metric(r.pruned(), "key_diff", "rows_only_in_left")).isEqualTo(1);
            assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(41);
            assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                    .contains("\"segments_read_whole\":1");
            assertThat(outcomes(r.pruned())).isEqualTo(outcomes(r.full()));
            assertThat(r.pruned().samples()).hasSize(r.full().samples().size());
        } finally {
            SparkKeyDiff.wideGrainRows = SparkKeyDiff.WIDE_GRAIN_ROWS;
        }
    }

    @Test
    void keyDiffReadsOnlyThePartitionsWhoseFingerprintsDiffer(@TempDir Path dir) {
        // Partitioned on disk by day, 1,000 rows per day and side; ids 101 and 1001 (both on
        // 2026-11-20) differ. The fingerprint pass reads all 4,000 rows; the key diff must read
        // the 2,000 rows of 2026-11-20 and none of 2026-11-19.
        Dataset<Row> legacy = manyOrders(false);
        Dataset<Row> cloud = legacy.withColumn(
                "name",
                org.apache
                        .spark
                        .sql
                        .functions
                        .when(
                                org.apache.spark.sql.functions.col("id").isin(101L, 1001L),
                                org.apache.spark.sql.functions.lit("changed"))
                        .otherwise(org.apache.spark.sql.functions.col("name")));
        legacy.write().partitionBy("day").parquet(dir.resolve("l").toString());
        cloud.write().partitionBy("day").parquet(dir.resolve("r").toString());
        Dataset<Row> left = SharedSpark.spark().read().parquet(dir.resolve("l").toString());
        Dataset<Row> right = SharedSpark.spark().read().parquet(dir.resolve("r").toString());
        TestRule rule = TestRule.keyed("id").partitionBy("day").segments(64);

        PipelineResult[] result = new PipelineResult[1];
        long records = SparkKpiAndSketchTest.recordsRead(
                () -> result[0] = SparkParity.compare(left, right, rule.build(), ComparisonContext.adHoc("fp")));

        assertThat(metric(result[0], "key_diff", "rows_mismatched")).isEqualTo(2);
        assertThat(result[0]
                        .verdict("partition_hash", "day=2026-11-19", "fingerprint")
                        .status())
                .isEqualTo(Status.PASS);
        // One read of the differing day's 2,000 rows, of which only the two differing keys' rows
        // are kept for the later steps (whose few reads of that copy count too); any read of the
        // clean day would add another 2,000, keeping the whole day another 2,000 per step.
        assertThat(records).isBetween(4000L + 2000, 4000L + 2000 + 40);
    }

    @Test
    void theGrainPassAndTheGroupedAggregationFindTheSamePartitionsDiffering() {
        // Without KPIs the fingerprints come from the grain pass, which hashes each canonical row's
        // bytes; a KPI sends them through Spark's grouped aggregation (column-wise xxhash64) with the
        // KPI in the same scan. The hash values differ; every count and status must not.
        TestRule plain = TestRule.keyed("id").partitionBy("day").segments(64);
        TestRule withKpi = TestRule.keyed("id")
                .partitionBy("day")
                .segments(64)
                .kpi(SparkKpiAndSketchTest.kpi(
                        "total", List.of(), SparkKpiAndSketchTest.metrics("amt", "sum(amt)", null)));
        PipelineResult fast =
                SparkParity.compare(manyOrders(false), manyOrders(true), plain.build(), ComparisonContext.adHoc("fp"));
        PipelineResult grouped = SparkParity.compare(
                manyOrders(false), manyOrders(true), withKpi.build(), ComparisonContext.adHoc("fp"));

        assertThat(rowCountsAndHashStatuses(fast))
                .containsExactly(
                        "row_count|*|rows|FAIL|2000|1999|-1.0",
                        "row_count|day=2026-11-19|rows|FAIL|1000|999|-1.0",
                        "row_count|day=2026-11-20|rows|PASS|1000|1000|0.0",
                        "partition_hash|*|mismatched_partitions|WARN",
                        "partition_hash|day=2026-11-19|fingerprint|WARN",
                        "partition_hash|day=2026-11-20|fingerprint|WARN")
                .isEqualTo(rowCountsAndHashStatuses(grouped));
        assertThat(fast.verdict("partition_hash", "day=2026-11-20", "fingerprint")
                        .leftValue())
                .isNotEqualTo(grouped.verdict("partition_hash", "day=2026-11-20", "fingerprint")
                        .leftValue());
        assertThat(grouped.verdict("kpi:total", "*", "amt").status()).isEqualTo(Status.FAIL);
    }

    /**
     * Three days of two orders a side, one segment a day. On the right, price is off by {@code
     * delta} for id 1 (day 19) and id 3 (day 20); day 21 is the same.
     */
    private static PipelineResult pricesOffBy(double delta, Rule rule) {
        TestData left = TestData.of("id BIGINT, day DATE, price DOUBLE");
        TestData right = TestData.of("id BIGINT, day DATE, price DOUBLE");
        Date[] days = {D19, D20, Date.valueOf("2026-11-21")};
        for (long id = 1; id <= 6; id++) {
            Date day = days[(int) (id - 1) / 2];
            double price = 10.25 * id;
            left.row(id, day, price);
            right.row(id, day, id == 1 || id == 3 ? price + delta : price);
        }
        return SparkParity.compare(left.df(), right.df(), rule, ComparisonContext.adHoc("fp"));
    }

    private static TestRule pricesWithinAThousandth() {
        return TestRule.keyed("id").partitionBy("day").segments(1).absTol("price", "0.001");
    }

    /** check|scope|status|difference|message of each partition_hash row. */
    private static List<String> partitionHash(PipelineResult r) {
        return r.verdicts("partition_hash").stream()
                .map(v -> v.scope() + "|" + v.status() + "|" + v.difference() + "|" + v.message())
                .toList();
    }

    @Test
    void fingerprintsThatDifferOnlyWithinTheColumnTolerancesPassOnceTheKeyDiffHasSeenEveryDifference() {
        List<String> tolerated = List.of(
                "*|PASS|2.0|fingerprints of 2 of 3 partitions differ (2 of 3 segments); the key diff found every"
                        + " difference within tolerance",
                "day=2026-11-19|PASS|null|fingerprints differ; every difference within tolerance",
                "day=2026-11-20|PASS|null|fingerprints differ; every difference within tolerance",
                "day=2026-11-21|PASS|null|fingerprints equal");
        Rule rule = pricesWithinAThousandth().build();

        PipelineResult pruned = pricesOffBy(1e-9, rule);
        PipelineResult full = pricesOffBy(1e-9, rule.withKeyDiffMode(Checks.KeyDiffMode.FULL));

        assertThat(partitionHash(pruned)).isEqualTo(tolerated);
        assertThat(partitionHash(full)).isEqualTo(tolerated);
        assertThat(pruned.status()).isEqualTo(Status.PASS);
        assertThat(pruned.verdict("partition_hash", "*", "mismatched_partitions")
                        .details())
                .contains("\"mismatched_partitions\":[\"day=2026-11-19\",\"day=2026-11-20\"]");
        assertThat(metric(pruned, "column:price", "mismatches")).isEqualTo(0);
    }

    @Test
    void fingerprintsStillWarnWhenOneDifferenceIsBeyondTolerance() {
        PipelineResult r = pricesOffBy(0.5, pricesWithinAThousandth().build());

        assertThat(partitionHash(r))
                .containsExactly(
                        "*|WARN|2.0|2 of 3 partitions differ (2 of 3 segments), sent to the key diff",
                        "day=2026-11-19|WARN|null|fingerprints differ",
                        "day=2026-11-20|WARN|null|fingerprints differ",
                        "day=2026-11-21|PASS|null|fingerprints equal");
        assertThat(metric(r, "key_diff", "rows_mismatched")).isEqualTo(2);
    }

    @Test
    void fingerprintsStillWarnWhenTheKeyDiffIsDisabledEvenIfTheColumnsAgreeWithinTolerance() {
        Checks noKeyDiff =
                new Checks(null, null, null, new Checks.KeyDiffCheck(false, null, null, null, null, null), null);
        PipelineResult r =
                pricesOffBy(1e-9, pricesWithinAThousandth().checks(noKeyDiff).build());

        assertThat(r.verdict("partition_hash", "*", "mismatched_partitions").status())
                .isEqualTo(Status.WARN);
        assertThat(metric(r, "column:price", "mismatches")).isEqualTo(0);
    }

    /**
     * Ten ids a side. On the right, name differs for ids 1-3, amt for ids 1-6 and qty for ids 5-10;
     * id 10 is also only on the right (id 0 only on the left), so 11 ids in all, 10 a side.
     */
    private static PipelineResult tenRowsWithKnownColumnMismatches(TestRule rule) {
        TestData left = TestData.of("id BIGINT, name STRING, amt INT, qty INT");
        TestData right = TestData.of("id BIGINT, name STRING, amt INT, qty INT");
        left.row(0L, "zed", 0, 0);
        for (long id = 1; id <= 9; id++) {
            left.row(id, "n" + id, 10, 20);
            right.row(id, id <= 3 ? "changed" : "n" + id, id <= 6 ? 11 : 10, id >= 5 ? 21 : 20);
        }
        right.row(10L, "n10", 10, 21);
        return SparkParity.compare(left.df(), right.df(), rule.build(), ComparisonContext.adHoc("fp"));
    }

    @Test
    void columnChecksAreJudgedAgainstTheirMismatchToleranceAndWarnBand() {
        // Defaults: 5 differing rows pass, more than 2 warn. name (3) warns, amt (6) fails, and qty
        // (5, the one-sided id 10 not counted) passes under its own rate: floor(0.6 * 10) = 6 allowed,
        // floor(0.5 * 10) = 5 before a warning.
        TestRule rule =
                TestRule.keyed("id").columnChecks(null, 5L, null, 2L, null).mismatches("qty", null, "0.6", null, "0.5");

        PipelineResult r = tenRowsWithKnownColumnMismatches(rule);

        assertThat(List.of("column:name", "column:amt", "column:qty"))
                .extracting(c -> {
                    Verdict v = r.verdict(c, "*", "mismatches");
                    return c + " " + v.difference() + " " + v.status() + " " + v.message();
                })
                .containsExactly(
                        "column:name 3.0 WARN 3 rows differ (within tolerance but over the warn band: 3 rows differ,"
                                + " the band allows 2)",
                        "column:amt 6.0 FAIL 6 rows differ (exact; count<=5 rate<=0, warn beyond count<=2 rate<=0)",
                        "column:qty 5.0 PASS 5 rows differ (within tolerance)");
        assertThat(r.verdict("column:qty", "*", "mismatches").tolerance())
                .isEqualTo("exact; count<=5 rate<=0.6, warn beyond count<=2 rate<=0.5");
        assertThat(r.verdict("column:qty", "*", "mismatches").details())
                .isEqualTo("{\"allowed\":6,\"warn_allowed\":5}");
        assertThat(r.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void bothSidesEmptyPassWithAMessage() {
        Dataset<Row> empty = legacyOrders().limit(0);
        PipelineResult r = SparkParity.compare(empty, empty, ordersRule().build(), ComparisonContext.adHoc("fp"));

        assertThat(r.verdict("row_count", "*", "rows").status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("row_count", "*", "rows").message()).isEqualTo("both sides are empty");
        assertThat(r.status()).isEqualTo(Status.PASS);
    }

    @Test
    void oneEmptySideFailsEvenWithinTolerance() {
        Checks loose = new Checks(null, new Checks.RowCountCheck(null, null, 1000L, null), null, null, null);
        PipelineResult r = SparkParity.compare(
                legacyOrders(),
                legacyOrders().limit(0),
                ordersRule().checks(loose).build(),
                ComparisonContext.adHoc("fp"));

        assertThat(r.verdict("row_count", "*", "rows").status()).isEqualTo(Status.FAIL);
        assertThat(r.verdict("row_count", "*", "rows").message()).isEqualTo("right side is empty");
    }

    @Test
    void missingKeyColumnIsAnErrorVerdictNotAPass() {
        PipelineResult r = SparkParity.compare(
                legacyOrders(), cloudOrders().drop("id"), ordersRule().build(), ComparisonContext.adHoc("fp"));

        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.verdict("key_diff", "*", "error").message())
                .startsWith("Cannot find key column 'id' on the right side; available columns: [day, amt, name, qty]");
    }

    @Test
    void prunedSamplesShowEachSideInItsOwnTypesAsTheFullDiffDoes() {
        // The sides type amt and qty differently (DECIMAL and DOUBLE, INT and DECIMAL). The pruned
        // diff is wide here (both sides' rows stacked and grouped by key once), the full one narrow
        // (joined per-key counts, then the candidates' rows): each shows a side's row as read.
        PrunedAndFull r =
                prunedAndFull(legacyOrders(), cloudOrders(), ordersRule().sample(10, "name"));

        // Id 7, once on the left and twice on the right, is a differing duplicated key.
        assertThat(r.pruned().samples()).hasSize(5);
        assertThat(r.pruned().samples())
                .containsExactlyInAnyOrderElementsOf(r.full().samples());
        SampleRow two = r.pruned().samples().stream()
                .filter(s -> s.key().equals("{\"id\":2}"))
                .findFirst()
                .orElseThrow();
        assertThat(two.leftRow()).contains("\"amt\":10.00", "\"qty\":21}").doesNotContain("bea");
        assertThat(two.rightRow()).contains("\"amt\":10.5", "\"qty\":21.00}").doesNotContain("bea");
    }

    @Test
    void sampleHoldsDifferingRowsWithMaskedColumns() {
        PipelineResult r = SparkParity.compare(
                legacyOrders(), cloudOrders(), ordersRule().sample(10, "name").build(), ComparisonContext.adHoc("fp"));

        assertThat(r.samples()).hasSize(5);
        assertThat(r.samples().stream().map(s -> s.kind()).toList())
                .containsExactly("mismatched", "mismatched", "duplicate_differing", "only_in_left", "only_in_right");
        assertThat(r.samples()).allSatisfy(s -> {
            assertThat(String.valueOf(s.leftRow()) + s.rightRow()).doesNotContain("\"bea\"", "\"eve\"", "\"kim\"");
        });
        assertThat(r.samples().stream()
                        .filter(s -> s.key().equals("{\"id\":2}"))
                        .findFirst()
                        .orElseThrow()
                        .columns())
                .containsExactly("amt");
    }

    @Test
    void aMaskedKeyColumnIsMaskedInTheSamplesKeyAsInItsRowsOnBothKeyDiffPaths() {
        // The sample's key was written from the raw key columns, so a masked key (an SSN, an
        // e-mail) was stored in clear text beside its masked rows.
        Dataset<Row> left = TestData.of("ssn STRING, amt INT")
                .row("123-45-6789", 1)
                .row("only-left", 2)
                .df();
        Dataset<Row> right = TestData.of("ssn STRING, amt INT")
                .row("123-45-6789", 9)
                .row("only-right", 3)
                .df();
        PrunedAndFull r = prunedAndFull(left, right, TestRule.keyed("ssn").sample(10, "ssn"));

        for (PipelineResult result : List.of(r.pruned(), r.full())) {
            assertThat(result.samples().stream().map(SampleRow::key).sorted().toList())
                    .containsExactly(
                            "{\"ssn\":\"masked:01a54629efb9\"}",
                            "{\"ssn\":\"masked:4e7001b9e925\"}",
                            "{\"ssn\":\"masked:67f72440f756\"}");
            SampleRow mismatched = result.samples().stream()
                    .filter(s -> s.kind().equals("mismatched"))
                    .findFirst()
                    .orElseThrow();
            assertThat(mismatched.key()).isEqualTo("{\"ssn\":\"masked:01a54629efb9\"}");
            assertThat(mismatched.leftRow()).isEqualTo("{\"ssn\":\"masked:01a54629efb9\",\"amt\":1}");
        }
    }

    @Test
    void underAMaskKeyMaskedValuesAreItsHmacNotAPlainHashAnyoneCanRecompute() {
        // Unkeyed, masked:01a54629efb9 is the first 12 hex of SHA-256("123-45-6789"): hashing every
        // SSN finds it again. Under a key it is HMAC-SHA256, alike on both sides and both paths.
        Dataset<Row> left = TestData.of("ssn STRING, amt INT")
                .row("123-45-6789", 1)
                .row("only-left", 2)
                .df();
        Dataset<Row> right = TestData.of("ssn STRING, amt INT")
                .row("123-45-6789", 9)
                .row("only-right", 3)
                .row(null, 4)
                .df();
        TestRule rule = TestRule.keyed("ssn").sample(10, "ssn");
        ComparisonContext keyed = ComparisonContext.adHoc("fp").withSampleMaskKey("s3cret");
        PipelineResult pruned = SparkParity.compare(left, right, rule.build(), keyed);
        PipelineResult full =
                SparkParity.compare(left, right, rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL), keyed);

        for (PipelineResult result : List.of(pruned, full)) {
            assertThat(result.samples().stream()
                            .map(s -> s.kind() + " " + s.key() + " " + s.leftRow() + " " + s.rightRow()))
                    .containsExactly(
                            "mismatched {\"ssn\":\"masked:e9e7e9a44c8e\"} {\"ssn\":\"masked:e9e7e9a44c8e\",\"amt\":1}"
                                    + " {\"ssn\":\"masked:e9e7e9a44c8e\",\"amt\":9}",
                            "only_in_left {\"ssn\":\"masked:5aa2b6744e95\"} {\"ssn\":\"masked:5aa2b6744e95\",\"amt\":2}"
                                    + " null",
                            "only_in_right {\"ssn\":\"masked:5d56315cfd4d\"} null"
                                    + " {\"ssn\":\"masked:5d56315cfd4d\",\"amt\":3}");
        }
        assertThat(keyed.toString()).doesNotContain("s3cret").contains("sampleMaskKey=***");
    }

    @Test
    void aShortSampleTakesMismatchesFirstThenOneSidedRowsAlikeOnBothKeyDiffPaths() {
        // manyOrders: 3 mismatched, 2 only in left, 1 only in right. A sample of 4 holds the 3
        // mismatches and 1 left-only row, whether the rows come from the grain digests (pruned)
        // or from the narrow join over every row (full).
        TestRule rule = TestRule.keyed("id").partitionBy("day").segments(64).sample(4);
        PrunedAndFull r = prunedAndFull(manyOrders(false), manyOrders(true), rule);

        for (PipelineResult result : List.of(r.pruned(), r.full())) {
            assertThat(result.samples().stream().map(s -> s.kind()).toList())
                    .containsExactly("mismatched", "mismatched", "mismatched", "only_in_left");
            assertThat(result.samples().stream().map(s -> s.key()).toList())
                    .containsExactlyInAnyOrder(
                            "{\"id\":100}",
                            "{\"id\":1000}",
                            "{\"id\":1999}",
                            result.samples().get(3).key());
            assertThat(result.samples().get(3).key()).isIn("{\"id\":7}", "{\"id\":8}");
            assertThat(result.samples().get(0).columns()).containsExactly("name");
        }
    }

    static double metric(PipelineResult r, String check, String metric) {
        return r.verdict(check, "*", metric).difference();
    }

    /** Row-count outcomes in full, partition-hash outcomes without the fingerprint values. */
    private static List<String> rowCountsAndHashStatuses(PipelineResult r) {
        return r.verdicts().stream()
                .filter(v -> v.check().equals("row_count") || v.check().equals("partition_hash"))
                .map(v -> v.check().equals("row_count")
                        ? v.check() + "|" + v.scope() + "|" + v.metric() + "|" + v.status() + "|" + v.leftValue() + "|"
                                + v.rightValue() + "|" + v.difference()
                        : v.check() + "|" + v.scope() + "|" + v.metric() + "|" + v.status())
                .toList();
    }

    static List<String> outcomes(PipelineResult r) {
        return r.verdicts().stream()
                .map(v -> v.check() + "|" + v.scope() + "|" + v.metric() + "|" + v.status() + "|" + v.leftValue() + "|"
                        + v.rightValue() + "|" + v.difference())
                .toList();
    }
}
