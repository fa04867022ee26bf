package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The text of one KPI value, whatever Java type Spark returns it as (with or without its java8 API). */
class SparkKpiTextTest {

    @Test
    void oneInstantOrDateHasOneTextWhicheverJavaTypeHoldsIt() {
        Instant instant = Instant.parse("2026-11-20T10:00:00.000123Z");
        assertThat(SparkKpiText.of(java.sql.Timestamp.from(instant), null)).isEqualTo("2026-11-20T10:00:00.000123Z");
        assertThat(SparkKpiText.of(instant, "Europe/Berlin")).isEqualTo("2026-11-20T10:00:00.000123Z");
        assertThat(SparkKpiText.of(LocalDateTime.parse("2026-11-20T10:00:00.000123"), null))
                .isEqualTo("2026-11-20T10:00:00.000123Z");
        assertThat(SparkKpiText.of(LocalDateTime.parse("2026-11-20T11:00:00"), "+01:00"))
                .isEqualTo("2026-11-20T10:00:00Z");
        // Summer time in Berlin is UTC+2.
        assertThat(SparkKpiText.of(LocalDateTime.parse("2026-07-01T12:00:00"), "Europe/Berlin"))
                .isEqualTo("2026-07-01T10:00:00Z");
        assertThat(SparkKpiText.of(java.sql.Date.valueOf("2026-11-20"), "Europe/Berlin"))
                .isEqualTo("2026-11-20");
        assertThat(SparkKpiText.of(LocalDate.parse("2026-11-20"), null)).isEqualTo("2026-11-20");
    }

    @Test
    void numbersKeepTheirTextAndNestedValuesHaveNoScalaClassNames() {
        assertThat(SparkKpiText.of(new BigDecimal("1E+3"), null)).isEqualTo("1000");
        assertThat(SparkKpiText.of(2.5d, null)).isEqualTo("2.5");
        assertThat(SparkKpiText.of(Double.NaN, null)).isEqualTo("NaN");
        assertThat(SparkKpiText.of(null, null)).isNull();
        assertThat(SparkKpiText.of(new byte[] {}, null)).isEqualTo("X''");
        assertThat(SparkKpiText.of(java.time.Duration.ofMinutes(90), null)).isEqualTo("PT1H30M");

        scala.collection.Map<Object, Object> map = scala.collection.immutable.Map$.MODULE$.from(
                scala.jdk.javaapi.CollectionConverters.asScala(Map.<Object, Object>of("b", 2, "a", 1)));
        assertThat(SparkKpiText.of(map, null)).isEqualTo("{a: 1, b: 2}");
        StructType schema = StructType.fromDDL("day DATE, tags ARRAY<STRING>");
        GenericRowWithSchema struct = new GenericRowWithSchema(
                new Object[] {
                    java.sql.Date.valueOf("2026-11-20"),
                    scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList("x", null))
                            .toSeq()
                },
                schema);
        assertThat(SparkKpiText.of(struct, null)).isEqualTo("{day: 2026-11-20, tags: [x, NULL]}");
        assertThat(SparkKpiText.of(
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of(new byte[] {1}))
                                .toSeq(),
                        null))
                .isEqualTo("[X'01']");
    }
}
