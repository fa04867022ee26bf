package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import dev.paritygate.check.SideProfile;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The fingerprint pass when nothing else needs the scan (no KPIs, sketches or estimates): each
 * task adds its rows' hashes into a {@link GrainTable} keyed by the grain id, reading Spark's
 * internal rows directly, and the driver adds the tasks' tables. On the benchmark's data, Spark's
 * own hash aggregation into 30,720 grain groups adds about two thirds of the scan's own CPU time;
 * the table adds a small fraction of it. The arithmetic is that of {@link SparkFusedPass}: count,
 * wrap-around sums of the two row hashes, null keys; a test pins both to the same fingerprints.
 *
 * <p>A task's result holds one entry per grain it touched, never one per row. Partition values
 * are converted to Java objects once per distinct partition a task sees.
 */
final class SparkGrainPass {
    private static final int SUMS = GrainTable.SUMS;

    private SparkGrainPass() {}

    /** Whether the plan needs nothing but fingerprints, so the fast pass can serve it. */
    static boolean serves(FusedPlan plan) {
        return plan.sets() == 1
                && plan.distributions().isEmpty()
                && plan.distinct().isEmpty()
                && !plan.keyOverlap();
    }

    /**
     * The side's fingerprints, and the values of each partition spec they name.
     *
     * @param keepRowHashes whether to keep each keyed row's (grain, key hash, row hash) on local
     *     disk for the key diff ({@link SideStats#rowHashes()}); the caller releases them
     */
    static SideStats run(Dataset<Row> prepared, AlignedSides aligned, boolean keepRowHashes) {
        int partitions = SparkPreparedSide.partitionCount(aligned);
        List<Column> cols = new ArrayList<>(List.of(
                col(SparkPreparedSide.GRAIN),
                col(SparkPreparedSide.SEG),
                col(SparkPreparedSide.H1),
                col(SparkPreparedSide.H2),
                col(SparkPreparedSide.NULL_KEY)));
        for (int j = 0; j < partitions; j++) {
            cols.add(col(SparkPreparedSide.partition(j)));
        }
        if (keepRowHashes) {
            cols.add(SparkPreparedSide.keyHash(aligned.keys().size()));
        }
        Dataset<Row> narrow = prepared.select(cols.toArray(Column[]::new));
        DataType[] types = new DataType[partitions];
        for (int j = 0; j < partitions; j++) {
            types[j] = narrow.schema().fields()[5 + j].dataType();
        }
        JavaRDD<SparkRowHashes.Block> blocks =
                narrow.queryExecution().toRdd().toJavaRDD().mapPartitions(new SumTask(types, keepRowHashes));
        SparkRowHashes kept = null;
        if (keepRowHashes) {
            blocks = blocks.persist(SparkRowHashes.storageLevel());
            kept = new SparkRowHashes(prepared.sparkSession(), blocks);
        }
        List<TaskSums> tasks;
        try {
            tasks = blocks.filter(b -> b.sums != null).map(new SumsOf()).collect();
        } catch (RuntimeException e) {
            if (kept != null) {
                kept.release();
            }
            throw e;
        }
        // The driver adds the tasks' sums in a table of its own; a partition's spec is written once
        // per task that saw it, not once per grain.
        GrainTable all = new GrainTable();
        List<String> specs = new ArrayList<>();
        Map<String, Integer> specIndex = new HashMap<>();
        Map<String, List<Object>> partitionValues = new HashMap<>();
        for (TaskSums t : tasks) {
            int[] specOf = new int[t.partitionValues.size()];
            for (int p = 0; p < specOf.length; p++) {
                List<Object> values = Arrays.asList(t.partitionValues.get(p));
                String spec = SparkPreparedSide.partitionSpec(aligned, values);
                specOf[p] = specIndex.computeIfAbsent(spec, added -> {
                    specs.add(added);
                    partitionValues.put(added, values);
                    return specs.size() - 1;
                });
            }
            for (int i = 0; i < t.ids.length; i++) {
                int e = all.find(t.ids[i]);
                if (e < 0) {
                    e = all.add(t.ids[i], t.segments[i], specOf[t.partitionOf[i]]);
                }
                all.addSums(e, t.sums, i * SUMS);
            }
        }
        long[] ids = all.ids();
        int[] segments = all.segments();
        int[] partitionOf = all.partitions();
        long[] sums = all.sums();
        Map<Grain, Fingerprint> fingerprints = new HashMap<>();
        long nullKeys = 0;
        for (int e = 0; e < ids.length; e++) {
            int at = e * SUMS;
            fingerprints.put(
                    new Grain(specs.get(partitionOf[e]), segments[e], ids[e]),
                    new Fingerprint(sums[at], sums[at + 1], sums[at + 2]));
            nullKeys += sums[at + 3];
        }
        return new SideStats(
                new SideProfile(fingerprints, nullKeys),
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                null,
                null,
                partitionValues,
                kept);
    }

