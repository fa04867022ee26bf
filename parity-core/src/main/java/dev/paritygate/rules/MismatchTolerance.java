package dev.paritygate.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How many rows may differ while a check still passes, and the warn band inside that tolerance:
 * the rule keys {@code max_mismatch_count}, {@code max_mismatch_rate}, {@code warn_mismatch_count}
 * and {@code warn_mismatch_rate} of {@code key_diff} and of the column checks. Rates are relative
 * to the larger side's row count.
 *
 * @param check the check the keys belong to, as error messages name it ({@code key_diff}, {@code
 *     column amount})
 * @param maxCount rows that may differ and still pass (0 when null)
 * @param maxRate share of rows that may differ (0 when null)
 * @param warnCount warn band: differing rows within the tolerance but more than {@code
 *     max(warnCount, floor(warnRate * larger side))} are a WARN. Both warn components are null when
 *     there is no band; when one is set, the other defaults to 0
 * @param warnRate warn band share
 */
public record MismatchTolerance(String check, Long maxCount, BigDecimal maxRate, Long warnCount, BigDecimal warnRate) {
    /** The rule keys, in the order of the components. */
    public static final List<String> KEYS =
            List.of("max_mismatch_count", "max_mismatch_rate", "warn_mismatch_count", "warn_mismatch_rate");

    public MismatchTolerance {
        maxCount = maxCount == null ? 0L : maxCount;
        maxRate = maxRate == null ? BigDecimal.ZERO : maxRate;
        // One key per message, so that a rules file error points at that key's line.
        if (maxCount < 0) {
            throw new InvalidKeyValue(check, "max_mismatch_count", maxCount + ": must be >= 0");
        }
        if (maxRate.signum() < 0) {
            throw new InvalidKeyValue(check, "max_mismatch_rate", maxRate.toPlainString() + ": must be >= 0");
        }
        if (warnCount != null || warnRate != null) {
            warnCount = warnCount == null ? 0L : warnCount;
            warnRate = warnRate == null ? BigDecimal.ZERO : warnRate;
            Checks.requireWithin(
                    check,
                    "warn_mismatch_count",
                    BigDecimal.valueOf(warnCount),
                    "max mismatch count",
                    BigDecimal.valueOf(maxCount));
            Checks.requireWithin(check, "warn_mismatch_rate", warnRate, "max mismatch rate", maxRate);
        }
    }

    /** Whether a warn band is set ({@code warn_mismatch_count} or {@code warn_mismatch_rate}). */
    public boolean hasWarnBand() {
        return warnCount != null;
    }

    /** Whether any row may differ or a band is set: false for the default, where any difference fails. */
    public boolean isSet() {
        return maxCount > 0 || maxRate.signum() > 0 || hasWarnBand();
    }

    /** Differing rows the tolerance allows: {@code max(maxCount, floor(maxRate * larger))}. */
    public long allowed(long larger) {
        return Math.max(maxCount, floorShare(maxRate, larger));
    }

    /**
     * Differing rows the warn band allows: {@code max(warnCount, floor(warnRate * larger))}.
     *
     * @throws IllegalStateException when no band is set
     */
    public long warnAllowed(long larger) {
        if (!hasWarnBand()) {
            throw new IllegalStateException("The " + check + " tolerance has no warn band");
        }
        return Math.max(warnCount, floorShare(warnRate, larger));
    }

    /** The tolerance text, with the warn band when set: {@code count<=10 rate<=0.1, warn beyond count<=2 rate<=0}. */
    public String describe() {
        String tol = "count<=" + maxCount + " rate<=" + maxRate.toPlainString();
        return hasWarnBand() ? tol + ", warn beyond count<=" + warnCount + " rate<=" + warnRate.toPlainString() : tol;
    }

    /**
     * {@code floor(rate * rows)}; a share beyond what a long counts (a rate such as 1e30, which a
     * rule may write) allows every row rather than overflowing mid-comparison.
     */
    private static long floorShare(BigDecimal rate, long rows) {
        BigDecimal share = rate.multiply(BigDecimal.valueOf(rows)).setScale(0, RoundingMode.FLOOR);
        return share.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : share.longValueExact();
    }
}
