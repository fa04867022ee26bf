package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.Severity;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Row counts against a tolerance of 10 rows and a warn band of 2 rows. */
class RowCountVerdictsTest {
    private static final Checks.RowCountCheck BAND = new Checks.RowCountCheck(null, null, 10L, null, 2L, null);

    private static SideProfile rows(long rows) {
        return new SideProfile(Map.of(new Grain("*", 0, 0L), new Fingerprint(rows, 1L, 2L)), 0);
    }

    private static Verdict total(Checks.RowCountCheck check, long left, long right) {
        return RowCountVerdicts.evaluate(check, rows(left), rows(right)).get(0);
    }

    @Test
    void countsWithinTheToleranceButOverTheWarnBandWarn() {
        Verdict v = total(BAND, 100, 105);

        assertThat(v.status()).isEqualTo(Status.WARN);
        assertThat(v.blocking()).isTrue();
        assertThat(v.tolerance()).isEqualTo("abs<=10 rel<=0, warn beyond abs<=2 rel<=0");
        assertThat(v.message())
                .isEqualTo("row counts differ by 5: within tolerance but over the warn band abs<=2 rel<=0");
    }

    @Test
    void countsWithinTheWarnBandPass() {
        Verdict v = total(BAND, 100, 101);

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.message()).isEqualTo("row counts differ by 1");
    }

    @Test
    void countsBeyondTheToleranceFailWhateverTheBand() {
        assertThat(total(BAND, 100, 111).status()).isEqualTo(Status.FAIL);
        assertThat(total(BAND, 100, 111).message()).isEqualTo("row counts differ by 11");
        Checks.RowCountCheck warning = new Checks.RowCountCheck(null, Severity.WARNING, 10L, null, 2L, null);
        assertThat(total(warning, 100, 111).status()).isEqualTo(Status.WARN);
    }

    @Test
    void aRelativeBandIsComputedLikeTheTolerance() {
        Checks.RowCountCheck relative =
                new Checks.RowCountCheck(null, null, null, new BigDecimal("0.1"), null, new BigDecimal("0.02"));

        assertThat(total(relative, 100, 102).status()).isEqualTo(Status.PASS);
        assertThat(total(relative, 100, 103).status()).isEqualTo(Status.WARN);
        assertThat(total(relative, 100, 103).tolerance()).isEqualTo("abs<=0 rel<=0.1, warn beyond abs<=0 rel<=0.02");
    }

    @Test
    void withoutABandTheVerdictIsWhatItWasBeforeBands() {
        Verdict v = total(new Checks.RowCountCheck(null, null, 10L, null), 100, 105);

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.tolerance()).isEqualTo("abs<=10 rel<=0");
        assertThat(v.message()).isEqualTo("row counts differ by 5");
    }
}
