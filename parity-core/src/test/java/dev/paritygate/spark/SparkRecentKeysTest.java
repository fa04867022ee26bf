package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exclude_recent}: a key whose row changed within the window on either side is left out of
 * both sides, so that a row still changing on one side is not reported as missing from the other.
 */
class SparkRecentKeysTest {
    private static final Instant NOW = Instant.parse("2026-11-20T06:00:00Z");
    private static final Timestamp OLD = Timestamp.from(NOW.minusSeconds(2 * 3600));
    private static final Timestamp FRESH = Timestamp.from(NOW.minusSeconds(5 * 60));
    private static final String SCHEMA = "id INT, v INT, updated_at TIMESTAMP";

    private static PipelineResult compare(Dataset<Row> left, Dataset<Row> right, TestRule rule) {
        return SparkParity.compare(left, right, rule.build(), new ComparisonContext(null, "l", "r", "", NOW));
    }

    private static TestRule recent30() {
        return TestRule.keyed("id").excludeRecent("updated_at", 30);
    }

    private static long keyDiff(PipelineResult r, String metric) {
        return r.verdict("key_diff", "*", metric).difference().longValue();
    }

    private static String rows(PipelineResult r) {
        return r.verdict("row_count", "*", "rows").leftValue() + "/"
                + r.verdict("row_count", "*", "rows").rightValue();
    }

    private static String rowCountDetails(PipelineResult r) {
        return r.verdict("row_count", "*", "rows").details();
    }

    @Test
    void aKeyRecentOnOneSideOnlyIsExcludedFromBothSides() {
        // Key 1 changed 5 minutes ago on the cloud side only, key 3 on the legacy side only.
        Dataset<Row> left = TestData.of(SCHEMA)
                .row(1, 1, OLD)
                .row(2, 5, OLD)
                .row(3, 7, FRESH)
                .df();
        Dataset<Row> right = TestData.of(SCHEMA)
                .row(1, 2, FRESH)
                .row(2, 5, OLD)
                .row(3, 8, OLD)
                .df();

        PipelineResult r = compare(left, right, recent30());

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(rows(r)).isEqualTo("1/1");
        assertThat(keyDiff(r, "rows_only_in_left")).isZero();
        assertThat(keyDiff(r, "rows_only_in_right")).isZero();
        assertThat(keyDiff(r, "rows_mismatched")).isZero();
        assertThat(r.verdict("column:v", "*", "mismatches").difference()).isZero();
        assertThat(rowCountDetails(r)).isEqualTo("{\"recent_keys_excluded\":2}");
    }

    @Test
    void aKeyRecentOnBothSidesIsExcludedAndCountedOnce() {
        Dataset<Row> left = TestData.of(SCHEMA).row(1, 1, OLD).row(2, 2, FRESH).df();
        Dataset<Row> right = TestData.of(SCHEMA).row(1, 1, OLD).row(2, 3, FRESH).df();

        PipelineResult r = compare(left, right, recent30());

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(rows(r)).isEqualTo("1/1");
        assertThat(rowCountDetails(r)).isEqualTo("{\"recent_keys_excluded\":1}");
    }

    @Test
    void aDuplicatedKeyWithOneRecentRowIsExcludedWithAllItsRowsOnBothSides() {
        Dataset<Row> left = TestData.of(SCHEMA)
                .row(1, 1, OLD)
                .row(4, 1, OLD)
                .row(4, 2, FRESH)
                .df();
        Dataset<Row> right = TestData.of(SCHEMA).row(1, 1, OLD).row(4, 9, OLD).df();

        PipelineResult r = compare(left, right, recent30());

        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(rows(r)).isEqualTo("1/1");
        assertThat(keyDiff(r, "duplicate_keys_left")).isZero();
        assertThat(keyDiff(r, "rows_mismatched")).isZero();
        assertThat(rowCountDetails(r)).isEqualTo("{\"recent_keys_excluded\":1}");
    }

