package dev.paritygate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParityVersionTest {
    @Test
    void theVersionComesFromTheFilteredBuildResource() {
        assertThat(ParityVersion.current()).isNotEqualTo(ParityVersion.UNKNOWN).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
