package dev.paritygate.spark;

import static dev.paritygate.spark.SparkParityTest.metric;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.spark.SparkParityTest.PrunedAndFull;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A key duplicated on a side has its rows compared with the other side's as a whole: the same
 * rows, as often, in any order, or it is counted in {@code duplicate_keys_differing}. Every key
 * diff path (full, pruned over digests wide and narrow, pruned with key-only reads) counts alike.
 */
class DuplicateKeysDifferingTest {
    private static final Date D19 = Date.valueOf("2026-11-19");
    private static final Date D20 = Date.valueOf("2026-11-20");

    /**
     * 100 ids a day over two days, one row each, but: id 10 twice on both sides, alike; id 20
     * twice on both sides, its second row's name changed on the right; id 31 (2026-11-20) twice on
     * the left, once on the right; id 40 once a side with its name changed; id 50 twice on both
     * sides, its two rows in the other order on the right. Every 2026-11-20 difference is one-sided
     * in that day's digest (id 31's extra row), so that day can be read by key alone.
     */
    static Dataset<Row> sides(boolean right) {
        TestData t = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING");
        for (long id = 1; id <= 200; id++) {
            Date day = id % 2 == 0 ? D19 : D20;
            String name = right && id == 40 ? "changed" : "n" + id;
            if (id == 50 && right) {
                t.row(id, day, new BigDecimal("2.00"), "second");
                t.row(id, day, new BigDecimal("1.00"), "first");
                continue;
            }
            t.row(id, day, new BigDecimal(id + ".00"), name);
            if (id == 10 || (id == 31 && !right)) {
                t.row(id, day, new BigDecimal(id + ".00"), name);
            }
            if (id == 20) {
                t.row(id, day, new BigDecimal("2.00"), right ? "other" : "twenty");
            }
        }
        // id 50's rows on the left, in the first order.
        return right ? t.df() : t.df().filter("id <> 50").union(fifty());
    }

    private static Dataset<Row> fifty() {
        return TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING")
                .row(50L, D19, new BigDecimal("1.00"), "first")
                .row(50L, D19, new BigDecimal("2.00"), "second")
                .df();
    }

    private static TestRule rule(boolean allowDuplicates) {
        return rule(allowDuplicates, 1);
    }

    private static TestRule rule(boolean allowDuplicates, int sampleRows, String... mask) {
        return TestRule.keyed("id")
                .partitionBy("day")
                .segments(1)
                .sample(sampleRows, mask)
                .checks(new Checks(
                        null,
                        null,
                        null,
                        new Checks.KeyDiffCheck(null, null, null, null, allowDuplicates, null),
                        null));
    }

    private static PipelineResult full(Dataset<Row> left, Dataset<Row> right, TestRule rule) {
        return SparkParity.compare(
                left, right, rule.build().withKeyDiffMode(Checks.KeyDiffMode.FULL), ComparisonContext.adHoc("fp"));
    }

    private static Verdict differing(PipelineResult r) {
        return r.verdict("key_diff", "*", "duplicate_keys_differing");
    }

    @Test
    void aDuplicatedKeyWhoseRowsDifferInValueOrInNumberIsCountedOnEveryPath() {
        PrunedAndFull r = SparkParityTest.prunedAndFull(sides(false), sides(true), rule(false));

        // ids 20 (a row changed) and 31 (two rows against one); not 10 (alike) nor 50 (reordered).
        assertThat(metric(r.full(), "key_diff", "duplicate_keys_differing")).isEqualTo(2);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_differing")).isEqualTo(2);
        assertThat(metric(r.full(), "key_diff", "rows_mismatched")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(1);
        // Full mode sees every duplicated key; pruned mode those of differing segments (README).
        assertThat(metric(r.full(), "key_diff", "duplicate_keys_left")).isEqualTo(4);
        assertThat(metric(r.full(), "key_diff", "duplicate_keys_right")).isEqualTo(3);
        assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_read_keys_only\":1");
        assertThat(differing(r.full()).status()).isEqualTo(Status.FAIL);
        assertThat(differing(r.full()).message()).isEqualTo("2 keys on both sides, duplicated, whose rows differ");
    }

    @Test
    void theNarrowDiffCountsTheSameDuplicatedKeys() {
        // Lowering wideGrainRows alone left this pruned run wide: every grain was peeled, so none
        // was read whole. Without digests (a KPI) the pruned key diff is narrow.
        PipelineResult pruned = SparkParity.compare(
                sides(false), sides(true), withKpi(rule(false)).build(), ComparisonContext.adHoc("fp"));

        assertThat(metric(pruned, "key_diff", "duplicate_keys_differing")).isEqualTo(2);
        assertThat(metric(pruned, "key_diff", "rows_mismatched")).isEqualTo(1);
    }

