package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Warehouse tables of hundreds of columns, of every kind of type. Beyond 100 fields Spark stops
 * generating one class for a whole stage (spark.sql.codegen.maxFields), and its code for a row
 * outgrows what the JIT compiles: the comparison must still count exactly.
 */
class WideTableTest {
    private static final int COLUMNS = 150;

    /** 200 rows over two days; column {@code c<i>} cycles through ten types. */
    private static Dataset<Row> table(String changes) {
        List<String> cols = new ArrayList<>(List.of("id", "date_add(DATE'2026-11-19', CAST(id % 2 AS INT)) AS day"));
        for (int i = 0; i < COLUMNS; i++) {
            String v = "id * " + (i + 1);
            String c = switch (i % 10) {
                case 0 -> v;
                case 1 -> "CAST(" + v + " AS STRING)";
                case 2 -> "CAST(" + v + " AS DOUBLE) / 7";
                case 3 -> "CAST(" + v + " AS DECIMAL(20,4)) / 3";
                case 4 -> "date_add(DATE'2020-01-01', CAST(" + v + " % 3000 AS INT))";
                case 5 -> "timestamp_seconds(" + v + ")";
                case 6 -> "CAST(CAST(" + v + " AS STRING) AS BINARY)";
                case 7 -> "array(" + v + ", id)";
                case 8 -> "map('k', " + v + ", 'j', id)";
                default -> "named_struct('a', " + v + ", 'b', CAST(id AS STRING))";
            };
            cols.add(c + " AS c" + i);
        }
        Dataset<Row> df = SharedSpark.spark().range(200).selectExpr(cols.toArray(String[]::new));
        return changes.isEmpty() ? df : df.selectExpr(changes.split(";"));
    }

    @Test
    void aHundredAndFiftyColumnsOfEveryTypeAreComparedColumnByColumn() {
        Dataset<Row> left = table("");
        // id 5: a string column changed; id 7: a map and a timestamp changed; id 9 missing.
        List<String> edits = new ArrayList<>(List.of("id", "day"));
        for (int i = 0; i < COLUMNS; i++) {
            String c = "c" + i;
            edits.add(
                    switch (i) {
                        case 131 -> "CASE WHEN id = 5 THEN 'changed' ELSE c131 END AS c131";
                        case 148 -> "CASE WHEN id = 7 THEN map('k', -1L, 'j', id) ELSE c148 END AS c148";
                        case 5 -> "CASE WHEN id = 7 THEN c5 + INTERVAL 1 SECOND ELSE c5 END AS c5";
                        default -> c;
                    });
        }
        Dataset<Row> right = table(String.join(";", edits)).where("id <> 9");

        PipelineResult r = SparkParity.compare(
                left, right, TestRule.keyed("id").partitionBy("day").build(), ComparisonContext.adHoc("wide"));

        assertThat(r.verdicts().stream().filter(v -> v.status() == Status.ERROR))
                .isEmpty();
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").difference()).isEqualTo(1);
        assertThat(r.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(0);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(2);
        List<String> mismatched = r.verdicts().stream()
                .filter(v -> v.check().startsWith("column:") && v.difference() != null && v.difference() > 0)
                .map(v -> v.check() + "=" + v.difference().longValue())
                .toList();
        assertThat(mismatched).containsExactlyInAnyOrder("column:c131=1", "column:c148=1", "column:c5=1");
        assertThat(r.verdicts().stream()
                        .filter(v -> v.check().startsWith("column:"))
                        .count())
                .isEqualTo(COLUMNS + 1); // every column but the key, the partition column too
    }
}
