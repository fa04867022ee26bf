package dev.paritygate.job.report;

/** How one business date of a pipeline's history looks on the report's calendar strip. */
enum DayOutcome {
    PASS("passed"),
    WARN("passed with warnings"),
    WAIVED("failed, waived"),
    FAIL("failed"),
    ERROR("could not be evaluated"),
    UNKNOWN("no run status recorded"),
    NO_RUN("no run");

    private final String words;

    DayOutcome(String words) {
        this.words = words;
    }

    String words() {
        return words;
    }

    /** Whether the date keeps a parity streak going: a pass, a warning or a waived failure. */
    boolean keepsStreak() {
        return this == PASS || this == WARN || this == WAIVED;
    }
}
