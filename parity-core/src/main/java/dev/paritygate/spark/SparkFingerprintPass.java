package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import dev.paritygate.check.SideProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The single aggregation over one side: per grain, the row count, the two hash sums and the
 * null-key count. The result has one row per grain (partitions x segments), never per data row, so
 * driver memory does not grow with the table.
 */
final class SparkFingerprintPass {
    private static final long LOW_32 = 0xFFFFFFFFL;

    private SparkFingerprintPass() {}

    static SideProfile profile(Dataset<Row> prepared) {
        Column h1 = col(SparkPreparedSide.H1);
        Column h2 = col(SparkPreparedSide.H2);
        // 64-bit sums would overflow (and fail under ANSI mode): sum the 32-bit halves instead, which
        // cannot overflow below 2^31 rows per grain, and recombine them modulo 2^64 on the driver.
        List<Row> rows = prepared.groupBy(col(SparkPreparedSide.PART), col(SparkPreparedSide.SEG))
                .agg(
                        count(lit(1)),
                        sum(shiftrightunsigned(h1, 32)),
                        sum(h1.bitwiseAND(lit(LOW_32))),
                        sum(shiftrightunsigned(h2, 32)),
                        sum(h2.bitwiseAND(lit(LOW_32))),
                        sum(when(col(SparkPreparedSide.NULL_KEY), lit(1L)).otherwise(lit(0L))))
                .collectAsList();
        Map<Grain, Fingerprint> grains = new HashMap<>();
        long nullKeys = 0;
        for (Row r : rows) {
            Grain g = new Grain(r.getString(0), r.getInt(1));
            grains.put(
                    g,
                    new Fingerprint(
                            r.getLong(2),
                            Fingerprint.fromHalves(r.getLong(3), r.getLong(4)),
                            Fingerprint.fromHalves(r.getLong(5), r.getLong(6))));
            nullKeys += r.getLong(7);
        }
        return new SideProfile(grains, nullKeys);
    }
}
