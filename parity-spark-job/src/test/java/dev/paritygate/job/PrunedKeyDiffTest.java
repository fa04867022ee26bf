package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.job.demo.DemoDataset;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.spark.ComparisonContext;
import dev.paritygate.spark.SparkParity;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.PipelineResult;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On data whose differences sit in 3 of 7 partitions, pruning changes the work, not the answer. */
class PrunedKeyDiffTest {
    @TempDir
    Path dir;

    @Test
    void prunedAndFullKeyDiffGiveIdenticalVerdictsWhilePruningSkipsCleanSegments() {
        DemoDataset.generate(SharedSpark.spark(), dir, 4000, 7L);
        Rule rule = RuleLoader.load(dir.resolve("rules")).rules().get(0).rule();
        Dataset<Row> legacy =
                SharedSpark.spark().read().parquet(dir.resolve("legacy/orders").toString());
        Dataset<Row> cloud =
                SharedSpark.spark().read().parquet(dir.resolve("cloud/orders").toString());

        PipelineResult pruned = SparkParity.compare(legacy, cloud, rule, ComparisonContext.adHoc(""));
        PipelineResult full = SparkParity.compare(
                legacy, cloud, rule.withKeyDiffMode(Checks.KeyDiffMode.FULL), ComparisonContext.adHoc(""));

        assertThat(outcomes(pruned)).isEqualTo(outcomes(full));
        assertThat(pruned.verdict("partition_hash", "*", "mismatched_partitions")
                        .difference())
                .isEqualTo(3.0);
        long[] p = segments(pruned);
        long[] f = segments(full);
        assertThat(p[1]).isEqualTo(f[1]);
        assertThat(f[0]).isEqualTo(f[1]);
        // 4,000 rows over 7 dates, differences in 3 of them: most segments are never read twice.
        assertThat(p[0]).isLessThan(p[1] / 4);
    }

    /** Segments examined and in total, from the key diff's details. */
    static long[] segments(PipelineResult r) {
        String d = r.verdict("key_diff", "*", "rows_mismatched").details();
        return new long[] {number(d, "segments_examined"), number(d, "segments_total")};
    }

    private static long number(String json, String field) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }

    static List<String> outcomes(PipelineResult r) {
        return r.verdicts().stream()
                .map(v -> v.check() + "|" + v.scope() + "|" + v.metric() + "|" + v.status() + "|" + v.leftValue() + "|"
                        + v.rightValue() + "|" + v.difference())
                .toList();
    }
}
