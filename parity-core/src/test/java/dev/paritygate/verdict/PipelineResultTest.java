package dev.paritygate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineResultTest {
    private static Verdict verdict(String metric, Status status, boolean blocking) {
        return new Verdict("key_diff", null, metric, status, blocking, "3", "3", 0.0, null, null, null);
    }

    private static PipelineResult of(Verdict... verdicts) {
        return new PipelineResult("p", null, "l", "r", "f", null, null, List.of(verdicts), null);
    }

    @Test
    void aSkippedBlockingMetricLeavesTheStatusToTheOthers() {
        // key_diff in estimate mode: its duplicate-key metrics are not computed.
        assertThat(of(
                                verdict("rows_only_in_left", Status.PASS, true),
                                verdict("duplicate_keys_left", Status.SKIPPED, true))
                        .status())
                .isEqualTo(Status.PASS);
        assertThat(of(
                                verdict("rows_only_in_left", Status.FAIL, true),
                                verdict("duplicate_keys_left", Status.SKIPPED, true))
                        .status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void aFailedWarningCheckMakesThePipelineWarnAndAnErrorOfAnyCheckCounts() {
        assertThat(of(verdict("a", Status.PASS, true), verdict("b", Status.WARN, false))
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(of(verdict("a", Status.PASS, true), verdict("b", Status.FAIL, false))
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(of(verdict("a", Status.FAIL, true), verdict("b", Status.ERROR, false))
                        .status())
                .isEqualTo(Status.ERROR);
    }
}
