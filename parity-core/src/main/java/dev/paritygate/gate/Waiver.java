package dev.paritygate.gate;

import dev.paritygate.ParityErrors;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An accepted discrepancy: the blocking failure of one check on one business date counts as a
 * pass, and stays listed. A waiver never turns an {@code ERROR} into a pass.
 *
 * @param pipeline pipeline name
 * @param runDate business date of the accepted failure
 * @param check check name, as in the verdict table ({@code kpi:revenue_by_region})
 * @param reason why the difference is accepted
 * @param by who accepted it
 * @param createdAt when it was recorded
 * @param expiresOn last date on which the gate still honours it
 */
public record Waiver(
        String pipeline,
        LocalDate runDate,
        String check,
        String reason,
        String by,
        Instant createdAt,
        LocalDate expiresOn) {
    public Waiver {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(runDate, "runDate");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresOn, "expiresOn");
        if (check == null || check.isBlank()) {
            throw ParityErrors.invalidArgument(
                    "--check", String.valueOf(check), "a check name such as row_count or kpi:revenue");
        }
        if (reason == null || reason.isBlank()) {
            throw ParityErrors.invalidArgument(
                    "--reason", String.valueOf(reason), "a non-blank explanation of why the difference is accepted");
        }
        if (by == null || by.isBlank()) {
            throw ParityErrors.invalidArgument(
                    "--by", String.valueOf(by), "the name or e-mail of who accepts the difference");
        }
    }

    /** Whether the gate honours this waiver on {@code asOf}. */
    public boolean activeOn(LocalDate asOf) {
        return !asOf.isAfter(expiresOn);
    }

    /** One line for the gate's listing. */
    public String describe() {
        return runDate + " " + check + " waived by " + by + " (" + reason + "), expires " + expiresOn;
    }
}
