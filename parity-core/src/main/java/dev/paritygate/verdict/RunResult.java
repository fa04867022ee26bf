package dev.paritygate.verdict;

import java.util.List;

/**
 * The result of one run over one or more pipelines.
 *
 * @param runId identifier of the run; a retry with the same id replaces the earlier rows
 * @param pipelines one result per pipeline compared, or recorded as a rules error
 * @param rulesErrors the run's invalid rules files, one message per file (an invalid file's pipeline
 *     that could be named also has its own {@code ERROR} result among {@code pipelines})
 */
public record RunResult(String runId, List<PipelineResult> pipelines, List<String> rulesErrors) {
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
        rulesErrors = rulesErrors == null ? List.of() : List.copyOf(rulesErrors);
    }

    /** A run whose rules files were all valid. */
    public RunResult(String runId, List<PipelineResult> pipelines) {
        this(runId, pipelines, List.of());
    }

    /**
     * Worst status over all pipelines; ERROR when a rules file was invalid, since what it would have
     * compared was not.
     */
    public Status status() {
        Status worst =
                Status.worst(pipelines.stream().map(PipelineResult::status).toList());
        return rulesErrors.isEmpty() ? worst : Status.ERROR;
    }

    /**
     * The process exit code. An ERROR anywhere wins over a FAIL: an incomplete evaluation is the
     * platform team's to fix before the data owner can trust any answer. An ERROR that is the rule's
     * own ({@link PipelineResult#ruleError()}) exits 2, a rules error, unless another ERROR of the
     * run is not: the higher code wins (3 over 2 over 1), so that a code never hides a problem its
     * owner must fix first, and a run that left a pipeline uncompared never reads as a data failure.
     * An invalid rules file ({@link #rulesErrors()}) is a rules error too.
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
