package dev.paritygate.spark;

import dev.paritygate.verdict.SampleRow;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * What the wide key diff reports, gathered in one pass over its differing keys: the sums of its
 * count columns and, per sample kind, the first keys in key order, as many as the sample can hold.
 * Each task tallies its partition and the driver adds the tallies, so counting and sampling are one
 * Spark job over rows that are never kept. Counting a kept result and then sampling it took three
 * (materialising the result, the counts, the sample) and the planning of a cached query; on the
 * benchmark's diff data that was about two seconds after the read. The narrow key diff tallies its
 * joined keys' counts the same way, with the keys of {@code duplicate_keys_differing} as its
 * only sample kind, so that they are sampled in the job that counts them.
 *
 * <p>The sample is the same as sorting each kind by key and taking the quota's first rows: a
 * quota is known only once the counts are, and no kind's quota exceeds the sample's size, so each
 * task keeps that many first keys per kind. Keys are ordered as Spark orders strings, by their
 * UTF-8 bytes.
 */
final class WideDiffTally implements Serializable {
    private static final long serialVersionUID = 1L;

    // Sample kinds as the tallied rows give them (NULL: a key no sample shows).
    static final int MISMATCHED = 0;
    static final int ONLY_IN_LEFT = 1;
    static final int ONLY_IN_RIGHT = 2;
    static final int DUPLICATE_DIFFERING = 3;

    /** Each kind's name, by its number. */
    private static final String[] KINDS = {
        SampleRow.MISMATCHED, SampleRow.ONLY_IN_LEFT, SampleRow.ONLY_IN_RIGHT, SampleRow.DUPLICATE_DIFFERING
    };

    /** The kinds in the order the sample lists them (as {@link SampleQuota} fills it). */
    private static final int[] LISTED = {MISMATCHED, DUPLICATE_DIFFERING, ONLY_IN_LEFT, ONLY_IN_RIGHT};

    private static final Comparator<Candidate> BY_KEY = (x, y) -> Arrays.compareUnsigned(x.order(), y.order());

    private final long[] sums;
    private final int keep;
    private final List<List<Candidate>> firstKeys = new ArrayList<>();

    /**
     * One sample candidate: a key (and its UTF-8 bytes, the order, encoded once), its differing
     * columns and both sides' rows as JSON.
     */
    private record Candidate(byte[] order, String key, List<String> columns, String left, String right)
            implements Serializable {}

    private WideDiffTally(int counts, int keep) {
        this.sums = new long[counts];
        this.keep = keep;
        for (int k = 0; k < KINDS.length; k++) {
            firstKeys.add(new ArrayList<>());
        }
    }

    /**
     * Tallies {@code rows}: its first {@code counts} columns are longs to sum, then the sample
     * columns: kind ({@link #MISMATCHED}, {@link #ONLY_IN_LEFT}, {@link #ONLY_IN_RIGHT}, {@link
     * #DUPLICATE_DIFFERING}, NULL not sampled), key JSON, the differing columns' names, left row
     * JSON and right row JSON.
     */
    static WideDiffTally of(Dataset<Row> rows, int counts, int sampleRows) {
        // Spark's internal rows, read in place: no conversion of each row to a Row, and no SQL
        // execution around the job (whose plan description the driver would format first). Each
        // task's tally travels as bytes ({@link TaskResultBytes}) and the driver adds them.
        WideDiffTally total = new WideDiffTally(counts, sampleRows);
        rows.queryExecution()
                .toRdd()
                .toJavaRDD()
                .mapPartitions(new PerTask(counts, sampleRows))
                .collect()
                .forEach(t -> total.plus(TaskResultBytes.read(t, WideDiffTally.class)));
        return total;
    }

    /** The sum of count column {@code i}. */
    long sum(int i) {
        return sums[i];
    }

    /** The sample under {@code quota}: per kind, its quota of first keys. */
    List<SampleRow> samples(SampleQuota quota) {
        int[] quotas = {quota.mismatched(), quota.onlyLeft(), quota.onlyRight(), quota.duplicateDiffering()};
        List<SampleRow> out = new ArrayList<>();
        for (int k : LISTED) {
            List<Candidate> first = firstKeys.get(k);
            for (Candidate c : first.subList(0, Math.min(quotas[k], first.size()))) {
                out.add(new SampleRow(
                        KINDS[k],
                        c.key(),
                        k == MISMATCHED ? c.columns() : List.of(),
                        k == ONLY_IN_RIGHT ? null : c.left(),
                        k == ONLY_IN_LEFT ? null : c.right()));
            }
        }
        return out;
    }

    private void add(InternalRow r) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += r.getLong(i);
        }
        if (keep == 0 || r.isNullAt(sums.length)) {
            return;
        }
        int at = sums.length;
        int kind = r.getInt(at);
        String key = r.getUTF8String(at + 1).toString();
        byte[] order = key.getBytes(StandardCharsets.UTF_8);
        if (!wants(kind, order)) {
            return; // most rows of a large diff: not copied at all
        }
        List<String> columns = new ArrayList<>();
        if (!r.isNullAt(at + 2)) {
            ArrayData names = r.getArray(at + 2);
            for (int i = 0; i < names.numElements(); i++) {
                columns.add(names.getUTF8String(i).toString());
            }
        }
        offer(kind, new Candidate(order, key, columns, string(r, at + 3), string(r, at + 4)));
    }

    private static String string(InternalRow r, int i) {
        return r.isNullAt(i) ? null : r.getUTF8String(i).toString();
    }

    /** Whether a key of {@code kind} ordered by {@code order} is among the first so far. */
    private boolean wants(int kind, byte[] order) {
        List<Candidate> first = firstKeys.get(kind);
        return first.size() < keep
                || Arrays.compareUnsigned(order, first.get(keep - 1).order()) < 0;
    }

    private void offer(int kind, Candidate c) {
        if (!wants(kind, c.order())) {
            return;
        }
        List<Candidate> first = firstKeys.get(kind);
        int at = Collections.binarySearch(first, c, BY_KEY);
        first.add(at < 0 ? -at - 1 : at, c);
        if (first.size() > keep) {
            first.remove(keep);
        }
    }

    private WideDiffTally plus(WideDiffTally other) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        for (int k = 0; k < KINDS.length; k++) {
            for (Candidate c : other.firstKeys.get(k)) {
                offer(k, c);
            }
        }
        return this;
    }

    /** A task's tally of its partition. */
    private static final class PerTask implements FlatMapFunction<Iterator<InternalRow>, byte[]> {
        private final int counts;
        private final int keep;

        PerTask(int counts, int keep) {
            this.counts = counts;
            this.keep = keep;
        }

        @Override
        public Iterator<byte[]> call(Iterator<InternalRow> rows) {
            WideDiffTally t = new WideDiffTally(counts, keep);
            rows.forEachRemaining(t::add);
            return List.of(TaskResultBytes.of(t)).iterator();
        }
    }
}
