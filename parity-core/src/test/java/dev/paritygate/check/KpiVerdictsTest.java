package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.KpiSpec;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How KPI values are written: both sides of a metric at one scale, the values themselves unchanged. */
class KpiVerdictsTest {
    private static final KpiSpec REVENUE = new KpiSpec(
            "revenue",
            List.of(),
            Map.of("total", new KpiSpec.Metric("sum(amount)", null, new BigDecimal("0.0005"))),
            null);

    private static Verdict only(String left, String right) {
        return tableWide(REVENUE, 0, "total", left, right);
    }

    /** The one verdict of {@code kpi}, table-wide, whose {@code metric} is {@code left} and {@code right} (either may be NULL). */
    private static Verdict tableWide(KpiSpec kpi, int index, String metric, String left, String right) {
        Map<String, String> l = new java.util.HashMap<>();
        l.put(metric, left);
        Map<String, String> r = new java.util.HashMap<>();
        r.put(metric, right);
        List<Verdict> v =
                KpiVerdicts.evaluate(kpi, index, Map.of(Verdict.TABLE_SCOPE, l), Map.of(Verdict.TABLE_SCOPE, r));
        assertThat(v).hasSize(1);
        return v.get(0);
    }

    @Test
    void aMetricWithinTheToleranceButOverTheWarnBandWarns() {
        KpiSpec banded = new KpiSpec(
                "revenue",
                List.of("region"),
                Map.of(
                        "total",
                        new KpiSpec.Metric("sum(amount)", new BigDecimal("10"), null, new BigDecimal("2"), null)),
                null);
        List<Verdict> v = KpiVerdicts.evaluate(
                banded,
                0,
                Map.of("EU", Map.of("total", "100.00"), "US", Map.of("total", "50.00"), "APAC", Map.of("total", "7")),
                Map.of("EU", Map.of("total", "105.00"), "US", Map.of("total", "51.00"), "APAC", Map.of("total", "20")));

        assertThat(v).extracting(x -> x.scope() + " " + x.status()).containsExactly("APAC FAIL", "EU WARN", "US PASS");
        assertThat(v.get(1).tolerance()).isEqualTo("abs<=10 rel<=0, warn beyond abs<=2 rel<=0");
        assertThat(v.get(1).message())
                .isEqualTo("differs by 5.00 (rel diff 0.0476): within tolerance but over the warn band abs<=2 rel<=0");
        assertThat(v.get(2).message()).isEqualTo("within tolerance: 1.00 (rel diff 0.0196)");
        assertThat(only("100", "100.01").tolerance()).isEqualTo("abs<=0 rel<=0.0005");
    }

    @Test
    void aFloatingPointSumIsWrittenAtTheScaleOfADecimalSumOnTheOtherSide() {
        Verdict v = only("2844769.18", "2845515.620000000000");

        assertThat(v.leftValue()).isEqualTo("2844769.18");
        assertThat(v.rightValue()).isEqualTo("2845515.62");
        assertThat(v.message()).isEqualTo("within tolerance: 746.44 (rel diff 0.000262)");
    }

    @Test
    void valuesOfOneScaleKeepIt() {
        Verdict v = only("30.00", "31.50");

        assertThat(v.leftValue()).isEqualTo("30.00");
        assertThat(v.rightValue()).isEqualTo("31.50");
        assertThat(v.message()).startsWith("differs by 1.50 ");
    }

    @Test
    void digitsThatDifferAreNeverDropped() {
        Verdict v = only("1.000000000001", "1.000000000000");

        assertThat(v.leftValue()).isEqualTo("1.000000000001");
        assertThat(v.rightValue()).isEqualTo("1.000000000000");
    }

    /** A table-wide KPI {@code newest} whose metric {@code last} has no tolerance. */
    private static Verdict exact(String left, String right) {
        KpiSpec kpi = new KpiSpec("newest", List.of(), Map.of("last", new KpiSpec.Metric("max(ts)", null, null)), null);
        return tableWide(kpi, 0, "last", left, right);
    }

    @Test
    void instantsAndDatesThatDifferSayByHowMuchAndOtherTextJustDiffers() {
        Verdict later = exact("2026-11-20T10:00:00Z", "2026-11-20T11:30:00.5Z");
        assertThat(later.status()).isEqualTo(dev.paritygate.verdict.Status.FAIL);
        assertThat(later.message()).isEqualTo("differs by PT1H30M0.5S");
        assertThat(later.difference()).isNull();
        assertThat(exact("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z").status())
                .isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(exact("2026-11-20", "2026-10-19").message()).isEqualTo("differs by P-1M-1D");
        assertThat(exact("2026-11-20", "2026-11-20T00:00:00Z").message()).isEqualTo("values differ");
        assertThat(exact("EU", "US").message()).isEqualTo("values differ");
    }

