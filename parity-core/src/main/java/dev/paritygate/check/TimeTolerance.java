package dev.paritygate.check;

import dev.paritygate.rules.KpiSpec;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Two instants (or two dates) are equal within tolerance when they are at most {@code micros}
 * apart. Written as an ISO-8601 duration, {@code time<=PT0.001S}, whatever the rule wrote ({@code
 * 1ms}), like the differences the KPI messages show.
 */
record TimeTolerance(long micros) {
    TimeTolerance {
        if (micros < 0) {
            throw new IllegalArgumentException("Invalid time tolerance " + micros + " us: must be >= 0");
        }
    }

    /** A KPI metric's time tolerance. */
    static TimeTolerance of(KpiSpec.Metric metric) {
        return new TimeTolerance(metric.timeToleranceMicros());
    }

    /** A KPI metric's time warn band, or null when it sets none. */
    static TimeTolerance bandOf(KpiSpec.Metric metric) {
        long band = metric.warnTimeToleranceMicros();
        return band < 0 ? null : new TimeTolerance(band);
    }

    boolean allows(Duration difference) {
        return difference.abs().compareTo(duration()) <= 0;
    }

    String describe() {
        return "time<=" + duration();
    }

    /** A verdict's tolerance text, with the warn band when there is one: {@code time<=PT1S, warn beyond time<=PT0.5S}. */
    static String describe(TimeTolerance tol, TimeTolerance band) {
        return band == null ? tol.describe() : tol.describe() + ", warn beyond " + band.describe();
    }

    private Duration duration() {
        return Duration.of(micros, ChronoUnit.MICROS);
    }
}
