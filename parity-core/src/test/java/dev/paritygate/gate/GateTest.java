package dev.paritygate.gate;

import static dev.paritygate.gate.GateFixtures.FRI;
import static dev.paritygate.gate.GateFixtures.LOOSE;
import static dev.paritygate.gate.GateFixtures.STRICT;
import static dev.paritygate.gate.GateFixtures.history;
import static dev.paritygate.gate.GateFixtures.pipeline;
import static dev.paritygate.gate.GateFixtures.streakOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.rules.RuleSet;
import dev.paritygate.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final Rule ORDERS = pipeline("orders", streakOf(5));
    private static final LocalDate MON = FRI.minusDays(4);

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void fourteenCleanBusinessDatesMakeAPipelineReady() {
        Rule orders = pipeline("orders", GatePolicy.DEFAULT);
        GateHistory h = history().clean("orders", day("2026-11-03"), FRI).build();

        GateDecision d = Gate.decide(orders, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.streakText()).isEqualTo("14/14 clean dates");
        assertThat(d.reasonText())
                .isEqualTo("READY: parity held for 14 business dates through 2026-11-20; next window Sat 2026-11-21");
        assertThat(d.sideText()).isEqualTo("dual-run");
    }

    @Test
    void weekendsAreSkippedButAMissingBusinessDateBreaksTheStreak() {
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), day("2026-11-16"))
                .clean("orders", day("2026-11-18"), FRI)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.streak()).isEqualTo(3);
        assertThat(d.reasonText())
                .isEqualTo(
                        "HOLD: 2026-11-17 missing: no parity run for this business date; next window Sat 2026-11-21");
    }

    @Test
    void aFailingBlockingCheckNamesDateCheckAndDifferenceAndUpstreamAndWindow() {
        Rule orders = pipeline("orders", GatePolicy.DEFAULT, "customers");
        GateHistory h = history()
                .clean("orders", day("2026-10-26"), day("2026-11-17"))
                .fail("orders", day("2026-11-18"), "kpi:revenue_by_region", "rel diff 0.0031 > 0.0005")
                .clean("orders", day("2026-11-19"), day("2026-11-25"))
                .build();

        GateDecision d = Gate.decide(orders, h, day("2026-11-25"));

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.streakText()).isEqualTo("5/14 clean dates");
        assertThat(d.reasonText())
                .isEqualTo("HOLD: 2026-11-18 kpi:revenue_by_region FAIL (rel diff 0.0031 > 0.0005);"
                        + " upstream customers not cut over; next window Sat 2026-11-28");
    }

    @Test
    void aRepairedRerunCountsAndALaterFailingRerunIsNotHiddenByAnEarlierPass() {
        GateHistory repaired = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .clean("orders", day("2026-11-18"), day("2026-11-18"))
                .build();
        GateHistory brokenAgain = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .build();

        assertThat(Gate.decide(ORDERS, repaired, FRI).answer()).isEqualTo(GateAnswer.READY);
        GateDecision d = Gate.decide(ORDERS, brokenAgain, FRI);
        assertThat(d.streak()).isEqualTo(2);
        assertThat(d.reasons().get(0)).isEqualTo("2026-11-18 row_count FAIL (left 10 right 9)");
    }

    @Test
    void anErrorBreaksTheStreakAndNoWaiverForgivesIt() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .run(
                        "orders",
                        day("2026-11-19"),
                        new CheckOutcome("schema", Status.ERROR, true, "Cannot read the left side"))
                .waive("orders", day("2026-11-19"), "schema", day("2026-12-31"))
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.streak()).isEqualTo(1);
        assertThat(d.reasons().get(0)).isEqualTo("2026-11-19 schema ERROR (Cannot read the left side)");
        assertThat(d.waiversApplied()).isEmpty();
    }

    @Test
    void aNonBlockingFailureDoesNotBreakTheStreak() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .run(
                        "orders",
                        day("2026-11-19"),
                        new CheckOutcome("distinct:email", Status.WARN, false, "distinct counts differ"))
                .build();

        assertThat(Gate.decide(ORDERS, h, FRI).answer()).isEqualTo(GateAnswer.READY);
    }

    @Test
    void theNewestBusinessDateMayStillBePendingButAnOlderGapMayNot() {
        GateHistory h =
                history().clean("orders", day("2026-11-12"), day("2026-11-19")).build();

        GateDecision pending = Gate.decide(ORDERS, h, FRI);
        GateDecision nextMonday = Gate.decide(ORDERS, h, day("2026-11-23"));

        assertThat(pending.answer()).isEqualTo(GateAnswer.READY);
        assertThat(pending.reasons().get(0)).isEqualTo("parity held for 5 business dates through 2026-11-19");
        assertThat(nextMonday.reasons().get(0)).isEqualTo("2026-11-20 missing: no parity run for this business date");
    }

    @Test
    void aMissingFridayIsPendingOnSaturdayButBreaksTheStreakFromSunday() {
        Rule orders = pipeline("orders", streakOf(3));
        GateHistory tueToThu =
                history().clean("orders", day("2026-11-17"), day("2026-11-19")).build();

        GateDecision saturday = Gate.decide(orders, tueToThu, day("2026-11-21"));
        GateDecision sunday = Gate.decide(orders, tueToThu, day("2026-11-22"));

        assertThat(saturday.answer()).isEqualTo(GateAnswer.READY);
        assertThat(saturday.reasons().get(0)).isEqualTo("parity held for 3 business dates through 2026-11-19");
        assertThat(sunday.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(sunday.streak()).isEqualTo(0);
        assertThat(sunday.reasonText())
                .isEqualTo("HOLD: 2026-11-20 missing: no parity run for this business date;"
                        + " change window open today Sun 2026-11-22");
    }

    @Test
    void aMissingMondayOfAMondayWednesdayFridayCalendarIsPendingOnTuesdayOnly() {
        GatePolicy monWedFri = new GatePolicy(
                2, List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), List.of(DayOfWeek.SUNDAY));
        Rule orders = pipeline("orders", monWedFri);
        GateHistory wedAndFri = history()
                .clean("orders", day("2026-11-11"), day("2026-11-11"))
                .clean("orders", day("2026-11-13"), day("2026-11-13"))
                .build();

        assertThat(Gate.decide(orders, wedAndFri, day("2026-11-17")).reasons().get(0))
                .isEqualTo("parity held for 2 business dates through 2026-11-13");
        assertThat(Gate.decide(orders, wedAndFri, day("2026-11-18")).reasons().get(0))
                .isEqualTo("2026-11-16 missing: no parity run for this business date");
    }

    @Test
    void aShortHistorySaysHowManyMoreCleanDatesAreNeeded() {
        GateHistory h = history().clean("orders", day("2026-11-18"), FRI).build();

        GateDecision d = Gate.decide(pipeline("orders", GatePolicy.DEFAULT), h, FRI);

        assertThat(d.streakText()).isEqualTo("3/14 clean dates");
        assertThat(d.reasons().get(0))
                .isEqualTo("parity runs began on 2026-11-18, 11 more clean business dates needed");
        assertThat(Gate.decide(ORDERS, GateHistory.EMPTY, FRI).reasons().get(0))
                .isEqualTo("no parity run recorded up to 2026-11-20");
    }

    @Test
    void countsOfOneReadInTheSingular() {
        GateHistory oneDate = history().clean("orders", FRI, FRI).build();
        GateHistory oneShort = history().clean("orders", day("2026-11-17"), FRI).build();

        assertThat(Gate.decide(pipeline("orders", streakOf(1)), oneDate, FRI)
                        .reasons()
                        .get(0))
                .isEqualTo("parity held for 1 business date through 2026-11-20");
        assertThat(Gate.decide(ORDERS, oneShort, FRI).reasons().get(0))
                .isEqualTo("parity runs began on 2026-11-17, 1 more clean business date needed");
    }

    @Test
    void aLoosenedToleranceBreaksTheStreakAndSaysWhatChanged() {
        GateHistory h = history()
                .under(STRICT)
                .clean("orders", day("2026-11-09"), day("2026-11-17"))
                .under(LOOSE)
                .clean("orders", day("2026-11-18"), FRI)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.streak()).isEqualTo(3);
        assertThat(d.reasons().get(0))
                .isEqualTo(
                        "rule changed between 2026-11-17 and 2026-11-18: columns.amount.abs_tol loosened (0.01 -> 0.05)");
    }

    @Test
    void aTightenedToleranceKeepsTheStreak() {
        GateHistory h = history()
                .under(LOOSE)
                .clean("orders", day("2026-11-09"), day("2026-11-17"))
                .under(STRICT)
                .clean("orders", day("2026-11-18"), FRI)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.streakText()).isEqualTo("5/5 clean dates");
    }

    @Test
    void switchingTheKeyDiffToEstimateBreaksAReadyStreak() {
        Rule estimate = STRICT.withKeyDiffMode(Checks.KeyDiffMode.ESTIMATE);
        GateHistory exact = history().clean("orders", day("2026-11-09"), FRI).build();
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), day("2026-11-17"))
                .under(estimate)
                .clean("orders", day("2026-11-18"), FRI)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(Gate.decide(ORDERS, exact, FRI).answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.streak()).isEqualTo(3);
        assertThat(d.reasons().get(0))
                .isEqualTo("rule changed between 2026-11-17 and 2026-11-18: checks.key_diff.mode loosened"
                        + " ('PRUNED' -> 'ESTIMATE')");
    }

    @Test
    void switchingTheKeyDiffFromEstimateToTheExactDiffKeepsTheStreak() {
        GateHistory h = history()
                .under(STRICT.withKeyDiffMode(Checks.KeyDiffMode.ESTIMATE))
                .clean("orders", day("2026-11-09"), day("2026-11-17"))
                .under(STRICT.withKeyDiffMode(Checks.KeyDiffMode.FULL))
                .clean("orders", day("2026-11-18"), FRI)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.streakText()).isEqualTo("5/5 clean dates");
    }

    @Test
    void aRuleChangeWhoseEarlierTextIsUnknownCountsAsLoosened() {
        GateHistory h = history()
                .under(LOOSE)
                .clean("orders", day("2026-11-09"), day("2026-11-17"))
                .under(STRICT)
                .clean("orders", day("2026-11-18"), FRI)
                .forgetRuleText(LOOSE)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .startsWith("rule changed between 2026-11-17 and 2026-11-18: rules fingerprint changed (")
                .endsWith(" is not in the rules table), which the gate cannot classify as stricter");
    }

    @Test
    void aWaivedFailureCountsAsAPassAndIsListed() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "row_count", day("2026-12-20"))
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.waiversApplied())
                .extracting(Waiver::describe)
                .containsExactly(
                        "2026-11-18 row_count waived by alice (late rows accepted by finance), expires 2026-12-20");
    }

    @Test
    void theLastRunReadsWaivedOnlyWhenTheGateCountedEveryFailureOfItAsWaived() {
        LocalDate nextMon = day("2026-11-23");
        CheckOutcome keyDiff = new CheckOutcome("key_diff", Status.FAIL, true, "3 rows differ");
        CheckOutcome rowCount = new CheckOutcome("row_count", Status.FAIL, true, "left 10 right 9");
        GateHistory waived = history()
                .clean("orders", MON, day("2026-11-19"))
                .run("orders", FRI, keyDiff, rowCount)
                .waive("orders", FRI, "key_diff", day("2026-12-20"))
                .waive("orders", FRI, "row_count", day("2026-12-20"))
                .build();
        GateHistory partly = history()
                .clean("orders", MON, day("2026-11-19"))
                .run("orders", FRI, keyDiff, rowCount)
                .waive("orders", FRI, "key_diff", day("2026-12-20"))
                .build();
        GateHistory expired = history()
                .clean("orders", MON, day("2026-11-19"))
                .run("orders", FRI, keyDiff, rowCount)
                .waive("orders", FRI, "key_diff", day("2026-11-21"))
                .waive("orders", FRI, "row_count", day("2026-11-21"))
                .build();

        // As of Monday, Monday's run is pending and Friday's is the last one.
        assertThat(Gate.decide(ORDERS, waived, nextMon).lastRunText()).isEqualTo("2026-11-20 FAIL (waived)");
        assertThat(Gate.decide(ORDERS, partly, nextMon).lastRunText()).isEqualTo("2026-11-20 FAIL");
        assertThat(Gate.decide(ORDERS, expired, nextMon).lastRunText()).isEqualTo("2026-11-20 FAIL");
        assertThat(Gate.decide(ORDERS, expired, day("2026-11-21")).lastRunText())
                .isEqualTo("2026-11-20 FAIL (waived)");
    }

    @Test
    void anExpiredWaiverNoLongerForgivesAndTheReasonSaysSo() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "row_count", day("2026-11-19"))
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .isEqualTo("2026-11-18 row_count FAIL (left 10 right 9), waiver by alice expired 2026-11-19");
        assertThat(d.waiversApplied()).isEmpty();
    }

    @Test
    void twoWaiversRecordedAtTheSameInstantResolveToTheEarlierExpiryWhateverTheirReadOrder() {
        String at = "2026-11-19T09:00:00Z";
        GateHistory activeFirst = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "row_count", day("2026-12-31"), at)
                .waive("orders", day("2026-11-18"), "row_count", day("2026-11-19"), at)
                .build();
        GateHistory expiredFirst = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "row_count", day("2026-11-19"), at)
                .waive("orders", day("2026-11-18"), "row_count", day("2026-12-31"), at)
                .build();

        assertThat(Gate.decide(ORDERS, activeFirst, FRI).answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(Gate.decide(ORDERS, expiredFirst, FRI).answer()).isEqualTo(GateAnswer.HOLD);
    }

    @Test
    void twoRoutingChangesRecordedAtTheSameInstantResolveToLegacyWhateverTheirReadOrder() {
        String at = "2026-11-14T08:00:00Z";
        GateHistory cloudLast = history()
                .route("orders", Side.LEGACY, at)
                .route("orders", Side.CLOUD, at)
                .build();
        GateHistory legacyLast = history()
                .route("orders", Side.CLOUD, at)
                .route("orders", Side.LEGACY, at)
                .build();

        assertThat(cloudLast.side("orders")).isEqualTo(Side.LEGACY);
        assertThat(legacyLast.side("orders")).isEqualTo(Side.LEGACY);
    }

    @Test
    void aWaiverOfAnotherCheckDoesNotForgiveTheFailure() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "key_diff", day("2026-12-20"))
                .build();

        assertThat(Gate.decide(ORDERS, h, FRI).reasons().get(0))
                .isEqualTo("2026-11-18 row_count FAIL (left 10 right 9)");
    }

    @Test
    void anUpstreamThatCutOverNoLongerHoldsItsDownstream() {
        Rule orders = pipeline("orders", streakOf(5), "customers");
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .route("customers", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        assertThat(Gate.decide(orders, h, FRI).answer()).isEqualTo(GateAnswer.READY);
    }

    @Test
    void aCutOverPipelineWhoseUpstreamRolledBackStaysReadyOnItsOwnParityAndSaysTheUpstreamRolledBack() {
        Rule orders = pipeline("orders", streakOf(5), "customers");
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), FRI)
                .route("customers", Side.CLOUD, "2026-11-13T08:00:00Z")
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .route("customers", Side.LEGACY, "2026-11-18T08:00:00Z")
                .build();

        GateDecision d = Gate.decide(orders, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.reasonText())
                .isEqualTo("READY: cut over on 2026-11-14; parity held on all 5 business dates since the cutover;"
                        + " upstream customers rolled back on 2026-11-18; this pipeline stays on the cloud side"
                        + " while its own parity holds; next window Sat 2026-11-21");
    }

    @Test
    void aRollbackNamesTheDownstreamPipelinesLeftOnTheCloudSide() {
        Rule customers = pipeline("customers", streakOf(5));
        Rule orders = pipeline("orders", streakOf(5), "customers");
        Rule returns = pipeline("returns", streakOf(5), "customers");
        RuleSet rules = new RuleSet(List.of(
                new LoadedRule(customers, RuleOrigin.of(Path.of("c.yaml"))),
                new LoadedRule(orders, RuleOrigin.of(Path.of("o.yaml"))),
                new LoadedRule(returns, RuleOrigin.of(Path.of("r.yaml")))));
        GateHistory h = history()
                .route("customers", Side.CLOUD, "2026-11-13T08:00:00Z")
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        assertThat(Gate.cloudDownstream(rules, h, "customers")).containsExactly("orders");
        assertThat(Gate.cloudDownstream(rules, h, "orders")).isEmpty();
    }

    @Test
    void aCutOverPipelineThatKeepsPassingIsReady() {
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), FRI)
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.sideText()).isEqualTo("cut over");
        assertThat(d.reasonText())
                .isEqualTo("READY: cut over on 2026-11-14; parity held on all 5 business dates since the cutover;"
                        + " next window Sat 2026-11-21");
    }

    @Test
    void aBlockingFailureAfterCutoverMeansRollbackForThatPipelineOnly() {
        Rule customers = pipeline("customers", streakOf(5));
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), FRI)
                .clean("customers", day("2026-11-09"), FRI)
                .fail("orders", day("2026-11-19"), "key_diff", "3 rows differ")
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .route("customers", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        GateDecision orders = Gate.decide(ORDERS, h, FRI);

        assertThat(orders.answer()).isEqualTo(GateAnswer.ROLLBACK);
        assertThat(orders.reasonText())
                .isEqualTo("ROLLBACK: 2026-11-19 key_diff FAIL (3 rows differ) after cut over on 2026-11-14;"
                        + " next window Sat 2026-11-21");
        assertThat(Gate.decide(customers, h, FRI).answer()).isEqualTo(GateAnswer.READY);
    }

    @Test
    void aMissingRunAfterCutoverHoldsInsteadOfConfirmingParity() {
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), day("2026-11-18"))
                .clean("orders", FRI, FRI)
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .isEqualTo("parity since cutover unconfirmed: 2026-11-19 missing: no parity run against the retained"
                        + " legacy output");
    }

    @Test
    void aCutOverPipelineWhoseFridayRunIsMissingHoldsFromSunday() {
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), day("2026-11-19"))
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .build();

        GateDecision saturday = Gate.decide(ORDERS, h, day("2026-11-21"));
        GateDecision sunday = Gate.decide(ORDERS, h, day("2026-11-22"));

        assertThat(saturday.answer()).isEqualTo(GateAnswer.READY);
        assertThat(sunday.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(sunday.reasons().get(0))
                .isEqualTo("parity since cutover unconfirmed: 2026-11-20 missing: no parity run against the retained"
                        + " legacy output");
    }

    @Test
    void aRollbackReturnsThePipelineToTheLegacySideAndItsStreak() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .route("orders", Side.LEGACY, "2026-11-15T08:00:00Z")
                .build();

        GateDecision d = Gate.decide(ORDERS, h, FRI);

        assertThat(d.side()).isEqualTo(Side.LEGACY);
        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
    }

    @Test
    void aCustomBusinessCalendarAndChangeWindowAreHonoured() {
        GatePolicy sixDays = new GatePolicy(
                6,
                List.of(
                        DayOfWeek.MONDAY,
                        DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY,
                        DayOfWeek.FRIDAY,
                        DayOfWeek.SATURDAY),
                List.of(DayOfWeek.WEDNESDAY));
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .run("orders", day("2026-11-14"), new CheckOutcome("row_count", Status.PASS, true, ""))
                .build();

        GateDecision d = Gate.decide(pipeline("orders", sixDays), h, FRI);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.nextWindow()).isEqualTo(day("2026-11-25"));
        assertThat(d.reasons()).last().isEqualTo("next window Wed 2026-11-25");
    }

    @Test
    void inThePolicysTimeZoneARunFinishedAfterLocalMidnightIsPendingAsOfItsDate() {
        GatePolicy tokyo = new GatePolicy(3, null, null, null, null, "Asia/Tokyo");
        // Friday's run finished at 01:00 on Saturday in Tokyo, still Friday in UTC.
        GateHistory h = history()
                .clean("orders", day("2026-11-17"), day("2026-11-19"))
                .runFinishedAt(
                        "orders",
                        FRI,
                        java.time.Instant.parse("2026-11-20T16:00:00Z"),
                        new CheckOutcome("row_count", Status.PASS, true, ""))
                .build();

        assertThat(Gate.decide(pipeline("orders", streakOf(3)), h, FRI)
                        .reasons()
                        .get(0))
                .isEqualTo("parity held for 3 business dates through 2026-11-20");
        assertThat(Gate.decide(pipeline("orders", tokyo), h, FRI).reasons().get(0))
                .isEqualTo("parity held for 3 business dates through 2026-11-19");
    }

    @Test
    void aCutoverIsDatedInThePolicysTimeZone() {
        GatePolicy tokyo = new GatePolicy(5, null, null, null, null, "Asia/Tokyo");
        // Saturday 08:00 in Tokyo is still Friday in UTC: Friday is not a date since the cutover there.
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), day("2026-11-19"))
                .fail("orders", FRI, "row_count", "left 10 right 9")
                .route("orders", Side.CLOUD, "2026-11-20T23:00:00Z")
                .build();

        assertThat(Gate.decide(pipeline("orders", streakOf(5)), h, day("2026-11-21"))
                        .answer())
                .isEqualTo(GateAnswer.ROLLBACK);
        assertThat(Gate.decide(pipeline("orders", tokyo), h, day("2026-11-21")).reasonText())
                .isEqualTo("READY: cut over on 2026-11-21; no parity run since the cutover yet;"
                        + " change window open today Sat 2026-11-21");
    }

    @Test
    void decisionsOfARuleSetComeUpstreamFirst() {
        RuleSet set = new RuleSet(List.of(
                new LoadedRule(pipeline("orders", streakOf(5), "customers"), RuleOrigin.of(Path.of("a.yaml"))),
                new LoadedRule(pipeline("customers", streakOf(5)), RuleOrigin.of(Path.of("b.yaml")))));

        List<GateDecision> all = Gate.decide(set, GateHistory.EMPTY, FRI);

        assertThat(all).extracting(GateDecision::pipeline).containsExactly("customers", "orders");
        assertThat(all).extracting(GateDecision::sideText).containsExactly("legacy", "legacy");
    }

    @Test
    void theGatePackageImportsNothingFromSparkDeltaOrHadoop() throws Exception {
        Path dir = Path.of("src/main/java/dev/paritygate/gate");
        List<String> engineImports;
        try (Stream<Path> files = Files.list(dir)) {
            engineImports = files.flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(l -> l.matches(
                                            "import (static )?(org\\.apache\\.(spark|hadoop)|io\\.delta|scala)\\..*"))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }

        assertThat(dir).isDirectory();
        assertThat(engineImports).isEmpty();
    }
}