    @Test
    void aNumericToleranceOnATimestampOrDateIsTheMetricsErrorNotSilentlyIgnored() {
        // rel_tol 0.0005 on max(ts) was ignored: the metric failed on a difference the rule meant to allow.
        Verdict v = only("2026-11-20T10:00:00Z", "2026-11-20T10:00:00.001Z");
        assertThat(v.status()).isEqualTo(Status.ERROR);
        assertThat(v.message())
                .isEqualTo("Cannot apply kpis[0].metrics.total.rel_tol to kpi metric 'revenue.total': it applies"
                        + " to numbers, and the metric's value is a timestamp on the left and a timestamp on the"
                        + " right. Use time_tolerance for timestamps and dates instead of rel_tol.");
        assertThat(only("2026-11-20", "2026-11-21").status()).isEqualTo(Status.ERROR);
        // Text and numbers keep comparing as before.
        assertThat(only("EU", "US").message()).isEqualTo("values differ");
        assertThat(only("100", "100.01").status()).isEqualTo(Status.PASS);
    }

    /** A table-wide KPI {@code updated} whose metric {@code last} has {@code time_tolerance: tol}. */
    private static Verdict timed(String tol, String warn, String left, String right) {
        KpiSpec kpi =
                new KpiSpec("updated", List.of(), Map.of("last", KpiSpec.Metric.timed("max(ts)", tol, warn)), null);
        return tableWide(kpi, 2, "last", left, right);
    }

    private static String summary(Verdict v) {
        return v.status() + " | " + v.tolerance() + " | " + v.message();
    }

    @Test
    void instantsWithinTheTimeTolerancePassAndSayByHowMuch() {
        // A cloud engine keeps microseconds, the legacy one milliseconds: 0.4 ms apart.
        Verdict v = timed("1ms", null, "2026-11-20T10:00:00.123Z", "2026-11-20T10:00:00.123400Z");

        assertThat(summary(v)).isEqualTo("PASS | time<=PT0.001S | within tolerance: PT0.0004S");
        assertThat(v.leftValue()).isEqualTo("2026-11-20T10:00:00.123Z");
        assertThat(v.rightValue()).isEqualTo("2026-11-20T10:00:00.123400Z");
        assertThat(v.difference()).isNull();
        assertThat(summary(timed("PT0.001S", null, "2026-11-20T10:00:00.001Z", "2026-11-20T10:00:00Z")))
                .as("the tolerance is a distance: the right side may be earlier, and exactly 1 ms passes")
                .isEqualTo("PASS | time<=PT0.001S | within tolerance: PT-0.001S");
        assertThat(summary(timed("1ms", null, "2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z")))
                .isEqualTo("PASS | time<=PT0.001S | equal");
    }

    @Test
    void instantsWithinTheTimeToleranceButBeyondItsWarnBandWarn() {
        Verdict v = timed("1ms", "500us", "2026-11-20T10:00:00.123Z", "2026-11-20T10:00:00.123800Z");

        assertThat(summary(v))
                .isEqualTo("WARN | time<=PT0.001S, warn beyond time<=PT0.0005S | differs by PT0.0008S: within"
                        + " tolerance but over the warn band time<=PT0.0005S");
        assertThat(timed("1ms", "500us", "2026-11-20T10:00:00.123Z", "2026-11-20T10:00:00.123400Z")
                        .status())
                .isEqualTo(Status.PASS);
    }

    @Test
    void instantsFurtherApartThanTheTimeToleranceFail() {
        assertThat(summary(timed("1ms", "500us", "2026-11-20T10:00:00.123Z", "2026-11-20T10:00:00.124001Z")))
                .isEqualTo("FAIL | time<=PT0.001S, warn beyond time<=PT0.0005S | differs by PT0.001001S");
        assertThat(summary(timed("1ms", null, "2026-11-20T10:00:00.123Z", null)))
                .as("a NULL has no distance to anything")
                .isEqualTo("FAIL | time<=PT0.001S | values differ");
        assertThat(summary(timed("1ms", null, null, null))).isEqualTo("PASS | time<=PT0.001S | equal");
        assertThat(summary(timed("2d", null, "2026-11-20", "2026-11-20T00:00:00Z")))
                .as("a date never equals an instant, as without a tolerance")
                .isEqualTo("FAIL | time<=PT48H | values differ");
    }

