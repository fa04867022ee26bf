package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnVerdictsTest {
    private static SideProfile rows(long rows) {
        return new SideProfile(Map.of(new Grain("*", 0, 0L), new Fingerprint(rows, 1L, 2L)), 0);
    }

    private static KeyDiffCounts amtDiffers(long rows) {
        return new KeyDiffCounts(0, 0, rows, 0, 0, Map.of("amt", rows), 1, 1, 0, 1);
    }

    private static Verdict amt(TestRule rule, long mismatches) {
        return ColumnVerdicts.evaluate(rule.build(), List.of("amt"), rows(100), rows(100), amtDiffers(mismatches))
                .get(0);
    }

    @Test
    void theToleranceTextNamesEveryFloatingPointOptionOffItsDefault() {
        dev.paritygate.rules.ColumnOptions d = dev.paritygate.rules.ColumnOptions.DEFAULT;
        dev.paritygate.rules.ColumnOptions all = Options.options()
                .absTol(new java.math.BigDecimal("0.01"))
                .nanEqual(false)
                .signedZeroEqual(false)
                .oppositeInfinitiesEqual(true)
                .build();

        assertThat(ColumnVerdicts.describe(d)).isEqualTo("exact");
        assertThat(ColumnVerdicts.describe(all)).isEqualTo("abs<=0.01 rel<=0 NaN!=NaN -0!=0 +inf=-inf");
    }

    @Test
    void oneMismatchingRowIsSingularAndTwoArePlural() {
        KeyDiffCounts counts = new KeyDiffCounts(0, 0, 3, 0, 0, Map.of("amt", 1L, "name", 2L), 1, 1, 0, 1);

        List<Verdict> v = ColumnVerdicts.evaluate(
                TestRule.keyed("id").build(), List.of("amt", "name", "qty"), rows(10), rows(10), counts);

        assertThat(v)
                .extracting(Verdict::message)
                .containsExactly("1 row differs (exact)", "2 rows differ (exact)", "no mismatches");
        assertThat(v).extracting(Verdict::tolerance).containsOnly("exact");
        assertThat(v).extracting(Verdict::details).containsOnly("{}");
    }

    @Test
    void mismatchesWithinTheCountPassOverTheWarnBandWarnAndBeyondTheCountFail() {
        // max_mismatch_count 5 with warn_mismatch_count 2, on 100 rows a side.
        TestRule rule = TestRule.keyed("id").columnChecks(null, 5L, null, 2L, null);
        TestRule noBand = TestRule.keyed("id").columnChecks(null, 5L, null, null, null);

        Verdict passing = amt(noBand, 3);
        Verdict warned = amt(rule, 3);
        Verdict failed = amt(rule, 6);

        assertThat(passing.status()).isEqualTo(Status.PASS);
        assertThat(passing.message()).isEqualTo("3 rows differ (within tolerance)");
        assertThat(passing.tolerance()).isEqualTo("exact; count<=5 rate<=0");
        assertThat(passing.details()).isEqualTo("{\"allowed\":5}");
        assertThat(amt(rule, 2).status()).isEqualTo(Status.PASS);
        assertThat(warned.status()).isEqualTo(Status.WARN);
        assertThat(warned.message())
                .isEqualTo("3 rows differ (within tolerance but over the warn band: 3 rows differ, the band allows 2)");
        assertThat(warned.tolerance()).isEqualTo("exact; count<=5 rate<=0, warn beyond count<=2 rate<=0");
        assertThat(warned.details()).isEqualTo("{\"allowed\":5,\"warn_allowed\":2}");
        assertThat(amt(rule, 5).status()).isEqualTo(Status.WARN);
        assertThat(failed.status()).isEqualTo(Status.FAIL);
        assertThat(failed.message()).isEqualTo("6 rows differ (exact; count<=5 rate<=0, warn beyond count<=2 rate<=0)");
        assertThat(amt(rule, 0).message()).isEqualTo("no mismatches");
    }

    @Test
    void aRateIsRelativeToTheLargerSideAndRoundedDown() {
        // 0.05 of the larger side's 130 rows allows floor(6.5) = 6 differing rows, whatever the smaller side.
        TestRule rule = TestRule.keyed("id").columnChecks(null, null, "0.05", null, "0.02");

        List<Verdict> six = ColumnVerdicts.evaluate(rule.build(), List.of("amt"), rows(130), rows(40), amtDiffers(6));
        List<Verdict> seven = ColumnVerdicts.evaluate(rule.build(), List.of("amt"), rows(40), rows(130), amtDiffers(7));
        List<Verdict> two = ColumnVerdicts.evaluate(rule.build(), List.of("amt"), rows(130), rows(40), amtDiffers(2));

        assertThat(six.get(0).status()).isEqualTo(Status.WARN);
        assertThat(six.get(0).details()).isEqualTo("{\"allowed\":6,\"warn_allowed\":2}");
        assertThat(six.get(0).tolerance()).isEqualTo("exact; count<=0 rate<=0.05, warn beyond count<=0 rate<=0.02");
        assertThat(seven.get(0).status()).isEqualTo(Status.FAIL);
        assertThat(two.get(0).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aColumnsOwnKeysOverrideTheDefaultsOneByOne() {
        // Defaults: count 5, warn 2. amt sets its own count 10 and keeps the default band; qty
        // sets count 0, which overrides the default to "any differing row fails".
        Rule rule = TestRule.keyed("id")
                .columnChecks(null, 5L, null, 2L, null)
                .mismatches("amt", 10L, null, null, null)
                .mismatches("qty", 0L, null, 0L, null)
                .build();
        KeyDiffCounts counts = new KeyDiffCounts(0, 0, 8, 0, 0, Map.of("amt", 8L, "qty", 1L, "name", 4L), 1, 1, 0, 1);

        List<Verdict> v = ColumnVerdicts.evaluate(rule, List.of("amt", "qty", "name"), rows(100), rows(100), counts);

        assertThat(v)
                .extracting(x -> x.check() + " " + x.status() + " " + x.tolerance())
                .containsExactly(
                        "column:amt WARN exact; count<=10 rate<=0, warn beyond count<=2 rate<=0",
                        "column:qty FAIL exact; count<=0 rate<=0, warn beyond count<=0 rate<=0",
                        "column:name WARN exact; count<=5 rate<=0, warn beyond count<=2 rate<=0");
    }

    @Test
    void aWarningColumnOverItsToleranceWarnsAsWithoutOne() {
        TestRule rule = TestRule.keyed("id").columnChecks(Severity.WARNING, 5L, null, null, null);

        Verdict v = amt(rule, 6);

        assertThat(v.status()).isEqualTo(Status.WARN);
        assertThat(v.blocking()).isFalse();
        assertThat(v.message()).isEqualTo("6 rows differ (exact; count<=5 rate<=0)");
    }

    @Test
    void aColumnsOwnToleranceBelowTheDefaultBandIsRefusedForARuleBuiltInCode() {
        Rule rule = TestRule.keyed("id")
                .columnChecks(null, 5L, null, 2L, null)
                .mismatches("amt", 1L, null, null, null)
                .build();

        assertThatThrownBy(() -> ColumnVerdicts.evaluate(rule, List.of("amt"), rows(1), rows(1), amtDiffers(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid column amt warn_mismatch_count 2: must be between 0 and the max mismatch count 1,"
                        + " since a warn band lies inside the tolerance");
    }
}