    @Test
    void rowsWithoutATimestampAreComparedUnlessTheirKeyIsRecentOnTheOtherSide() {
        // Key 5 has no timestamp on either side: compared, and it differs. Key 6 has none on the
        // legacy side and changed 5 minutes ago on the cloud side: excluded.
        Dataset<Row> left = TestData.of(SCHEMA).row(5, 1, null).row(6, 1, null).df();
        Dataset<Row> right =
                TestData.of(SCHEMA).row(5, 2, null).row(6, 2, FRESH).df();

        PipelineResult r = compare(left, right, recent30());

        assertThat(rows(r)).isEqualTo("1/1");
        assertThat(keyDiff(r, "rows_only_in_left")).isZero();
        assertThat(keyDiff(r, "rows_mismatched")).isEqualTo(1);
        assertThat(r.verdict("column:v", "*", "mismatches").difference()).isEqualTo(1);
        assertThat(rowCountDetails(r)).isEqualTo("{\"recent_keys_excluded\":1}");
    }

    @Test
    void aRecentRowWithANullKeyLeavesItsOwnSideOnlyAndIsNotAKey() {
        // A null key is never matched, so a recent one names no row of the other side.
        Dataset<Row> left =
                TestData.of(SCHEMA).row(1, 1, OLD).row(null, 1, FRESH).df();
        Dataset<Row> right =
                TestData.of(SCHEMA).row(1, 1, OLD).row(null, 2, OLD).df();

        PipelineResult r = compare(left, right, recent30());

        assertThat(rows(r)).isEqualTo("1/2");
        assertThat(keyDiff(r, "null_keys_left")).isZero();
        assertThat(keyDiff(r, "null_keys_right")).isEqualTo(1);
        assertThat(rowCountDetails(r)).isEqualTo("{\"recent_keys_excluded\":0}");
    }

    @Test
    void withoutExcludeRecentRowCountsHaveNoDetails() {
        Dataset<Row> left = TestData.of(SCHEMA).row(1, 1, FRESH).df();
        Dataset<Row> right = TestData.of(SCHEMA).row(1, 1, FRESH).df();

        PipelineResult r = compare(left, right, TestRule.keyed("id"));

        assertThat(rows(r)).isEqualTo("1/1");
        assertThat(rowCountDetails(r)).isEqualTo("{}");
    }

    @Test
    void prunedAndFullKeyDiffGiveTheSameVerdictsOnRecentRows() {
        // 300 ids; every 10th changed 5 minutes ago on one side (alternating), every 7th differs in
        // v, id 299 is only on the left side and id 300 only on the right.
        TestData l = TestData.of(SCHEMA);
        TestData rt = TestData.of(SCHEMA);
        int expectedMismatches = 0;
        for (int id = 1; id <= 298; id++) {
            boolean recent = id % 10 == 0;
            boolean recentLeft = recent && id % 20 == 0;
            int rv = id % 7 == 0 ? id + 1 : id;
            l.row(id, id, recentLeft ? FRESH : OLD);
            rt.row(id, rv, recent && !recentLeft ? FRESH : OLD);
            if (!recent && rv != id) {
                expectedMismatches++;
            }
        }
        l.row(299, 299, OLD);
        rt.row(300, 300, OLD);
        TestRule rule = recent30();

        PipelineResult pruned = compare(l.df(), rt.df(), rule);
        PipelineResult full = SparkParity.compare(
                l.df(),
                rt.df(),
                rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL),
                new ComparisonContext(null, "l", "r", "", NOW));

