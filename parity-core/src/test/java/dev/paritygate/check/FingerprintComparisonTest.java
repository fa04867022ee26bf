package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The partition_hash summary row counts partitions and segments in words that agree with them. */
class FingerprintComparisonTest {
    private static final Checks.PartitionHashCheck DEFAULT = Checks.DEFAULT.partitionHash();
    private static final Fingerprint A = new Fingerprint(3, 11L, 12L);
    private static final Fingerprint B = new Fingerprint(3, 21L, 22L);

    private static String summary(Map<Grain, Fingerprint> left, Map<Grain, Fingerprint> right) {
        return FingerprintComparison.of(new SideProfile(left, 0), new SideProfile(right, 0))
                .verdicts(DEFAULT)
                .get(0)
                .message();
    }

    @Test
    void theOnePartitionOfANightlyRunIsNamedInTheSingular() {
        Grain night = new Grain("order_date=2026-11-20", 0, 1L);

        assertThat(summary(Map.of(night, A), Map.of(night, A))).isEqualTo("the one partition has equal fingerprints");
        assertThat(summary(Map.of(night, A), Map.of(night, B)))
                .isEqualTo("1 of 1 partition differs (1 of 1 segment), sent to the key diff");
    }

    @Test
    void severalPartitionsAndSegmentsArePlural() {
        Grain d1s0 = new Grain("order_date=2026-11-19", 0, 1L);
        Grain d1s1 = new Grain("order_date=2026-11-19", 1, 2L);
        Grain d2s0 = new Grain("order_date=2026-11-20", 0, 3L);
        Map<Grain, Fingerprint> left = Map.of(d1s0, A, d1s1, A, d2s0, A);

        assertThat(summary(left, left)).isEqualTo("all 2 partitions have equal fingerprints");
        assertThat(summary(left, Map.of(d1s0, B, d1s1, A, d2s0, A)))
                .isEqualTo("1 of 2 partitions differ (1 of 3 segments), sent to the key diff");
    }

    private static final Grain D19 = new Grain("day=2026-11-19", 0, 1L);
    private static final Grain D20 = new Grain("day=2026-11-20", 0, 2L);
    private static final Grain D21 = new Grain("day=2026-11-21", 0, 3L);

    /** Days 19 and 20 differ, day 21 is the same; {@code nullKeys} rows with a NULL key a side. */
    private static FingerprintComparison twoOfThreeDaysDiffer(long nullKeys) {
        return FingerprintComparison.of(
                new SideProfile(Map.of(D19, A, D20, A, D21, A), nullKeys),
                new SideProfile(Map.of(D19, B, D20, B, D21, A), nullKeys));
    }

    /** The counts of a key diff that examined {@code examined} grains of 3 and found no difference. */
    private static KeyDiffCounts nothingFound(long examined) {
        return new KeyDiffCounts(0, 0, 0, 0, 0, Map.of("price", 0L), examined, examined, 0, 3);
    }

    private static Checks.KeyDiffCheck keyDiff(Boolean enabled, Checks.KeyDiffMode mode) {
        return new Checks.KeyDiffCheck(enabled, null, null, null, null, mode);
    }

    @Test
    void aKeyDiffThatExaminedEveryDifferingGrainAndFoundNothingBeyondToleranceExplainsTheFingerprints() {
        FingerprintComparison fc = twoOfThreeDaysDiffer(0);

        assertThat(fc.toleratedBy(keyDiff(null, null), nothingFound(2))).isTrue();
        assertThat(fc.toleratedBy(keyDiff(true, Checks.KeyDiffMode.FULL), nothingFound(3)))
                .isTrue();
    }

    @Test
    void anyDifferenceTheKeyDiffFoundOrCouldNotJudgeKeepsTheFingerprintsUnexplained() {
        FingerprintComparison fc = twoOfThreeDaysDiffer(0);
        Checks.KeyDiffCheck pruned = keyDiff(null, null);
        Map<String, Long> none = Map.of("price", 0L);

        assertThat(List.of(
                        new KeyDiffCounts(1, 0, 0, 0, 0, none, 2, 2, 0, 3),
                        new KeyDiffCounts(0, 1, 0, 0, 0, none, 2, 2, 0, 3),
                        new KeyDiffCounts(0, 0, 1, 0, 0, Map.of("price", 1L), 2, 2, 0, 3),
                        // A duplicated key's rows are never compared, so its differences are unknown.
                        new KeyDiffCounts(0, 0, 0, 1, 0, none, 2, 2, 0, 3),
                        new KeyDiffCounts(0, 0, 0, 0, 1, none, 2, 2, 0, 3),
                        new KeyDiffCounts(0, 0, 0, 0, 0, Map.of("price", 1L), 2, 2, 0, 3),
                        // One differing grain left unexamined.
                        nothingFound(1)))
                .allSatisfy(c ->
                        assertThat(fc.toleratedBy(pruned, c)).as(c.toString()).isFalse());
        // A NULL key is never matched: the key diff cannot say its row is the same.
        assertThat(twoOfThreeDaysDiffer(1).toleratedBy(pruned, nothingFound(2))).isFalse();
    }

    @Test
    void withoutAnExactKeyDiffTheFingerprintsAreNeverExplained() {
        FingerprintComparison fc = twoOfThreeDaysDiffer(0);

        assertThat(fc.toleratedBy(keyDiff(false, null), nothingFound(2))).isFalse();
        assertThat(fc.toleratedBy(keyDiff(null, Checks.KeyDiffMode.ESTIMATE), nothingFound(2)))
                .isFalse();
        assertThat(fc.toleratedBy(keyDiff(null, null), null)).isFalse();
    }

    @Test
    void explainedFingerprintsPassKeepingTheirCountAndDetails() {
        FingerprintComparison fc = twoOfThreeDaysDiffer(0);
        List<Verdict> warned = fc.verdicts(DEFAULT);
        List<Verdict> explained = fc.verdicts(DEFAULT, true);

        assertThat(explained)
                .extracting(v -> v.scope() + "|" + v.status() + "|" + v.difference() + "|" + v.message())
                .containsExactly(
                        "*|PASS|2.0|fingerprints of 2 of 3 partitions differ (2 of 3 segments); the key diff found"
                                + " every difference within tolerance",
                        "day=2026-11-19|PASS|null|fingerprints differ; every difference within tolerance",
                        "day=2026-11-20|PASS|null|fingerprints differ; every difference within tolerance",
                        "day=2026-11-21|PASS|null|fingerprints equal");
        assertThat(explained.get(0).details()).isEqualTo(warned.get(0).details());
        assertThat(warned)
                .extracting(Verdict::status)
                .containsExactly(Status.WARN, Status.WARN, Status.WARN, Status.PASS);
    }
}
