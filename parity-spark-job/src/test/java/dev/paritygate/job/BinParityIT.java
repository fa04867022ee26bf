package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/parity} launcher: Spark's own {@code SparkSubmit} with the Maven-resolved
 * Spark jars and the shaded job jar, exactly the path production takes.
 */
class BinParityIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void writeData() throws IOException {
        java.sql.Date d = java.sql.Date.valueOf("2026-11-20");
        TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING")
                .row(1L, d, new BigDecimal("1.00"), "a")
                .row(2L, d, new BigDecimal("2.00"), "b")
                .row(3L, d, new BigDecimal("3.00"), "c")
                .df()
                .write()
                .parquet(dir.resolve("legacy").toString());
        TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2), name STRING")
                .row(1L, d, new BigDecimal("1.00"), "a")
                .row(2L, d, new BigDecimal("2.00"), "B")
                .row(4L, d, new BigDecimal("4.00"), "d")
                .df()
                .write()
                .parquet(dir.resolve("cloud").toString());
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/orders.yaml"), """
                pipeline: orders
                left:  { format: parquet, path: %s }
                right: { format: parquet, path: %s }
                where: "day = '${run_date}'"
                key: [id]
                partition_by: [day]
                """.formatted(dir.resolve("legacy"), dir.resolve("cloud")));
        Files.createDirectories(dir.resolve("masked-rules"));
        Files.writeString(
                dir.resolve("masked-rules/orders.yaml"),
                Files.readString(dir.resolve("rules/orders.yaml")) + "sample: { mask: [id] }\n");
    }

    static ParityProcess.Result parity(String... args) throws Exception {
        return ParityProcess.run(dir, java.util.Map.of(), args);
    }

    /** The table-wide verdicts of {@code warehouse} matching {@code where}, as check.metric=difference. */
    static List<String> tableWideDifferences(String warehouse, String where) {
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve(warehouse + "/verdicts").toString())
                .where("scope = '*' AND " + where)
                .select("check_name", "metric", "difference")
                .orderBy("check_name", "metric")
                .collectAsList()
                .stream()
                .map(x -> x.getString(0) + "." + x.getString(1) + "=" + x.getDouble(2))
                .toList();
    }

    @Test
    void runThroughSparkSubmitWritesVerdictsAndExitsOneOnDifferences() throws Exception {
        ParityProcess.Result r = parity(
                "run",
                "--rules",
                dir.resolve("rules").toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "it-1",
                "--summary-json",
                dir.resolve("summary.json").toString());

        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("pipeline orders: FAIL");
        assertThat(tableWideDifferences(
                        "parity-warehouse",
                        "run_id = 'it-1' AND check_name IN ('key_diff', 'column:name', 'column:amt')"))
                .containsExactly(
                        "column:amt.mismatches=0.0",
                        "column:name.mismatches=1.0",
                        "key_diff.duplicate_keys_differing=0.0",
                        "key_diff.duplicate_keys_left=0.0",
                        "key_diff.duplicate_keys_right=0.0",
                        "key_diff.null_keys_left=0.0",
                        "key_diff.null_keys_right=0.0",
                        "key_diff.rows_mismatched=1.0",
                        "key_diff.rows_only_in_left=1.0",
                        "key_diff.rows_only_in_right=1.0");
        assertThat(Files.readString(dir.resolve("summary.json"))).contains("\"exit_code\": 1");
    }

    @Test
    void withKryoAsTheClustersSerializerTheRunGivesTheSameCountsAndSampleMaskedUnderTheKeyInTheEnvironment()
            throws Exception {
        // Many clusters set Kryo in spark-defaults; task results must reach the driver under it, and
        // the keyed mask's function the tasks. The key is PARITY_SAMPLE_MASK_KEY's, never the rules'.
        ParityProcess.Result r = ParityProcess.run(
                dir,
                java.util.Map.of(
                        "PARITY_JAVA_OPTS",
                        "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer",
                        "PARITY_SAMPLE_MASK_KEY",
                        "it-key"),
                "run",
                "--rules",
                dir.resolve("masked-rules").toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "it-kryo",
                "--warehouse",
                dir.resolve("kryo-warehouse").toString());

        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(tableWideDifferences("kryo-warehouse", "check_name IN ('key_diff', 'column:name')"))
                .containsExactly(
                        "column:name.mismatches=1.0",
                        "key_diff.duplicate_keys_differing=0.0",
                        "key_diff.duplicate_keys_left=0.0",
                        "key_diff.duplicate_keys_right=0.0",
                        "key_diff.null_keys_left=0.0",
                        "key_diff.null_keys_right=0.0",
                        "key_diff.rows_mismatched=1.0",
                        "key_diff.rows_only_in_left=1.0",
                        "key_diff.rows_only_in_right=1.0");
        List<Row> samples = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("kryo-warehouse/samples").toString())
                .select("kind", "key")
                .orderBy("kind")
                .collectAsList();
        assertThat(samples.stream()
                        .map(x -> x.getString(0) + " " + x.getString(1))
                        .toList())
                // HMAC-SHA256 under it-key of "2", "3" and "4".
                .containsExactly(
                        "mismatched {\"id\":\"masked:c1c1d21a7e08\"}",
                        "only_in_left {\"id\":\"masked:fd1c6fe62fcb\"}",
                        "only_in_right {\"id\":\"masked:11c18188ec8e\"}");
    }

    @Test
    void retriedRunIdReplacesItsRowsInsteadOfDuplicatingThem() throws Exception {
        parity("run", "--rules", dir.resolve("rules").toString(), "--run-date", "2026-11-20", "--run-id", "it-retry");
        ParityProcess.Result again = parity(
                "run", "--rules", dir.resolve("rules").toString(), "--run-date", "2026-11-20", "--run-id", "it-retry");

        assertThat(again.exitCode()).as(again.out()).isEqualTo(1);
        long rows = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("parity-warehouse/verdicts").toString())
                .where("run_id = 'it-retry' AND check_name = 'key_diff'")
                .count();
        assertThat(rows).isEqualTo(8);
    }

    @Test
    void sparkClassesComeFromTheClassArchiveTheBuildTrainedUnlessItIsTurnedOff() throws Exception {
        Path withArchive = dir.resolve("classes-archive.log");
        Path without = dir.resolve("classes-plain.log");
        String rules = dir.resolve("rules").toString();

        ParityProcess.Result shared = ParityProcess.run(
                dir, Map.of("PARITY_JAVA_OPTS", "-Xlog:class+load=info:file=" + withArchive), "validate-rules", rules);
        ParityProcess.Result plain = ParityProcess.run(
                dir,
                Map.of("PARITY_CDS", "off", "PARITY_JAVA_OPTS", "-Xlog:class+load=info:file=" + without),
                "validate-rules",
                rules);

        assertThat(shared.exitCode()).as(shared.out()).isZero();
        // Nothing about the archive reaches the output: the same text either way.
        assertThat(shared.out()).isEqualTo(plain.out());
        assertThat(sparkClassesFromArchive(withArchive)).isGreaterThan(100);
        assertThat(sparkClassesFromArchive(without)).isZero();
    }

    @Test
    void aCommandPrintsOnlyItsOwnOutputWithNoJvmWarning() throws Exception {
        ParityProcess.Result r = parity("validate-rules", dir.resolve("rules").toString());

        assertThat(r.exitCode()).as(r.out()).isZero();
        // Spark's launcher adds --add-modules=jdk.incubator.vector, which made the JVM print
        // "WARNING: Using incubator modules" before every command's output.
        assertThat(r.out().lines().toList())
                .hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0)).startsWith("ok  orders "))
                .satisfies(lines -> assertThat(lines.get(1)).isEqualTo("1 rule is valid"));
    }

    private static long sparkClassesFromArchive(Path classLoadLog) throws IOException {
        try (var lines = Files.lines(classLoadLog)) {
            return lines.filter(l -> l.contains(" org.apache.spark.") && l.contains("source: shared objects file"))
                    .count();
        }
    }

    @Test
    void brokenRulesFileExitsTwoWithFileLineAndKey() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(
                bad.resolve("x.yaml"),
                "pipeline: x\nleft: {table: a}\nright: {table: b}\nkey: [id]\nchecks:\n  row_count:\n    abs_tol: ten\n");

        ParityProcess.Result r = parity("validate-rules", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("x.yaml:7").contains("checks.row_count.abs_tol");
    }
}