        assertThat(SparkParityTest.outcomes(full)).isEqualTo(SparkParityTest.outcomes(pruned));
        assertThat(rows(pruned)).isEqualTo("270/270");
        assertThat(keyDiff(pruned, "rows_only_in_left")).isEqualTo(1);
        assertThat(keyDiff(pruned, "rows_only_in_right")).isEqualTo(1);
        assertThat(keyDiff(pruned, "rows_mismatched")).isEqualTo(expectedMismatches);
        assertThat(expectedMismatches).isEqualTo(38);
        assertThat(rowCountDetails(pruned)).isEqualTo("{\"recent_keys_excluded\":29}");
        assertThat(rowCountDetails(full)).isEqualTo(rowCountDetails(pruned));
    }

    @Test
    void aRecentKeySetAboveTheBroadcastLimitIsJoinedWithoutCollectingItAndExcludesTheSameRows() {
        Dataset<Row> left = TestData.of(SCHEMA)
                .row(1, 1, OLD)
                .row(2, 2, FRESH)
                .row(3, 3, OLD)
                .row(null, 4, OLD)
                .df();
        Dataset<Row> right = TestData.of(SCHEMA)
                .row(1, 1, OLD)
                .row(2, 2, OLD)
                .row(3, 3, FRESH)
                .row(5, 5, FRESH)
                .df();
        ColumnPair id = new ColumnPair(
                "id",
                org.apache.spark.sql.types.DataTypes.IntegerType,
                org.apache.spark.sql.types.DataTypes.IntegerType,
                dev.paritygate.rules.ColumnOptions.DEFAULT,
                null,
                null);
        org.apache.spark.sql.Column recent =
                org.apache.spark.sql.functions.col("updated_at").geq(Timestamp.from(NOW.minusSeconds(1800)));
        SparkRecentKeys keys = new SparkRecentKeys(left.where(recent), right.where(recent));

        SparkRecentKeys.Excluded collected =
                keys.exclude(left.where(recent.unary_$bang()), right.where(recent.unary_$bang()), List.of(id), 10);
        SparkRecentKeys.Excluded joined =
                keys.exclude(left.where(recent.unary_$bang()), right.where(recent.unary_$bang()), List.of(id), 2);

        for (SparkRecentKeys.Excluded e : List.of(collected, joined)) {
            assertThat(e.keys()).isEqualTo(3);
            assertThat(ids(e.left())).containsExactly("1", "null");
            assertThat(ids(e.right())).containsExactly("1");
        }
    }

    @Test
    void theRecentKeysCostOneMoreReadOfBothSidesWhichSkipsOlderFiles(@TempDir Path dir) {
        // Two files a side (ids 0-2499 and 2500-4999); only id 4999, in the second, is recent.
        Dataset<Row> data = SharedSpark.spark()
                .range(0, 5000, 1, 2)
                .selectExpr(
                        "CAST(id AS INT) AS id",
                        "CAST(id AS INT) AS v",
                        "IF(id = 4999, TIMESTAMP'2026-11-20 05:55:00Z', TIMESTAMP'2026-11-20 04:00:00Z') AS updated_at");
        // Spark's default INT96 timestamps carry no statistics to skip row groups by; INT64 ones do.
        org.apache.spark.sql.RuntimeConfig conf = SharedSpark.spark().conf();
        String type = "spark.sql.parquet.outputTimestampType";
        String before = conf.get(type);
        try {
            conf.set(type, "TIMESTAMP_MICROS");
            data.write().parquet(dir.resolve("l").toString());
            data.write().parquet(dir.resolve("r").toString());
        } finally {
            conf.set(type, before);
        }
        Dataset<Row> left = SharedSpark.spark().read().parquet(dir.resolve("l").toString());
        Dataset<Row> right = SharedSpark.spark().read().parquet(dir.resolve("r").toString());
        PipelineResult[] r = new PipelineResult[1];

        long without = SparkKpiAndSketchTest.recordsRead(() -> compare(left, right, TestRule.keyed("id")));
        int scans = SparkKpiAndSketchTest.scans(() -> r[0] = compare(left, right, recent30()));
        long with = SparkKpiAndSketchTest.recordsRead(() -> compare(left, right, recent30()));

        assertThat(r[0].status()).isEqualTo(Status.PASS);
        assertThat(rows(r[0])).isEqualTo("4999/4999");
        // One pass a side, as without exclude_recent, and one read of both sides for the recent keys.
        assertThat(scans).isEqualTo(3);
        assertThat(without).isEqualTo(10_000);
        assertThat(with).isEqualTo(10_000 + 2 * 2500);
    }

    private static List<String> ids(Dataset<Row> df) {
        return df.select("id").collectAsList().stream()
                .map(row -> String.valueOf(row.get(0)))
                .sorted()
                .toList();
    }
}
