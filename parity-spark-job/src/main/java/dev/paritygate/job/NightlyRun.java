package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.VerdictSink;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Compares many pipelines in one Spark session (a warm JVM is several times faster than a fresh
 * one per pipeline), with at most {@code parallelism} in flight, and writes each pipeline's verdicts
 * as soon as it finishes. A pipeline's failure is its own ERROR verdict and never stops the others.
 */
final class NightlyRun {
    /** One pipeline's comparison: {@link PipelineRunner#run} in the job. */
    @FunctionalInterface
    interface Comparison {
        PipelineResult run(LoadedRule rule, LocalDate runDate, Instant runStartedAt);
    }

    private final Comparison runner;
    private final VerdictSink sink;
    private final int parallelism;

    NightlyRun(Comparison runner, VerdictSink sink, int parallelism) {
        this.runner = runner;
        this.sink = sink;
        this.parallelism = parallelism;
    }

    /**
     * Compares every pipeline and writes its verdicts. A failure to write one pipeline's verdicts
     * fails the run, loudly, but only once every other pipeline has finished and written its own:
     * they are not interrupted, and the error says which pipelines' verdicts are in the table.
     */
    RunResult run(String runId, List<LoadedRule> rules, LocalDate runDate, Consumer<PipelineResult> onDone) {
        return run(runId, List.of(), rules, runDate, onDone);
    }

    /**
     * As {@link #run(String, List, LocalDate, Consumer)}, and writes {@code decided}, the results of
     * pipelines that are not compared (their rules files are invalid), with the same accounting:
     * another pipeline's failed commit never loses them, and a failure to write them is named like
     * any other. They are written after the comparisons have started, so that they never hold a
     * comparison back, and the result lists them first, then the compared pipelines.
     */
    RunResult run(
            String runId,
            List<PipelineResult> decided,
            List<LoadedRule> rules,
            LocalDate runDate,
            Consumer<PipelineResult> onDone) {
        Instant started = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, rules.size())), r -> {
            Thread t = new Thread(r, "parity-pipeline");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PipelineResult>> compared = new ArrayList<>();
            for (LoadedRule rule : rules) {
                compared.add(pool.submit(() -> written(runId, runner.run(rule, runDate, started), onDone)));
            }
            List<Future<PipelineResult>> futures = new ArrayList<>();
            List<String> pipelines = new ArrayList<>();
            for (PipelineResult result : decided) {
                futures.add(pool.submit(() -> written(runId, result, onDone)));
                pipelines.add(result.pipeline());
            }
            futures.addAll(compared);
            rules.forEach(rule -> pipelines.add(rule.rule().pipeline()));
            List<PipelineResult> results = new ArrayList<>();
            List<String> written = new ArrayList<>();
            List<String> unwritten = new ArrayList<>();
            RuntimeException first = null;
            for (int i = 0; i < futures.size(); i++) {
                String pipeline = pipelines.get(i);
                try {
                    results.add(await(futures.get(i)));
                    written.add(pipeline);
                } catch (RuntimeException e) {
                    first = first == null ? e : first;
                    unwritten.add(pipeline);
                }
            }
            if (first != null) {
                throw ParityErrors.verdictsNotWritten(unwritten, written, first);
            }
            return new RunResult(runId, results);
        } finally {
            pool.shutdownNow();
        }
    }

    private PipelineResult written(String runId, PipelineResult result, Consumer<PipelineResult> onDone) {
        sink.write(runId, result);
        onDone.accept(result);
        return result;
    }

    private static PipelineResult await(Future<PipelineResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a pipeline", e);
        } catch (ExecutionException e) {
            // The runner turns every comparison failure into verdicts; what arrives here is a
            // failure to write them, which must fail the run loudly.
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
