package dev.paritygate.gate;

import static dev.paritygate.gate.GateFixtures.FRI;
import static dev.paritygate.gate.GateFixtures.history;
import static dev.paritygate.gate.GateFixtures.pipeline;
import static dev.paritygate.gate.GateFixtures.streakOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Rule;
import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@code --as-of DATE} answers from what was recorded by the end of that date, not with hindsight. */
class GateAsOfTest {
    private static final Rule ORDERS = pipeline("orders", streakOf(5));
    private static final LocalDate MON = FRI.minusDays(4);
    private static final LocalDate NEXT_MON = FRI.plusDays(3);

    private static LocalDate day(String date) {
        return LocalDate.parse(date);
    }

    @Test
    void aCutoverAfterTheAsOfDateIsIgnored() {
        Rule whole = pipeline("whole", streakOf(3));
        GateHistory h =
                history().route("whole", Side.CLOUD, "2026-11-27T15:00:00Z").build();

        GateDecision before = Gate.decide(whole, h, FRI);

        assertThat(before.side()).isEqualTo(Side.LEGACY);
        assertThat(before.sideText()).isEqualTo("legacy");
        assertThat(before.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(before.streakText()).isEqualTo("0/3 clean dates");
        assertThat(before.reasonText())
                .isEqualTo("HOLD: no parity run recorded up to 2026-11-20; next window Sat 2026-11-21");
    }

    @Test
    void aCutoverOnTheAsOfDateCountsAndSaysNoRunHasConfirmedItYet() {
        Rule whole = pipeline("whole", streakOf(3));
        GateHistory h =
                history().route("whole", Side.CLOUD, "2026-11-27T15:00:00Z").build();

        GateDecision sameDay = Gate.decide(whole, h, day("2026-11-27"));

        assertThat(sameDay.side()).isEqualTo(Side.CLOUD);
        assertThat(sameDay.reasonText())
                .isEqualTo("READY: cut over on 2026-11-27; no parity run since the cutover yet;"
                        + " next window Sat 2026-11-28");
    }

    @Test
    void aRollbackAfterTheAsOfDateIsIgnored() {
        GateHistory h = history()
                .clean("orders", day("2026-11-09"), FRI)
                .fail("orders", day("2026-11-19"), "key_diff", "3 rows differ")
                .route("orders", Side.CLOUD, "2026-11-14T08:00:00Z")
                .route("orders", Side.LEGACY, "2026-11-21T08:00:00Z")
                .build();

        GateDecision before = Gate.decide(ORDERS, h, FRI);
        GateDecision after = Gate.decide(ORDERS, h, FRI.plusDays(1));

        assertThat(before.side()).isEqualTo(Side.CLOUD);
        assertThat(before.reasonText())
                .isEqualTo("ROLLBACK: 2026-11-19 key_diff FAIL (3 rows differ) after cut over on 2026-11-14;"
                        + " next window Sat 2026-11-21");
        assertThat(after.side()).isEqualTo(Side.LEGACY);
        assertThat(after.reasonText())
                .isEqualTo("HOLD: 2026-11-19 key_diff FAIL (3 rows differ); change window open today Sat 2026-11-21");
    }

    @Test
    void aWaiverRecordedAfterTheAsOfDateIsIgnored() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .waive("orders", day("2026-11-18"), "row_count", day("2026-12-20"), "2026-11-23T09:00:00Z")
                .build();

        GateDecision before = Gate.decide(ORDERS, h, FRI);
        GateDecision after = Gate.decide(ORDERS, h, NEXT_MON);

        assertThat(before.answer()).isEqualTo(GateAnswer.HOLD);
        assertThat(before.streakText()).isEqualTo("2/5 clean dates");
        assertThat(before.reasonText())
                .isEqualTo("HOLD: 2026-11-18 row_count FAIL (left 10 right 9); next window Sat 2026-11-21");
        assertThat(before.waiversApplied()).isEmpty();
        assertThat(after.reasonText())
                .isEqualTo("READY: parity held for 5 business dates through 2026-11-20; next window Sat 2026-11-28");
        assertThat(after.waiversApplied())
                .extracting(Waiver::describe)
                .containsExactly(
                        "2026-11-18 row_count waived by alice (late rows accepted by finance), expires 2026-12-20");
    }

