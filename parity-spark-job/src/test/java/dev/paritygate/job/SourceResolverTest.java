package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.SourceSpec;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of source the README documents, written as a rule's side: the same three orders read
 * from every file format, a dated path, a glob, a catalog table and a query, with {@code
 * ${run_date}} filled in.
 */
class SourceResolverTest {
    @TempDir
    static Path dir;

    static final LocalDate RUN_DATE = LocalDate.parse("2026-11-20");

    static final List<String> THREE_ORDERS = List.of("1|a", "2|b", "3|c");

    @BeforeAll
    static void writeThreeOrdersInEveryFormat() {
        Dataset<Row> orders = TestData.of("id BIGINT, name STRING, amt DECIMAL(10,2)")
                .row(1L, "a", new BigDecimal("1.00"))
                .row(2L, "b", new BigDecimal("2.00"))
                .row(3L, "c", new BigDecimal("3.00"))
                .df();
        orders.write().option("header", "true").option("sep", ";").csv(path("csv"));
        orders.write().json(path("json"));
        orders.write().orc(path("orc"));
        orders.write().format("avro").save(path("avro"));
        orders.write().format("delta").save(path("delta"));
        orders.write().parquet(path("dated/dt=2026-11-20"));
        orders.write().parquet(path("glob/part-a/x"));
        orders.createOrReplaceTempView("`source_orders_2026-11-20`");
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    /** The left side of a rule whose left is {@code side} (YAML flow mapping). */
    static SourceSpec side(String side) {
        String yaml = "pipeline: p\nleft: " + side + "\nright: { table: t }\nkey: [id]\n";
        return RuleLoader.parse(yaml, Path.of("p.yaml")).rule().left();
    }

    static List<String> read(String side) {
        return new SourceResolver(SharedSpark.spark(), Map.of())
                .read(side(side), RUN_DATE, "left", null).orderBy("id").collectAsList().stream()
                        .map(r -> r.getAs("id").toString() + "|" + r.getAs("name"))
                        .toList();
    }

    @Test
    void csvWithHeaderAndSeparatorOptions() {
        assertThat(read("{ format: csv, path: " + path("csv")
                        + ", options: { header: \"true\", sep: \";\", inferSchema: \"true\" } }"))
                .isEqualTo(THREE_ORDERS);
    }

    @Test
    void jsonOrcAndDeltaPaths() {
        assertThat(read("{ format: json, path: " + path("json") + " }")).isEqualTo(THREE_ORDERS);
        assertThat(read("{ format: orc, path: " + path("orc") + " }")).isEqualTo(THREE_ORDERS);
        assertThat(read("{ format: delta, path: " + path("delta") + " }")).isEqualTo(THREE_ORDERS);
    }

    @Test
    void pathWithTheRunDateAndAGlob() {
        assertThat(read("{ format: parquet, path: \"" + path("dated") + "/dt=${run_date}\" }"))
                .isEqualTo(THREE_ORDERS);
        assertThat(read("{ format: parquet, path: \"" + path("glob") + "/part-*/x\" }"))
                .isEqualTo(THREE_ORDERS);
    }

    @Test
    void catalogTableWithTheRunDateInBackticksAndADeltaPathAsATable() {
        assertThat(read("{ table: \"`source_orders_${run_date}`\" }")).isEqualTo(THREE_ORDERS);
        assertThat(read("{ table: \"delta.`" + path("delta") + "`\" }")).isEqualTo(THREE_ORDERS);
    }

    @Test
    void queryAndItsFilterWithTheRunDate() {
        assertThat(read("{ query: \"SELECT * FROM `source_orders_${run_date}` WHERE DATE '${run_date}' > DATE"
                        + " '2026-01-01'\", filter: \"id < 3 AND DATE '${run_date}' = DATE '2026-11-20'\" }"))
                .containsExactly("1|a", "2|b");
    }

    @Test
    void avroPathsReadWithTheAvroModuleOnTheClasspath() {
        // Spark's avro module is provided, as Delta is: on bin/parity's classpath and the tests'.
        assertThat(read("{ format: avro, path: " + path("avro") + " }")).isEqualTo(THREE_ORDERS);
    }

    @Test
    void tableNameWithAnUnquotedRunDateIsInvalidSqlNamingTheKey() {
        assertThatThrownBy(() -> read("{ table: \"source_orders_${run_date}\" }"))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid SQL in left.table 'source_orders_2026-11-20': [PARSE_SYNTAX_ERROR]"
                        + " Syntax error at or near '-'");
    }
}
