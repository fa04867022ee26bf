package dev.paritygate.job.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.ParityException;
import dev.paritygate.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

// Checks the written files with plain Spark SQL, independently of the comparison engine.
class DemoDatasetTest {
    private static final int ROWS = 5_000;
    private static final long SEED = 7L;

    @TempDir
    static Path tmp;

    private static DemoManifest manifest;
    private static Dataset<Row> legacy;
    private static Dataset<Row> cloud;

    @BeforeAll
    static void generate() {
        manifest = DemoDataset.generate(spark(), tmp.resolve("demo"), ROWS, SEED);
        legacy = spark().read().parquet(manifest.legacyPath().toString());
        cloud = spark().read().parquet(manifest.cloudPath().toString());
        legacy.createOrReplaceTempView("demo_legacy");
        cloud.createOrReplaceTempView("demo_cloud");
    }

    private static SparkSession spark() {
        return SharedSpark.spark();
    }

    private static long count(String sql) {
        return spark().sql(sql).first().getLong(0);
    }

    @Test
    void manifestStatesTheInjectedCounts() {
        assertThat(manifest.legacyRows()).isEqualTo(ROWS - 23 + 1);
        assertThat(manifest.cloudRows()).isEqualTo(ROWS - 37 + 11);
        assertThat(manifest.rowsOnlyInLeft()).isEqualTo(37);
        assertThat(manifest.rowsOnlyInRight()).isEqualTo(23);
        assertThat(manifest.rowsMismatched()).isEqualTo(41 + 19);
        assertThat(manifest.discountMismatches()).isZero();
        assertThat(manifest.discountNudged()).isEqualTo(50);
        assertThat(manifest.duplicateKeysLeft()).isZero();
        assertThat(manifest.duplicateKeysRight()).isEqualTo(11);
        assertThat(manifest.nullKeysLeft()).isEqualTo(1);
        assertThat(manifest.nullKeysRight()).isZero();
        assertThat(manifest.datesWithDifferences())
                .containsExactly(LocalDate.of(2026, 11, 15), LocalDate.of(2026, 11, 17), LocalDate.of(2026, 11, 20));
    }

    @Test
    void eachSideHasTheManifestsRowCount() {
        assertThat(legacy.count()).isEqualTo(manifest.legacyRows());
        assertThat(cloud.count()).isEqualTo(manifest.cloudRows());
    }

    @Test
    void sevenDatePartitionsEndOnTheRunDate() {
        List<LocalDate> dates =
                spark().sql("SELECT DISTINCT order_date FROM demo_cloud ORDER BY 1").collectAsList().stream()
                        .map(row -> row.getDate(0).toLocalDate())
                        .toList();
        assertThat(dates).isEqualTo(manifest.dates()).hasSize(7).endsWith(LocalDate.of(2026, 11, 20));
        assertThat(Files.isDirectory(manifest.legacyPath().resolve("order_date=2026-11-14")))
                .isTrue();
    }

