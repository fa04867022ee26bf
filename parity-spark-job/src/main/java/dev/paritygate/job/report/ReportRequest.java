package dev.paritygate.job.report;

import dev.paritygate.ParityErrors;
import dev.paritygate.check.Counted;
import java.time.LocalDate;
import java.util.List;

/**
 * Which run a report shows.
 *
 * <p>With a {@code runId}, exactly that run. With a {@code runDate}, the latest attempt of each
 * pipeline for that business date (the attempt the gate counts). With neither, the most recently
 * finished run. {@code pipelines} narrows the report to those pipelines; empty means all.
 *
 * @param pipelines pipelines to include; empty for every pipeline of the selected run
 * @param runId the run to show, or null
 * @param runDate the business date to show, or null; not together with {@code runId}
 */
public record ReportRequest(List<String> pipelines, String runId, LocalDate runDate) {
    public ReportRequest {
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
        if (runId != null && runId.isBlank()) {
            throw ParityErrors.invalidArgument("--run-id", runId, "a non-blank run identifier");
        }
        if (runId != null && runDate != null) {
            throw ParityErrors.invalidArgument(
                    "--run-date",
                    runDate.toString(),
                    "give either --run-id or --run-date, not both (run id " + runId + ")");
        }
        for (String p : pipelines) {
            if (p == null || p.isBlank()) {
                throw ParityErrors.invalidArgument("--pipeline", String.valueOf(p), "a non-blank pipeline name");
            }
        }
    }

    /** The most recent run, every pipeline. */
    public static ReportRequest latest() {
        return new ReportRequest(List.of(), null, null);
    }

    /** Exactly one run, every pipeline in it. */
    public static ReportRequest ofRun(String runId) {
        return new ReportRequest(List.of(), runId, null);
    }

    /** What was selected, in words, for headings and error messages. */
    String describe() {
        String what =
                runId != null ? "run '" + runId + "'" : runDate != null ? "run date " + runDate : "the latest run";
        return pipelines.isEmpty() ? what : what + " and " + Counted.named(pipelines, "pipeline", "pipelines");
    }
}
