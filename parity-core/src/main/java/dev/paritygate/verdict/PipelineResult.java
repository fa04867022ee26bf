package dev.paritygate.verdict;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything one comparison of one pipeline produced.
 *
 * @param pipeline pipeline name
 * @param runDate the business date compared (null when the caller compared data with no date)
 * @param leftSource description of the left side
 * @param rightSource description of the right side
 * @param rulesFingerprint stable hash of the effective rule
 * @param startedAt when the comparison started
 * @param finishedAt when it finished
 * @param verdicts one per check, scope and metric
 * @param samples the capped, masked sample of mismatching rows
 * @param ruleError whether its ERROR verdicts come from the rule itself (a column it names that the
 *     data does not have, SQL it holds that does not parse or analyse against the data), not from the data
 *     or the platform: the rule's author fixes it, and the run exits 2 rather than 3. Always false
 *     for a result without an ERROR verdict.
 */
public record PipelineResult(
        String pipeline,
        LocalDate runDate,
        String leftSource,
        String rightSource,
        String rulesFingerprint,
        Instant startedAt,
        Instant finishedAt,
        List<Verdict> verdicts,
        List<SampleRow> samples,
        boolean ruleError) {

    public PipelineResult {
        verdicts = List.copyOf(verdicts);
        samples = samples == null ? List.of() : List.copyOf(samples);
        ruleError = ruleError && verdicts.stream().anyMatch(v -> v.status() == Status.ERROR);
    }

    /** A result whose ERROR verdicts, if any, are not the rule's own: see {@link #ruleError()}. */
    public PipelineResult(
            String pipeline,
            LocalDate runDate,
            String leftSource,
            String rightSource,
            String rulesFingerprint,
            Instant startedAt,
            Instant finishedAt,
            List<Verdict> verdicts,
            List<SampleRow> samples) {
        this(
                pipeline,
                runDate,
                leftSource,
                rightSource,
                rulesFingerprint,
                startedAt,
                finishedAt,
                verdicts,
                samples,
                false);
    }

    /**
     * Worst status of the blocking checks; ERROR of any check counts (it never passes silently). A
     * SKIPPED row, a metric the rule chose not to compute (duplicate keys under {@code key_diff.mode:
     * estimate}), proves nothing either way and leaves the status to the others: a clean run in
     * estimate mode is PASS, not SKIPPED.
     */
    public Status status() {
        Status s = Status.PASS;
        for (Verdict v : verdicts) {
            s = s.withCheck(v.status(), v.blocking());
        }
        return s;
    }

    /** Verdicts of one check, in order. */
    public List<Verdict> verdicts(String check) {
        return verdicts.stream().filter(v -> v.check().equals(check)).toList();
    }

    /**
     * The single verdict of a check, scope and metric.
     *
     * @throws IllegalArgumentException when there is none; the message lists what the check has
     *     instead (a check that could not be evaluated has one {@code error} verdict, whose message
     *     it quotes) or, for a check that is absent, the checks there are
     */
    public Verdict verdict(String check, String scope, String metric) {
        return verdicts.stream()
                .filter(v -> v.check().equals(check)
                        && v.scope().equals(scope)
                        && v.metric().equals(metric))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Cannot find verdict (" + check + ", " + scope + ", "
                        + metric + ") of pipeline " + pipeline + " (status " + status() + "): " + present(check)));
    }

    private String present(String check) {
        List<Verdict> ofCheck = verdicts(check);
        if (ofCheck.isEmpty()) {
            return "it has no check '" + check + "'; its checks: "
                    + verdicts.stream().map(Verdict::check).distinct().toList();
        }
        return check + " has "
                + ofCheck.stream()
                        .map(v -> "(" + v.scope() + ", " + v.metric() + ") " + v.status()
                                + (v.status() == Status.ERROR ? " '" + v.message() + "'" : ""))
                        .distinct()
                        .limit(10)
                        .toList();
    }
}
