package dev.paritygate.verdict;

/**
 * Where verdicts go. The Delta implementation writes one atomic commit per pipeline run; a second
 * write with the same run id and pipeline replaces the first instead of adding rows.
 */
public interface VerdictSink {
    void write(String runId, PipelineResult result);
}
