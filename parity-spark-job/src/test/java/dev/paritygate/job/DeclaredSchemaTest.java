package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A csv or json side that declares its schema: its columns are compared with the declared types,
 * against a Parquet side of the same orders, with one amount changed beyond the tolerance and one
 * within it.
 */
class DeclaredSchemaTest {
    @TempDir
    static Path dir;

    static final String SCHEMA = "id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING";

    /** The legacy export: order 2's amount is 20.00 (cloud 20.50), order 4's 40.00 (cloud 40.05). */
    static final String LEGACY_CSV = """
            id,amount,created_at,note
            1,10.00,2026-11-20 08:00:00,a
            2,20.00,2026-11-20 09:00:00,b
            3,30.0,2026-11-20 10:00:00,c
            4,40.00,2026-11-20 11:00:00,d
            """;

    @BeforeAll
    static void writeCloudParquet() {
        TestData.of(SCHEMA)
                .row(1L, new BigDecimal("10.00"), Instant.parse("2026-11-20T08:00:00Z"), "a")
                .row(2L, new BigDecimal("20.50"), Instant.parse("2026-11-20T09:00:00Z"), "b")
                .row(3L, new BigDecimal("30.00"), Instant.parse("2026-11-20T10:00:00Z"), "c")
                .row(4L, new BigDecimal("40.05"), Instant.parse("2026-11-20T11:00:00Z"), "d")
                .df()
                .write()
                .parquet(path("cloud"));
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    static String file(String name, String text) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("part-00000." + (text.startsWith("{") ? "json" : "csv")), text);
        return d.toString();
    }

    static Path rules(String pipeline, String left, String right) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + pipeline));
        Files.writeString(rules.resolve(pipeline + ".yaml"), """
                pipeline: %s
                left: %s
                right: %s
                key: [id]
                columns:
                  amount: { abs_tol: 0.10 }
                """.formatted(pipeline, left, right));
        return rules;
    }

    static String csv(String dirName, String options) {
        return "{ format: csv, path: " + path(dirName) + ", options: { header: \"true\"" + options + " }, schema: \""
                + SCHEMA + "\" }";
    }

    static String cloud() {
        return "{ format: parquet, path: " + path("cloud") + " }";
    }

    static CommandRun run(Path rules, String runId, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                runId,
                "--warehouse",
                path("wh")));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** check.metric=STATUS:difference of the run's table-level verdict rows, sorted. */
    static List<String> verdicts(String runId) {
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(path("wh/verdicts"))
                .where("run_id = '" + runId + "' AND scope = '*'")
                .orderBy("check_name", "scope", "metric")
                .collectAsList()
                .stream()
                .map(DeclaredSchemaTest::describe)
                .toList();
    }

    static String describe(Row r) {
        return r.<String>getAs("check_name") + "." + r.<String>getAs("metric") + "="
                + r.<String>getAs("status")
                + (r.getAs("difference") == null ? "" : ":" + r.<Double>getAs("difference"));
    }

    @Test
    void csvWithADeclaredDecimalComparesWithAParquetDecimalUnderTheColumnsTolerance() throws IOException {
        file("legacy_csv", LEGACY_CSV);

        CommandRun r = run(rules("csv_decimal", csv("legacy_csv", ""), cloud()), "csv-decimal");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(verdicts("csv-decimal"))
                .containsExactly(
                        "column:amount.mismatches=FAIL:1.0",
                        "column:created_at.mismatches=PASS:0.0",
                        "column:note.mismatches=PASS:0.0",
                        "key_diff.duplicate_keys_differing=PASS:0.0",
                        "key_diff.duplicate_keys_left=PASS:0.0",
                        "key_diff.duplicate_keys_right=PASS:0.0",
                        "key_diff.null_keys_left=PASS:0.0",
                        "key_diff.null_keys_right=PASS:0.0",
                        "key_diff.rows_mismatched=FAIL:1.0",
                        "key_diff.rows_only_in_left=PASS:0.0",
                        "key_diff.rows_only_in_right=PASS:0.0",
                        // Orders 2 and 4 differ as bytes; order 4 only within the tolerance.
                        "partition_hash.mismatched_partitions=WARN:2.0",
                        "row_count.rows=PASS:0.0",
                        "schema.columns=PASS:0.0");
    }

    @Test
    void jsonWithADeclaredSchemaReadsDecimalsAndTimestampsInsteadOfInferredDoublesAndStrings() throws IOException {
        String json = file("cloud_json", """
                {"id": 1, "amount": 10.00, "created_at": "2026-11-20T08:00:00Z", "note": "a"}
                {"id": 2, "amount": 20.50, "created_at": "2026-11-20T09:00:00Z", "note": "b"}
                {"id": 3, "amount": 30.00, "created_at": "2026-11-20T10:00:00Z", "note": "c"}
                {"id": 4, "amount": 40.05, "created_at": "2026-11-20T11:00:00Z", "note": "d"}
                """);

        CommandRun r = run(
                rules("json_declared", cloud(), "{ format: json, path: " + json + ", schema: \"" + SCHEMA + "\" }"),
                "json-declared");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(verdicts("json-declared"))
                .contains("schema.columns=PASS:0.0")
                .allMatch(v -> v.contains("=PASS"));
    }

    @Test
    void valueThatDoesNotParseUnderTheDeclaredTypeIsNullInPermissiveModeAndAnErrorInFailfast() throws IOException {
        file("unparsable_csv", LEGACY_CSV.replace("3,30.0,", "3,n/a,"));

        CommandRun permissive = run(rules("permissive", csv("unparsable_csv", ""), cloud()), "permissive");

        assertThat(permissive.exitCode())
                .as(permissive.out() + permissive.err())
                .isEqualTo(1);
        // Order 3's amount reads as NULL and differs from 30.00; its other columns still read.
        assertThat(verdicts("permissive"))
                .contains(
                        "column:amount.mismatches=FAIL:2.0",
                        "column:created_at.mismatches=PASS:0.0",
                        "column:note.mismatches=PASS:0.0",
                        "key_diff.rows_mismatched=FAIL:2.0",
                        "key_diff.null_keys_left=PASS:0.0",
                        "row_count.rows=PASS:0.0");

        CommandRun failfast = run(rules("failfast", csv("unparsable_csv", ", mode: FAILFAST"), cloud()), "failfast");

        assertThat(failfast.exitCode()).as(failfast.out() + failfast.err()).isEqualTo(3);
        assertThat(failfast.out())
                .contains("Cannot read the left side (csv:" + path("unparsable_csv") + "):"
                        + " [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record"
                        + " parsing: [3,null,")
                .contains("(file://" + path("unparsable_csv") + "/part-00000.csv)");
        assertThat(verdicts("failfast"))
                .containsExactly(
                        "columns.error=ERROR",
                        "key_diff.error=ERROR",
                        "partition_hash.error=ERROR",
                        "row_count.error=ERROR",
                        "schema.columns=PASS:0.0");
    }

    @Test
    void validateRulesAndRunRejectASchemaSparkCannotParseAtItsLineWithExitTwo() throws IOException {
        Path rules = rules(
                "bad_ddl", "{ format: csv, path: /in,\n  schema: \"id BIGINTT, amount DECIMAL(12,2)\" }", cloud());
        Path file = rules.resolve("bad_ddl.yaml");
        String expected = "Invalid rule at " + file + ":3 (left.schema): invalid schema 'id BIGINTT, amount"
                + " DECIMAL(12,2)': [UNSUPPORTED_DATATYPE] Unsupported data type \"BIGINTT\". SQLSTATE: 0A000"
                + " (line 1, pos 3). Write Spark DDL column definitions separated by commas";

        CommandRun validate = CommandRun.of("validate-rules", rules.toString());
        CommandRun run = run(rules, "bad-ddl");

        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isEqualTo(2);
        assertThat(validate.err()).contains(expected);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).contains(expected);
    }

    @Test
    void explainShowsEachSidesDeclaredSchema() throws IOException {
        CommandRun r = run(rules("explained_schema", csv("nowhere", ""), cloud()), "explained-schema", "--explain");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("  left           csv:" + path("nowhere") + "\n"
                        + "         options: {header=true}\n"
                        + "         schema: id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING\n"
                        + "  right          parquet:" + path("cloud") + "\n"
                        + "  key [id]");
    }

    @Test
    void csvHeaderInAnotherOrderThanTheDeclaredSchemaIsAnErrorNotShiftedValues() throws IOException {
        file("reordered_csv", """
                amount,id,created_at,note
                10.00,1,2026-11-20 08:00:00,a
                """);

        CommandRun r = run(rules("reordered", csv("reordered_csv", ""), cloud()), "reordered");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the left side (csv:" + path("reordered_csv") + "): CSV header does not conform"
                        + " to the schema. Header: amount, id, created_at, note. Schema: id, amount, created_at, note"
                        + " (file://" + path("reordered_csv") + "/part-00000.csv)");
        // Spark's default applies a CSV schema by position: amounts would be read as ids (NULL) and ids
        // as amounts. The header check turns that into an error the rule's owner can fix.
        assertThat(verdicts("reordered"))
                .containsExactly(
                        "columns.error=ERROR",
                        "key_diff.error=ERROR",
                        "partition_hash.error=ERROR",
                        "row_count.error=ERROR",
                        "schema.columns=PASS:0.0");
    }
}
