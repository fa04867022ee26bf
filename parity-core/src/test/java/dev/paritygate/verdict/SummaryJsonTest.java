package dev.paritygate.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {
    private static final RunResult ONE_FAILING_PIPELINE = new RunResult(
            "run-7",
            List.of(new PipelineResult(
                    "orders",
                    LocalDate.of(2026, 11, 20),
                    "legacy.orders",
                    "cloud.orders",
                    "fp-1",
                    Instant.parse("2026-11-21T02:00:00Z"),
                    Instant.parse("2026-11-21T02:03:30Z"),
                    List.of(
                            new Verdict(
                                    "row_count",
                                    "*",
                                    "rows",
                                    Status.PASS,
                                    true,
                                    "100",
                                    "100",
                                    0.0,
                                    "abs<=0",
                                    "ok",
                                    null),
                            new Verdict(
                                    "key_diff",
                                    "*",
                                    "rows_mismatched",
                                    Status.FAIL,
                                    true,
                                    "0",
                                    "1",
                                    1.0,
                                    "count<=0",
                                    "1 row differs",
                                    "{\"columns\":[\"amt\"],\"rate\":0.01}"),
                            Verdict.error("kpi:revenue", false, "Cannot evaluate sum(amount)")),
                    List.of(new SampleRow("mismatched", "{\"id\":7}", List.of("amt"), "{}", "{}")))));

    @Test
    void aRunBecomesPrettyJsonWithFieldsInAFixedOrderAndDetailsEmbedded() {
        assertThat(SummaryJson.toJson(ONE_FAILING_PIPELINE)).isEqualTo("""
                {
                  "run_id": "run-7",
                  "status": "ERROR",
                  "exit_code": 3,
                  "rules_errors": [],
                  "pipelines": [
                    {
                      "pipeline": "orders",
                      "status": "ERROR",
                      "run_date": "2026-11-20",
                      "rules_fingerprint": "fp-1",
                      "left_source": "legacy.orders",
                      "right_source": "cloud.orders",
                      "started_at": "2026-11-21T02:00:00Z",
                      "finished_at": "2026-11-21T02:03:30Z",
                      "verdicts": [
                        {
                          "check_name": "row_count",
                          "scope": "*",
                          "metric": "rows",
                          "status": "PASS",
                          "blocking": true,
                          "left_value": "100",
                          "right_value": "100",
                          "difference": 0.0,
                          "tolerance": "abs<=0",
                          "message": "ok",
                          "details": {}
                        },
                        {
                          "check_name": "key_diff",
                          "scope": "*",
                          "metric": "rows_mismatched",
                          "status": "FAIL",
                          "blocking": true,
                          "left_value": "0",
                          "right_value": "1",
                          "difference": 1.0,
                          "tolerance": "count<=0",
                          "message": "1 row differs",
                          "details": {
                            "columns": [
                              "amt"
                            ],
                            "rate": 0.01
                          }
                        },
                        {
                          "check_name": "kpi:revenue",
                          "scope": "*",
                          "metric": "error",
                          "status": "ERROR",
                          "blocking": false,
                          "left_value": null,
                          "right_value": null,
                          "difference": null,
                          "tolerance": null,
                          "message": "Cannot evaluate sum(amount)",
                          "details": {}
                        }
                      ],
                      "samples": 1
                    }
                  ]
                }""");
    }

    @Test
    void detailsThatAreNotJsonAreKeptAsAString() {
        RunResult run = new RunResult(
                "r",
                List.of(new PipelineResult(
                        "p",
                        null,
                        "l",
                        "r",
                        "fp",
                        null,
                        null,
                        List.of(new Verdict(
                                "schema", "*", "columns", Status.PASS, true, null, null, null, null, null, "not json")),
                        null)));

        assertThat(SummaryJson.toJson(run))
                .contains("\"details\": \"not json\"")
                .contains("\"run_date\": null")
                .contains("\"exit_code\": 0");
    }

    @Test
    void writingCreatesTheFileWithATrailingNewline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/summary.json");

        SummaryJson.write(ONE_FAILING_PIPELINE, file);

        assertThat(Files.readString(file)).isEqualTo(SummaryJson.toJson(ONE_FAILING_PIPELINE) + "\n");
    }

    @Test
    void aFileThatCannotBeWrittenIsAClearError(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        Path file = blocker.resolve("summary.json");

        assertThatThrownBy(() -> SummaryJson.write(ONE_FAILING_PIPELINE, file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Cannot write the run summary to " + file + ": ")
                .hasMessageEndingWith(". Check that the directory exists or can be created and is writable.");
    }

    @Test
    void theErrorsOfInvalidRulesFilesAreListedAfterTheExitCode() {
        RunResult run = new RunResult("run-8", List.of(), List.of("Invalid rule at rules/x.yaml:2:1: unknown key 'k'"));

        assertThat(SummaryJson.toJson(run)).isEqualTo("""
                        {
                          "run_id": "run-8",
                          "status": "ERROR",
                          "exit_code": 2,
                          "rules_errors": [
                            "Invalid rule at rules/x.yaml:2:1: unknown key 'k'"
                          ],
                          "pipelines": []
                        }""");
    }
}
