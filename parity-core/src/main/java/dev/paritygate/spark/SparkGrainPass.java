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
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
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

    /** The side's fingerprints; fills {@code partitionValues} with each partition spec's values. */
    static SideProfile run(Dataset<Row> prepared, AlignedSides aligned, Map<String, List<Object>> partitionValues) {
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
        Dataset<Row> narrow = prepared.select(cols.toArray(Column[]::new));
        DataType[] types = new DataType[partitions];
        for (int j = 0; j < partitions; j++) {
            types[j] = narrow.schema().fields()[5 + j].dataType();
        }
        List<TaskSums> tasks = narrow.queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitions(new SumTask(types))
                .collect();
        Map<Long, long[]> sums = new HashMap<>();
        Map<Long, Grain> grains = new HashMap<>();
        for (TaskSums t : tasks) {
            for (int i = 0; i < t.ids.length; i++) {
                long id = t.ids[i];
                long[] s = sums.computeIfAbsent(id, k -> new long[SUMS]);
                for (int k = 0; k < SUMS; k++) {
                    s[k] += t.sums[i * SUMS + k];
                }
                if (!grains.containsKey(id)) {
                    List<Object> values = Arrays.asList(t.partitionValues.get(t.partitionOf[i]));
                    String spec = SparkPreparedSide.partitionSpec(aligned, values);
                    partitionValues.putIfAbsent(spec, values);
                    grains.put(id, new Grain(spec, t.segments[i], id));
                }
            }
        }
        Map<Grain, Fingerprint> fingerprints = new HashMap<>();
        long nullKeys = 0;
        for (Map.Entry<Long, long[]> e : sums.entrySet()) {
            long[] s = e.getValue();
            fingerprints.put(grains.get(e.getKey()), new Fingerprint(s[0], s[1], s[2]));
            nullKeys += s[3];
        }
        return new SideProfile(fingerprints, nullKeys);
    }

    /** One task's sums: parallel arrays per grain, and the distinct partition values it saw. */
    record TaskSums(long[] ids, int[] segments, int[] partitionOf, long[] sums, List<Object[]> partitionValues)
            implements Serializable {}

    /** Sums one task's rows per grain. Wrap-around addition is the fingerprint's arithmetic. */
    private static final class SumTask implements FlatMapFunction<Iterator<InternalRow>, TaskSums> {
        private final DataType[] types;

        SumTask(DataType[] types) {
            this.types = types;
        }

        @Override
        public Iterator<TaskSums> call(Iterator<InternalRow> rows) {
            GrainTable table = new GrainTable();
            Map<List<Object>, Integer> partitionIndex = new HashMap<>();
            List<Object[]> partitionValues = new ArrayList<>();
            List<scala.Function1<Object, Object>> toJava = new ArrayList<>();
            for (DataType t : types) {
                toJava.add(CatalystTypeConverters.createToScalaConverter(t));
            }
            while (rows.hasNext()) {
                InternalRow r = rows.next();
                long id = r.getLong(0);
                int e = table.find(id);
                if (e < 0) {
                    // Looked up by Spark's internal values; converted to Java objects (which for
                    // dates means a calendar conversion) once per distinct partition, not per grain.
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
                            values[j] =
                                    internal[j] == null ? null : toJava.get(j).apply(internal[j]);
                        }
                        partitionValues.add(values);
                        partitionIndex.put(key, p);
                    }
                    e = table.add(id, r.getInt(1), p);
                }
                table.addRow(e, r.getLong(2), r.getLong(3), r.getBoolean(4));
            }
            return List.of(new TaskSums(
                            table.ids(), table.segments(), table.partitions(), table.sums(), partitionValues))
                    .iterator();
        }
    }
}
