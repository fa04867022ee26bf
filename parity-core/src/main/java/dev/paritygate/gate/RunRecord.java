package dev.paritygate.gate;

import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One attempt at comparing one pipeline for one business date, as the gate sees it.
 *
 * @param pipeline pipeline name
 * @param runDate business date compared
 * @param runId the run's identifier
 * @param finishedAt when the attempt finished; the latest attempt per date is the one that counts
 * @param rulesFingerprint fingerprint of the rule the attempt ran under
 * @param checks one outcome per check
 */
public record RunRecord(
        String pipeline,
        LocalDate runDate,
        String runId,
        Instant finishedAt,
        String rulesFingerprint,
        List<CheckOutcome> checks) {
    /** Attempts of one date in the order they count: the last is the one the gate reads. */
    public static final Comparator<RunRecord> ATTEMPT_ORDER =
            Comparator.comparing(RunRecord::finishedAt).thenComparing(RunRecord::runId);

    public RunRecord {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(runDate, "runDate");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(finishedAt, "finishedAt");
        rulesFingerprint = rulesFingerprint == null ? "" : rulesFingerprint;
        checks = List.copyOf(checks);
    }

    /**
     * The run's status without waivers, as its {@code PipelineResult} had it ({@link
     * Status#withCheck}): ERROR of any check, else the worst blocking status; SKIPPED does not count.
     */
    public Status status() {
        Status s = Status.PASS;
        for (CheckOutcome c : checks) {
            s = s.withCheck(c.status(), c.blocking());
        }
        return s;
    }

    /** The checks that keep this run from passing, in check order. */
    public List<CheckOutcome> failures() {
        return checks.stream().filter(CheckOutcome::failsRun).toList();
    }
}
