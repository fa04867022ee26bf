package dev.paritygate.verdict;

import java.util.Objects;

/**
 * One row of the verdict table: the outcome of one check, for one scope and metric.
 *
 * @param check check name: {@code schema}, {@code row_count}, {@code partition_hash}, {@code key_diff},
 *     {@code column:<name>}, {@code kpi:<name>}, {@code distribution:<column>}, {@code distinct:<column>}
 * @param scope {@code *} for the table, a partition spec ({@code order_date=2026-11-20}) or a group
 * @param metric what was measured ({@code rows}, {@code rows_only_in_left}, {@code mismatches}, ...)
 * @param status the outcome
 * @param blocking whether a failure of this check fails the run
 * @param leftValue the left (legacy) side's value, as text (numbers as plain decimals)
 * @param rightValue the right (cloud) side's value, as text
 * @param difference numeric difference (right - left, or a count of differences), null when not numeric
 * @param tolerance the tolerance applied, in words ({@code abs<=0 rel<=0})
 * @param message one line a person acts on
 * @param details JSON with check-specific details, {@code {}} when none
 */
public record Verdict(
        String check,
        String scope,
        String metric,
        Status status,
        boolean blocking,
        String leftValue,
        String rightValue,
        Double difference,
        String tolerance,
        String message,
        String details) {

    /** Scope of table-level checks. */
    public static final String TABLE_SCOPE = "*";

    public Verdict {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        scope = scope == null ? TABLE_SCOPE : scope;
        metric = metric == null ? "" : metric;
        message = message == null ? "" : message;
        details = details == null || details.isBlank() ? "{}" : details;
    }

    /** A verdict for a check that could not be evaluated. */
    public static Verdict error(String check, boolean blocking, String message) {
        return new Verdict(check, TABLE_SCOPE, "error", Status.ERROR, blocking, null, null, null, null, message, null);
    }
}
