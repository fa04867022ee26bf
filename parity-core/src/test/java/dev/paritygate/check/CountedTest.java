package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountedTest {
    @Test
    void oneTakesTheSingularAndEveryOtherCountThePlural() {
        assertThat(Counted.of(1, "row differs", "rows differ")).isEqualTo("1 row differs");
        assertThat(Counted.of(0, "row differs", "rows differ")).isEqualTo("0 rows differ");
        assertThat(Counted.of(2, "row differs", "rows differ")).isEqualTo("2 rows differ");
        assertThat(Counted.of(-1, "row", "rows")).isEqualTo("-1 rows");
    }

    @Test
    void allOfASetOfOneIsTheOne() {
        assertThat(Counted.all(1, "partition has", "partitions have")).isEqualTo("the one partition has");
        assertThat(Counted.all(7, "partition has", "partitions have")).isEqualTo("all 7 partitions have");
    }

    @Test
    void oneNamedItemIsQuotedAndSeveralAreListed() {
        assertThat(Counted.named(java.util.List.of("orders"), "pipeline", "pipelines"))
                .isEqualTo("pipeline 'orders'");
        assertThat(Counted.named(java.util.List.of("orders", "payments"), "pipeline", "pipelines"))
                .isEqualTo("pipelines [orders, payments]");
    }
}
