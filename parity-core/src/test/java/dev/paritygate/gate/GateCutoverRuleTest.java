package dev.paritygate.gate;

import static dev.paritygate.gate.GateFixtures.FRI;
import static dev.paritygate.gate.GateFixtures.LOOSE;
import static dev.paritygate.gate.GateFixtures.STRICT;
import static dev.paritygate.gate.GateFixtures.history;
import static dev.paritygate.gate.GateFixtures.pipeline;
import static dev.paritygate.gate.GateFixtures.streakOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.Rule;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A pipeline that has cut over is judged under the rule that earned its cutover: a rule loosened
 * since then could hide the failures that would roll it back.
 *
 * <p>Every history here: clean runs under {@code abs_tol 0.01} through Fri 2026-11-20, a cutover on
 * Sat 2026-11-21, then runs on Mon 11-23, Tue 11-24 and Wed 11-25, asked on Thu 11-26 (whose own run
 * is pending).
 */
class GateCutoverRuleTest {
    private static final Rule ORDERS = pipeline("orders", streakOf(5));
    private static final Rule TIGHTER =
            TestRule.keyed("id").absTol("amount", "0.005").build();
    private static final Rule REKEYED =
            TestRule.keyed("id", "line").absTol("amount", "0.01").build();
    private static final LocalDate MON = day("2026-11-23");
    private static final LocalDate TUE = day("2026-11-24");
    private static final LocalDate WED = day("2026-11-25");
    private static final LocalDate THU = day("2026-11-26");

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    /** Clean under {@link GateFixtures#STRICT} through Friday, cut over on Saturday, Monday still strict. */
    private static GateFixtures cutOverSaturday() {
        return history()
                .under(STRICT)
                .clean("orders", day("2026-11-09"), FRI)
                .route("orders", Side.CLOUD, "2026-11-21T10:00:00Z")
                .clean("orders", MON, MON);
    }

