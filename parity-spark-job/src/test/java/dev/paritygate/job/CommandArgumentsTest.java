package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.job.report.ReportFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line arguments that cannot work are usage errors (exit 2) that name the option, found
 * before any comparison: an output path that cannot be written, a date given to the wrong option,
 * a warehouse that does not exist. The rule reads a source that does not exist, so a comparison that
 * ran anyway would exit 3 and print its pipeline.
 */
class CommandArgumentsTest {
    @TempDir
    static Path dir;

    static Path rules;
    static Path aFile;

    @BeforeAll
    static void writeRules() throws IOException {
        rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                rules.resolve("p.yaml"), """
                pipeline: p
                left: { format: parquet, path: %s }
                right: { format: parquet, path: %s }
                key: [id]
                """.formatted(dir.resolve("nowhere-left"), dir.resolve("nowhere-right")));
        aFile = Files.writeString(dir.resolve("a-file"), "not a directory\n");
    }

    static CommandRun run(String... extra) {
        String[] args = new String[8 + extra.length];
        String[] base = {
            "run",
            "--rules",
            rules.toString(),
            "--run-date",
            "2026-11-20",
            "--warehouse",
            dir.resolve("wh").toString()
        };
        System.arraycopy(base, 0, args, 0, base.length);
        args[base.length] = "--run-id=args";
        System.arraycopy(extra, 0, args, base.length + 1, extra.length);
        return CommandRun.of(args);
    }

    @Test
    void summaryJsonUnderAFileExitsTwoBeforeComparing() {
        CommandRun r = run("--summary-json", aFile.resolve("s.json").toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Cannot write --summary-json " + aFile.resolve("s.json") + ": " + aFile
                        + " is a file, not a directory. Name a file in a writable directory.");
        assertThat(r.out()).doesNotContain("pipeline p");
    }

    @Test
    void warehouseNamingADatabaseThatDoesNotExistExitsTwoBeforeComparing() {
        // A bare name is a catalog database; before, the run compared every pipeline, then failed
        // to create "nightly.rules" with exit 3 and "Check that it is a Delta table".
        CommandRun r =
                CommandRun.of("run", "--rules", rules.toString(), "--run-date", "2026-11-20", "--warehouse", "nightly");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Invalid --warehouse 'nightly': Spark's catalog has no database 'nightly'. A name"
                        + " without '/' names a catalog database, which must exist to hold nightly.verdicts and"
                        + " nightly.samples: create it (CREATE DATABASE nightly), or write ./nightly for a"
                        + " directory");
        assertThat(r.out()).doesNotContain("pipeline p");
    }

    /** Runs with {@code --summary-json} over a stale summary; returns the summary the run left. */
    static JsonNode summaryAfter(CommandRun[] result, String name, String... args) throws IOException {
        Path json = dir.resolve(name);
        Files.writeString(json, "{\"status\": \"PASS\", \"note\": \"last night's\"}\n");
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--summary-json";
        all[args.length + 1] = json.toString();
        result[0] = CommandRun.of(all);
        return new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void anInvalidRunDateStillWritesTheSummaryJson() throws IOException {
        CommandRun[] r = new CommandRun[1];
        JsonNode summary = summaryAfter(
                r, "bad-date.json", "run", "--rules", rules.toString(), "--run-date", "20-11-2026", "--run-id", "x");

        assertThat(r[0].exitCode()).as(r[0].err()).isEqualTo(2);
        assertThat(summary.toString())
                .isEqualTo("{\"run_id\":\"x\",\"status\":\"ERROR\",\"exit_code\":2,\"error\":"
                        + new ObjectMapper().writeValueAsString(r[0].err().strip()) + ",\"pipelines\":[]}");
        assertThat(summary.get("error").asText()).startsWith("Invalid --run-date '20-11-2026'");
    }

    @Test
    void anUnknownPipelineStillWritesTheSummaryJsonWithTheDefaultRunId() throws IOException {
        CommandRun[] r = new CommandRun[1];
        JsonNode summary = summaryAfter(
                r,
                "unknown-pipeline.json",
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--pipeline",
                "q",
                "--warehouse",
                dir.resolve("wh").toString());

        assertThat(r[0].exitCode()).as(r[0].err()).isEqualTo(2);
        assertThat(summary.get("status").asText()).isEqualTo("ERROR");
        assertThat(summary.get("exit_code").asInt()).isEqualTo(2);
        assertThat(summary.get("run_id").asText()).startsWith("2026-11-20T");
        assertThat(summary.get("error").asText()).isEqualTo("Invalid --pipeline 'q': no such pipeline; known: [p]");
        assertThat(summary.has("note")).isFalse();
    }

    @Test
    void aMissingCatalogDatabaseStillWritesTheSummaryJson() throws IOException {
        CommandRun[] r = new CommandRun[1];
        JsonNode summary = summaryAfter(
                r,
                "no-database.json",
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "y",
                "--warehouse",
                "nightly");

        assertThat(r[0].exitCode()).as(r[0].err()).isEqualTo(2);
        assertThat(summary.get("run_id").asText()).isEqualTo("y");
        assertThat(summary.get("exit_code").asInt()).isEqualTo(2);
        assertThat(summary.get("error").asText()).startsWith("Invalid --warehouse 'nightly'");
    }

    @Test
    void reportDirectoryThatIsAFileExitsTwoBeforeComparing() {
        CommandRun r = run("--report", aFile.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("Cannot write --report " + aFile + ": it is a file, not a directory.");
        assertThat(r.out()).doesNotContain("pipeline p");
    }

    @Test
    void reportOutThatIsAFileExitsTwoBeforeReadingTheWarehouse() {
        // The warehouse does not exist: had the report been built first, that would be the error.
        CommandRun r = CommandRun.of(
                "report", "--warehouse", dir.resolve("no-warehouse").toString(), "--out", aFile.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Cannot write --out " + aFile + ": it is a file, not a directory. Name a writable"
                        + " directory, or one that can be created.\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void reportOutUnderAFileExitsTwoBeforeReadingTheWarehouse() {
        Path under = aFile.resolve("report");

        CommandRun r = CommandRun.of(
                "report", "--warehouse", dir.resolve("no-warehouse").toString(), "--out", under.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Cannot write --out " + under + ": " + aFile + " is a file, not a directory. Name a"
                        + " writable directory, or one that can be created.\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void outputsInDirectoriesStillToBeCreatedAreAccepted() {
        CommandRun r = run("--summary-json", dir.resolve("new/dirs/s.json").toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(dir.resolve("new/dirs/s.json")).exists();
    }

    @Test
    void aRunThatEndsBeforeItHasAResultStillWritesItsSummary() throws IOException {
        Path summary = dir.resolve("failed-run/summary.json");
        CommandRun r = CommandRun.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "no-tables",
                "--warehouse",
                aFile.toString(),
                "--summary-json",
                summary.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        JsonNode json = new ObjectMapper().readTree(summary.toFile());
        assertThat(json.get("run_id").asText()).isEqualTo("no-tables");
        assertThat(json.get("status").asText()).isEqualTo("ERROR");
        assertThat(json.get("exit_code").asInt()).isEqualTo(3);
        assertThat(json.get("error").asText()).isEqualTo(r.err().strip());
        assertThat(json.get("pipelines")).isEmpty();
    }

    @Test
    void parallelismBelowOneIsAUsageError() {
        CommandRun r = run("--parallelism", "0");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Invalid --parallelism '0': the number of pipelines compared at once, 1 or more");
    }

    @Test
    void asOfThatIsNotADateNamesTheOption() {
        CommandRun r = CommandRun.of(
                "gate", "--rules", rules.toString(), "--warehouse", dir.toString(), "--as-of", "2026-13-01");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("Invalid --as-of '2026-13-01': expected YYYY-MM-DD");
    }

    @Test
    void asOfAfterTodayIsAUsageErrorForGateAndStatus() {
        for (String command : new String[] {"gate", "status"}) {
            CommandRun r = CommandRun.of(
                    command, "--rules", rules.toString(), "--warehouse", dir.toString(), "--as-of", "2999-01-01");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("Invalid --as-of '2999-01-01': a date after today (")
                    .contains("every date until then would count as missing. Give today or an earlier date");
        }
    }

    @Test
    void gateAndStatusOnAWarehouseThatDoesNotExistAreUsageErrors() {
        Path nowhere = dir.resolve("no-such-warehouse");
        for (String command : new String[] {"gate", "status"}) {
            CommandRun r = CommandRun.of(command, "--rules", rules.toString(), "--warehouse", nowhere.toString());

            assertThat(r.exitCode()).as(command + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .as(command)
                    .startsWith("Invalid --warehouse '" + nowhere + "': no such directory (" + nowhere
                            + "), so no parity run has written verdicts there.");
        }
    }

    @Test
    void routeForcedOutsideTheWindowWithoutAReasonSaysTheReasonIsMissing() {
        CommandRun r = CommandRun.of(
                "route",
                "cutover",
                "p",
                "--force-outside-window",
                "--rules",
                rules.toString(),
                "--warehouse",
                dir.resolve("wh-route").toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Missing --reason: --force-outside-window needs a reason, which is recorded in the"
                        + " routing table");
    }

    @Test
    void demoWithTooFewRowsFailsBeforeAnnouncingWork() {
        CommandRun r = CommandRun.of("demo", "--dir", dir.resolve("demo").toString(), "--rows", "-5");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("Invalid --rows '-5': the demo needs at least 1000 rows");
    }

    @Test
    void reportOfAPipelineWithoutRunsListsThePipelinesThatHaveThem() {
        CommandRun r = CommandRun.of(
                "report",
                "--warehouse",
                ReportFixtures.warehouse().toString(),
                "--pipeline",
                "order",
                "--out",
                dir.resolve("report").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("Cannot find a run of pipeline 'order' in ")
                .contains("; it holds runs of [customers, orders]. Did you mean 'orders'? Check --pipeline.");
    }
}
