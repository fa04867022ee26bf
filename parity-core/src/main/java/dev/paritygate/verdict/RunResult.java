package dev.paritygate.verdict;

import java.util.List;

/**
 * The result of one run over one or more pipelines.
 *
 * @param runId identifier of the run; a retry with the same id replaces the earlier rows
 * @param pipelines one result per pipeline compared
 */
public record RunResult(String runId, List<PipelineResult> pipelines) {
    /** Exit code: no blocking check failed. */
    public static final int EXIT_OK = 0;
    /** Exit code: a blocking check failed (the data differs beyond tolerance). */
    public static final int EXIT_DIFFERS = 1;
    /** Exit code: usage or rules error. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: a check could not be evaluated. */
    public static final int EXIT_ERROR = 3;

    public RunResult {
        pipelines = List.copyOf(pipelines);
    }

    /** Worst status over all pipelines. */
    public Status status() {
        return Status.worst(pipelines.stream().map(PipelineResult::status).toList());
    }

    /**
     * The process exit code. An ERROR anywhere wins over a FAIL: an incomplete evaluation is the
     * platform team's to fix before the data owner can trust any answer.
     */
    public int exitCode() {
        return switch (status()) {
            case ERROR -> EXIT_ERROR;
            case FAIL -> EXIT_DIFFERS;
            default -> EXIT_OK;
        };
    }
}
