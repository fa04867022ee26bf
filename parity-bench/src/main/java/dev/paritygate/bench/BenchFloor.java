package dev.paritygate.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The physical floor: one scan of each side computing its row count and a wrap-around sum of one
 * 64-bit hash over all columns. No tool that reads every value can do less.
 *
 * <p>Usage: {@code BenchFloor DATA_DIR}
 */
public final class BenchFloor {
    private BenchFloor() {}

    public static void main(String[] args) {
        SparkSession spark =
                SparkSession.builder().appName("parity-bench-floor").getOrCreate();
        for (String side : new String[] {"legacy", "cloud"}) {
            Dataset<Row> df = spark.read().parquet(args[0] + "/" + side);
            Column h = xxhash64(Arrays.stream(df.columns()).map(c -> col(c)).toArray(Column[]::new));
            Row r = df.agg(count(lit(1)), sum(shiftrightunsigned(h, 32)), sum(h.bitwiseAND(lit(0xFFFFFFFFL))))
                    .first();
            System.out.printf("floor %s rows=%d hash=%016x%n", side, r.getLong(0), (r.getLong(1) << 32) + r.getLong(2));
        }
        spark.stop();
    }
}
