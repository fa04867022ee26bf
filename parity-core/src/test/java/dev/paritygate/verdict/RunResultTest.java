package dev.paritygate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunResultTest {
    private static PipelineResult pipeline(String name, Status status, boolean ruleError) {
        Verdict v = status == Status.ERROR
                ? Verdict.error("key_diff", true, "broken")
                : new Verdict("key_diff", null, "rows_mismatched", status, true, "0", "0", 0.0, null, null, null);
        return new PipelineResult(name, null, "l", "r", "f", null, null, List.of(v), null, ruleError);
    }

    private static int exit(PipelineResult... pipelines) {
        return new RunResult("run", List.of(pipelines)).exitCode();
    }

    @Test
    void aRulesErrorExitsTwoOverAFailureAndAnEvaluationErrorElsewhereExitsThree() {
        PipelineResult passed = pipeline("a", Status.PASS, false);
        PipelineResult failed = pipeline("b", Status.FAIL, false);
        PipelineResult ruleError = pipeline("c", Status.ERROR, true);
        PipelineResult evaluationError = pipeline("d", Status.ERROR, false);

        assertThat(exit(passed)).isEqualTo(RunResult.EXIT_OK);
        assertThat(exit(passed, failed)).isEqualTo(RunResult.EXIT_DIFFERS);
        assertThat(exit(passed, ruleError)).isEqualTo(RunResult.EXIT_USAGE);
        assertThat(exit(failed, ruleError)).isEqualTo(RunResult.EXIT_USAGE);
        assertThat(exit(ruleError, evaluationError)).isEqualTo(RunResult.EXIT_ERROR);
        assertThat(exit(failed, evaluationError)).isEqualTo(RunResult.EXIT_ERROR);
    }

    @Test
    void aPipelineIsARulesErrorOnlyWhenItHasAnErrorVerdict() {
        // A rules error marks the pipeline's ERROR rows; without one there is nothing it explains.
        assertThat(pipeline("a", Status.PASS, true).ruleError()).isFalse();
        assertThat(pipeline("a", Status.ERROR, true).ruleError()).isTrue();
    }

    @Test
    void aRulesFileNoPipelineResultStandsForMakesTheRunAnErrorThatExitsTwoUnlessAnotherErrorExitsThree() {
        // An invalid rules file whose pipeline could not be read, or an invalid defaults file.
        List<String> invalid = List.of("Invalid rule at rules/x.yaml:2:1: unknown key 'keyy'");
        PipelineResult passed = pipeline("a", Status.PASS, false);
        PipelineResult failed = pipeline("b", Status.FAIL, false);
        PipelineResult evaluationError = pipeline("d", Status.ERROR, false);

        assertThat(new RunResult("run", List.of(passed), invalid).status()).isEqualTo(Status.ERROR);
        assertThat(new RunResult("run", List.of(passed), invalid).exitCode()).isEqualTo(RunResult.EXIT_USAGE);
        assertThat(new RunResult("run", List.of(), invalid).exitCode()).isEqualTo(RunResult.EXIT_USAGE);
        assertThat(new RunResult("run", List.of(failed), invalid).exitCode()).isEqualTo(RunResult.EXIT_USAGE);
        assertThat(new RunResult("run", List.of(evaluationError), invalid).exitCode())
                .isEqualTo(RunResult.EXIT_ERROR);
        assertThat(new RunResult("run", List.of(passed)).rulesErrors()).isEmpty();
    }
}
