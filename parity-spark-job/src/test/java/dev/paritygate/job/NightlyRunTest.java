package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.verdict.PipelineResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class NightlyRunTest {
    private static LoadedRule rule(String pipeline) {
        return RuleLoader.parse(
                "pipeline: " + pipeline + "\nleft: {format: parquet, path: /l}\nright: {format: parquet, path: /r}\n"
                        + "key: [id]\n",
                Path.of("rules/" + pipeline + ".yaml"));
    }

    @Test
    void aPipelineWhoseVerdictsCannotBeWrittenFailsTheRunOnlyAfterTheOthersWroteTheirs() {
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        NightlyRun run = new NightlyRun(
                (loaded, date, started) -> new PipelineResult(
                        loaded.rule().pipeline(), date, "l", "r", "f", started, started, List.of(), null),
                (id, result) -> {
                    if (result.pipeline().equals("b")) {
                        throw new IllegalStateException("disk full");
                    }
                    try {
                        // Still writing when b's failure arrives: it must not be interrupted.
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException("interrupted while writing " + result.pipeline(), e);
                    }
                    written.add(result.pipeline());
                },
                3);

        assertThatThrownBy(() ->
                        run.run("r1", List.of(rule("a"), rule("b"), rule("c")), LocalDate.of(2026, 11, 20), r -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot write verdicts: java.lang.IllegalStateException: disk full. Verdicts not written:"
                        + " pipeline 'b'; written: pipelines [a, c].");
        assertThat(written).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void aUserErrorWritingVerdictsKeepsItsMessageAndExitCodeAndSaysWhatWasWritten() {
        NightlyRun run = new NightlyRun(
                (loaded, date, started) -> new PipelineResult(
                        loaded.rule().pipeline(), date, "l", "r", "f", started, started, List.of(), null),
                (id, result) -> {
                    throw dev.paritygate.ParityErrors.pipelineFailed(result.pipeline(), new RuntimeException("no"));
                },
                2);

        assertThatThrownBy(() -> run.run("r1", List.of(rule("a"), rule("b")), LocalDate.of(2026, 11, 20), r -> {}))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot evaluate pipeline 'a': no. Verdicts not written: pipelines [a, b].")
                .satisfies(e -> assertThat(ParityCommand.exitCode(e)).isEqualTo(3));
    }

    @Test
    void aRulesErrorOfAnUncomparedPipelineIsWrittenEvenWhenAnotherPipelinesCommitFails() {
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        NightlyRun run = new NightlyRun(
                (loaded, date, started) -> new PipelineResult(
                        loaded.rule().pipeline(), date, "l", "r", "f", started, started, List.of(), null),
                (id, result) -> {
                    if (result.pipeline().equals("a")) {
                        throw new IllegalStateException("disk full");
                    }
                    written.add(result.pipeline());
                },
                1);
        java.time.Instant now = java.time.Instant.now();
        PipelineResult broken = new PipelineResult(
                "broken",
                LocalDate.of(2026, 11, 20),
                null,
                null,
                null,
                now,
                now,
                List.of(dev.paritygate.verdict.Verdict.error("rules", true, "invalid")),
                List.of(),
                true);

        assertThatThrownBy(() -> run.run(
                        "r1", List.of(broken), List.of(rule("a"), rule("b")), LocalDate.of(2026, 11, 20), r -> {}))
                .hasMessage("Cannot write verdicts: java.lang.IllegalStateException: disk full. Verdicts not written:"
                        + " pipeline 'a'; written: pipelines [broken, b].");
        assertThat(written).containsExactlyInAnyOrder("broken", "b");
    }

    @Test
    void theResultListsTheUncomparedPipelinesFirstThenTheComparedOnesInRuleOrder() {
        NightlyRun run = new NightlyRun(
                (loaded, date, started) -> new PipelineResult(
                        loaded.rule().pipeline(), date, "l", "r", "f", started, started, List.of(), null),
                (id, result) -> {},
                2);
        java.time.Instant now = java.time.Instant.now();
        PipelineResult broken = new PipelineResult(
                "broken", LocalDate.of(2026, 11, 20), null, null, null, now, now, List.of(), List.of(), true);

        assertThat(run
                        .run("r1", List.of(broken), List.of(rule("a"), rule("b")), LocalDate.of(2026, 11, 20), r -> {})
                        .pipelines()
                        .stream()
                        .map(PipelineResult::pipeline))
                .containsExactly("broken", "a", "b");
    }
}
