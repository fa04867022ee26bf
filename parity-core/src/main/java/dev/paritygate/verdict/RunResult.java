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
     * platform team's to fix before the data owner can trust any answer. An ERROR that is the rule's
     * own ({@link PipelineResult#ruleError()}) exits 2, a rules error, unless another ERROR of the
     * run is not: the higher code wins (3 over 2 over 1), so that a code never hides a problem its
     * owner must fix first, and a run that left a pipeline uncompared never reads as a data failure.
     */
    public int exitCode() {
        return switch (status()) {
            case ERROR ->
                pipelines.stream().anyMatch(p -> p.status() == Status.ERROR && !p.ruleError())
                        ? EXIT_ERROR
                        : EXIT_USAGE;
            case FAIL -> EXIT_DIFFERS;
            default -> EXIT_OK;
        };
    }
}
