package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRequestTest {
    @Test
    void aRunIdAndARunDateTogetherAreRejected() {
        assertThatThrownBy(() -> new ReportRequest(List.of(), "r1", LocalDate.of(2026, 11, 20)))
                .isInstanceOf(ParityException.class)
                .hasMessage(
                        "Invalid --run-date '2026-11-20': give either --run-id or --run-date, not both (run id r1)");
    }

    @Test
    void aBlankRunIdOrPipelineIsRejected() {
        assertThatThrownBy(() -> ReportRequest.ofRun(" "))
                .hasMessage("Invalid --run-id ' ': a non-blank run identifier");
        assertThatThrownBy(() -> new ReportRequest(List.of(""), null, null))
                .hasMessage("Invalid --pipeline '': a non-blank pipeline name");
    }

    @Test
    void theSelectionIsDescribedInWords() {
        assertThat(ReportRequest.latest().describe()).isEqualTo("the latest run");
        assertThat(new ReportRequest(List.of("orders"), null, LocalDate.of(2026, 11, 20)).describe())
                .isEqualTo("run date 2026-11-20 and pipeline 'orders'");
    }
}
