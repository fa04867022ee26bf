package dev.paritygate.rules;

import java.math.BigDecimal;
import java.util.List;

/**
 * The table-level checks of a rule and their tolerances. Every field has a default, so a rule may
 * omit {@code checks} entirely.
 */
public record Checks(
        SchemaCheck schema,
        RowCountCheck rowCount,
        PartitionHashCheck partitionHash,
        KeyDiffCheck keyDiff,
        ColumnsCheck columns) {

    /** All checks enabled with their defaults. */
    public static final Checks DEFAULT = new Checks(null, null, null, null, null);

    public Checks {
        schema = schema == null ? new SchemaCheck(null, null, null, null, null) : schema;
        rowCount = rowCount == null ? new RowCountCheck(null, null, null, null, null, null) : rowCount;
        partitionHash = partitionHash == null ? new PartitionHashCheck(null, null) : partitionHash;
        keyDiff = keyDiff == null ? new KeyDiffCheck(null, null, null, null, null, null, null, null) : keyDiff;
        columns = columns == null ? new ColumnsCheck(null, null) : columns;
    }

    /**
     * Whether the {@code column:<name>} checks give verdicts: they need the key diff's join, which
     * {@code key_diff.mode: estimate} skips.
     */
    public boolean columnsCompared() {
        return columns.enabled() && keyDiff.mode() != KeyDiffMode.ESTIMATE;
    }

    /**
     * Same columns and compatible types.
     *
     * @param allowTypeChanges accepted type changes, {@code from->to} by type family or name:
     *     {@code int->bigint}, {@code decimal->double}, {@code integral->decimal}, {@code *->string}
     * @param allowAdded columns only on the right side do not fail the check
     * @param allowDropped columns only on the left side do not fail the check
     */
    public record SchemaCheck(
            Boolean enabled,
            Severity severity,
            List<String> allowTypeChanges,
            Boolean allowAdded,
            Boolean allowDropped) {
        public SchemaCheck {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            severity = severity == null ? Severity.BLOCKING : severity;
            allowTypeChanges = allowTypeChanges == null ? List.of() : List.copyOf(allowTypeChanges);
            allowAdded = allowAdded == null ? Boolean.FALSE : allowAdded;
            allowDropped = allowDropped == null ? Boolean.FALSE : allowDropped;
        }
    }

    /**
     * Total and per-partition row counts agree within {@code absTol + relTol * right}.
     *
     * @param absTol absolute tolerance in rows
     * @param relTol relative tolerance, relative to the right side's count
     * @param warnAbsTol absolute part of the warn band: a count within the tolerance but beyond
     *     {@code warnAbsTol + warnRelTol * right} is a WARN. Both warn components are null when the
     *     rule has no band; when one is set, the other defaults to 0
     * @param warnRelTol relative part of the warn band
     */
    public record RowCountCheck(
            Boolean enabled,
            Severity severity,
            Long absTol,
            BigDecimal relTol,
            Long warnAbsTol,
            BigDecimal warnRelTol) {
        public RowCountCheck {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            severity = severity == null ? Severity.BLOCKING : severity;
            absTol = absTol == null ? 0L : absTol;
            relTol = relTol == null ? BigDecimal.ZERO : relTol;
            if (absTol < 0 || relTol.signum() < 0) {
                throw new IllegalArgumentException(
                        "Invalid row_count tolerance abs_tol=" + absTol + " rel_tol=" + relTol + ": must be >= 0");
            }
            if (warnAbsTol != null || warnRelTol != null) {
                warnAbsTol = warnAbsTol == null ? 0L : warnAbsTol;
                warnRelTol = warnRelTol == null ? BigDecimal.ZERO : warnRelTol;
                requireWithin(
                        "row_count",
                        "warn_abs_tol",
                        BigDecimal.valueOf(warnAbsTol),
                        "abs tolerance",
                        BigDecimal.valueOf(absTol));
                requireWithin("row_count", "warn_rel_tol", warnRelTol, "rel tolerance", relTol);
            }
        }

        /** A check without a warn band. */
        public RowCountCheck(Boolean enabled, Severity severity, Long absTol, BigDecimal relTol) {
            this(enabled, severity, absTol, relTol, null, null);
        }

        /** Whether the rule sets a warn band ({@code warn_abs_tol} or {@code warn_rel_tol}). */
        public boolean hasWarnBand() {
            return warnAbsTol != null;
        }
    }

    /** Per-partition fingerprints: informational, a mismatch only routes the partition to the key diff. */
    public record PartitionHashCheck(Boolean enabled, Severity severity) {
        public PartitionHashCheck {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            severity = severity == null ? Severity.WARNING : severity;
        }
    }

    /**
     * Rows joined on the key.
     *
     * @param maxMismatchCount rows that may differ (only-left + only-right + mismatched) and still pass
     * @param maxMismatchRate share of rows that may differ, relative to the larger side
     * @param allowDuplicates duplicate keys are reported but do not fail the check
     * @param mode {@code pruned} (default: only where fingerprints differ) or {@code full} (audit)
     * @param warnMismatchCount warn band: differing rows within the tolerance but more than {@code
     *     max(warnMismatchCount, floor(warnMismatchRate * larger side))} are a WARN. Both warn
     *     components are null when the rule has no band; when one is set, the other defaults to 0
     * @param warnMismatchRate warn band share, relative to the larger side
     */
    public record KeyDiffCheck(
            Boolean enabled,
            Severity severity,
            Long maxMismatchCount,
            BigDecimal maxMismatchRate,
            Boolean allowDuplicates,
            KeyDiffMode mode,
            Long warnMismatchCount,
            BigDecimal warnMismatchRate) {
        public KeyDiffCheck {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            severity = severity == null ? Severity.BLOCKING : severity;
            allowDuplicates = allowDuplicates == null ? Boolean.FALSE : allowDuplicates;
            mode = mode == null ? KeyDiffMode.PRUNED : mode;
            MismatchTolerance t = new MismatchTolerance(
                    "key_diff", maxMismatchCount, maxMismatchRate, warnMismatchCount, warnMismatchRate);
            maxMismatchCount = t.maxCount();
            maxMismatchRate = t.maxRate();
            warnMismatchCount = t.warnCount();
            warnMismatchRate = t.warnRate();
        }

        /** A check without a warn band. */
        public KeyDiffCheck(
                Boolean enabled,
                Severity severity,
                Long maxMismatchCount,
                BigDecimal maxMismatchRate,
                Boolean allowDuplicates,
                KeyDiffMode mode) {
            this(enabled, severity, maxMismatchCount, maxMismatchRate, allowDuplicates, mode, null, null);
        }

        /** Whether the rule sets a warn band ({@code warn_mismatch_count} or {@code warn_mismatch_rate}). */
        public boolean hasWarnBand() {
            return warnMismatchCount != null;
        }

        /** How many rows may differ (only-left + only-right + mismatched), with the warn band. */
        public MismatchTolerance mismatchTolerance() {
            return new MismatchTolerance(
                    "key_diff", maxMismatchCount, maxMismatchRate, warnMismatchCount, warnMismatchRate);
        }
    }

    /**
     * Defaults for every {@code column:<name>} check; each key a column sets itself wins. The four
     * mismatch keys stay null when unset, so that a column's own keys can be told from these.
     *
     * @param maxMismatchCount rows whose column value may differ and still pass (0 when unset)
     * @param maxMismatchRate share of rows that may differ, relative to the larger side (0 when unset)
     * @param warnMismatchCount warn band, as {@link KeyDiffCheck}'s
     * @param warnMismatchRate warn band share, relative to the larger side
     */
    public record ColumnsCheck(
            Boolean enabled,
            Severity severity,
            Long maxMismatchCount,
            BigDecimal maxMismatchRate,
            Long warnMismatchCount,
            BigDecimal warnMismatchRate) {
        public ColumnsCheck {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            severity = severity == null ? Severity.BLOCKING : severity;
            // Every column without keys of its own takes these, so they must hold on their own.
            new MismatchTolerance(
                    "checks.columns", maxMismatchCount, maxMismatchRate, warnMismatchCount, warnMismatchRate);
        }

        /** Defaults without a mismatch tolerance: any differing row fails. */
        public ColumnsCheck(Boolean enabled, Severity severity) {
            this(enabled, severity, null, null, null, null);
        }

        /**
         * The tolerance of column {@code column}: each of the four keys from its options {@code own}
         * when set there, else from these defaults.
         *
         * @throws IllegalArgumentException when the keys taken together make a warn band wider than
         *     its tolerance
         */
        public MismatchTolerance mismatchTolerance(String column, ColumnOptions own) {
            return new MismatchTolerance(
                    "column " + column,
                    own.maxMismatchCount() != null ? own.maxMismatchCount() : maxMismatchCount,
                    own.maxMismatchRate() != null ? own.maxMismatchRate() : maxMismatchRate,
                    own.warnMismatchCount() != null ? own.warnMismatchCount() : warnMismatchCount,
                    own.warnMismatchRate() != null ? own.warnMismatchRate() : warnMismatchRate);
        }
    }

    /**
     * A warn band lies inside its tolerance: a component that is negative or larger than its
     * counterpart could never warn, so it is a mistake. The message names only the warn key, so that
     * a rules file error points at its line. Package-private: {@link KpiSpec.Metric} uses it too.
     */
    static void requireWithin(String subject, String key, BigDecimal warn, String counterpart, BigDecimal tol) {
        requireWithin(subject, key, warn, warn.toPlainString(), counterpart, tol, tol.toPlainString());
    }

    /**
     * Like {@link #requireWithin(String, String, BigDecimal, String, BigDecimal)}, for any comparable
     * value (a duration in microseconds), shown as {@code warnText} and {@code tolText}.
     */
    static <T extends Comparable<T>> void requireWithin(
            String subject, String key, T warn, String warnText, String counterpart, T tol, String tolText) {
        if (warn.compareTo(tol) > 0 || (warn instanceof BigDecimal d && d.signum() < 0)) {
            throw new InvalidKeyValue(
                    subject,
                    key,
                    warnText + ": must be between 0 and the " + counterpart + " " + tolText
                            + ", since a warn band lies inside the tolerance");
        }
    }

    /** How much of the data the key diff examines. */
    public enum KeyDiffMode {
        /** Only partitions and key-hash segments whose fingerprints differ. */
        PRUNED,
        /** Every row, ignoring fingerprints (audit mode); verdicts equal those of PRUNED. */
        FULL,
        /**
         * No join: rows only on one side and mismatched keys are estimated from Theta sketches of
         * the keys, computed in the same single pass. For tables too large to join every night.
         */
        ESTIMATE
    }
}
