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
}
