package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleQuotaTest {
    @Test
    void mismatchedRowsComeFirstThenDifferingDuplicatedKeysThenOneSidedKeysTheLeftTakingAtLeastOne() {
        assertThat(SampleQuota.of(10, 3, 2, 4, 4)).isEqualTo(new SampleQuota(3, 2, 2, 3));
        assertThat(SampleQuota.of(5, 3, 2, 4, 4)).isEqualTo(new SampleQuota(3, 2, 0, 0));
        assertThat(SampleQuota.of(6, 3, 2, 4, 4)).isEqualTo(new SampleQuota(3, 2, 1, 0));
        assertThat(SampleQuota.of(4, 0, 9, 0, 0)).isEqualTo(new SampleQuota(0, 4, 0, 0));
        assertThat(SampleQuota.of(0, 3, 2, 4, 4)).isEqualTo(new SampleQuota(0, 0, 0, 0));
    }
}
