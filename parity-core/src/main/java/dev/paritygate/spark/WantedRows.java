package dev.paritygate.spark;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the digests leave to read: per differing grain, its differing key hashes, or (a NULL key
 * hash) all its rows when its digests could not be peeled.
 *
 * @param wholeGrains grains read whole
 * @param wholeGrainRows rows, both sides, of the grains read whole
 * @param keysOnly grains of partitions whose differences are all one-sided (every differing
 *     key hash has pairs left over on one side only, no grain read whole): there a key is
 *     missing on one side or duplicated, never on both sides once with different values, so
 *     its rows' key columns tell all the counts need
 * @param bothSidedKeys key hashes with pairs left over on both sides: the keys that may be
 *     mismatched
 */
record WantedRows(List<Row> rows, int wholeGrains, long wholeGrainRows, Set<Grain> keysOnly, long bothSidedKeys) {
    /** The wanted table's grain id column. */
    static final String GRAIN = "__pg_wanted_grain";
    /** The wanted table's key hash column: NULL for every row of the grain. */
    static final String KEY_HASH = "__pg_wanted_kh";

    /**
     * What the digests leave to read, or null when that is more than {@code limit} (grain, key
     * hash) entries: too many to broadcast, so the caller reads the grains instead.
     */
    static WantedRows of(Set<Grain> grains, SparkKeyDiff.Digests digests, long limit) {
        List<Row> rows = new ArrayList<>();
        int wholeGrains = 0;
        long whole = 0;
        Map<Grain, Fingerprint> lf = digests.leftProfile().grains();
        Map<Grain, Fingerprint> rf = digests.rightProfile().grains();
        Map<Grain, DifferenceDigest.Peeled> peeled = new HashMap<>();
        // A key hash's sides over all grains: a key that moved between partitions leaves a pair
        // on one side in each.
        Map<Long, Integer> sides = new HashMap<>();
        for (Grain g : grains) {
            DifferenceDigest.Peeled p = DifferenceDigest.peel(
                    digests.left().digest(g.id()), digests.right().digest(g.id()));
            if (p == null) {
                rows.add(RowFactory.create(g.id(), null));
                wholeGrains++;
                whole += rows(lf.get(g)) + rows(rf.get(g));
            } else {
                peeled.put(g, p);
                for (int i = 0; i < p.keyHashes().length; i++) {
                    rows.add(RowFactory.create(g.id(), p.keyHashes()[i]));
                    sides.merge(p.keyHashes()[i], (int) p.sides()[i], (x, y) -> x | y);
                }
            }
            if (rows.size() > limit) {
                return null;
            }
        }
        int both = DifferenceDigest.Peeled.LEFT | DifferenceDigest.Peeled.RIGHT;
        Set<String> valued = new HashSet<>();
        for (Grain g : grains) {
            DifferenceDigest.Peeled p = peeled.get(g);
            if (p == null || Arrays.stream(p.keyHashes()).anyMatch(k -> sides.get(k) == both)) {
                valued.add(g.partition());
            }
        }
        Set<Grain> keysOnly = new HashSet<>();
        for (Grain g : grains) {
            if (!valued.contains(g.partition())) {
                keysOnly.add(g);
            }
        }
        long bothSided = sides.values().stream().filter(v -> v == both).count();
        return new WantedRows(rows, wholeGrains, whole, keysOnly, bothSided);
    }

    private static long rows(Fingerprint f) {
        return f == null ? 0 : f.rows();
    }

    /** The entries as a table of ({@link #GRAIN}, {@link #KEY_HASH}), to broadcast. */
    Dataset<Row> table(SparkSession spark) {
        return spark.createDataFrame(
                rows, new StructType().add(GRAIN, DataTypes.LongType, false).add(KEY_HASH, DataTypes.LongType, true));
    }
}
