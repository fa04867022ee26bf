package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows whose partition value is NULL: Hive-style files keep them in a directory of their own
 * ({@code region=__HIVE_DEFAULT_PARTITION__}), and the key diff must read that partition when
 * only it differs.
 */
class NullPartitionTest {
    @TempDir
    Path dir;

    private Dataset<Row> written(String name, String where, String amount) {
        Dataset<Row> rows = SharedSpark.spark()
                .range(300)
                .selectExpr(
                        "id",
                        "CASE WHEN id % 3 = 0 THEN NULL WHEN id % 3 = 1 THEN 'EU' ELSE 'US' END AS region",
                        amount + " AS amount")
                .where(where);
        String path = dir.resolve(name).toString();
        rows.write().partitionBy("region").parquet(path);
        return SharedSpark.spark().read().parquet(path);
    }

    @Test
    void differencesInTheNullPartitionAreFoundThereAndOnlyThere() {
        Dataset<Row> left = written("legacy", "true", "CAST(id AS DECIMAL(10,2))");
        // In the NULL partition: id 3 missing, id 6 and 9 changed amounts. EU and US are equal.
        Dataset<Row> right =
                written("cloud", "id <> 3", "CAST(CASE WHEN id IN (6, 9) THEN id + 1 ELSE id END AS DECIMAL(10,2))");

        PipelineResult r = SparkParity.compare(
                left, right, TestRule.keyed("id").partitionBy("region").build(), ComparisonContext.adHoc("np"));

        assertThat(r.verdicts().stream().filter(v -> v.status() == Status.ERROR))
                .isEmpty();
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").difference()).isEqualTo(1);
        assertThat(r.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(0);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(2);
        assertThat(r.verdict("column:amount", "*", "mismatches").difference()).isEqualTo(2);
        assertThat(r.verdicts().stream()
                        .filter(v -> v.check().equals("row_count") && !v.scope().equals("*"))
                        .map(v -> v.scope() + " " + v.status() + " " + v.leftValue() + "/" + v.rightValue())
                        .sorted()
                        .toList())
                .containsExactly("region=EU PASS 100/100", "region=US PASS 100/100", "region=__NULL__ FAIL 100/99");
    }
}
