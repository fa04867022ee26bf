package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Verdict rows are data other programs read: their numbers must not depend on the default locale
 * of the JVM that wrote them (Arabic locales write other digits, German ones a decimal comma).
 */
class VerdictTextLocaleTest {
    private final Locale before = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    @Test
    void aFingerprintIsWrittenInAsciiDigitsUnderAnArabicLocale() {
        Locale.setDefault(new Locale("ar", "EG"));

        assertThat(new Fingerprint(333_305, 255, 1).hex()).isEqualTo("333305:00000000000000ff0000000000000001");
    }

    @Test
    void aKpisRelativeDifferenceIsWrittenWithADecimalPointUnderAGermanLocale() {
        Locale.setDefault(Locale.GERMANY);
        KpiSpec revenue = new KpiSpec(
                "revenue",
                List.of(),
                Map.of("total", new KpiSpec.Metric("sum(amount)", null, new BigDecimal("0.0005"))),
                Severity.BLOCKING);

        List<Verdict> verdicts = KpiVerdicts.evaluate(
                revenue, 0, Map.of("*", Map.of("total", "100")), Map.of("*", Map.of("total", "101")));

        assertThat(verdicts).hasSize(1);
        assertThat(verdicts.get(0).message()).contains("(rel diff 0.00990)").doesNotContain("0,0099");
    }
}