    @Test
    void aToleranceLoosenedAfterTheCutoverHoldsAndNamesTheChangeAndTheDate() {
        GateHistory h = cutOverSaturday().under(LOOSE).clean("orders", TUE, WED).build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.side()).isEqualTo(Side.CLOUD);
        assertThat(d.reasonText())
                .isEqualTo("HOLD: rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) from 2026-11-24; parity since then is measured under a looser rule than"
                        + " the one that earned the cutover; next window Sat 2026-11-28");
        assertThat(d.ok()).isFalse();
    }

    @Test
    void aKeyDiffSwitchedToEstimateAfterTheCutoverHolds() {
        GateHistory h = cutOverSaturday()
                .under(STRICT.withKeyDiffMode(Checks.KeyDiffMode.ESTIMATE))
                .clean("orders", TUE, WED)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasonText())
                .isEqualTo("HOLD: rule loosened since the cutover on 2026-11-21: checks.key_diff.mode loosened"
                        + " ('PRUNED' -> 'ESTIMATE') from 2026-11-24; parity since then is measured under a looser"
                        + " rule than the one that earned the cutover; next window Sat 2026-11-28");
    }

    @Test
    void aToleranceTightenedAfterTheCutoverKeepsItReady() {
        GateHistory h =
                cutOverSaturday().under(TIGHTER).clean("orders", TUE, WED).build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.reasonText())
                .isEqualTo("READY: cut over on 2026-11-21; parity held on all 3 business dates since the cutover;"
                        + " next window Sat 2026-11-28");
    }

    @Test
    void aBlockingFailureUnderTheLoosenedRuleStillRollsBack() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                .clean("orders", TUE, TUE)
                .fail("orders", WED, "key_diff", "3 rows differ")
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.ROLLBACK);
        assertThat(d.reasonText())
                .isEqualTo("ROLLBACK: 2026-11-25 key_diff FAIL (3 rows differ) after cut over on 2026-11-21;"
                        + " next window Sat 2026-11-28");
    }

    @Test
    void aKeyChangedAfterTheCutoverHoldsSayingTheGateCannotClassifyIt() {
        GateHistory h =
                cutOverSaturday().under(REKEYED).clean("orders", TUE, WED).build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .isEqualTo("rule changed since the cutover on 2026-11-21: key changed ([\"id\"] -> [\"id\",\"line\"]),"
                        + " which the gate cannot classify as stricter, from 2026-11-24; parity since then is measured"
                        + " under a rule the gate cannot classify as no looser than the one that earned the cutover");
    }

    @Test
    void aRuleSinceTheCutoverWhoseTextIsUnknownHoldsAsUnclassified() {
        GateHistory h = cutOverSaturday()
                .under(TIGHTER)
                .clean("orders", TUE, WED)
                .forgetRuleText(TIGHTER)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .startsWith("rule changed since the cutover on 2026-11-21: rules fingerprint changed (")
                .contains(" is not in the rules table), which the gate cannot classify as stricter, from 2026-11-24;");
    }

    @Test
    void severalChangesNameTheFirstAndCountTheRest() {
        Rule looserTwice =
                TestRule.keyed("id").absTol("amount", "0.05").ignore("note").build();
        GateHistory h =
                cutOverSaturday().under(looserTwice).clean("orders", TUE, WED).build();

        assertThat(Gate.decide(ORDERS, h, THU).reasons().get(0))
                .isEqualTo("rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) and 1 more change from 2026-11-24; parity since then is measured under a"
                        + " looser rule than the one that earned the cutover");
    }

    @Test
    void aRulePutBackStillHoldsUntilTheDatesComparedUnderTheLooserRuleAreRerun() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                .clean("orders", TUE, TUE)
                .under(STRICT)
                .clean("orders", WED, WED)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .isEqualTo("rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) on 2026-11-24, which was compared under a looser rule than the one that"
                        + " earned the cutover: re-run that date now that the rule is no looser");
    }

    @Test
    void aRulePutBackWithTheLoosenedDatesRerunIsReadyAgain() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                .clean("orders", TUE, WED)
                .under(STRICT)
                // The repaired re-runs of Tuesday and Wednesday finish after their first attempts.
                .clean("orders", TUE, WED)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.reasons().get(0))
                .isEqualTo("cut over on 2026-11-21; parity held on all 3 business dates since the cutover");
    }

    @Test
    void severalDatesComparedUnderTheLooserRuleAreCountedWhenTheRuleIsPutBack() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                .clean("orders", TUE, WED)
                .under(STRICT)
                .clean("orders", THU, THU)
                .build();

        assertThat(Gate.decide(ORDERS, h, day("2026-11-27")).reasons().get(0))
                .isEqualTo("rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) on 2026-11-24 and 1 more business date, which were compared under a looser"
                        + " rule than the one that earned the cutover: re-run those dates now that the rule is no"
                        + " looser");
    }

    @Test
    void aRollbackAndANewCutoverUnderTheLooserRuleMakeItTheRuleToHold() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                .clean("orders", TUE, day("2026-12-09"))
                .route("orders", Side.LEGACY, "2026-11-28T10:00:00Z")
                .route("orders", Side.CLOUD, "2026-12-05T10:00:00Z")
                .build();

        GateDecision d = Gate.decide(ORDERS, h, day("2026-12-10"));

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.reasons().get(0))
                .isEqualTo("cut over on 2026-12-05; parity held on all 3 business dates since the cutover");
    }

    @Test
    void aRerunOfADateBeforeTheCutoverUnderALooserRuleDoesNotChangeTheRuleThatEarnedIt() {
        GateHistory h = cutOverSaturday()
                .under(LOOSE)
                // Friday re-run on Monday evening, after the cutover, under the looser rule.
                .runFinishedAt(
                        "orders",
                        FRI,
                        Instant.parse("2026-11-23T21:00:00Z"),
                        new CheckOutcome("row_count", Status.PASS, true, ""))
                .clean("orders", TUE, WED)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0)).startsWith("rule loosened since the cutover on 2026-11-21:");
    }

    @Test
    void withoutARunBeforeTheCutoverTheFirstRunSinceSetsTheRule() {
        GateHistory h = history()
                .route("orders", Side.CLOUD, "2026-11-21T10:00:00Z")
                .under(STRICT)
                .clean("orders", MON, MON)
                .under(LOOSE)
                .clean("orders", TUE, WED)
                .build();
        GateHistory tightened = history()
                .route("orders", Side.CLOUD, "2026-11-21T10:00:00Z")
                .under(LOOSE)
                .clean("orders", MON, MON)
                .under(STRICT)
                .clean("orders", TUE, WED)
                .build();

        assertThat(Gate.decide(ORDERS, h, THU).reasons().get(0))
                .startsWith("rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) from 2026-11-24;");
        assertThat(Gate.decide(ORDERS, tightened, THU).answer()).isEqualTo(GateAnswer.READY);
    }

    @Test
    void withoutARunBeforeTheCutoverARerunOfTheFirstDateUnderALooserRuleDoesNotReplaceTheRuleItSet() {
        GateHistory h = history()
                .route("orders", Side.CLOUD, "2026-11-21T10:00:00Z")
                .under(STRICT)
                .clean("orders", MON, MON)
                .under(LOOSE)
                // Monday re-run on Tuesday, after Monday's first run set the rule, under the looser rule.
                .runFinishedAt(
                        "orders",
                        MON,
                        Instant.parse("2026-11-24T09:00:00Z"),
                        new CheckOutcome("row_count", Status.PASS, true, ""))
                .clean("orders", TUE, WED)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(d.reasons().get(0))
                .startsWith("rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened"
                        + " (0.01 -> 0.05) from 2026-11-23;");
    }

    @Test
    void runsUnderTheCutoversOwnFingerprintWhoseTextIsUnknownAreNotAChange() {
        GateHistory h = cutOverSaturday()
                .clean("orders", TUE, WED)
                .forgetRuleText(STRICT)
                .build();

        GateDecision d = Gate.decide(ORDERS, h, THU);

        assertThat(d.answer()).isEqualTo(GateAnswer.READY);
        assertThat(d.reasons().get(0))
                .isEqualTo("cut over on 2026-11-21; parity held on all 3 business dates since the cutover");
    }

    @Test
    void aMissingDateAndALoosenedRuleAreBothGivenAsReasons() {
        GateHistory h = cutOverSaturday().under(LOOSE).clean("orders", WED, WED).build();

        assertThat(Gate.decide(ORDERS, h, THU).reasons())
                .containsExactly(
                        "parity since cutover unconfirmed: 2026-11-24 missing: no parity run against the retained"
                                + " legacy output",
                        "rule loosened since the cutover on 2026-11-21: columns.amount.abs_tol loosened (0.01 -> 0.05)"
                                + " from 2026-11-25; parity since then is measured under a looser rule than the one that"
                                + " earned the cutover",
                        "next window Sat 2026-11-28");
    }
}
