package dev.paritygate.job.report;

import java.nio.file.Path;

/** The shared verdict history, for tests of the CLI in {@code dev.paritygate.job}. */
public final class ReportFixtures {
    private ReportFixtures() {}

    public static Path warehouse() {
        return VerdictHistory.warehouse();
    }

    public static String retryRunId() {
        return VerdictHistory.RETRY;
    }
}
