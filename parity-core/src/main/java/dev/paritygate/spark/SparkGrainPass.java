package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import dev.paritygate.check.SideProfile;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The fingerprint pass when nothing else needs the scan (no KPIs, sketches or estimates): each
 * task adds its rows' hashes into a {@link GrainTable} keyed by the grain id, reading Spark's
 * internal rows directly, and the driver adds the tasks' tables. On the benchmark's data, Spark's
 * own hash aggregation into 30,720 grain groups adds about two thirds of the scan's own CPU time;
 * the table adds a small fraction of it. The arithmetic is that of {@link SparkFusedPass}: count,
 * wrap-around sums of two row hashes, null keys. The row hashes are of each row's bytes ({@link
 * RowBytesHash}) where the grouped aggregation's are Spark's column-wise {@code xxhash64}, so the
 * two passes' fingerprint values differ while their counts and statuses agree (a test pins it);
 * both sides of a comparison always take the same pass.
 *
 * <p>A task's result holds one entry per grain it touched, never one per row, and, when a pruned
 * key diff may follow, each grain's {@link DifferenceDigest}. The driver adds each task's result
 * as it arrives. Partition values are converted to Java objects once per distinct partition a
 * task sees.
 */
final class SparkGrainPass {
    private static final int SUMS = GrainTable.SUMS;
    private static final int FIRST_PARTITION = 4;

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
     * @param withDigests whether to add each keyed row's (key hash, row hash) to its grain's {@link
     *     DifferenceDigest} ({@link SideStats#digests()}), for a key diff that reads only differing keys
     */
    static SideStats run(Dataset<Row> prepared, AlignedSides aligned, boolean withDigests) {
        int partitions = SparkPreparedSide.partitionCount(aligned);
        // Row layout: grain, segment, null-key flag, key hash, partition values, then the hashed
        // canonical columns. The row hashes cover the whole row: the leading fields derive from the
        // canonical values, and the layout is the same on both sides. The key hash is there even
        // without digests, so that full and pruned mode give the same fingerprints.
        List<Column> cols = new ArrayList<>(List.of(
                col(SparkPreparedSide.GRAIN),
                col(SparkPreparedSide.SEG),
                col(SparkPreparedSide.NULL_KEY),
                SparkPreparedSide.keyHash(aligned.keys().size())));
        for (int j = 0; j < partitions; j++) {
            cols.add(col(SparkPreparedSide.partition(j)));
        }
        cols.addAll(SparkPreparedSide.hashedColumns(aligned));
        Dataset<Row> narrow = prepared.select(cols.toArray(Column[]::new));
        DataType[] types = new DataType[partitions];
        for (int j = 0; j < partitions; j++) {
            types[j] = narrow.schema().fields()[FIRST_PARTITION + j].dataType();
        }
        Sums merged = new Sums(aligned, withDigests);
        // Each task's table is added as it arrives and then dropped, so the driver holds one table
        // per side plus the results in flight, however many tasks the side has.
        org.apache.spark.rdd.RDD<byte[]> tasks = narrow.queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitions(new SumTask(types, narrow.schema(), withDigests))
                .rdd();
        tasks.sparkContext()
                .runJob(
                        tasks,
                        new OnlyResult(),
                        new AddTo(merged),
                        scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
        GrainTable all = merged.all;
        List<String> specs = merged.specs;
        Map<String, List<Object>> partitionValues = merged.partitionValues;
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
                new LinkedHashMap<>(),
                null,
                null,
                partitionValues,
                withDigests ? all : null);
    }

    /**
     * The sums of the tasks added so far. A partition's spec is written once per task that saw it,
     * not once per grain.
     */
    private static final class Sums {
        private final AlignedSides aligned;
        private final boolean withDigests;
        final GrainTable all;
        final List<String> specs = new ArrayList<>();
        final Map<String, List<Object>> partitionValues = new HashMap<>();
        private final Map<String, Integer> specIndex = new HashMap<>();

        Sums(AlignedSides aligned, boolean withDigests) {
            this.aligned = aligned;
            this.withDigests = withDigests;
            this.all = new GrainTable(withDigests);
        }

        synchronized void add(TaskSums t) {
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
                if (withDigests) {
                    all.addDigest(e, t.digests, i * DifferenceDigest.LONGS);
                }
            }
        }
    }

    /** A task's one result, its {@link TaskSums} as {@link TaskResultBytes}. */
    private static final class OnlyResult
            extends scala.runtime.AbstractFunction1<scala.collection.Iterator<byte[]>, byte[]> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] apply(scala.collection.Iterator<byte[]> results) {
            return results.next();
        }
    }

    /** Adds each task's result to the driver's sums as it arrives. */
    private static final class AddTo extends scala.runtime.AbstractFunction2<Object, byte[], scala.runtime.BoxedUnit> {
        private final Sums sums;

        AddTo(Sums sums) {
            this.sums = sums;
        }

        @Override
        public scala.runtime.BoxedUnit apply(Object partition, byte[] t) {
            sums.add(TaskResultBytes.read(t, TaskSums.class));
            return scala.runtime.BoxedUnit.UNIT;
        }
    }

    /**
     * One task's sums: parallel arrays per grain (digests, when kept, {@link DifferenceDigest#LONGS}
     * longs per grain), and the distinct partition values it saw.
     */
    record TaskSums(
            long[] ids, int[] segments, int[] partitionOf, long[] sums, long[] digests, List<Object[]> partitionValues)
            implements Serializable {
        /** Serialised as {@link Packed}: Java serialisation writes and reads a long[] one element at a time. */
        Object writeReplace() {
            ByteBuffer b = ByteBuffer.allocate(Packed.bytes(ids.length, digests != null))
                    .order(ByteOrder.LITTLE_ENDIAN);
            Packed.put(b, ids);
            Packed.put(b, segments);
            Packed.put(b, partitionOf);
            Packed.put(b, sums);
            if (digests != null) {
                Packed.put(b, digests);
            }
            return new Packed(ids.length, digests != null, b.array(), partitionValues);
        }
    }

    /**
     * A task's sums in transit: the arrays as one block of bytes, copied in bulk. A task's digests
     * are up to tens of megabytes; written element by element they cost CPU on both ends, and the
     * JIT compiler's time for serialisation loops that run once per task.
     */
    record Packed(int grains, boolean withDigests, byte[] arrays, List<Object[]> partitionValues)
            implements Serializable {
        static int bytes(int grains, boolean withDigests) {
            return Math.multiplyExact(
                    grains, Long.BYTES * (1 + SUMS + (withDigests ? DifferenceDigest.LONGS : 0)) + Integer.BYTES * 2);
        }

        Object readResolve() throws java.io.InvalidObjectException {
            if (grains < 0 || arrays.length != bytes(grains, withDigests)) {
                throw new java.io.InvalidObjectException(
                        "task sums of " + grains + " grains in " + arrays.length + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(arrays).order(ByteOrder.LITTLE_ENDIAN);
            long[] ids = longs(b, grains);
            int[] segments = ints(b, grains);
            int[] partitionOf = ints(b, grains);
            long[] sums = longs(b, grains * SUMS);
            long[] digests = withDigests ? longs(b, grains * DifferenceDigest.LONGS) : null;
            return new TaskSums(ids, segments, partitionOf, sums, digests, partitionValues);
        }

        // Each call copies one array in bulk and moves the buffer past it, so writer and reader
        // list the layout once, in the same order.
        private static void put(ByteBuffer b, long[] a) {
            b.asLongBuffer().put(a);
            b.position(b.position() + Long.BYTES * a.length);
        }

        private static void put(ByteBuffer b, int[] a) {
            b.asIntBuffer().put(a);
            b.position(b.position() + Integer.BYTES * a.length);
        }

        private static long[] longs(ByteBuffer b, int n) {
            long[] a = new long[n];
            b.asLongBuffer().get(a);
            b.position(b.position() + Long.BYTES * n);
            return a;
        }

        private static int[] ints(ByteBuffer b, int n) {
            int[] a = new int[n];
            b.asIntBuffer().get(a);
            b.position(b.position() + Integer.BYTES * n);
            return a;
        }
    }

    /** Sums one task's rows per grain; the task's result is one {@link TaskSums}, as bytes. */
    private static final class SumTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private final DataType[] types;
        private final StructType schema;
        private final boolean withDigests;

        SumTask(DataType[] types, StructType schema, boolean withDigests) {
            this.types = types;
            this.schema = schema;
            this.withDigests = withDigests;
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            TaskState state = new TaskState(types, withDigests);
            UnsafeProjection toUnsafe = null;
            while (rows.hasNext()) {
                InternalRow r = rows.next();
                if (!(r instanceof UnsafeRow)) {
                    // Whole-stage code generation hands over UnsafeRows; an interpreted plan may not.
                    if (toUnsafe == null) {
                        toUnsafe = UnsafeProjection.create(schema);
                    }
                    r = toUnsafe.apply(r);
                }
                state.add((UnsafeRow) r);
            }
            return List.of(TaskResultBytes.of(state.sums())).iterator();
        }
    }

    /** One task's grain table and the partition values it has seen. */
    private static final class TaskState {
        private final DataType[] types;
        private final boolean withDigests;
        private final GrainTable table;
        private final Map<List<Object>, Integer> partitionIndex = new HashMap<>();
        private final List<Object[]> partitionValues = new ArrayList<>();
        private final List<scala.Function1<Object, Object>> toJava = new ArrayList<>();
        /** Typed getters of the partition columns, chosen once instead of per call by the row. */
        private final List<
                        scala.Function2<org.apache.spark.sql.catalyst.expressions.SpecializedGetters, Object, Object>>
                getters = new ArrayList<>();

        TaskState(DataType[] types, boolean withDigests) {
            this.types = types;
            this.withDigests = withDigests;
            this.table = new GrainTable(withDigests);
            for (DataType t : types) {
                toJava.add(CatalystTypeConverters.createToScalaConverter(t));
                getters.add(InternalRow.getAccessor(t, true));
            }
        }

        /** Adds a row to its grain's sums and, when digests are kept and it has a key, to its digest. */
        void add(UnsafeRow r) {
            long id = r.getLong(0);
            int e = table.find(id);
            if (e < 0) {
                e = table.add(id, r.getInt(1), partition(r));
            }
            boolean nullKey = r.getBoolean(2);
            long h1 = RowBytesHash.first(r);
            table.addRow(e, h1, RowBytesHash.second(r), nullKey);
            if (withDigests && !nullKey) {
                table.addKeyed(e, r.getLong(3), h1);
            }
        }

        /**
         * The index of the row's partition values. Looked up by Spark's internal values; converted
         * to Java objects (which for dates means a calendar conversion) once per distinct partition.
         */
        private int partition(InternalRow r) {
            Object[] internal = new Object[types.length];
            for (int j = 0; j < types.length; j++) {
                Object v = getters.get(j).apply(r, FIRST_PARTITION + j);
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
            return new TaskSums(
                    table.ids(), table.segments(), table.partitions(), table.sums(), table.digests(), partitionValues);
        }
    }
}
