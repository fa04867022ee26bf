package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
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
}