    @Test
    void aRerunFinishedAfterTheAsOfDateDoesNotRepairAnEarlierDate() {
        GateHistory h = history()
                .clean("orders", MON, FRI)
                .fail("orders", day("2026-11-18"), "row_count", "left 10 right 9")
                .runFinishedAt(
                        "orders",
                        day("2026-11-18"),
                        Instant.parse("2026-11-23T10:00:00Z"),
                        new CheckOutcome("row_count", Status.PASS, true, ""))
                .build();

        assertThat(Gate.decide(ORDERS, h, FRI).reasonText())
                .isEqualTo("HOLD: 2026-11-18 row_count FAIL (left 10 right 9); next window Sat 2026-11-21");
        assertThat(Gate.decide(ORDERS, h, NEXT_MON).reasonText())
                .isEqualTo("READY: parity held for 5 business dates through 2026-11-20; next window Sat 2026-11-28");
    }

    @Test
    void theAsOfDatesOwnRunFinishedAfterMidnightIsPending() {
        GateHistory h = history()
                .clean("orders", day("2026-11-13"), day("2026-11-19"))
                .runFinishedAt(
                        "orders",
                        FRI,
                        Instant.parse("2026-11-21T01:30:00Z"),
                        new CheckOutcome("row_count", Status.FAIL, true, "left 10 right 9"))
                .build();

        assertThat(Gate.decide(ORDERS, h, FRI).reasonText())
                .isEqualTo("READY: parity held for 5 business dates through 2026-11-19; next window Sat 2026-11-21");
        assertThat(Gate.decide(ORDERS, h, FRI.plusDays(1)).reasonText())
                .isEqualTo("HOLD: 2026-11-20 row_count FAIL (left 10 right 9); change window open today Sat"
                        + " 2026-11-21");
    }

    @Test
    void aNightlyRunCountsFromTheDayItFinishesSoTheAsOfDatesOwnRunIsStillPending() {
        Rule customers = pipeline("customers", streakOf(14));
        GateHistory h = history()
                .nightly()
                .clean("customers", day("2026-10-01"), day("2026-11-25"))
                .build();

        GateDecision wednesday = Gate.decide(customers, h, day("2026-11-25"));
        GateDecision thursday = Gate.decide(customers, h, day("2026-11-26"));

        assertThat(wednesday.reasonText())
                .isEqualTo("READY: parity held for 14 business dates through 2026-11-24; next window Sat 2026-11-28");
        assertThat(thursday.reasonText())
                .isEqualTo("READY: parity held for 14 business dates through 2026-11-25; next window Sat 2026-11-28");
    }

    @Test
    void aNightlyRunThatHasNotFinishedWhenTheGateIsAskedLeavesItsDateMissing() {
        // Asked on Thursday before Wednesday's run has finished: Thursday is the pending date, so
        // Wednesday is missing until its run finishes.
        Rule customers = pipeline("customers", streakOf(14));
        GateHistory h = history()
                .nightly()
                .clean("customers", day("2026-10-01"), day("2026-11-24"))
                .build();

        GateDecision thursday = Gate.decide(customers, h, day("2026-11-26"));

        assertThat(thursday.streakText()).isEqualTo("0/14 clean dates");
        assertThat(thursday.reasonText())
                .isEqualTo(
                        "HOLD: 2026-11-25 missing: no parity run for this business date; next window Sat 2026-11-28");
    }

