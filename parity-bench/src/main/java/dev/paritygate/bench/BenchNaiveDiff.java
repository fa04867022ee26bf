package dev.paritygate.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.not;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The diff most teams write first: a full outer join of every column on the key, then a null-safe
 * comparison of each column, in one aggregation.
 *
 * <p>Usage: {@code BenchNaiveDiff DATA_DIR}
 */
public final class BenchNaiveDiff {
    private BenchNaiveDiff() {}

    public static void main(String[] args) {
        SparkSession spark =
                SparkSession.builder().appName("parity-bench-naive").getOrCreate();
        Dataset<Row> l = spark.read().parquet(args[0] + "/legacy").alias("l");
        Dataset<Row> r = spark.read().parquet(args[0] + "/cloud").alias("r");
        Dataset<Row> j = l.join(r, col("l.id").equalTo(col("r.id")), "full_outer");
        List<Column> aggs = new ArrayList<>();
        aggs.add(count_if(col("r.id").isNull()).as("only_left"));
        aggs.add(count_if(col("l.id").isNull()).as("only_right"));
        Column both = col("l.id").isNotNull().and(col("r.id").isNotNull());
        Column any = null;
        for (String c : l.columns()) {
            if (c.equals("id")) {
                continue;
            }
            Column differs = both.and(not(col("l." + c).eqNullSafe(col("r." + c))));
            aggs.add(count_if(differs).as(c));
            any = any == null ? differs : any.or(differs);
        }
        aggs.add(count_if(any).as("rows_mismatched"));
        Row row = j.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .first();
        System.out.println("naive " + row);
        spark.stop();
    }
}