    @Test
    void withDuplicatesAllowedOnlyDuplicatedKeysWhoseRowsDifferFailWithTheDifferingRows() {
        PipelineResult r = full(sides(false), sides(true), rule(true));

        assertThat(r.verdict("key_diff", "*", "duplicate_keys_left").status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("key_diff", "*", "duplicate_keys_right").status()).isEqualTo(Status.PASS);
        assertThat(differing(r).status()).isEqualTo(Status.FAIL);
        // One mismatched key and two differing duplicated keys.
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").details()).contains("\"rows_differing\":3");
    }

    @Test
    void duplicatedKeysAlikeOnBothSidesPassWhenDuplicatesAreAllowed() {
        Dataset<Row> left = sides(false).filter("id NOT IN (20, 31, 40)");
        Dataset<Row> right = sides(true).filter("id NOT IN (20, 31, 40)");
        PipelineResult r = full(left, right, rule(true));

        assertThat(metric(r, "key_diff", "duplicate_keys_left")).isEqualTo(2);
        assertThat(differing(r).status()).isEqualTo(Status.PASS);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").status()).isEqualTo(Status.PASS);
    }

    /**
     * ids 1 to 40 once a side, odd ids on 2026-11-19, even ids on 2026-11-20, but: id 100 has rows
     * a and x on 2026-11-19 on the left, x there and c on 2026-11-20 on the right; the names of
     * twelve even ids differ on the right. 2026-11-19's only difference is a, on the left: that day
     * can be read by key alone. 2026-11-20 has too many differences for its digest to peel, so its
     * rows are read whole, c among them, and the digests never learn that id 100 has a row on the
     * right side there.
     */
    static Dataset<Row> keyAcrossAPartitionReadByKeyAndOneReadWhole(boolean right) {
        TestData t = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING");
        for (long id = 1; id <= 40; id++) {
            boolean changed = right && id % 2 == 0 && id <= 24;
            t.row(id, id % 2 == 0 ? D20 : D19, new BigDecimal(id + ".00"), changed ? "changed" : "n" + id);
        }
        if (!right) {
            t.row(100L, D19, new BigDecimal("1.00"), "a");
        }
        t.row(100L, D19, new BigDecimal("2.00"), "x");
        if (right) {
            t.row(100L, D20, new BigDecimal("3.00"), "c");
        }
        return t.df();
    }

    @Test
    void aDuplicatedKeyWithRowsReadByKeyAndRowsInAGrainReadWholeHasItsRowsComparedInPrunedMode() {
        PrunedAndFull r = SparkParityTest.prunedAndFull(
                keyAcrossAPartitionReadByKeyAndOneReadWhole(false),
                keyAcrossAPartitionReadByKeyAndOneReadWhole(true),
                rule(false));

        // id 100: rows a and x against x and c, as many but not the same. Both of its days differ,
        // so pruned mode reads all of its rows too.
        assertThat(metric(r.full(), "key_diff", "duplicate_keys_differing")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_differing")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_left")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "duplicate_keys_right")).isEqualTo(1);
        assertThat(metric(r.pruned(), "key_diff", "rows_mismatched")).isEqualTo(12);
        assertThat(r.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_read_whole\":1");
        assertThat(SparkParityTest.outcomes(r.pruned())).isEqualTo(SparkParityTest.outcomes(r.full()));
    }

    @Test
    void underAColumnToleranceADifferingDuplicatedKeyWarnsAndIsNotCountedAmongTheDifferingRows() {
        // Whole rows cannot apply amt's tolerance: id 20's rows might differ within it only.
        TestRule tolerant = rule(true).absTol("amt", "0.01");
        PipelineResult r = full(sides(false), sides(true), tolerant);

        assertThat(differing(r).difference()).isEqualTo(2);
        assertThat(differing(r).status()).isEqualTo(Status.WARN);
        assertThat(differing(r).message())
                .isEqualTo("2 keys on both sides, duplicated, whose rows differ (compared as whole rows: the"
                        + " columns' tolerances do not apply within a duplicated key)");
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").details()).contains("\"rows_differing\":1");
    }

    /** A sample row as a line: kind and key, then the differing columns or, without them, both rows. */
    private static List<String> shown(PipelineResult r) {
        return r.samples().stream()
                .map(s -> s.kind() + " " + s.key() + " "
                        + (s.columns().isEmpty() ? s.leftRow() + " " + s.rightRow() : s.columns()))
                .toList();
    }

    @Test
    void theSampleNamesEachDuplicatedKeyWhoseRowsDifferWithEachSidesRowCountInPrunedAndFullMode() {
        PrunedAndFull r = SparkParityTest.prunedAndFull(sides(false), sides(true), rule(false, 10));

        // id 40 mismatched; ids 20 (two rows a side, one changed) and 31 (two rows against one),
        // in key order, after the mismatched rows. Not 10 (alike) nor 50 (reordered).
        List<String> expected = List.of(
                "mismatched {\"id\":40} [name]",
                "duplicate_differing {\"id\":20} {\"rows\":2} {\"rows\":2}",
                "duplicate_differing {\"id\":31} {\"rows\":2} {\"rows\":1}");
        assertThat(shown(r.full())).isEqualTo(expected);
        assertThat(shown(r.pruned())).isEqualTo(expected);
    }

    /** {@code rule} with a KPI: the fingerprints then come without digests, and pruned mode's key diff is narrow. */
    private static TestRule withKpi(TestRule rule) {
        return rule.kpi(
                SparkKpiAndSketchTest.kpi("total", List.of(), SparkKpiAndSketchTest.metrics("amt", "sum(amt)", null)));
    }

    @Test
    void theNarrowDiffOfAPrunedRunWithoutDigestsSamplesTheSameDuplicatedKeys() {
        PipelineResult r = SparkParity.compare(
                sides(false), sides(true), withKpi(rule(false, 10)).build(), ComparisonContext.adHoc("fp"));

        assertThat(shown(r))
                .containsExactly(
                        "mismatched {\"id\":40} [name]",
                        "duplicate_differing {\"id\":20} {\"rows\":2} {\"rows\":2}",
                        "duplicate_differing {\"id\":31} {\"rows\":2} {\"rows\":1}");
    }

    @Test
    void differingDuplicatedKeysTakeTheRoomMismatchedRowsLeaveBeforeOneSidedRowsInPrunedAndFullMode() {
        // id 300 only in left: with a sample of 3, the mismatched row and the two differing
        // duplicated keys leave it no room; with 4, it takes the last place.
        Dataset<Row> left = sides(false)
                .union(TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING")
                        .row(300L, D19, new BigDecimal("3.00"), "n300")
                        .df());
        PrunedAndFull three = SparkParityTest.prunedAndFull(left, sides(true), rule(false, 3));
        PrunedAndFull four = SparkParityTest.prunedAndFull(left, sides(true), rule(false, 4));

        List<String> first = List.of(
                "mismatched {\"id\":40} [name]",
                "duplicate_differing {\"id\":20} {\"rows\":2} {\"rows\":2}",
                "duplicate_differing {\"id\":31} {\"rows\":2} {\"rows\":1}");
        assertThat(shown(three.full())).isEqualTo(first);
        assertThat(shown(three.pruned())).isEqualTo(first);
        assertThat(shown(four.full()).subList(0, 3)).isEqualTo(first);
        assertThat(shown(four.full()).get(3)).startsWith("only_in_left {\"id\":300} {");
        assertThat(four.pruned().samples()).isEqualTo(four.full().samples());
    }

    @Test
    void aDifferingDuplicatedKeyReadByItsKeyColumnsAloneIsSampledWithoutReadingItsRowsAgain() {
        // A sample of 2: the mismatched row and id 20, the first differing duplicated key.
        PrunedAndFull two = SparkParityTest.prunedAndFull(sides(false), sides(true), rule(false, 2));

        assertThat(shown(two.pruned()))
                .containsExactly(
                        "mismatched {\"id\":40} [name]", "duplicate_differing {\"id\":20} {\"rows\":2} {\"rows\":2}");
        assertThat(two.pruned().verdict("key_diff", "*", "rows_mismatched").details())
                .contains("\"segments_read_keys_only\":1");
        assertThat(two.full().samples()).isEqualTo(two.pruned().samples());
    }

    @Test
    void aDifferingDuplicatedKeyIsShownAsComparedMaskedWhereTheRuleMasksItsColumns() throws Exception {
        // Key (id, at): a TIMESTAMP key is compared as an instant and shown as one, in UTC.
        String ddl = "id BIGINT, at TIMESTAMP, name STRING";
        Timestamp at = Timestamp.from(Instant.parse("2026-11-20T08:00:00Z"));
        Dataset<Row> left = TestData.of(ddl)
                .row(1L, at, "a")
                .row(1L, at, "b")
                .row(2L, at, "c")
                .df();
        Dataset<Row> right = TestData.of(ddl).row(1L, at, "a").row(2L, at, "c").df();
        TestRule rule = TestRule.keyed("id", "at").segments(1).sample(5, "id");
        PrunedAndFull r = SparkParityTest.prunedAndFull(left, right, rule);

        String masked = "masked:"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest("1".getBytes(StandardCharsets.UTF_8)))
                        .substring(0, 12);
        SampleRow expected = new SampleRow(
                "duplicate_differing",
                "{\"id\":\"" + masked + "\",\"at\":\"2026-11-20T08:00:00.000Z\"}",
                List.of(),
                "{\"rows\":2}",
                "{\"rows\":1}");
        assertThat(r.full().samples()).containsExactly(expected);
        assertThat(r.pruned().samples()).containsExactly(expected);
    }
}
