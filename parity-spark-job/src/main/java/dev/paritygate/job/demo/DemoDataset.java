package dev.paritygate.job.demo;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.paritygate.ParityErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the demo: an {@code orders} table as the legacy platform and the cloud platform produce it,
 * with a handful of known differences, the rule that compares them and a manifest of the exact
 * results a correct comparison reports.
 *
 * <p>The two sides differ in rendering the way real migrations do (CHAR-padded strings, DECIMAL
 * against DOUBLE, INT against DECIMAL, a load timestamp) and, on three of the seven dates, in
 * data: missing rows on each side, changed amounts and regions, discounts nudged within tolerance,
 * duplicated keys on the cloud side and one {@code NULL} key on the legacy side.
 *
 * <p>All values come from hashes of the row number and the seed, computed by Spark: the same seed
 * writes the same rows, and nothing is collected to the driver.
 */
public final class DemoDataset {
    /** Rows generated per side by default. */
    public static final int ROWS_DEFAULT = 300_000;
    /** Seed used by default. */
    public static final long SEED_DEFAULT = 20261120L;
    /** Fewest rows that leave room for every injected difference. */
    public static final int ROWS_MIN = 1_000;
    /** The demo's business date, the last of its seven {@code order_date} partitions. */
    public static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 20);

    static final int DAYS = 7;
    static final long ORDER_ID_BASE = 100_000_000L;
    // Day offsets (from the first date) that carry every injected difference.
    private static final int[] DIFFERENCE_DAYS = {1, 3, 6};
    private static final String[] STATUSES = {"PENDING", "SHIPPED", "DELIVERED", "CANCELLED", "RETURNED"};
    private static final String[] REGIONS = {"EU", "NA", "APAC", "LATAM", "MEA"};
    private static final long ETL_LEGACY_EPOCH =
            RUN_DATE.plusDays(1).atTime(2, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long ETL_CLOUD_EPOCH = ETL_LEGACY_EPOCH + 3_600;

    /** The injected differences, in the order they take the difference slots; code = ordinal + 1. */
    enum Injected {
        ONLY_IN_LEGACY(37),
        ONLY_IN_CLOUD(23),
        AMOUNT_CHANGED(41),
        REGION_CHANGED(19),
        DISCOUNT_NUDGED(50),
        DUPLICATED_IN_CLOUD(11);

        final int rows;

        Injected(int rows) {
            this.rows = rows;
        }

        int code() {
            return ordinal() + 1;
        }
    }

    private DemoDataset() {}

    /** Checks that {@code rows} is enough for the demo's differences, before any work starts. */
    public static void checkRows(int rows) {
        if (rows < ROWS_MIN) {
            throw ParityErrors.invalidArgument(
                    "--rows", Integer.toString(rows), "the demo needs at least " + ROWS_MIN + " rows");
        }
    }

    /**
     * Writes {@code legacy/orders} and {@code cloud/orders} (Parquet, partitioned by {@code
     * order_date}), {@code rules/orders_demo.yaml} and {@code manifest.json} under {@code demoDir},
     * replacing earlier demo data there.
     *
     * @param rows rows generated per side before the injected differences, at least {@link
     *     #ROWS_MIN}
     * @param seed values and the placement of differences derive from it; equal seeds write equal
     *     data
     */
    public static DemoManifest generate(SparkSession spark, Path demoDir, int rows, long seed) {
        checkRows(rows);
        Path dir = demoDir.toAbsolutePath().normalize();
        LocalDate firstDate = RUN_DATE.minusDays(DAYS - 1);
        Generator generator = new Generator(seed, rows, firstDate);

        Dataset<Row> planned = spark.range(0, rows).withColumn("day", expr("CAST(id % " + DAYS + " AS INT)"));
        planned = planned.withColumn("kind", generator.kind());
        // The null-key row gets a row number beyond the range, so its values collide with no other row.
        Dataset<Row> nullKeyRow = spark.range(rows, rows + 1L)
                .withColumn("day", lit(DIFFERENCE_DAYS[0]))
                .withColumn("kind", lit(0));

        Dataset<Row> legacy = generator
                .legacy(planned.where(col("kind").notEqual(Injected.ONLY_IN_CLOUD.code())))
                .unionByName(generator
                        .legacy(nullKeyRow)
                        .withColumn("order_id", lit(null).cast("bigint")));
        Dataset<Row> cloud = generator
                .cloud(planned.where(col("kind").notEqual(Injected.ONLY_IN_LEGACY.code())))
                .unionByName(generator
                        .cloud(planned.where(col("kind").equalTo(Injected.DUPLICATED_IN_CLOUD.code())))
                        .withColumn("etl_loaded_at", expr("etl_loaded_at + INTERVAL 1 MINUTE")));

        DemoManifest manifest = new DemoManifest(
                dir,
                seed,
                RUN_DATE,
                dates(firstDate, DAYS),
                rows - Injected.ONLY_IN_CLOUD.rows + 1L,
                rows - Injected.ONLY_IN_LEGACY.rows + (long) Injected.DUPLICATED_IN_CLOUD.rows,
                Injected.ONLY_IN_LEGACY.rows,
                Injected.ONLY_IN_CLOUD.rows,
                Injected.AMOUNT_CHANGED.rows,
                Injected.REGION_CHANGED.rows,
                0,
                Injected.DISCOUNT_NUDGED.rows,
                0,
                Injected.DUPLICATED_IN_CLOUD.rows,
                1,
                0,
                Arrays.stream(DIFFERENCE_DAYS).mapToObj(firstDate::plusDays).toList());

        write(legacy, manifest.legacyPath());
        write(cloud, manifest.cloudPath());
        writeText(manifest.rulesDir().resolve("orders_demo.yaml"), rule(manifest));
        writeText(manifest.manifestPath(), json(manifest));
        return manifest;
    }

    private static void write(Dataset<Row> side, Path path) {
        // One file per date keeps the demo's directories readable.
        side.repartition(DAYS, col("order_date"))
                .write()
                .mode(SaveMode.Overwrite)
                .partitionBy("order_date")
                .parquet(path.toString());
    }

    private static List<LocalDate> dates(LocalDate first, int count) {
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            dates.add(first.plusDays(i));
        }
        return dates;
    }

    static String rule(DemoManifest manifest) {
        return String.join(
                "\n",
                "# The demo's rule, written by `parity demo` next to the data it compares.",
                "pipeline: orders_demo",
                "owner: demo@example.com",
                "left:   { name: legacy, format: parquet, path: " + yamlString(manifest.legacyPath()) + " }",
                "right:  { name: cloud,  format: parquet, path: " + yamlString(manifest.cloudPath()) + " }",
                "key: [order_id]",
                "partition_by: [order_date]",
                "ignore: [etl_loaded_at]",
                "columns:",
                "  status:   { trim: true }",
                "  amount:   { abs_tol: 0.005 }",
                "  discount: { abs_tol: 0.000001 }",
                "checks:",
                "  schema: { allow_type_changes: [\"decimal->double\", \"int->decimal\"] }",
                "  key_diff: { max_mismatch_count: 0 }",
                "sample: { max_rows: 20, mask: [customer_email] }",
                "");
    }

    private static String yamlString(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String json(DemoManifest m) {
        Map<String, Object> root = ordered(
                "pipeline", "orders_demo",
                "seed", m.seed(),
                "run_date", m.runDate().toString(),
                "dates", m.dates().stream().map(LocalDate::toString).toList(),
                "legacy", ordered("path", m.legacyPath().toString(), "rows", m.legacyRows()),
                "cloud", ordered("path", m.cloudPath().toString(), "rows", m.cloudRows()),
                "rule", m.rulesDir().resolve("orders_demo.yaml").toString(),
                "expected",
                        ordered(
                                "rows_only_in_left", m.rowsOnlyInLeft(),
                                "rows_only_in_right", m.rowsOnlyInRight(),
                                "rows_mismatched", m.rowsMismatched(),
                                "duplicate_keys_left", m.duplicateKeysLeft(),
                                "duplicate_keys_right", m.duplicateKeysRight(),
                                // Each duplicated cloud key is once on legacy: its rows differ in number.
                                "duplicate_keys_differing", m.duplicateKeysRight(),
                                "null_keys_left", m.nullKeysLeft(),
                                "null_keys_right", m.nullKeysRight(),
                                "column_mismatches",
                                        ordered(
                                                "amount", m.amountMismatches(),
                                                "region", m.regionMismatches(),
                                                "discount", m.discountMismatches())),
                "discount_nudged_within_tolerance", m.discountNudged(),
                "dates_with_differences",
                        m.datesWithDifferences().stream()
                                .map(LocalDate::toString)
                                .toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the demo manifest as JSON", e);
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Column expressions over a row number {@code id}, its day offset {@code day} and {@code kind}. */
    private static final class Generator {
        private final long seed;
        private final long stride;
        private final long offset;
        private final LocalDate firstDate;

        Generator(long seed, int rows, LocalDate firstDate) {
            this.seed = seed;
            this.firstDate = firstDate;
            int slots = Arrays.stream(Injected.values()).mapToInt(i -> i.rows).sum();
            long slotsPerDay = (slots + DIFFERENCE_DAYS.length - 1) / DIFFERENCE_DAYS.length;
            long fewestRowsPerDay = Long.MAX_VALUE;
            for (int day : DIFFERENCE_DAYS) {
                fewestRowsPerDay = Math.min(fewestRowsPerDay, (rows - day + DAYS - 1L) / DAYS);
            }
            // Spread each date's slots evenly over its rows, starting at a seed-dependent row.
            this.stride = fewestRowsPerDay / slotsPerDay;
            if (stride < 1) {
                throw new IllegalStateException("Cannot place " + slots + " differences in " + rows + " rows");
            }
            this.offset = Math.floorMod(seed, stride);
        }

        /**
         * Which difference a row carries (an {@link Injected#code()}, or 0). Row {@code id} is the
         * {@code id / 7}-th row of day {@code id % 7}; on a difference day, every stride-th such row
         * takes the next slot, and slots are handed out to the {@link Injected} kinds in order.
         */
        Column kind() {
            StringBuilder dayIndex = new StringBuilder("CASE day");
            for (int i = 0; i < DIFFERENCE_DAYS.length; i++) {
                dayIndex.append(" WHEN ")
                        .append(DIFFERENCE_DAYS[i])
                        .append(" THEN ")
                        .append(i);
            }
            dayIndex.append(" END");
            String step = "(id DIV " + DAYS + " - " + offset + ")";
            Column slot = expr("CASE WHEN " + step + " >= 0 AND " + step + " % " + stride + " = 0 THEN (" + step
                    + " DIV " + stride + ") * " + DIFFERENCE_DAYS.length + " + " + dayIndex + " END");
            int end = 0;
            Column chain = null;
            for (Injected injected : Injected.values()) {
                end += injected.rows;
                chain = chain == null ? when(slot.lt(end), injected.code()) : chain.when(slot.lt(end), injected.code());
            }
            return chain.otherwise(0);
        }

        private Column random(String salt, long modulus) {
            return pmod(xxhash64(lit(seed), lit(salt), col("id")), lit(modulus));
        }

        private Column is(Injected injected) {
            return col("kind").equalTo(injected.code());
        }

        private Column orderDate() {
            return date_add(to_date(lit(firstDate.toString())), col("day"));
        }

        private Column amount() {
            return random("amount", 999_901)
                    .plus(100)
                    .cast("decimal(14,2)")
                    .divide(100)
                    .cast("decimal(12,2)");
        }

        private Column status() {
            return element_at(
                    array(Arrays.stream(STATUSES).map(s -> lit(s)).toArray(Column[]::new)),
                    random("status", STATUSES.length).plus(1).cast("int"));
        }

        private Column region(Column index) {
            return element_at(
                    array(Arrays.stream(REGIONS).map(s -> lit(s)).toArray(Column[]::new)),
                    index.plus(1).cast("int"));
        }

        private Column discount() {
            return random("discount", 5).cast("double").divide(20.0);
        }

        private Column customerId() {
            return random("customer", 50_000).plus(1);
        }

        private Column updatedAt() {
            return timestamp_seconds(
                    unix_date(orderDate()).cast("bigint").multiply(86_400).plus(random("updated", 86_400)));
        }

        private Column etlLoadedAt(long epoch, String salt) {
            return timestamp_seconds(lit(epoch).plus(random(salt, 3_600)));
        }

        Dataset<Row> legacy(Dataset<Row> planned) {
            return planned.select(
                    lit(ORDER_ID_BASE).plus(col("id")).as("order_id"),
                    orderDate().as("order_date"),
                    customerId().as("customer_id"),
                    rpad(status(), 10, " ").as("status"),
                    amount().as("amount"),
                    random("quantity", 50).plus(1).cast("int").as("quantity"),
                    discount().as("discount"),
                    region(random("region", REGIONS.length)).as("region"),
                    concat(lit("customer"), customerId(), lit("@example.com")).as("customer_email"),
                    updatedAt().as("updated_at"),
                    etlLoadedAt(ETL_LEGACY_EPOCH, "etl_legacy").as("etl_loaded_at"));
        }

        Dataset<Row> cloud(Dataset<Row> planned) {
            Column amountDelta = random("amount_delta", 2_000)
                    .plus(100)
                    .cast("decimal(14,2)")
                    .divide(100);
            Column regionIndex = random("region", REGIONS.length);
            return planned.select(
                    lit(ORDER_ID_BASE).plus(col("id")).as("order_id"),
                    orderDate().as("order_date"),
                    customerId().as("customer_id"),
                    status().as("status"),
                    when(is(Injected.AMOUNT_CHANGED), amount().plus(amountDelta))
                            .otherwise(amount())
                            .cast("double")
                            .as("amount"),
                    random("quantity", 50).plus(1).cast("decimal(10,2)").as("quantity"),
                    when(is(Injected.DISCOUNT_NUDGED), discount().plus(1e-9))
                            .otherwise(discount())
                            .as("discount"),
                    region(when(is(Injected.REGION_CHANGED), pmod(regionIndex.plus(1), lit(REGIONS.length)))
                                    .otherwise(regionIndex))
                            .as("region"),
                    concat(lit("customer"), customerId(), lit("@example.com")).as("customer_email"),
                    updatedAt().as("updated_at"),
                    etlLoadedAt(ETL_CLOUD_EPOCH, "etl_cloud").as("etl_loaded_at"));
        }
    }
}
