package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoFindsExactlyWhatWasInjectedAndExitsZero() throws Exception {
        CommandRun r = CommandRun.of("demo", "--dir", dir.toString(), "--rows", "5000");

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("pipeline orders_demo: FAIL").contains("JSON summary:");
        Map<String, Double> m = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("parity-warehouse/verdicts").toString())
                .where("scope = '*' AND metric NOT IN ('error', 'columns', 'mismatched_partitions', 'rows')")
                .select("check_name", "metric", "difference")
                .collectAsList()
                .stream()
                .collect(Collectors.toMap(x -> x.getString(0) + "." + x.getString(1), (Row x) -> x.getDouble(2)));
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertThat(manifest).contains("\"rows_only_in_left\" : 37");
        assertThat(m)
                .containsEntry("key_diff.rows_only_in_left", 37.0)
                .containsEntry("key_diff.rows_only_in_right", 23.0)
                .containsEntry("key_diff.rows_mismatched", 60.0)
                .containsEntry("key_diff.duplicate_keys_left", 0.0)
                .containsEntry("key_diff.duplicate_keys_right", 11.0)
                .containsEntry("key_diff.duplicate_keys_differing", 11.0)
                .containsEntry("key_diff.null_keys_left", 1.0)
                .containsEntry("key_diff.null_keys_right", 0.0)
                .containsEntry("column:amount.mismatches", 41.0)
                .containsEntry("column:region.mismatches", 19.0)
                .containsEntry("column:discount.mismatches", 0.0)
                .containsEntry("column:status.mismatches", 0.0)
                .containsEntry("column:quantity.mismatches", 0.0);
        assertThat(Files.exists(dir.resolve("parity-warehouse/summary.json"))).isTrue();
        assertThat(r.out())
                .contains("HTML report:    " + dir.toAbsolutePath().normalize().resolve("report/index.html"));
        assertThat(Files.readString(dir.resolve("report/index.html")))
                .contains("data-pipeline=\"orders_demo\"")
                .contains("data-column=\"amount\" data-mismatches=\"41\"")
                .contains("data-column=\"region\" data-mismatches=\"19\"");
        List<Row> samples = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("parity-warehouse/samples").toString())
                .collectAsList();
        assertThat(samples).hasSize(20);
        assertThat(samples)
                .allSatisfy(s -> assertThat(s.<String>getAs("left_row") + s.<String>getAs("right_row"))
                        .doesNotContain("@example"));
    }
}