    /** The README's examples of {@code parity gate} and {@code parity status}: nightly runs, finishing the morning after their date. */
    @Test
    void theReadmeGateAndStatusExamplesWithNightlyRunsFinishingTheMorningAfter() {
        LocalDate from = day("2026-10-01");
        LocalDate wed = day("2026-11-25");
        GateHistory h = history()
                .nightly()
                .clean("customers", from, wed)
                .clean("orders", from, wed)
                .fail("orders", day("2026-11-18"), "kpi:revenue_by_region", "region=EU: rel diff 0.0031 > 0.0005")
                .clean("payments", from, day("2026-11-19"))
                .under(GateFixtures.LOOSE)
                .clean("payments", day("2026-11-20"), wed)
                .under(GateFixtures.STRICT)
                .clean("invoices", from, wed)
                .route("invoices", Side.CLOUD, "2026-11-21T10:00:00Z")
                .fail("invoices", day("2026-11-24"), "key_diff", "3 rows differ")
                .clean("refunds", from, day("2026-11-23"))
                .route("refunds", Side.CLOUD, "2026-11-21T10:00:00Z")
                .under(GateFixtures.LOOSE)
                .clean("refunds", day("2026-11-24"), wed)
                .under(GateFixtures.STRICT)
                .clean("ledger", from, wed)
                .fail("ledger", day("2026-11-12"), "row_count", "left 10 right 9")
                .waive("ledger", day("2026-11-12"), "row_count", day("2026-12-12"))
                .build();

        java.util.List<Rule> rules = java.util.List.of(
                pipeline("customers", streakOf(14)),
                pipeline("orders", streakOf(14), "customers"),
                pipeline("payments", streakOf(14)),
                pipeline("invoices", streakOf(14)),
                pipeline("refunds", streakOf(14)),
                pipeline("ledger", streakOf(14)));
        java.util.List<String> lines = rules.stream()
                .map(rule -> Gate.decide(rule, h, wed))
                .flatMap(d -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(d.pipeline() + " " + d.streakText() + " " + d.reasonText()),
                        d.waiversApplied().stream().map(w -> "  waiver: " + w.describe())))
                .toList();

        assertThat(lines)
                .containsExactly(
                        "customers 14/14 clean dates READY: parity held for 14 business dates through 2026-11-24;"
                                + " next window Sat 2026-11-28",
                        "orders 4/14 clean dates HOLD: 2026-11-18 kpi:revenue_by_region FAIL (region=EU: rel diff"
                                + " 0.0031 > 0.0005); upstream customers not cut over; next window Sat 2026-11-28",
                        "payments 3/14 clean dates HOLD: rule changed between 2026-11-19 and 2026-11-20:"
                                + " columns.amount.abs_tol loosened (0.01 -> 0.05); next window Sat 2026-11-28",
                        "invoices 0/14 clean dates ROLLBACK: 2026-11-24 key_diff FAIL (3 rows differ) after cut over"
                                + " on 2026-11-21; next window Sat 2026-11-28",
                        "refunds 1/14 clean dates HOLD: rule loosened since the cutover on 2026-11-21:"
                                + " columns.amount.abs_tol loosened (0.01 -> 0.05) from 2026-11-24; parity since then is"
                                + " measured under a looser rule than the one that earned the cutover; next window Sat"
                                + " 2026-11-28",
                        "ledger 14/14 clean dates READY: parity held for 14 business dates through 2026-11-24;"
                                + " next window Sat 2026-11-28",
                        "  waiver: 2026-11-12 row_count waived by alice (late rows accepted by finance), expires"
                                + " 2026-12-12");
        // The README's parity status example: the same history as of the Monday before, when the
        // newest run counted is Friday's, which finished on Saturday morning.
        assertThat(rules.stream()
                        .map(rule -> Gate.decide(rule, h, day("2026-11-23")))
                        .map(d -> d.pipeline() + " " + d.sideText() + " " + d.streak() + "/" + d.required() + " "
                                + d.answer() + " " + d.lastRunText()))
                .containsExactly(
                        "customers dual-run 14/14 READY 2026-11-20 PASS",
                        "orders dual-run 2/14 HOLD 2026-11-20 PASS",
                        "payments dual-run 1/14 HOLD 2026-11-20 PASS",
                        "invoices cut over 14/14 READY 2026-11-20 PASS",
                        "refunds cut over 14/14 READY 2026-11-20 PASS",
                        "ledger dual-run 14/14 READY 2026-11-20 PASS");
    }
}
