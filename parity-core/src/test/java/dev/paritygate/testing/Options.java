package dev.paritygate.testing;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.Severity;
import java.math.BigDecimal;

/**
 * A column's options for a test, built by name from {@link ColumnOptions#DEFAULT}: a test states
 * only the options it is about, and a new option does not touch every test that builds some.
 */
public final class Options {
    private BigDecimal absTol;
    private BigDecimal relTol;
    private boolean trim;
    private boolean ignoreCase;
    private boolean emptyEqualsNull;
    private Boolean nanEqual;
    private Boolean signedZeroEqual;
    private Boolean oppositeInfinitiesEqual;
    private String leftTimeZone;
    private String rightTimeZone;
    private ColumnOptions.TimeUnitTruncation truncate;
    private String timeTolerance;
    private Severity severity;
    private ColumnOptions.UnicodeForm unicode;
    private Long maxMismatchCount;
    private BigDecimal maxMismatchRate;
    private Long warnMismatchCount;
    private BigDecimal warnMismatchRate;

    private Options(ColumnOptions o) {
        absTol = o.absTol();
        relTol = o.relTol();
        trim = o.trim();
        ignoreCase = o.ignoreCase();
        emptyEqualsNull = o.emptyEqualsNull();
        nanEqual = o.nanEqual();
        signedZeroEqual = o.signedZeroEqual();
        oppositeInfinitiesEqual = o.oppositeInfinitiesEqual();
        leftTimeZone = o.leftTimeZone();
        rightTimeZone = o.rightTimeZone();
        truncate = o.truncate();
        timeTolerance = o.timeTolerance();
        severity = o.severity();
        unicode = o.unicode();
        maxMismatchCount = o.maxMismatchCount();
        maxMismatchRate = o.maxMismatchRate();
        warnMismatchCount = o.warnMismatchCount();
        warnMismatchRate = o.warnMismatchRate();
    }

    /** The default options: exact comparison. */
    public static Options options() {
        return new Options(ColumnOptions.DEFAULT);
    }

    /** {@code o}'s options, to change some of them. */
    public static Options from(ColumnOptions o) {
        return new Options(o);
    }

    public Options absTol(BigDecimal v) {
        absTol = v;
        return this;
    }

    public Options relTol(BigDecimal v) {
        relTol = v;
        return this;
    }

    public Options trim(boolean v) {
        trim = v;
        return this;
    }

    public Options ignoreCase(boolean v) {
        ignoreCase = v;
        return this;
    }

    public Options emptyEqualsNull(boolean v) {
        emptyEqualsNull = v;
        return this;
    }

    public Options nanEqual(Boolean v) {
        nanEqual = v;
        return this;
    }

    public Options signedZeroEqual(Boolean v) {
        signedZeroEqual = v;
        return this;
    }

    public Options oppositeInfinitiesEqual(Boolean v) {
        oppositeInfinitiesEqual = v;
        return this;
    }

    public Options leftTimeZone(String v) {
        leftTimeZone = v;
        return this;
    }

    public Options rightTimeZone(String v) {
        rightTimeZone = v;
        return this;
    }

    public Options truncate(ColumnOptions.TimeUnitTruncation v) {
        truncate = v;
        return this;
    }

    public Options timeTolerance(String v) {
        timeTolerance = v;
        return this;
    }

    public Options severity(Severity v) {
        severity = v;
        return this;
    }

    public Options unicode(ColumnOptions.UnicodeForm v) {
        unicode = v;
        return this;
    }

    /** The mismatch tolerance and warn band keys, each null when unset. */
    public Options mismatch(Long maxCount, BigDecimal maxRate, Long warnCount, BigDecimal warnRate) {
        maxMismatchCount = maxCount;
        maxMismatchRate = maxRate;
        warnMismatchCount = warnCount;
        warnMismatchRate = warnRate;
        return this;
    }

    public ColumnOptions build() {
        return new ColumnOptions(
                absTol,
                relTol,
                trim,
                ignoreCase,
                emptyEqualsNull,
                nanEqual,
                signedZeroEqual,
                oppositeInfinitiesEqual,
                leftTimeZone,
                rightTimeZone,
                truncate,
                timeTolerance,
                severity,
                unicode,
                maxMismatchCount,
                maxMismatchRate,
                warnMismatchCount,
                warnMismatchRate);
    }
}
