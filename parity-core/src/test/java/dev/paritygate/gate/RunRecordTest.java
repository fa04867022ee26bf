package dev.paritygate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunRecordTest {
    private static RunRecord run(CheckOutcome... checks) {
        return new RunRecord(
                "orders",
                LocalDate.parse("2026-11-20"),
                "r1",
                Instant.parse("2026-11-21T02:30:00Z"),
                "fp",
                List.of(checks));
    }

    @Test
    void aSkippedCheckLeavesTheStatusToTheOthersAsInThePipelineResult() {
        CheckOutcome skipped = new CheckOutcome("key_diff", Status.SKIPPED, true, "not computed in estimate mode");

        assertThat(run(new CheckOutcome("row_count", Status.PASS, true, ""), skipped)
                        .status())
                .isEqualTo(Status.PASS);
        assertThat(run(new CheckOutcome("distinct:email", Status.FAIL, false, ""), skipped)
                        .status())
                .isEqualTo(Status.WARN);
        assertThat(run(new CheckOutcome("row_count", Status.FAIL, true, ""), skipped)
                        .status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void aRunWhoseEveryCheckWasSkippedReadsPassAsItsPipelineResultDoes() {
        assertThat(run(new CheckOutcome("key_diff", Status.SKIPPED, true, "")).status())
                .isEqualTo(Status.PASS);
    }
}
