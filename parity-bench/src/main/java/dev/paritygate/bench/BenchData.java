package dev.paritygate.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Writes a seeded legacy and cloud Parquet dataset of {@code rows} rows (15 columns, 30 dates) in
 * one of three modes, and a manifest of what was injected:
 *
 * <ul>
 *   <li>{@code clean}: identical rows, different file layout and row order;
 *   <li>{@code diff}: 0.1% of rows changed in 3 columns, 1,000 rows missing on each side, 10 keys
 *       duplicated on the cloud side;
 *   <li>{@code scattered}: as {@code diff}, with the changed rows spread over all 30 dates.
 * </ul>
 *
 * <p>Rows are chosen through a permutation of the ids ({@code perm = (id * 7919 + 13) mod rows}),
 * so every injected set has an exact, known size. The missing and duplicated rows are a range of
 * {@code perm}, so they fall in every date. In {@code diff} mode a row changes where {@code perm}
 * is a multiple of 1,000: with ROWS a multiple of 1,000, that fixes {@code id mod 1000}, hence
 * {@code id mod 10}, and the changed rows fall in 3 of the 30 dates ({@code id mod 30}); the key
 * diff reads the other 27 by their key columns alone. That is the mode every session's figures
 * since the first use. {@code scattered} changes rows where {@code perm} is a multiple of 997,
 * prime to 30 and to 1,000, so the changes fall in every date: a rounding rule that touches a few
 * rows of every partition, for which the key diff reads every partition whole.
 *
 * <p>Usage: {@code BenchData OUT_DIR ROWS clean|diff|scattered SEED}
 */
public final class BenchData {
    static final int DATES = 30;
    static final int MISSING = 1000;
    static final int DUPLICATES = 10;
    static final long CHANGE_EVERY = 1000;
    static final long CHANGE_EVERY_SCATTERED = 997;

    private BenchData() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        String mode = args[2];
        if (!mode.equals("clean") && !mode.equals("diff") && !mode.equals("scattered")) {
            throw new IllegalArgumentException("Invalid mode " + mode + ": must be clean, diff or scattered");
        }
        boolean diff = !mode.equals("clean");
        long changeEvery = mode.equals("scattered") ? CHANGE_EVERY_SCATTERED : CHANGE_EVERY;
        long seed = Long.parseLong(args[3]);
        if (rows % 7919 == 0) {
            throw new IllegalArgumentException("Invalid ROWS " + rows + ": must not be a multiple of 7919");
        }
        SparkSession spark = SparkSession.builder().appName("parity-bench-data").getOrCreate();
        Dataset<Row> base = base(spark, rows, seed);
        Column perm = pmod(col("id").multiply(7919L).plus(13L), lit(rows));
        Dataset<Row> legacy = base;
        Dataset<Row> cloud = base;
        long changed = 0;
        if (diff) {
            legacy = base.where(perm.lt(MISSING).or(perm.geq(2 * MISSING)));
            cloud = base.where(perm.geq(MISSING));
            Column change = perm.geq(2 * MISSING + DUPLICATES)
                    .and(pmod(perm, lit(changeEvery)).equalTo(0));
            cloud = cloud.withColumn(
                            "amount",
                            when(change, col("amount").plus(lit(1)))
                                    .otherwise(col("amount"))
                                    .cast("decimal(14,2)"))
                    .withColumn("status", when(change, lit("CHANGED")).otherwise(col("status")))
                    .withColumn(
                            "discount", when(change, col("discount").plus(0.5)).otherwise(col("discount")));
            Dataset<Row> dups = cloud.where(perm.geq(2 * MISSING).and(perm.lt(2 * MISSING + DUPLICATES)));
            cloud = cloud.unionByName(dups);
            changed = countMultiples(2 * MISSING + DUPLICATES, rows, changeEvery);
        }
        // Different layout and order on the two sides: the comparison must not depend on either.
        legacy.repartition(col("event_date"))
                .sortWithinPartitions("id")
                .write()
                .mode(SaveMode.Overwrite)
                .partitionBy("event_date")
                .parquet(out.resolve("legacy").toString());
        cloud.repartition(13)
                .write()
                .mode(SaveMode.Overwrite)
                .partitionBy("event_date")
                .parquet(out.resolve("cloud").toString());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("rows", rows);
        manifest.put("mode", mode);
        manifest.put("seed", seed);
        manifest.put("rows_only_in_left", diff ? MISSING : 0);
        manifest.put("rows_only_in_right", diff ? MISSING : 0);
        manifest.put("rows_mismatched", changed);
        manifest.put("duplicate_keys_right", diff ? DUPLICATES : 0);
        // Each duplicated key is once on legacy and twice on cloud: its rows differ in number.
        manifest.put("duplicate_keys_differing", diff ? DUPLICATES : 0);
        manifest.put("column_mismatches", Map.of("amount", changed, "status", changed, "discount", changed));
        Files.createDirectories(out);
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(out.resolve("manifest.json").toFile(), manifest);
        spark.stop();
    }

    /** Multiples of {@code step} in {@code [from, to)}. */
    static long countMultiples(long from, long to, long step) {
        long first = (from + step - 1) / step;
        long last = (to - 1) / step;
        return Math.max(0, last - first + 1);
    }

    static Dataset<Row> base(SparkSession spark, long rows, long seed) {
        Column h = xxhash64(col("id"), lit(seed));
        Column h2 = xxhash64(col("id"), lit(seed + 1));
        return spark.range(rows)
                .select(
                        col("id"),
                        date_add(
                                        lit("2026-10-22").cast(DataTypes.DateType),
                                        pmod(col("id"), lit(DATES)).cast("int"))
                                .as("event_date"),
                        pmod(h, lit(2_000_000L)).as("customer_id"),
                        pmod(h2, lit(50_000L)).cast("int").as("product_id"),
                        pmod(h, lit(20L)).plus(1).cast("int").as("quantity"),
                        pmod(h2, lit(100_000L))
                                .divide(100)
                                .cast("decimal(12,2)")
                                .as("unit_price"),
                        pmod(h, lit(10_000_000L))
                                .divide(100)
                                .cast("decimal(14,2)")
                                .as("amount"),
                        pmod(h2, lit(1000L)).divide(1000.0).as("discount"),
                        pmod(h, lit(997L)).divide(100.0).as("tax"),
                        element_at(
                                        array(lit("NEW"), lit("PAID"), lit("SHIPPED"), lit("RETURNED")),
                                        pmod(h2, lit(4L)).plus(1).cast("int"))
                                .as("status"),
                        element_at(
                                        array(lit("EU"), lit("US"), lit("APAC"), lit("LATAM"), lit("MEA")),
                                        pmod(h, lit(5L)).plus(1).cast("int"))
                                .as("region"),
                        element_at(
                                        array(lit("web"), lit("store"), lit("app")),
                                        pmod(h2, lit(3L)).plus(1).cast("int"))
                                .as("channel"),
                        timestamp_seconds(lit(1_790_000_000L).plus(pmod(h, lit(3_000_000L))))
                                .as("created_at"),
                        pmod(h2, lit(10L)).equalTo(0).as("is_gift"),
                        concat(lit("note-"), pmod(h, lit(100_000L)).cast("string"))
                                .as("note"));
    }
}
