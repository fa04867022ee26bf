package dev.paritygate.spark;

import static org.apache.spark.sql.functions.broadcast;

import dev.paritygate.ParityErrors;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The keys of {@code exclude_recent}: a key whose row changed within the window on either side is
 * left out of both sides, all of its rows, so that a row still changing on one side is neither
 * missing from nor different on the other. Keys are matched as the key diff matches them, on their
 * canonical values; a null key is never matched, so a recent row with one names no key (its side
 * drops it by its own timestamp).
 *
 * <p>The recent keys are few (minutes of changes): one job reads the key and timestamp columns of
 * both sides, filtered on the timestamp (a Parquet or Delta source skips row groups and files by
 * it), and brings at most {@code broadcastMax} distinct keys to the driver. Every later pass then
 * joins its side against that table, broadcast, instead of reading the sources again. A larger set
 * is never collected: the sides are joined against the recent rows' query itself, which each later
 * pass evaluates again, by a shuffle.
 *
 * @param left the left side's rows that changed within the window, before ignored columns are dropped
 * @param right the right side's such rows
 */
record SparkRecentKeys(Dataset<Row> left, Dataset<Row> right) {
    /**
     * Recent keys above this many are not collected to the driver nor broadcast. A million keys of a
     * few columns take tens of megabytes on the driver and in each broadcast.
     */
    static final int BROADCAST_KEYS_MAX = 1_000_000;

    /**
     * Both sides without the recent keys.
     *
     * @param keys the number of distinct recent keys, each now on neither side
     */
    record Excluded(Dataset<Row> left, Dataset<Row> right, long keys) {}

    /**
     * {@code l} and {@code r} (the sides as aligned so far, rows recent on their own side already
     * dropped) without any row whose key is recent on either side.
     */
    Excluded exclude(Dataset<Row> l, Dataset<Row> r, List<ColumnPair> keys, int broadcastMax) {
        Dataset<Row> recent = canonicalKeys(left, Side.LEFT, keys)
                .union(canonicalKeys(right, Side.RIGHT, keys))
                .distinct();
        Dataset<Row> table;
        long count;
        try {
            List<Row> few = recent.limit(broadcastMax + 1).collectAsList();
            if (few.isEmpty()) {
                return new Excluded(l, r, 0);
            }
            if (few.size() <= broadcastMax) {
                table = broadcast(recent.sparkSession().createDataFrame(few, recent.schema()));
                count = few.size();
            } else {
                table = recent;
                count = recent.count();
            }
        } catch (Exception e) { // Spark throws checked exceptions undeclared
            throw ParityErrors.evaluationFailed("exclude_recent (reading both sides' recently changed keys)", e);
        }
        return new Excluded(without(l, Side.LEFT, keys, table), without(r, Side.RIGHT, keys, table), count);
    }

    /** The canonical key of each row of {@code df} whose key has no NULL: the key diff's key. */
    private static Dataset<Row> canonicalKeys(Dataset<Row> df, Side side, List<ColumnPair> keys) {
        List<Column> out = new ArrayList<>();
        Column complete = null;
        for (int i = 0; i < keys.size(); i++) {
            Column k = canonical(df, side, keys.get(i));
            out.add(k.as(SparkPreparedSide.key(i)));
            complete = complete == null ? k.isNotNull() : complete.and(k.isNotNull());
        }
        return df.where(complete).select(out.toArray(Column[]::new));
    }

    private static Dataset<Row> without(Dataset<Row> df, Side side, List<ColumnPair> keys, Dataset<Row> table) {
        Column match = null;
        for (int i = 0; i < keys.size(); i++) {
            // Plain equality: a row with a NULL key matches no recent key and stays.
            Column eq = canonical(df, side, keys.get(i)).equalTo(table.col(SparkPreparedSide.key(i)));
            match = match == null ? eq : match.and(eq);
        }
        return df.join(table, match, "left_anti");
    }

    private static Column canonical(Dataset<Row> df, Side side, ColumnPair key) {
        return SparkCanonical.identifying(key, side, df.col(SparkPreparedSide.quote(key.name())));
    }
}
