package dev.paritygate.check;

import dev.paritygate.rules.MismatchTolerance;
import dev.paritygate.verdict.Status;

/**
 * A count of differing rows judged against a {@link MismatchTolerance} on sides of known size: what
 * {@code key_diff} and the column checks share.
 *
 * @param rows the rows that differ
 * @param allowed the rows the tolerance allows
 * @param warnAllowed the rows the warn band allows, or null when there is none
 */
record DifferingRows(long rows, long allowed, Long warnAllowed) {

    /** {@code rows} judged against {@code tolerance}, whose rates apply to {@code larger} rows. */
    static DifferingRows judge(MismatchTolerance tolerance, long rows, long larger) {
        return new DifferingRows(
                rows, tolerance.allowed(larger), tolerance.hasWarnBand() ? tolerance.warnAllowed(larger) : null);
    }

    boolean tolerated() {
        return rows <= allowed;
    }

    /** Why tolerated rows are a WARN, not a PASS: within the tolerance but over the band; else null. */
    String overBand() {
        return tolerated() && warnAllowed != null && rows > warnAllowed
                ? "within tolerance but over the warn band: " + rows + " rows differ, the band allows " + warnAllowed
                : null;
    }

    /**
     * The status of a count: PASS at zero, and when tolerated unless over the band ({@code
     * overBand} not null), then WARN; otherwise {@code fail}.
     */
    static Status status(long value, boolean tolerated, String overBand, Status fail) {
        return value == 0 ? Status.PASS : tolerated ? overBand == null ? Status.PASS : Status.WARN : fail;
    }

    /** The message suffix of a tolerated non-zero count: {@code (within tolerance)}, or why it warns. */
    static String toleratedSuffix(String overBand) {
        return overBand == null ? " (within tolerance)" : " (" + overBand + ")";
    }
}
