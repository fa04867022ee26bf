package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One side's (grain, key hash, row hash) of every row with a key, kept by the fingerprint pass on
 * the executors' local disks (24 bytes a row, not in memory) until the key diff has used them.
 *
 * <p>When fingerprints differ, the key diff needs to know which keys differ before it reads any
 * full row. Reading the differing grains again to find out costs a scan of most of the table
 * when differences are scattered (0.1% of rows changed touch most grains); these triples answer
 * it from the pass already made: {@link #differingKeys} aggregates both sides' triples of the
 * differing grains by key hash and returns the hashes of keys that are one-sided, duplicated or
 * have different rows. The key diff then reads full rows of those keys only, and compares them
 * exactly on the real key: a key hash shared by two keys only makes both candidates.
 */
final class SparkRowHashes {
    static final String KEY_HASH = "__pg_kh";
    private static final String ROW_HASH = "__pg_rh";
    private static final String LEFT = "__pg_left";
    private static final StructType SCHEMA = new StructType()
            .add(KEY_HASH, DataTypes.LongType, false)
            .add(ROW_HASH, DataTypes.LongType, false)
            .add(LEFT, DataTypes.BooleanType, false);

    private final SparkSession spark;
    private final JavaRDD<Block> blocks;

    SparkRowHashes(SparkSession spark, JavaRDD<Block> blocks) {
        this.spark = spark;
        this.blocks = blocks;
    }

    /**
     * The key hashes, within {@code grainIds}, whose rows differ between the sides: one column
     * {@link #KEY_HASH}, kept (the caller unpersists it) so that it can be broadcast without being
     * computed again; or null when there are more than {@code limit} of them (the caller then
     * diffs without this shortcut).
     */
    static Dataset<Row> differingKeys(SparkRowHashes left, SparkRowHashes right, long[] grainIds, long limit) {
        // One aggregation over both sides' rows, not one per side and a join: no sort, one shuffle.
        Column isLeft = col(LEFT);
        Dataset<Row> differing = left.rows(grainIds, true)
                .union(right.rows(grainIds, false))
                .groupBy(col(KEY_HASH))
                .agg(
                        count_if(isLeft).as("__pg_n_l"),
                        count_if(not(isLeft)).as("__pg_n_r"),
                        min(when(isLeft, col(ROW_HASH))).as("__pg_h_l"),
                        min(when(not(isLeft), col(ROW_HASH))).as("__pg_h_r"))
                .filter(not(col("__pg_n_l")
                        .equalTo(1)
                        .and(col("__pg_n_r").equalTo(1))
                        .and(col("__pg_h_l").equalTo(col("__pg_h_r")))))
                .select(col(KEY_HASH))
                .persist(StorageLevel.MEMORY_AND_DISK());
        // Counted first, so that a table where most keys differ is never broadcast.
        if (differing.count() > limit) {
            differing.unpersist(false);
            return null;
        }
        return differing;
    }

    /** Deletes the kept triples. */
    void release() {
        blocks.unpersist(false);
    }

    /** The side's (key hash, row hash, whether left) of the rows in the grains. */
    private Dataset<Row> rows(long[] grainIds, boolean isLeft) {
        return spark.createDataFrame(blocks.flatMap(new InGrains(grainIds, isLeft)), SCHEMA);
    }

    /**
     * A run of one task's rows: row {@code i} is in grain {@code grains[i]} and has {@code
     * keyHashes[i]} and {@code rowHashes[i]}. The task's last block also carries its fingerprint
     * sums. A plain class rather than a record, so that any serializer Spark is configured with can
     * store it.
     */
    static final class Block implements Serializable {
        private static final long serialVersionUID = 1L;
        SparkGrainPass.TaskSums sums;
        private long[] grains = new long[0];
        private long[] keyHashes = new long[0];
        private long[] rowHashes = new long[0];
        private int size;

        Block() {}

        void add(long grain, long keyHash, long rowHash) {
            if (size == grains.length) {
                int capacity = Math.max(1024, size * 2);
                grains = Arrays.copyOf(grains, capacity);
                keyHashes = Arrays.copyOf(keyHashes, capacity);
                rowHashes = Arrays.copyOf(rowHashes, capacity);
            }
            grains[size] = grain;
            keyHashes[size] = keyHash;
            rowHashes[size] = rowHash;
            size++;
        }

        int size() {
            return size;
        }

        /** Drops the spare capacity, so that what is stored is 24 bytes a row. */
        Block trimmed() {
            grains = Arrays.copyOf(grains, size);
            keyHashes = Arrays.copyOf(keyHashes, size);
            rowHashes = Arrays.copyOf(rowHashes, size);
            return this;
        }
    }

    /** The (key hash, row hash, side) of a block's rows whose grain is one of the given ids. */
    private static final class InGrains implements FlatMapFunction<Block, Row> {
        private final long[] grainIds;
        private final boolean isLeft;
        /** The ids as a set, built once per task (the function is deserialized once per task). */
        private transient GrainTable wanted;

        InGrains(long[] grainIds, boolean isLeft) {
            this.grainIds = grainIds;
            this.isLeft = isLeft;
        }

        @Override
        public Iterator<Row> call(Block b) {
            if (wanted == null) {
                // A grain table used as a set of ids: a primitive lookup per row.
                wanted = new GrainTable();
                for (long id : grainIds) {
                    if (wanted.find(id) < 0) {
                        wanted.add(id, 0, 0);
                    }
                }
            }
            GrainTable wanted = this.wanted;
            return new Iterator<>() {
                private int next = advance(0);

                private int advance(int from) {
                    int i = from;
                    while (i < b.size && wanted.find(b.grains[i]) < 0) {
                        i++;
                    }
                    return i;
                }

                @Override
                public boolean hasNext() {
                    return next < b.size;
                }

                @Override
                public Row next() {
                    if (next >= b.size) {
                        throw new java.util.NoSuchElementException();
                    }
                    Row row = RowFactory.create(b.keyHashes[next], b.rowHashes[next], isLeft);
                    next = advance(next + 1);
                    return row;
                }
            };
        }
    }

    /** Where the triples live: local disk, so that executor memory does not grow with the rows. */
    static StorageLevel storageLevel() {
        return StorageLevel.DISK_ONLY();
    }
}
