package dev.paritygate.gate;

import static dev.paritygate.gate.GateFixtures.FRI;
import static dev.paritygate.gate.GateFixtures.history;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.verdict.Status;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WaiverCheckTest {
    private static final LocalDate WED = FRI.minusDays(2);
    private static final LocalDate SAT = FRI.plusDays(1);
    private static final LocalDate EXPIRES = LocalDate.parse("2026-12-21");

    private static final GateHistory HISTORY = history()
            .clean("orders", FRI.minusDays(4), FRI)
            .fail("orders", WED, "kpi:revenue_by_region", "region=EU: rel diff 0.0031 > 0.0005")
            .run(
                    "orders",
                    FRI,
                    new CheckOutcome("row_count", Status.PASS, true, ""),
                    new CheckOutcome("schema", Status.ERROR, true, "cannot read the right side"),
                    new CheckOutcome("distinct:region", Status.FAIL, false, "4 vs 5"),
                    new CheckOutcome("partition_hash", Status.WARN, false, "fingerprints differ"),
                    new CheckOutcome("kpi:revenue", Status.WARN, true, "over the warn band"))
            .build();

    private static void waive(LocalDate runDate, String check, LocalDate expiresOn) {
        WaiverCheck.require(HISTORY, "orders", runDate, check, expiresOn, SAT);
    }

    @Test
    void aFailingBlockingCheckOfTheLatestAttemptMayBeWaived() {
        assertThatCode(() -> waive(WED, "kpi:revenue_by_region", EXPIRES)).doesNotThrowAnyException();
    }

    @Test
    void aCheckThatDidNotFailIsRefusedNamingTheChecksThatDid() {
        assertThatThrownBy(() -> waive(WED, "row_count", EXPIRES))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot waive row_count of orders on 2026-11-18: it did not fail (failing blocking"
                        + " checks that date: kpi:revenue_by_region). Only a failing blocking check can be waived;"
                        + " errors cannot.");
        assertThatThrownBy(() -> waive(FRI.minusDays(1), "kpi:revenue_by_region", EXPIRES))
                .hasMessage("Cannot waive kpi:revenue_by_region of orders on 2026-11-19: that date's run has no"
                        + " check kpi:revenue_by_region (failing blocking checks that date: none). Only a failing"
                        + " blocking check can be waived; errors cannot.");
    }

    @Test
    void anErrorAndANonBlockingFailureAreRefusedSayingWhy() {
        assertThatThrownBy(() -> waive(FRI, "schema", EXPIRES))
                .hasMessage("Cannot waive schema of orders on 2026-11-20: it is an ERROR, which no waiver forgives"
                        + " (failing blocking checks that date: none). Only a failing blocking check can be waived;"
                        + " errors cannot.");
        assertThatThrownBy(() -> waive(FRI, "distinct:region", EXPIRES))
                .hasMessage("Cannot waive distinct:region of orders on 2026-11-20: it failed but is not blocking,"
                        + " so it does not hold the gate (failing blocking checks that date: none). Only a failing"
                        + " blocking check can be waived; errors cannot.");
    }

    @Test
    void aBlockingCheckOverItsWarnBandIsRefusedAsWithinTolerance() {
        assertThatThrownBy(() -> waive(FRI, "kpi:revenue", EXPIRES))
                .hasMessage("Cannot waive kpi:revenue of orders on 2026-11-20: it is within tolerance, only over its"
                        + " warn band, so it does not hold the gate (failing blocking checks that date: none). Only a"
                        + " failing blocking check can be waived; errors cannot.");
    }

    @Test
    void aNonBlockingCheckStoredAsWarnIsRefusedAsAFailureThatDoesNotHoldTheGate() {
        assertThatThrownBy(() -> waive(FRI, "partition_hash", EXPIRES))
                .hasMessage("Cannot waive partition_hash of orders on 2026-11-20: it failed but is not blocking,"
                        + " so it does not hold the gate (failing blocking checks that date: none). Only a failing"
                        + " blocking check can be waived; errors cannot.");
    }

    @Test
    void aDateWithoutARunIsRefusedNamingTheLatestRunDate() {
        assertThatThrownBy(() -> waive(SAT, "row_count", EXPIRES))
                .hasMessage("Cannot waive row_count of orders on 2026-11-21: there is no parity run of orders for"
                        + " that date (its latest run date is 2026-11-20). Pass the --run-date of the run whose"
                        + " check failed.");
        assertThatThrownBy(() -> WaiverCheck.require(HISTORY, "payments", WED, "row_count", EXPIRES, SAT))
                .hasMessage("Cannot waive row_count of payments on 2026-11-18: there is no parity run of payments"
                        + " for that date (it has no parity run yet). Pass the --run-date of the run whose check"
                        + " failed.");
    }

    @Test
    void anExpiryBeforeTodayIsRefusedNamingTheEarliestAllowedDate() {
        assertThatThrownBy(() -> waive(WED, "kpi:revenue_by_region", FRI))
                .hasMessage("Cannot waive kpi:revenue_by_region of orders on 2026-11-18: --expires 2026-11-20 is"
                        + " before today (2026-11-21), so the waiver would never count. Pass --expires 2026-11-21"
                        + " or a later date.");
        assertThatCode(() -> waive(WED, "kpi:revenue_by_region", SAT)).doesNotThrowAnyException();
    }
}
