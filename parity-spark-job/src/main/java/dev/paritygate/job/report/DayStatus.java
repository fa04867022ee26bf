package dev.paritygate.job.report;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One date of a pipeline's parity history: the outcome of its latest attempt.
 *
 * @param date the business date
 * @param outcome the latest attempt's outcome, {@link DayOutcome#NO_RUN} when there was none
 * @param runId the latest attempt's run id, null when there was none
 */
record DayStatus(LocalDate date, DayOutcome outcome, String runId) {
    DayStatus {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(outcome, "outcome");
    }
}
