package dev.paritygate.rules;

import java.math.BigDecimal;

/**
 * How one column is compared. Two numbers are equal when
 * {@code abs(l - r) <= absTol + relTol * abs(r)}, the distance of two integers or decimals taken
 * exactly; a tolerance applies to finite values only, so NaN and the infinities equal only
 * themselves (an infinity also the opposite one when {@code oppositeInfinitiesEqual}). A key column
 * takes no tolerance (rows are joined on equal keys) but does take the normalisations. Strings, timestamps and NaN are normalised as described per field before they are
 * hashed or compared, identically on both sides.
 *
 * @param absTol absolute numeric tolerance (0 when null)
 * @param relTol relative numeric tolerance, relative to the right side (0 when null)
 * @param trim trim leading and trailing spaces (CHAR padding of legacy engines)
 * @param ignoreCase compare strings case-insensitively
 * @param emptyEqualsNull treat the empty string as NULL
 * @param nanEqual NaN equals NaN (default true)
 * @param signedZeroEqual {@code -0.0} equals {@code 0.0} (default true); when false, two zeros of
 *     opposite sign differ, under any tolerance too (a tolerance admits a distance, and theirs is 0),
 *     as NaN differs from NaN under any tolerance when {@code nanEqual} is false. Floating-point
 *     columns only: integers and decimals have no negative zero
 * @param oppositeInfinitiesEqual {@code +inf} equals {@code -inf} (default false), for an engine that
 *     loses the sign of an overflow; when false, they differ under any tolerance. Floating-point
 *     columns only
 * @param leftTimeZone zone the left side's local timestamps are in (overrides the source's); on a
 *     TIMESTAMP column, which the source's zone never shifts, it reads the UTC wall-clock time as
 *     local time in this zone; on a string compared with a timestamp or date, the zone of the
 *     strings that name none
 * @param rightTimeZone zone the right side's local timestamps are in, likewise
 * @param truncate truncate timestamps (and strings compared with one, once parsed) to this unit
 *     before comparing
 * @param timeTolerance maximum distance between two timestamps (or a timestamp and a parsed string)
 *     that still counts as equal, as an ISO-8601 duration ({@code PT0.5S}) or a number with a unit
 *     ({@code 500ms}, {@code 2s}, {@code 1m})
 * @param severity severity of this column's {@code column:<name>} check
 * @param unicode Unicode normalisation form strings are brought to before comparing (none when
 *     null): {@code NFC} makes composed and decomposed accents equal ({@code é} and {@code e} with a
 *     combining acute), {@code NFKC} also folds compatibility forms (full-width letters, ligatures)
 * @param maxMismatchCount rows whose value in this column may differ while its {@code column:<name>}
 *     check still passes; this and the three keys below default, one by one, to the same keys of
 *     {@link Checks.ColumnsCheck} (null when unset here)
 * @param maxMismatchRate share of rows that may differ, relative to the larger side
 * @param warnMismatchCount warn band: differing rows within the tolerance but more than {@code
 *     max(warnMismatchCount, floor(warnMismatchRate * larger side))} are a WARN
 * @param warnMismatchRate warn band share, relative to the larger side
 */
public record ColumnOptions(
        BigDecimal absTol,
        BigDecimal relTol,
        boolean trim,
        boolean ignoreCase,
        boolean emptyEqualsNull,
        Boolean nanEqual,
        Boolean signedZeroEqual,
        Boolean oppositeInfinitiesEqual,
        String leftTimeZone,
        String rightTimeZone,
        TimeUnitTruncation truncate,
        String timeTolerance,
        Severity severity,
        UnicodeForm unicode,
        Long maxMismatchCount,
        BigDecimal maxMismatchRate,
        Long warnMismatchCount,
        BigDecimal warnMismatchRate) {

    /** Exact comparison: no tolerance, no normalisation beyond the type-level canonical form. */
    public static final ColumnOptions DEFAULT = new ColumnOptions(
            null, null, false, false, false, true, true, false, null, null, null, null, null, null, null, null, null,
            null);

    public ColumnOptions {
        nanEqual = nanEqual == null ? Boolean.TRUE : nanEqual;
        signedZeroEqual = signedZeroEqual == null ? Boolean.TRUE : signedZeroEqual;
        oppositeInfinitiesEqual = oppositeInfinitiesEqual == null ? Boolean.FALSE : oppositeInfinitiesEqual;
        if (timeTolerance != null) {
            DurationText.parseMicros(timeTolerance, "time_tolerance");
        }
        if (absTol != null && absTol.signum() < 0) {
            throw new IllegalArgumentException("Invalid abs_tol " + absTol + ": must be >= 0");
        }
        if (relTol != null && relTol.signum() < 0) {
            throw new IllegalArgumentException("Invalid rel_tol " + relTol + ": must be >= 0");
        }
        // The mismatch keys are checked together with the defaults they complete, in
        // Checks.ColumnsCheck.mismatchTolerance.
    }

    /**
     * The rule key of the first tolerance set ({@code abs_tol}, {@code rel_tol}, {@code
     * time_tolerance}, then the mismatch keys), written out even when zero, or empty when none is:
     * what cannot apply to a key, which has no {@code column:<name>} check.
     */
    public java.util.Optional<String> toleranceKey() {
        java.util.Map<String, Object> keys = new java.util.LinkedHashMap<>();
        keys.put("abs_tol", absTol);
        keys.put("rel_tol", relTol);
        keys.put("time_tolerance", timeTolerance);
        keys.put("max_mismatch_count", maxMismatchCount);
        keys.put("max_mismatch_rate", maxMismatchRate);
        keys.put("warn_mismatch_count", warnMismatchCount);
        keys.put("warn_mismatch_rate", warnMismatchRate);
        return keys.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(java.util.Map.Entry::getKey)
                .findFirst();
    }

    /** True when a numeric tolerance is set, so values are compared by distance, not equality. */
    public boolean hasNumericTolerance() {
        return (absTol != null && absTol.signum() > 0) || (relTol != null && relTol.signum() > 0);
    }

    /** Timestamp tolerance in microseconds, 0 when unset. */
    public long timeToleranceMicros() {
        return timeTolerance == null ? 0L : DurationText.parseMicros(timeTolerance);
    }

    /** Absolute tolerance, zero when unset. */
    public BigDecimal absTolOrZero() {
        return absTol == null ? BigDecimal.ZERO : absTol;
    }

    /** Relative tolerance, zero when unset. */
    public BigDecimal relTolOrZero() {
        return relTol == null ? BigDecimal.ZERO : relTol;
    }

    /** Unicode normalisation forms, as {@link java.text.Normalizer.Form} defines them. */
    public enum UnicodeForm {
        NFC,
        NFD,
        NFKC,
        NFKD
    }

    /** Units a timestamp can be truncated to. */
    public enum TimeUnitTruncation {
        MILLISECOND(1_000L),
        SECOND(1_000_000L),
        MINUTE(60_000_000L),
        HOUR(3_600_000_000L),
        DAY(86_400_000_000L);

        private final long micros;

        TimeUnitTruncation(long micros) {
            this.micros = micros;
        }

        public long micros() {
            return micros;
        }
    }
}
