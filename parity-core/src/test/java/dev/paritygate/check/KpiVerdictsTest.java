package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.KpiSpec;
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
        List<Verdict> v = KpiVerdicts.evaluate(
                REVENUE,
                Map.of(Verdict.TABLE_SCOPE, Map.of("total", left)),
                Map.of(Verdict.TABLE_SCOPE, Map.of("total", right)));
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

    @Test
    void instantsAndDatesThatDifferSayByHowMuchAndOtherTextJustDiffers() {
        Verdict later = only("2026-11-20T10:00:00Z", "2026-11-20T11:30:00.5Z");
        assertThat(later.status()).isEqualTo(dev.paritygate.verdict.Status.FAIL);
        assertThat(later.message()).isEqualTo("differs by PT1H30M0.5S");
        assertThat(later.difference()).isNull();
        assertThat(only("2026-11-20T10:00:00Z", "2026-11-20T10:00:00Z").status())
                .isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(only("2026-11-20", "2026-10-19").message()).isEqualTo("differs by P-1M-1D");
        assertThat(only("2026-11-20", "2026-11-20T00:00:00Z").message()).isEqualTo("values differ");
        assertThat(only("EU", "US").message()).isEqualTo("values differ");
    }
}
