package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParityCommandTest {
    @TempDir
    static Path dir;

    static final Date D = Date.valueOf("2026-11-20");

    @BeforeAll
    static void writeData() {
        Dataset<Row> legacy = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2)")
                .row(1L, D, new BigDecimal("1.00"))
                .row(2L, D, new BigDecimal("2.00"))
                .row(3L, D, new BigDecimal("3.00"))
                .df();
        Dataset<Row> cloud = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2)")
                .row(1L, D, new BigDecimal("1.00"))
                .row(2L, D, new BigDecimal("2.50"))
                .row(4L, D, new BigDecimal("4.00"))
                .df();
        legacy.write().partitionBy("day").parquet(dir.resolve("legacy").toString());
        cloud.write().partitionBy("day").parquet(dir.resolve("cloud").toString());
        legacy.write().partitionBy("day").parquet(dir.resolve("legacy_copy").toString());
    }

    static Path rule(String name, String leftDir, String rightDir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + name));
        Files.writeString(
                rules.resolve(name + ".yaml"), """
                pipeline: %s
                left:  { format: parquet, path: %s, filter: "day = '${run_date}'" }
                right: { format: parquet, path: %s, filter: "day = '${run_date}'" }
                key: [id]
                partition_by: [day]
                """.formatted(name, dir.resolve(leftDir), dir.resolve(rightDir)));
        return rules;
    }

    static String[] run(Path rules, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--warehouse",
                dir.resolve("wh").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void differingDataExitsOneAndAppendsVerdicts() throws IOException {
        CommandRun r = CommandRun.of(run(rule("orders", "legacy", "cloud"), "--run-id", "r-differs"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("pipeline orders: FAIL");
        List<Row> rows = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh/verdicts").toString())
                .where("run_id = 'r-differs' AND check_name = 'key_diff'")
                .select("metric", "difference")
                .collectAsList();
        assertThat(rows.stream()
                        .map(x -> x.getString(0) + "=" + x.getDouble(1))
                        .sorted()
                        .toList())
                .containsExactly(
                        "duplicate_keys_differing=0.0",
                        "duplicate_keys_left=0.0",
                        "duplicate_keys_right=0.0",
                        "null_keys_left=0.0",
                        "null_keys_right=0.0",
                        "rows_mismatched=1.0",
                        "rows_only_in_left=1.0",
                        "rows_only_in_right=1.0");
        assertThat(r.out())
                .contains("1 row whose key is missing on the right; ")
                .contains("1 key on both sides whose rows differ beyond tolerance; ")
                .contains("1 row differs (exact)")
                .contains("3 sample rows of differences kept in the samples table")
                .doesNotContain("1 rows");
    }

    @Test
    void identicalDataExitsZeroAndWritesTheSummaryJson() throws IOException {
        Path json = dir.resolve("summary.json");
        CommandRun r = CommandRun.of(run(rule("same", "legacy", "legacy_copy"), "--summary-json", json.toString()));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(json)).contains("\"status\": \"PASS\"").contains("\"pipeline\": \"same\"");
    }

    @Test
    void missingSourceIsAnErrorVerdictAndExitsThree() throws IOException {
        CommandRun r = CommandRun.of(run(rule("missing", "nowhere", "cloud")));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).as(r.err()).contains("Cannot read the left side (parquet:" + dir.resolve("nowhere"));
    }

    @Test
    void badRunDateIsAUsageErrorThatExitsTwo() throws IOException {
        CommandRun r = CommandRun.of(
                "run", "--rules", rule("orders2", "legacy", "cloud").toString(), "--run-date", "20-11-2026");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid --run-date '20-11-2026'");
    }

    @Test
    void unknownPipelineIsAUsageError() throws IOException {
        CommandRun r = CommandRun.of(run(rule("orders3", "legacy", "cloud"), "--pipeline", "ordres3"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid --pipeline 'ordres3'");
    }

    @Test
    void pipelineNamedTwiceIsComparedOnce() throws IOException {
        // An orchestrator that builds --pipeline from a list may repeat a name. Before, the pipeline
        // was compared twice and listed twice in the summary and its JSON (the table kept one copy).
        CommandRun r = CommandRun.of(run(
                rule("twice", "nowhere", "nowhere_either"), "--pipeline", "twice", "--pipeline", "twice", "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out().split("pipeline twice ", -1)).hasSize(2);
    }

    /** A rules file {@code file} in {@code rules}, comparing legacy with its copy, with {@code extra} keys. */
    static void ruleFile(Path rules, String file, String pipeline, String extra) throws IOException {
        Files.createDirectories(rules);
        Files.writeString(
                rules.resolve(file), """
                pipeline: %s
                left:  { format: parquet, path: %s, filter: "day = '${run_date}'" }
                right: { format: parquet, path: %s, filter: "day = '${run_date}'" }
                key: [id]
                partition_by: [day]
                %s
                """.formatted(pipeline, dir.resolve("legacy"), dir.resolve("legacy_copy"), extra));
    }

    @Test
    void runComparesUpstreamPipelinesFirstAndListsThemInThatOrder() throws IOException {
        // Files sort a_, b_, c_; the upstream graph puts base before mid before top.
        Path rules = dir.resolve("rules-ordered");
        ruleFile(rules, "a_top.yaml", "top", "upstream: [mid]");
        ruleFile(rules, "b_mid.yaml", "mid", "upstream: [base]");
        ruleFile(rules, "c_base.yaml", "base", "");
        Path json = dir.resolve("ordered.json");

        CommandRun r = CommandRun.of(run(rules, "--parallelism", "1", "--summary-json", json.toString()));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out().indexOf("pipeline base:")).isLessThan(r.out().indexOf("pipeline mid:"));
        assertThat(r.out().indexOf("pipeline mid:")).isLessThan(r.out().indexOf("pipeline top:"));
        com.fasterxml.jackson.databind.JsonNode pipelines = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile())
                .get("pipelines");
        assertThat(List.of(
                        pipelines.get(0).get("pipeline").asText(),
                        pipelines.get(1).get("pipeline").asText(),
                        pipelines.get(2).get("pipeline").asText()))
                .containsExactly("base", "mid", "top");
        // One at a time, each upstream pipeline finished before its downstream one started.
        for (int i = 1; i < 3; i++) {
            assertThat(java.time.Instant.parse(
                            pipelines.get(i).get("started_at").asText()))
                    .isAfterOrEqualTo(java.time.Instant.parse(
                            pipelines.get(i - 1).get("finished_at").asText()));
        }
    }

    @Test
    void anInvalidRulesFileCostsOnlyItsOwnPipelineWhichRecordsARulesErrorAndTheRunExitsTwo() throws IOException {
        Path rules = dir.resolve("rules-one-invalid");
        ruleFile(rules, "a_good.yaml", "good", "");
        ruleFile(rules, "b_payments.yaml", "payments", "keyy: [id]");
        ruleFile(rules, "c_sql.yaml", "sql", "where: \"amount >\"");
        Files.writeString(rules.resolve("d_broken.yaml"), "pipeline: broken\nleft: {table: a\n");
        Path json = dir.resolve("one-invalid.json");

        CommandRun r = CommandRun.of(run(rules, "--run-id", "r-invalid", "--summary-json", json.toString()));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).contains("pipeline good: PASS").contains("pipeline payments: ERROR");
        assertThat(r.err())
                .contains("Invalid rule at " + rules.resolve("b_payments.yaml") + ":6:1: unknown key 'keyy'.")
                .contains("Invalid rule at " + rules.resolve("c_sql.yaml") + ":6 (where): invalid SQL 'amount >'")
                .contains("Invalid rule at " + rules.resolve("d_broken.yaml") + ":3:1 (left.table): YAML syntax error");
        List<String> rows = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh/verdicts").toString())
                .where("run_id = 'r-invalid' AND status = 'ERROR'")
                .select("pipeline", "check_name", "blocking", "message")
                .collectAsList()
                .stream()
                .map(x -> x.getString(0) + " " + x.getString(1) + " " + x.getBoolean(2) + " " + x.getString(3))
                .sorted()
                .toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .startsWith("payments rules true Cannot compare pipeline payments: its rules file "
                        + rules.resolve("b_payments.yaml") + " is invalid. Invalid rule at "
                        + rules.resolve("b_payments.yaml") + ":6:1: unknown key 'keyy'.");
        assertThat(rows.get(1)).startsWith("sql rules true Cannot compare pipeline sql: its rules file");
        com.fasterxml.jackson.databind.JsonNode summary =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(summary.get("status").asText()).isEqualTo("ERROR");
        assertThat(summary.get("exit_code").asInt()).isEqualTo(2);
        assertThat(summary.get("rules_errors")).hasSize(3);
        assertThat(summary.get("pipelines").findValuesAsText("pipeline")).containsExactly("payments", "sql", "good");
    }

    @Test
    void aPipelineNamedWithPipelineIsComparedWhenAnotherRulesFileIsInvalid() throws IOException {
        Path rules = dir.resolve("rules-other-invalid");
        ruleFile(rules, "a_chosen.yaml", "chosen", "");
        ruleFile(rules, "b_payments.yaml", "other_payments", "keyy: [id]");

        CommandRun r = CommandRun.of(run(rules, "--pipeline", "chosen"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("pipeline chosen: PASS").doesNotContain("other_payments");
        assertThat(r.err())
                .isEqualTo("Warning: rules files of pipelines not selected are invalid (parity validate-rules " + rules
                        + " lists their errors): " + rules.resolve("b_payments.yaml") + "\n");
    }

    @Test
    void pipelinesNamedWithPipelineAreComparedUpstreamFirst() throws IOException {
        Path rules = dir.resolve("rules-ordered-named");
        ruleFile(rules, "a_top.yaml", "named_top", "upstream: [named_base]");
        ruleFile(rules, "b_base.yaml", "named_base", "");

        CommandRun r = CommandRun.of(run(rules, "--pipeline", "named_top", "--pipeline", "named_base", "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out().indexOf("pipeline named_base")).isLessThan(r.out().indexOf("pipeline named_top"));
    }

    @Test
    void explainPrintsThePlanWithoutReadingData() throws IOException {
        CommandRun r = CommandRun.of(run(rule("explained", "nowhere", "nowhere_either"), "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("pipeline explained")
                .contains("filter: day = '2026-11-20'")
                .contains("key_diff");
    }

    @Test
    void explainListsKpisDistributionsAndDistinctChecksAndWhatThePassComputes() throws IOException {
        Path rules = rule("explained_kpis", "nowhere", "nowhere_either");
        Files.writeString(rules.resolve("explained_kpis.yaml"), """
                kpis:
                  - name: revenue
                    group_by: [day]
                    metrics:
                      total: { expr: "sum(amt)", rel_tol: 0.0005 }
                distributions:
                  - { column: amt, max_distance: 0.02 }
                distinct:
                  - { column: id }
                """, java.nio.file.StandardOpenOption.APPEND);

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("  plan: 1 pass per side (row counts, fingerprints, null keys, 1 KPI, sketches), then the key"
                        + " diff only over segments whose fingerprints differ (pruned mode)")
                .contains("    kpi:revenue                      blocking total = sum(amt) per [day], abs<=0"
                        + " rel<=0.0005")
                .contains("    distribution:amt                 warning  KLL sketch (k=200), distance<=0.02")
                .contains("    distinct:id                      warning  Theta sketch (lgK=14), distinct count rel<=0");
    }

    @Test
    void explainSaysThatExcludeRecentLeavesARecentKeyOutOfBothSides() throws IOException {
        Path rules = rule("explained_recent", "nowhere", "nowhere_either");
        Files.writeString(
                rules.resolve("explained_recent.yaml"),
                "exclude_recent: { column: day, minutes: 30 }\n",
                java.nio.file.StandardOpenOption.APPEND);

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("  exclude keys with day in the last 30 minutes on either side, from both sides\n");
    }

    @Test
    void explainPrintsAJdbcSidesQueryWithTheRunDateFilledIn() throws IOException {
        // The query is what selects the night's rows on the legacy side; before, explain printed
        // only "jdbc:postgresql://dwh:5432/dwh query".
        Path rules = Files.createDirectories(dir.resolve("rules-explained_jdbc"));
        Files.writeString(rules.resolve("explained_jdbc.yaml"), """
                pipeline: explained_jdbc
                left:
                  jdbc:
                    url: jdbc:postgresql://dwh:5432/dwh
                    query: "SELECT * FROM crm.orders WHERE day = DATE '${run_date}'"
                right: { format: parquet, path: %s }
                key: [id]
                """.formatted(dir.resolve("nowhere")));

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("  left           jdbc:postgresql://dwh:5432/dwh query\n"
                        + "         query: SELECT * FROM crm.orders WHERE day = DATE '2026-11-20'\n");
    }

    @Test
    void explainPrintsASidesReaderOptionsWithCredentialsHidden() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-explained_options"));
        Files.writeString(rules.resolve("explained_options.yaml"), """
                pipeline: explained_options
                left:
                  format: csv
                  path: %s
                  options: { header: "true", inferSchema: "true", fs.s3a.secret.key: abc123 }
                right: { format: parquet, path: %s }
                key: [id]
                """.formatted(
                        dir.resolve("nowhere"), dir.resolve("nowhere_either")));

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("         options: {fs.s3a.secret.key=***, header=true, inferSchema=true}\n")
                .doesNotContain("abc123");
    }

    @Test
    void explainSaysOneSampleRowAndOneSegmentInTheSingular() throws IOException {
        Path rules = rule("explained_one", "nowhere", "nowhere_either");
        Files.writeString(
                rules.resolve("explained_one.yaml"),
                "segments: 1\nsample: { max_rows: 1 }\n",
                java.nio.file.StandardOpenOption.APPEND);

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("  key [id]; partitions [day]; 1 key-hash segment per partition\n")
                .contains("  sample: up to 1 row, masked []\n");
    }

    @Test
    void withinToleranceButOverTheWarnBandsTheRunWarnsAndExitsZero() throws IOException {
        // legacy against cloud: ids 3 and 4 on one side only (2 differing rows; amt 2.00 against 2.50
        // is equal under abs_tol 0.5), sum(amt) 6.00 against 7.50, 3 rows each. Fingerprints are off,
        // so only the bands can make the run WARN.
        Path rules = rule("banded", "legacy", "cloud");
        Files.writeString(rules.resolve("banded.yaml"), """
                columns:
                  amt: { abs_tol: 0.5 }
                checks:
                  partition_hash: { enabled: false }
                  row_count: { abs_tol: 1, warn_abs_tol: 0 }
                  key_diff: { max_mismatch_count: 2, warn_mismatch_count: 1 }
                kpis:
                  - name: revenue
                    metrics:
                      total: { expr: "sum(amt)", abs_tol: 2, warn_abs_tol: 1 }
                """, java.nio.file.StandardOpenOption.APPEND);

        CommandRun r = CommandRun.of(run(rules, "--run-id", "r-banded"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("pipeline banded: WARN");
        List<Row> rows = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh/verdicts").toString())
                .where("run_id = 'r-banded' AND status <> 'PASS'")
                .orderBy("check_name", "scope", "metric")
                .select("check_name", "scope", "metric", "status", "tolerance")
                .collectAsList();
        assertThat(rows.stream()
                        .map(x -> x.getString(0) + " " + x.getString(1) + " " + x.getString(2) + " " + x.getString(3)
                                + " " + x.getString(4))
                        .toList())
                .containsExactly(
                        "key_diff * rows_only_in_left WARN count<=2 rate<=0, warn beyond count<=1 rate<=0",
                        "key_diff * rows_only_in_right WARN count<=2 rate<=0, warn beyond count<=1 rate<=0",
                        "kpi:revenue * total WARN abs<=2 rel<=0, warn beyond abs<=1 rel<=0");
    }

    @Test
    void explainShowsTheWarnBandsAfterTheTolerances() throws IOException {
        Path rules = rule("explained_bands", "nowhere", "nowhere_either");
        Files.writeString(rules.resolve("explained_bands.yaml"), """
                columns:
                  amt: { abs_tol: 0.01, max_mismatch_count: 10 }
                checks:
                  row_count: { abs_tol: 10, warn_abs_tol: 2 }
                  key_diff: { max_mismatch_rate: 0.01, warn_mismatch_rate: 0.001 }
                  columns: { max_mismatch_count: 5, warn_mismatch_count: 2 }
                kpis:
                  - name: revenue
                    metrics:
                      total: { expr: "sum(amt)", rel_tol: 0.0005, warn_rel_tol: 0.0001 }
                      newest: { expr: "max(updated_at)", time_tolerance: 1ms, warn_time_tolerance: 500us }
                """, java.nio.file.StandardOpenOption.APPEND);

        CommandRun r = CommandRun.of(run(rules, "--explain"));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.out())
                .contains("abs<=10 rel<=0, warn beyond abs<=2 rel<=0 (total and per partition)")
                .contains("differing rows count<=0 rate<=0.01, warn beyond count<=0 rate<=0.001, duplicates fail")
                .contains("exact unless listed below; differing rows count<=5 rate<=0, warn beyond count<=2 rate<=0")
                .contains(
                        "column:amt                  abs<=0.01 rel<=0; count<=10 rate<=0, warn beyond count<=2 rate<=0")
                .contains("blocking total = sum(amt), abs<=0 rel<=0.0005, warn beyond abs<=0 rel<=0.0001")
                .contains("blocking newest = max(updated_at), time<=PT0.001S, warn beyond time<=PT0.0005S");
    }

    @Test
    void validateRulesRejectsAWarnBandWiderThanItsToleranceAtItsLine() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad-band"));
        Files.writeString(bad.resolve("band.yaml"), """
                pipeline: band
                left:  { format: parquet, path: /a }
                right: { format: parquet, path: /b }
                key: [id]
                checks:
                  row_count:
                    abs_tol: 10
                    warn_abs_tol: 20
                """);
        CommandRun r = CommandRun.of("validate-rules", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("band.yaml:8 (checks.row_count.warn_abs_tol): invalid row_count warn_abs_tol 20: must be"
                        + " between 0 and the abs tolerance 10");
    }

    @Test
    void validateRulesReportsTheFileLineAndNearestKey() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad-rules"));
        Files.writeString(bad.resolve("bad.yaml"), """
                pipeline: bad
                left:  { format: parquet, path: /a }
                right: { format: parquet, path: /b }
                key: [id]
                partiton_by: [day]
                """);
        CommandRun r = CommandRun.of("validate-rules", bad.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.yaml:5").contains("partiton_by").contains("Did you mean 'partition_by'?");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(CommandRun.of().exitCode()).isEqualTo(2);
    }
}
