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
        assertThat(before.reasonText()).isEqualTo("HOLD: no parity run recorded yet; next window Sat 2026-11-21");
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
}