    @Test
    void typesDifferTheWayTheRuleAllows() {
        StructType left = legacy.schema();
        StructType right = cloud.schema();
        assertThat(left.apply("amount").dataType()).isEqualTo(DataTypes.createDecimalType(12, 2));
        assertThat(right.apply("amount").dataType()).isEqualTo(DataTypes.DoubleType);
        assertThat(left.apply("quantity").dataType()).isEqualTo(DataTypes.IntegerType);
        assertThat(right.apply("quantity").dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
        assertThat(left.apply("order_date").dataType()).isEqualTo(DataTypes.DateType);
        assertThat(left.fieldNames())
                .containsExactlyInAnyOrder(
                        "order_id",
                        "order_date",
                        "customer_id",
                        "status",
                        "amount",
                        "quantity",
                        "discount",
                        "region",
                        "customer_email",
                        "updated_at",
                        "etl_loaded_at");
    }

    @Test
    void legacyStatusIsCharPaddedAndCloudStatusIsTrimmed() {
        assertThat(count("SELECT count_if(length(status) <> 10) FROM demo_legacy"))
                .isZero();
        assertThat(count("SELECT count_if(status = 'SHIPPED   ') FROM demo_legacy"))
                .isPositive();
        assertThat(count("SELECT count_if(status <> trim(status)) FROM demo_cloud"))
                .isZero();
    }

    @Test
    void onlyLegacyHasTheNullKey() {
        assertThat(count("SELECT count_if(order_id IS NULL) FROM demo_legacy")).isEqualTo(manifest.nullKeysLeft());
        assertThat(count("SELECT count_if(order_id IS NULL) FROM demo_cloud")).isEqualTo(manifest.nullKeysRight());
    }

    @Test
    void onlyCloudHasDuplicatedKeysEachTwice() {
        String duplicates =
                "SELECT order_id, count(*) AS n FROM %s WHERE order_id IS NOT NULL GROUP BY order_id HAVING n > 1";
        assertThat(spark().sql(duplicates.formatted("demo_legacy")).count()).isEqualTo(manifest.duplicateKeysLeft());
        Dataset<Row> cloudDuplicates = spark().sql(duplicates.formatted("demo_cloud"));
        assertThat(cloudDuplicates.count()).isEqualTo(manifest.duplicateKeysRight());
        assertThat(cloudDuplicates.where("n <> 2").count()).isZero();
    }

    @Test
    void missingKeysOnEachSideMatchTheManifest() {
        assertThat(count("SELECT count(*) FROM demo_legacy l LEFT ANTI JOIN demo_cloud r ON l.order_id = r.order_id"
                        + " WHERE l.order_id IS NOT NULL"))
                .isEqualTo(manifest.rowsOnlyInLeft());
        assertThat(count("SELECT count(*) FROM demo_cloud r LEFT ANTI JOIN demo_legacy l ON l.order_id = r.order_id"))
                .isEqualTo(manifest.rowsOnlyInRight());
    }

    @Test
    void changedColumnsMatchTheManifestAndNothingElseDiffers() {
        Row diff = spark().sql("""
                WITH r AS (
                  SELECT DISTINCT order_id, order_date, customer_id, status, amount, quantity, discount, region,
                         customer_email, updated_at
                  FROM demo_cloud)
                SELECT
                  count_if(abs(l.amount - r.amount) > 0.005) AS amount,
                  count_if(l.region <> r.region) AS region,
                  count_if(abs(l.discount - r.discount) > 0.000001) AS discount,
                  count_if(l.discount <> r.discount) AS discount_nudged,
                  count_if(abs(l.amount - r.amount) > 0.005 OR l.region <> r.region) AS rows_mismatched,
                  count_if(trim(l.status) <> r.status OR l.quantity <> r.quantity OR l.customer_id <> r.customer_id
                      OR l.customer_email <> r.customer_email OR l.updated_at <> r.updated_at
                      OR l.order_date <> r.order_date) AS other,
                  count_if(l.amount <> r.amount AND abs(l.amount - r.amount) <= 0.005) AS amount_within_tolerance,
                  count(*) AS joined
                FROM demo_legacy l JOIN r ON l.order_id = r.order_id""").first();
        assertThat(diff.getLong(0)).isEqualTo(manifest.amountMismatches());
        assertThat(diff.getLong(1)).isEqualTo(manifest.regionMismatches());
        assertThat(diff.getLong(2)).isEqualTo(manifest.discountMismatches());
        assertThat(diff.getLong(3)).isEqualTo(manifest.discountNudged());
        assertThat(diff.getLong(4)).isEqualTo(manifest.rowsMismatched());
        assertThat(diff.getLong(5)).isZero();
        assertThat(diff.getLong(6)).isZero();
        assertThat(diff.getLong(7)).isEqualTo(ROWS - manifest.rowsOnlyInLeft() - manifest.rowsOnlyInRight());
    }

    @Test
    void aChangedAmountDiffersByAtLeastOneUnit() {
        Row changed = spark().sql("""
                SELECT l.amount, r.amount FROM demo_legacy l JOIN demo_cloud r ON l.order_id = r.order_id
                WHERE abs(l.amount - r.amount) > 0.005 ORDER BY l.order_id LIMIT 1""").first();
        double legacyAmount = changed.getDecimal(0).doubleValue();
        assertThat(changed.getDouble(1) - legacyAmount).isBetween(1.0, 21.0);
    }

    @Test
    void etlLoadedAtDiffersOnEveryRow() {
        assertThat(count("SELECT count(*) FROM demo_legacy l JOIN demo_cloud r ON l.order_id = r.order_id"
                        + " WHERE l.etl_loaded_at = r.etl_loaded_at"))
                .isZero();
    }

    @Test
    void differencesFallOnlyOnTheManifestsDates() {
        List<LocalDate> dates = spark().sql("""
                SELECT DISTINCT order_date FROM (
                  SELECT l.order_date FROM demo_legacy l LEFT ANTI JOIN demo_cloud r ON l.order_id = r.order_id
                  UNION ALL
                  SELECT r.order_date FROM demo_cloud r LEFT ANTI JOIN demo_legacy l ON l.order_id = r.order_id
                  UNION ALL
                  SELECT order_date FROM demo_cloud GROUP BY order_id, order_date HAVING count(*) > 1
                  UNION ALL
                  SELECT l.order_date FROM demo_legacy l JOIN demo_cloud r ON l.order_id = r.order_id
                  WHERE l.amount <> r.amount OR l.region <> r.region OR l.discount <> r.discount)
                ORDER BY 1""").collectAsList().stream()
                .map(row -> row.getDate(0).toLocalDate())
                .toList();
        assertThat(dates).isEqualTo(manifest.datesWithDifferences());
    }

    @Test
    void writesTheRuleAndTheManifestNextToTheData() throws Exception {
        String rule = Files.readString(manifest.rulesDir().resolve("orders_demo.yaml"));
        assertThat(rule)
                .contains("pipeline: orders_demo")
                .contains("path: \"" + manifest.legacyPath() + "\"")
                .contains("path: \"" + manifest.cloudPath() + "\"")
                .contains("ignore: [etl_loaded_at]");

        JsonNode json = new ObjectMapper().readTree(manifest.manifestPath().toFile());
        JsonNode expected = json.get("expected");
        assertThat(expected.get("rows_only_in_left").asLong()).isEqualTo(manifest.rowsOnlyInLeft());
        assertThat(expected.get("rows_only_in_right").asLong()).isEqualTo(manifest.rowsOnlyInRight());
        assertThat(expected.get("rows_mismatched").asLong()).isEqualTo(manifest.rowsMismatched());
        assertThat(expected.get("duplicate_keys_right").asLong()).isEqualTo(manifest.duplicateKeysRight());
        assertThat(expected.get("null_keys_left").asLong()).isEqualTo(1);
        assertThat(expected.get("column_mismatches").get("discount").asLong()).isZero();
        assertThat(json.get("legacy").get("rows").asLong()).isEqualTo(manifest.legacyRows());
        assertThat(json.get("run_date").asText()).isEqualTo("2026-11-20");
    }

    @Test
    void theSameSeedWritesTheSameRows() {
        DemoManifest again = DemoDataset.generate(spark(), tmp.resolve("again"), ROWS, SEED);
        Dataset<Row> legacyAgain = spark().read().parquet(again.legacyPath().toString());
        Dataset<Row> cloudAgain = spark().read().parquet(again.cloudPath().toString());
        assertThat(legacy.exceptAll(legacyAgain).count()).isZero();
        assertThat(legacyAgain.exceptAll(legacy).count()).isZero();
        assertThat(cloud.exceptAll(cloudAgain).count()).isZero();
        assertThat(again).usingRecursiveComparison().ignoringFields("demoDir").isEqualTo(manifest);
    }

    @Test
    void rejectsTooFewRows() {
        assertThatThrownBy(() -> DemoDataset.generate(spark(), tmp.resolve("small"), 999, SEED))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("Invalid --rows '999'")
                .hasMessageContaining("at least 1000");
    }
}
