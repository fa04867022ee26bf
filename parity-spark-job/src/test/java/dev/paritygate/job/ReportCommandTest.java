package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.job.report.ReportFixtures;
import dev.paritygate.testing.TestData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportWritesTheRunDatesPageAndPrintsItsPath() throws Exception {
        Path out = dir.resolve("r");
        CommandRun r = CommandRun.of(
                "report",
                "--warehouse",
                ReportFixtures.warehouse().toString(),
                "--run-date",
                "2026-11-20",
                "--out",
                out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        Path page = out.resolve("index.html");
        assertThat(r.out()).isEqualTo("report: " + page.toAbsolutePath() + System.lineSeparator());
        assertThat(Files.readString(page))
                .contains("data-pipeline=\"customers\"")
                .contains("data-pipeline=\"orders\"")
                .contains(ReportFixtures.retryRunId());
    }

    @Test
    void reportOfAnUnknownRunExitsTwoNamingTheRun() {
        CommandRun r = CommandRun.of(
                "report",
                "--warehouse",
                ReportFixtures.warehouse().toString(),
                "--run-id",
                "nope",
                "--out",
                dir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Cannot find a run for run 'nope' in ");
    }

    @Test
    void reportRejectsARunIdTogetherWithARunDate() {
        CommandRun r = CommandRun.of(
                "report",
                "--warehouse",
                dir.toString(),
                "--run-id",
                "a",
                "--run-date",
                "2026-11-20",
                "--out",
                dir.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid --run-date '2026-11-20': give either --run-id or --run-date, not both");
    }

    @Test
    void viewsPrintSqlPrintsEveryCreateStatementWithoutSpark() {
        CommandRun r = CommandRun.of("views", "--warehouse", "lake.parity", "--print-sql");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("CREATE DATABASE IF NOT EXISTS lake.parity;")
                .contains("CREATE OR REPLACE VIEW lake.parity.latest_verdicts (")
                .contains("CREATE OR REPLACE VIEW lake.parity.pipeline_daily_status (")
                .contains("CREATE OR REPLACE VIEW lake.parity.column_mismatches (")
                .contains("CREATE OR REPLACE VIEW lake.parity.kpi_comparisons (");
    }

    @Test
    void viewsCreatesTheViewsAndListsTheirColumns() {
        CommandRun r = CommandRun.of(
                "views", "--warehouse", ReportFixtures.warehouse().toString(), "--database", "parity_cli_views");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("view parity_cli_views.pipeline_daily_status (pipeline, run_date, run_id, run_status,")
                .contains("note: Spark's catalog is in memory here (spark.sql.catalogImplementation=in-memory), so"
                        + " these views end with this command; run parity views --print-sql");
    }

    @Test
    void runWithReportWritesThePageOfThatRun() throws Exception {
        Date d = Date.valueOf("2026-11-20");
        var legacy = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2)")
                .row(1L, d, new BigDecimal("1.00"))
                .row(2L, d, new BigDecimal("2.00"))
                .df();
        var cloud = TestData.of("id BIGINT, day DATE, amt DECIMAL(10,2)")
                .row(1L, d, new BigDecimal("1.00"))
                .row(2L, d, new BigDecimal("2.50"))
                .df();
        legacy.write().partitionBy("day").parquet(dir.resolve("legacy").toString());
        cloud.write().partitionBy("day").parquet(dir.resolve("cloud").toString());
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("sales.yaml"), """
                pipeline: sales
                left:  { format: parquet, path: %s, filter: "day = '${run_date}'" }
                right: { format: parquet, path: %s, filter: "day = '${run_date}'" }
                key: [id]
                partition_by: [day]
                """.formatted(dir.resolve("legacy"), dir.resolve("cloud")));

        CommandRun r = CommandRun.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "with-report",
                "--warehouse",
                dir.resolve("wh").toString(),
                "--report",
                dir.resolve("report").toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out())
                .contains("report: " + dir.resolve("report/index.html").toAbsolutePath());
        assertThat(Files.readString(dir.resolve("report/index.html")))
                .contains("<body data-status=\"FAIL\">")
                .contains("data-pipeline=\"sales\"")
                .contains("data-column=\"amt\" data-mismatches=\"1\"");
    }
}
