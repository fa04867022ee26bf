package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key diff's messages say "1 row" and "2 rows", each count agreeing with its noun. */
class KeyDiffVerdictsTest {
    private static final Checks.KeyDiffCheck DEFAULT = Checks.DEFAULT.keyDiff();

    private static SideProfile rows(long rows, long nullKeys) {
        return new SideProfile(Map.of(new Grain("*", 0, 0L), new Fingerprint(rows, 1L, 2L)), nullKeys);
    }

    private static List<String> messages(SideProfile left, SideProfile right, KeyDiffCounts counts) {
        return KeyDiffVerdicts.evaluate(DEFAULT, left, right, counts).stream()
                .map(v -> v.metric() + ": " + v.message())
                .toList();
    }

    @Test
    void differingRowsWithinTheToleranceButOverTheWarnBandWarn() {
        // 100 rows a side: the tolerance allows max(10, floor(0.1 * 100)) = 10 differing rows, the band
        // max(2, floor(0.01 * 100)) = 2.
        Checks.KeyDiffCheck band =
                new Checks.KeyDiffCheck(null, null, 10L, new BigDecimal("0.1"), null, null, 2L, new BigDecimal("0.01"));
        KeyDiffCounts five = new KeyDiffCounts(2, 0, 3, 0, 0, Map.of(), 1, 1, 0, 1);
        KeyDiffCounts two = new KeyDiffCounts(1, 0, 1, 0, 0, Map.of(), 1, 1, 0, 1);
        KeyDiffCounts eleven = new KeyDiffCounts(5, 0, 6, 0, 0, Map.of(), 1, 1, 0, 1);

        List<Verdict> warned = KeyDiffVerdicts.evaluate(band, rows(100, 0), rows(100, 0), five);
        assertThat(warned)
                .extracting(v -> v.metric() + " " + v.status())
                .containsExactly(
                        "rows_only_in_left WARN",
                        "rows_only_in_right PASS",
                        "rows_mismatched WARN",
                        "duplicate_keys_left PASS",
                        "duplicate_keys_right PASS",
                        "duplicate_keys_differing PASS",
                        "null_keys_left PASS",
                        "null_keys_right PASS");
        assertThat(warned.get(0).tolerance()).isEqualTo("count<=10 rate<=0.1, warn beyond count<=2 rate<=0.01");
        assertThat(warned.get(0).message())
                .isEqualTo("2 rows whose key is missing on the right; the one segment examined (within tolerance"
                        + " but over the warn band: 5 rows differ, the band allows 2)");
        assertThat(warned.get(0).details()).endsWith("\"allowed\":10,\"warn_allowed\":2}");
        assertThat(KeyDiffVerdicts.evaluate(band, rows(100, 0), rows(100, 0), two))
                .extracting(Verdict::status)
                .containsOnly(Status.PASS);
        assertThat(KeyDiffVerdicts.evaluate(band, rows(100, 0), rows(100, 0), eleven)
                        .get(2)
                        .status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void withoutABandTheKeyDiffIsWhatItWasBeforeBands() {
        Checks.KeyDiffCheck tolerant = new Checks.KeyDiffCheck(null, null, 10L, null, null, null);
        Verdict v = KeyDiffVerdicts.evaluate(
                        tolerant, rows(100, 0), rows(100, 0), new KeyDiffCounts(2, 0, 3, 0, 0, Map.of(), 1, 1, 0, 1))
                .get(0);

        assertThat(v.status()).isEqualTo(Status.PASS);
        assertThat(v.tolerance()).isEqualTo("count<=10 rate<=0");
        assertThat(v.message())
                .isEqualTo("2 rows whose key is missing on the right; the one segment examined (within tolerance)");
        assertThat(v.details()).doesNotContain("warn");
    }

    @Test
    void countsOfOneAreSingular() {
        KeyDiffCounts one = new KeyDiffCounts(1, 1, 1, 1, 1, 1, Map.of(), 1, 1, 0, 4);

        assertThat(messages(rows(10, 1), rows(10, 1), one))
                .containsExactly(
                        "rows_only_in_left: 1 row whose key is missing on the right;"
                                + " 1 of 4 segments examined (the rest have equal fingerprints)",
                        "rows_only_in_right: 1 row whose key is missing on the left;"
                                + " 1 of 4 segments examined (the rest have equal fingerprints)",
                        "rows_mismatched: 1 key on both sides whose rows differ beyond tolerance;"
                                + " 1 of 4 segments examined (the rest have equal fingerprints)",
                        "duplicate_keys_left: 1 key that occurs more than once on the left",
                        "duplicate_keys_right: 1 key that occurs more than once on the right",
                        "duplicate_keys_differing: 1 key on both sides, duplicated, whose rows differ",
                        "null_keys_left: 1 row with NULL in a key column on the left: never matched",
                        "null_keys_right: 1 row with NULL in a key column on the right: never matched");
    }

    @Test
    void otherCountsArePluralAndZeroSaysNone() {
        KeyDiffCounts some = new KeyDiffCounts(2, 0, 3, 0, 2, Map.of(), 1, 1, 0, 1);

        assertThat(messages(rows(10, 2), rows(10, 0), some))
                .containsExactly(
                        "rows_only_in_left: 2 rows whose key is missing on the right; the one segment examined",
                        "rows_only_in_right: none: rows whose key is missing on the left; the one segment examined",
                        "rows_mismatched: 3 keys on both sides whose rows differ beyond tolerance;"
                                + " the one segment examined",
                        "duplicate_keys_left: none: keys that occur more than once on the left",
                        "duplicate_keys_right: 2 keys that occur more than once on the right",
                        "duplicate_keys_differing: none: keys on both sides, duplicated, whose rows differ",
                        "null_keys_left: 2 rows with NULL in a key column on the left: never matched",
                        "null_keys_right: none: rows with NULL in a key column on the right: never matched");
    }

    @Test
    void everySegmentExaminedSaysAll() {
        KeyDiffCounts all = new KeyDiffCounts(0, 0, 0, 0, 0, Map.of(), 16, 16, 0, 16);

        Verdict v =
                KeyDiffVerdicts.evaluate(DEFAULT, rows(10, 0), rows(10, 0), all).get(0);

        assertThat(v.message()).isEqualTo("none: rows whose key is missing on the right; all 16 segments examined");
    }
}
