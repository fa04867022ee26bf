package dev.paritygate.job.report;

import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything one HTML report shows.
 *
 * @param selection what was asked for, in words
 * @param verdictTable where the verdicts were read from
 * @param pipelines one section per pipeline, worst status first, then by name
 * @param generatedAt when the report was made
 * @param parityVersion the release that made it
 */
record ReportModel(
        String selection,
        String verdictTable,
        List<PipelineReport> pipelines,
        Instant generatedAt,
        String parityVersion) {
    ReportModel {
        Objects.requireNonNull(selection, "selection");
        pipelines = List.copyOf(pipelines);
        Objects.requireNonNull(generatedAt, "generatedAt");
    }

    /** Worst status over all pipelines, as the run's exit code sees it. */
    Status status() {
        return Status.worst(pipelines.stream().map(PipelineReport::status).toList());
    }

    List<String> runIds() {
        return pipelines.stream().map(PipelineReport::runId).distinct().sorted().toList();
    }

    List<LocalDate> runDates() {
        return pipelines.stream()
                .map(p -> p.result().runDate())
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList();
    }
}
