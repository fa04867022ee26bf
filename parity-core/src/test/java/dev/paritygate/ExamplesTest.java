package dev.paritygate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.spark.ComparisonContext;
import dev.paritygate.spark.SparkParity;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a Spark pipeline uses the library on two datasets it already has. Doubles as documentation. */
class ExamplesTest {
    @TempDir
    Path dir;

    @Test
    void compareTwoDatasetsAndWriteTheVerdicts() throws IOException {
        // 1. A rule, loaded from the pipeline's YAML file as the README shows. Its sources are not
        // read: the pipeline passes both datasets.
        Path file = Files.writeString(dir.resolve("orders.yaml"), """
                pipeline: orders
                left:  { table: legacy.orders }
                right: { table: cloud.orders }
                key: [order_id]
                columns:
                  amount: { abs_tol: 0.01 }
                """);
        Rule rule = RuleLoader.load(file).get("orders").rule();

        // 2. The two sides, as the pipeline already holds them.
        Dataset<Row> legacy = TestData.of("order_id BIGINT, amount DECIMAL(10,2)")
                .row(1L, new BigDecimal("10.00"))
                .row(2L, new BigDecimal("20.00"))
                .row(3L, new BigDecimal("30.00"))
                .df();
        Dataset<Row> cloud = TestData.of("order_id BIGINT, amount DOUBLE")
                .row(1L, 10.004)
                .row(2L, 25.0)
                .row(4L, 40.0)
                .df();

        // 3. Compare: a typed result with one verdict per check, scope and metric.
        PipelineResult result = SparkParity.compare(
                legacy,
                cloud,
                rule,
                new ComparisonContext(
                        LocalDate.of(2026, 11, 20),
                        "legacy.orders",
                        "cloud.orders",
                        RulesFingerprint.of(rule),
                        Instant.now()));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.verdict("key_diff", "*", "rows_only_in_left").difference())
                .isEqualTo(1.0);
        assertThat(result.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(1.0);
        assertThat(result.verdict("column:amount", "*", "mismatches").difference())
                .isEqualTo(1.0);

        // 4. Optionally append it to the same verdict table the nightly job writes.
        DeltaVerdictStore store = new DeltaVerdictStore(SharedSpark.spark(), VerdictTables.atPath(dir));
        store.write("pipeline-run-42", result);
        assertThat(store.verdicts().where("run_id = 'pipeline-run-42'").count())
                .isEqualTo(result.verdicts().size());
    }
}
