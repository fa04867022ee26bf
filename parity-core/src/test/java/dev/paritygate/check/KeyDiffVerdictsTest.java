package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Verdict;
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
    void countsOfOneAreSingular() {
        KeyDiffCounts one = new KeyDiffCounts(1, 1, 1, 1, 1, Map.of(), 1, 1, 0, 4);

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