    @Test
    void datesCompareWithinADayTolerance() {
        assertThat(summary(timed("1d", null, "2026-11-20", "2026-11-21")))
                .isEqualTo("PASS | time<=PT24H | within tolerance: P1D");
        assertThat(summary(timed("1d", null, "2026-11-20", "2026-11-18")))
                .isEqualTo("FAIL | time<=PT24H | differs by P-2D");
        assertThat(summary(timed("2d", "1d", "2026-11-20", "2026-11-22")))
                .isEqualTo("WARN | time<=PT48H, warn beyond time<=PT24H | differs by P2D: within tolerance but over"
                        + " the warn band time<=PT24H");
        assertThat(summary(timed("12h", null, "2026-11-20", "2026-11-21")))
                .as("a tolerance shorter than a day accepts only the same date")
                .isEqualTo("FAIL | time<=PT12H | differs by P1D");
    }

    @Test
    void aTimeToleranceOnNumbersOrTextIsTheMetricsErrorNamingTheKeyAndTheValues() {
        Verdict numbers = timed("1ms", null, "100.5", "101");
        assertThat(numbers.status()).isEqualTo(Status.ERROR);
        assertThat(numbers.leftValue()).isEqualTo("100.5");
        assertThat(numbers.message())
                .isEqualTo("Cannot apply kpis[2].metrics.last.time_tolerance to kpi metric 'updated.last': it"
                        + " applies to timestamps and dates, and the metric's value is a number on the left and a"
                        + " number on the right. Use abs_tol or rel_tol for numbers instead of time_tolerance.");
        assertThat(timed(null, "0s", "EU", "2026-11-20T10:00:00Z").message())
                .isEqualTo("Cannot apply kpis[2].metrics.last.warn_time_tolerance to kpi metric 'updated.last': it"
                        + " applies to timestamps and dates, and the metric's value is text on the left and a"
                        + " timestamp on the right. Remove warn_time_tolerance, or make the expr return a timestamp"
                        + " or date on both sides.");
        assertThat(timed("1ms", null, null, "7").status()).isEqualTo(Status.ERROR);
    }

    private static final KpiSpec BY_REGION = new KpiSpec(
            "by_region", List.of("region"), Map.of("total", new KpiSpec.Metric("sum(v) + sum(w)", null, null)), null);

    private static final Map<String, Map<String, String>> REGIONS_LEFT =
            Map.of("region=EU", Map.of("total", "10.5"), "region=US", Map.of("total", "3"));
    private static final Map<String, Map<String, String>> REGIONS_RIGHT =
            Map.of("region=EU", Map.of("total", "10.5"), "region=APAC", Map.of("total", "1"));

    private static List<String> lines(List<Verdict> verdicts) {
        return verdicts.stream()
                .map(v -> v.scope() + " | " + v.metric() + " | " + v.leftValue() + " | " + v.rightValue() + " | "
                        + v.status() + " | " + v.tolerance() + " | " + v.difference() + " | " + v.message())
                .toList();
    }

    @Test
    void zeroUnconvertibleCountsLeaveEveryVerdictExactlyAsItWas() {
        List<Verdict> before = KpiVerdicts.evaluate(BY_REGION, 0, REGIONS_LEFT, REGIONS_RIGHT);
        Map<String, Map<String, Long>> zeros =
                Map.of("region=EU", Map.of("v", 0L, "w", 0L), "region=US", Map.of("v", 0L));

        assertThat(KpiVerdicts.evaluate(BY_REGION, 0, REGIONS_LEFT, REGIONS_RIGHT, zeros, zeros))
                .isEqualTo(before);
        assertThat(KpiVerdicts.evaluate(BY_REGION, 0, REGIONS_LEFT, REGIONS_RIGHT, Map.of(), Map.of()))
                .isEqualTo(before);
        assertThat(lines(before))
                .containsExactly(
                        "region=APAC | group | missing | present | FAIL | same groups | null | group region=APAC exists"
                                + " only on the right side",
                        "region=EU | total | 10.5 | 10.5 | PASS | abs<=0 rel<=0 | 0.0 | within tolerance: 0.0 (rel diff"
                                + " 0.00)",
                        "region=US | group | present | missing | FAIL | same groups | null | group region=US exists"
                                + " only on the left side");
    }