    /** A block's sums: what the driver collects; the rows stay where the block is stored. */
    private static final class SumsOf implements Function<SparkRowHashes.Block, TaskSums> {
        @Override
        public TaskSums call(SparkRowHashes.Block b) {
            return b.sums;
        }
    }

    /** One task's sums: parallel arrays per grain, and the distinct partition values it saw. */
    record TaskSums(long[] ids, int[] segments, int[] partitionOf, long[] sums, List<Object[]> partitionValues)
            implements Serializable {}

    /**
     * Sums one task's rows per grain. Wrap-around addition is the fingerprint's arithmetic. When
     * row hashes are kept, the rows come out in blocks of at most {@link #BLOCK_ROWS} as they are
     * read, so that Spark streams them to disk and a task never holds more than one block; the last
     * block carries the task's sums.
     */
    private static final class SumTask implements FlatMapFunction<Iterator<InternalRow>, SparkRowHashes.Block> {
        private final DataType[] types;
        private final boolean keepRowHashes;

        SumTask(DataType[] types, boolean keepRowHashes) {
            this.types = types;
            this.keepRowHashes = keepRowHashes;
        }

        @Override
        public Iterator<SparkRowHashes.Block> call(Iterator<InternalRow> rows) {
            return new Iterator<>() {
                private final TaskState state = new TaskState(types);
                private boolean done;

                @Override
                public boolean hasNext() {
                    return !done;
                }

                @Override
                public SparkRowHashes.Block next() {
                    if (done) {
                        throw new java.util.NoSuchElementException();
                    }
                    SparkRowHashes.Block block = new SparkRowHashes.Block();
                    while (rows.hasNext() && (!keepRowHashes || block.size() < BLOCK_ROWS)) {
                        state.add(rows.next(), keepRowHashes ? block : null);
                    }
                    if (!rows.hasNext()) {
                        block.sums = state.sums();
                        done = true;
                    }
                    return block.trimmed();
                }
            };
        }
    }

    /** Rows kept per block of row hashes: 1.5 MB of them. */
    private static final int BLOCK_ROWS = 1 << 16;

    /** One task's grain table and the partition values it has seen. */
    private static final class TaskState {
        private final DataType[] types;
        private final int keyHashAt;
        private final GrainTable table = new GrainTable();
        private final Map<List<Object>, Integer> partitionIndex = new HashMap<>();
        private final List<Object[]> partitionValues = new ArrayList<>();
        private final List<scala.Function1<Object, Object>> toJava = new ArrayList<>();

        TaskState(DataType[] types) {
            this.types = types;
            this.keyHashAt = 5 + types.length;
            for (DataType t : types) {
                toJava.add(CatalystTypeConverters.createToScalaConverter(t));
            }
        }

        /** Adds a row to its grain's sums and, unless {@code kept} is null, its hashes to {@code kept}. */
        void add(InternalRow r, SparkRowHashes.Block kept) {
            long id = r.getLong(0);
            int e = table.find(id);
            if (e < 0) {
                e = table.add(id, r.getInt(1), partition(r));
            }
            boolean nullKey = r.getBoolean(4);
            table.addRow(e, r.getLong(2), r.getLong(3), nullKey);
            if (kept != null && !nullKey) {
                kept.add(id, r.getLong(keyHashAt), r.getLong(2));
            }
        }

        /**
         * The index of the row's partition values. Looked up by Spark's internal values; converted
         * to Java objects (which for dates means a calendar conversion) once per distinct partition.
         */
        private int partition(InternalRow r) {
            Object[] internal = new Object[types.length];
            for (int j = 0; j < types.length; j++) {
                Object v = r.isNullAt(5 + j) ? null : r.get(5 + j, types[j]);
                internal[j] = v instanceof UTF8String u ? u.clone() : v;
            }
            List<Object> key = Arrays.asList(internal);
            Integer p = partitionIndex.get(key);
            if (p == null) {
                p = partitionValues.size();
                Object[] values = new Object[types.length];
                for (int j = 0; j < types.length; j++) {
                    values[j] = internal[j] == null ? null : toJava.get(j).apply(internal[j]);
                }
                partitionValues.add(values);
                partitionIndex.put(key, p);
            }
            return p;
        }

        TaskSums sums() {
            return new TaskSums(table.ids(), table.segments(), table.partitions(), table.sums(), partitionValues);
        }
    }
}
