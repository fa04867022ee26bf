package dev.paritygate.verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps results in memory, with the same replace-on-retry semantics as the Delta sink. For tests. */
public final class InMemoryVerdictSink implements VerdictSink {
    private final Map<String, PipelineResult> results = new LinkedHashMap<>();

    @Override
    public synchronized void write(String runId, PipelineResult result) {
        results.put(runId + "\u0000" + result.pipeline(), result);
    }

    public synchronized List<PipelineResult> results() {
        return new ArrayList<>(results.values());
    }
}