    @Test
    void unconvertibleValuesOnOneSideOnlyFailAfterTheGroupsRowsNamingTheColumn() {
        List<Verdict> v = KpiVerdicts.evaluate(
                BY_REGION,
                0,
                REGIONS_LEFT,
                REGIONS_RIGHT,
                Map.of("region=EU", Map.of("v", 3L, "w", 0L), "region=US", Map.of("v", 1L)),
                Map.of("region=EU", Map.of("v", 0L, "w", 0L)));

        assertThat(lines(v))
                .containsExactly(
                        "region=APAC | group | missing | present | FAIL | same groups | null | group region=APAC exists"
                                + " only on the right side",
                        "region=EU | total | 10.5 | 10.5 | PASS | abs<=0 rel<=0 | 0.0 | within tolerance: 0.0 (rel diff"
                                + " 0.00)",
                        "region=EU | unconvertible_values | 3 | 0 | FAIL | same counts | -3.0 | 3 values on the left and"
                                + " 0 on the right were NaN, infinite or beyond +/-1e26, so the aggregates left them out"
                                + " and cannot show this difference; column v: 3 left, 0 right",
                        "region=US | group | present | missing | FAIL | same groups | null | group region=US exists"
                                + " only on the left side",
                        "region=US | unconvertible_values | 1 | 0 | FAIL | same counts | -1.0 | 1 value on the left and"
                                + " 0 on the right were NaN, infinite or beyond +/-1e26, so the aggregates left them out"
                                + " and cannot show this difference; column v: 1 left, 0 right");
        assertThat(v.get(2).blocking()).isTrue();
    }

    @Test
    void equalUnconvertibleCountsWarnSayingHowManyOnEachSideWereLeftOut() {
        Map<String, Map<String, Long>> counts = Map.of("*", Map.of("v", 2L, "w", 1L));
        List<Verdict> v = KpiVerdicts.evaluate(
                REVENUE, 0, Map.of("*", Map.of("total", "4")), Map.of("*", Map.of("total", "4")), counts, counts);

        assertThat(lines(v).get(1))
                .isEqualTo("* | unconvertible_values | 3 | 3 | WARN | same counts | 0.0 | 3 values on each side were"
                        + " NaN, infinite or beyond +/-1e26 and so left out of the aggregates; columns v: 2 left, 2"
                        + " right; w: 1 left, 1 right");
        List<Verdict> one = KpiVerdicts.evaluate(
                REVENUE,
                0,
                Map.of("*", Map.of("total", "4")),
                Map.of("*", Map.of("total", "4")),
                Map.of("*", Map.of("v", 1L)),
                Map.of("*", Map.of("v", 1L)));
        assertThat(one.get(1).message())
                .isEqualTo("1 value on each side was NaN, infinite or beyond +/-1e26 and so left out of the"
                        + " aggregates; column v: 1 left, 1 right");
    }

    @Test
    void unconvertibleCountsThatDifferWarnForANonBlockingKpi() {
        KpiSpec soft = new KpiSpec("soft", List.of(), REVENUE.metrics(), dev.paritygate.rules.Severity.WARNING);
        List<Verdict> v = KpiVerdicts.evaluate(
                soft,
                0,
                Map.of("*", Map.of("total", "4")),
                Map.of("*", Map.of("total", "4")),
                Map.of(),
                Map.of("*", Map.of("w", 2L)));

        assertThat(lines(v).get(1))
                .isEqualTo("* | unconvertible_values | 0 | 2 | WARN | same counts | 2.0 | 0 values on the left and 2"
                        + " on the right were NaN, infinite or beyond +/-1e26, so the aggregates left them out and"
                        + " cannot show this difference; column w: 0 left, 2 right");
        assertThat(v.get(1).blocking()).isFalse();
    }

    @Test
    void columnsWhoseCountsDifferFailEvenWhenTheTotalsAreEqual() {
        List<Verdict> v = KpiVerdicts.evaluate(
                REVENUE,
                0,
                Map.of("*", Map.of("total", "4")),
                Map.of("*", Map.of("total", "4")),
                Map.of("*", Map.of("v", 1L, "w", 0L)),
                Map.of("*", Map.of("v", 0L, "w", 1L)));

        assertThat(lines(v).get(1))
                .isEqualTo("* | unconvertible_values | 1 | 1 | FAIL | same counts | 0.0 | 1 value on the left and 1 on"
                        + " the right were NaN, infinite or beyond +/-1e26, so the aggregates left them out and cannot"
                        + " show this difference; columns v: 1 left, 0 right; w: 0 left, 1 right");
    }
}
