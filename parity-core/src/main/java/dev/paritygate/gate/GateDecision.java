package dev.paritygate.gate;

import dev.paritygate.verdict.Status;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The gate's answer for one pipeline, with everything that led to it.
 *
 * @param pipeline pipeline name
 * @param answer READY, HOLD or ROLLBACK
 * @param side the pipeline's authoritative side at the end of the as-of date
 * @param streak consecutive clean business dates counted back from the as-of date (at most {@code required})
 * @param required clean dates the policy requires
 * @param reasons why, in words a person acts on, most important first
 * @param nextWindow the first change-window day on or after the as-of date
 * @param waiversApplied waivers that turned a failure into a pass within the dates examined
 * @param lastRun the latest attempt of the latest business date that has one, if any
 */
public record GateDecision(
        String pipeline,
        GateAnswer answer,
        Side side,
        int streak,
        int required,
        List<String> reasons,
        LocalDate nextWindow,
        List<Waiver> waiversApplied,
        java.util.Optional<RunRecord> lastRun) {
    public GateDecision {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(nextWindow, "nextWindow");
        reasons = List.copyOf(reasons);
        waiversApplied = List.copyOf(waiversApplied);
        lastRun = lastRun == null ? java.util.Optional.empty() : lastRun;
    }

    /** Whether this pipeline lets {@code parity gate} exit 0: READY (cut over and passing included). */
    public boolean ok() {
        return answer == GateAnswer.READY;
    }

    /** {@code 11/14 clean dates}. */
    public String streakText() {
        return streak + "/" + required + " clean dates";
    }

    /** {@code ANSWER: reason; reason; ...}, the one line a person acts on. */
    public String reasonText() {
        return answer + ": " + String.join("; ", reasons);
    }

    /** {@code legacy}, {@code dual-run} (legacy, with parity runs) or {@code cut over}. */
    public String sideText() {
        if (side == Side.CLOUD) {
            return "cut over";
        }
        return lastRun.isPresent() ? "dual-run" : "legacy";
    }

    /**
     * Status of the latest run, {@code -} when there is none: {@code 2026-11-20 FAIL (waived)} when the
     * gate counted the run as a pass because waivers forgave every failure of it, as the report shows it.
     */
    public String lastRunText() {
        return lastRun.map(r -> r.runDate() + " " + r.status() + (waived(r) ? " (waived)" : ""))
                .orElse("-");
    }

    /** Whether an applied waiver covers every failure of the run (a run with an error never is). */
    private boolean waived(RunRecord run) {
        return run.status() == Status.FAIL
                && run.failures().stream()
                        .allMatch(c -> waiversApplied.stream()
                                .anyMatch(w -> w.runDate().equals(run.runDate())
                                        && w.check().equals(c.check())));
    }

    /** A day as the gate prints it: {@code Sat 2026-11-28}. */
    public static String day(LocalDate date) {
        return date.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + date;
    }

    /** The status of the latest run, if any. */
    public java.util.Optional<Status> lastRunStatus() {
        return lastRun.map(RunRecord::status);
    }
}
