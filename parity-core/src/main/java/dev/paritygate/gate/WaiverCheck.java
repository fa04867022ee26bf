package dev.paritygate.gate;

import dev.paritygate.ParityErrors;
import dev.paritygate.verdict.Status;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether {@code parity waive} may record a waiver: only a blocking check that failed in the latest
 * attempt of its date can be waived, and only until a date that has not passed.
 */
public final class WaiverCheck {
    private WaiverCheck() {}

    /**
     * Checks the waiver of {@code check} of {@code pipeline} on {@code runDate}, valid through {@code
     * expiresOn}, requested on {@code today}.
     *
     * @throws dev.paritygate.ParityException (USAGE) saying what is wrong and what can be waived
     */
    public static void require(
            GateHistory history,
            String pipeline,
            LocalDate runDate,
            String check,
            LocalDate expiresOn,
            LocalDate today) {
        List<RunRecord> runs = history.runsOf(pipeline);
        RunRecord latest = runs.stream()
                .filter(r -> r.runDate().equals(runDate))
                .max(RunRecord.ATTEMPT_ORDER)
                .orElseThrow(() -> ParityErrors.waiveRefused(
                        check,
                        pipeline,
                        runDate,
                        "there is no parity run of " + pipeline + " for that date ("
                                + runs.stream()
                                        .map(RunRecord::runDate)
                                        .max(Comparator.naturalOrder())
                                        .map(d -> "its latest run date is " + d)
                                        .orElse("it has no parity run yet")
                                + "). Pass the --run-date of the run whose check failed."));
        List<String> failing = latest.failures().stream()
                .filter(c -> c.status() == Status.FAIL) // an ERROR fails the run too, but cannot be waived
                .map(CheckOutcome::check)
                .toList();
        if (!failing.contains(check)) {
            throw ParityErrors.waiveRefused(
                    check,
                    pipeline,
                    runDate,
                    whyNot(latest, check) + " (failing blocking checks that date: "
                            + (failing.isEmpty() ? "none" : String.join(", ", failing))
                            + "). Only a failing blocking check can be waived; errors cannot.");
        }
        if (expiresOn.isBefore(today)) {
            throw ParityErrors.waiveRefused(
                    check,
                    pipeline,
                    runDate,
                    "--expires " + expiresOn + " is before today (" + today + "), so the waiver would never count."
                            + " Pass --expires " + today + " or a later date.");
        }
    }

    /** Why the check cannot be waived, as it stands in the latest attempt of its date. */
    private static String whyNot(RunRecord latest, String check) {
        Optional<CheckOutcome> outcome =
                latest.checks().stream().filter(c -> c.check().equals(check)).findFirst();
        if (outcome.isEmpty()) {
            return "that date's run has no check " + check;
        }
        CheckOutcome c = outcome.get();
        if (c.status() == Status.ERROR) {
            return "it is an ERROR, which no waiver forgives";
        }
        // A blocking check is WARN only within its tolerance but over its warn band.
        if (c.status() == Status.WARN && c.blocking()) {
            return "it is within tolerance, only over its warn band, so it does not hold the gate";
        }
        // A non-blocking check that fails is stored as WARN, so WARN is a failure that does not hold the
        // gate, not a check that did not fail.
        if (c.status() == Status.FAIL || c.status() == Status.WARN) {
            return "it failed but is not blocking, so it does not hold the gate";
        }
        return c.status() == Status.PASS ? "it did not fail" : "it did not fail: its status is " + c.status();
    }
}
