package dev.paritygate.gate;

import dev.paritygate.verdict.Status;
import java.util.Objects;

/**
 * One check of one run, reduced over its scopes and metrics: the worst status, and the message of
 * the row that had it.
 *
 * @param check check name, such as {@code row_count} or {@code kpi:revenue_by_region}
 * @param status worst status over the check's rows
 * @param blocking whether a failure of the check fails the run
 * @param detail the worst row's scope and message, for the gate's reason ({@code region=EU: ...})
 */
public record CheckOutcome(String check, Status status, boolean blocking, String detail) {
    public CheckOutcome {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    /** Whether this check stops the run from passing: a blocking failure, or an error of any check. */
    public boolean failsRun() {
        return status == Status.ERROR || (blocking && status == Status.FAIL);
    }
}
