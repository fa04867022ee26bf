package dev.paritygate.spark;

import static dev.paritygate.spark.SparkKeyDiff.HS_L;
import static dev.paritygate.spark.SparkKeyDiff.HS_R;
import static dev.paritygate.spark.SparkKeyDiff.N_L;
import static dev.paritygate.spark.SparkKeyDiff.N_R;
import static dev.paritygate.spark.SparkKeyDiff.PARTITION_FILTER_LIMIT;
import static dev.paritygate.spark.SparkKeyDiff.SH_L;
import static dev.paritygate.spark.SparkKeyDiff.SH_R;
import static dev.paritygate.spark.SparkKeyDiff.SL_L;
import static dev.paritygate.spark.SparkKeyDiff.SL_R;
import static dev.paritygate.spark.SparkKeyDiff.anyOf;
import static dev.paritygate.spark.SparkKeyDiff.bothOnce;
import static dev.paritygate.spark.SparkKeyDiff.candidate;
import static dev.paritygate.spark.SparkKeyDiff.cols;
import static dev.paritygate.spark.SparkKeyDiff.counts;
import static dev.paritygate.spark.SparkKeyDiff.duplicateDiffering;
import static dev.paritygate.spark.SparkKeyDiff.examinedByKeyHash;
import static dev.paritygate.spark.SparkKeyDiff.examinedWanted;
import static dev.paritygate.spark.SparkKeyDiff.highHalf;
import static dev.paritygate.spark.SparkKeyDiff.keyNames;
import static dev.paritygate.spark.SparkKeyDiff.lowHalf;
import static dev.paritygate.spark.SparkKeyDiff.oneIf;
import static dev.paritygate.spark.SparkKeyDiff.partitionFilter;
import static dev.paritygate.spark.SparkKeyDiff.perKeyCounts;
import static dev.paritygate.spark.SparkKeyDiff.preparedPartitions;
import static dev.paritygate.spark.SparkKeyDiff.withKey;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.check.Grain;
import dev.paritygate.rules.Rule;
import dev.paritygate.spark.SparkKeyDiff.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The key diff of a few rows, nearly all of them differing (the keys the grain digests name, and
 * the rows of grains read whole): both sides' rows stacked and grouped by key once, each key
 * with its row count, one row hash and one row's values per side, and counts, column mismatches
 * and the sample tallied from the keys that differ in the same Spark job ({@link WideDiffTally}).
 * Partitions whose differences are all one-sided can be read by their key columns alone ({@link
 * #readingKeysOnly}).
 */
final class WideKeyDiff {
    private static final String ROW_L = "__pg_row_l";
    private static final String ROW_R = "__pg_row_r";
    private static final String KEYS_ONLY_L = "__pg_keys_only_l";
    private static final String KEYS_ONLY_R = "__pg_keys_only_r";
    private static final String KEY = "key";
    private static final String ROW = "__pg_row_values";
    private static final String HS = "__pg_row_hash";
    private static final String KEYS_ONLY = "__pg_keys_only";
    private static final String LEFT = "__pg_left";
    private static final String JSON = "row";

    /** Rows of the wide diff per partition: a fraction of a second of one task's work. */
    private static final long ROWS_PER_PARTITION = 250_000L;

    private WideKeyDiff() {}

    /**
     * Partitions for the wide diff of {@code wanted}'s rows, at most {@code max}. It reads few rows
     * (the grains read whole, and about one row per differing key hash a side), and the session's
     * shuffle partitions would split them into tasks that cost more to schedule than to run:
     * measured on the benchmark's diff data, 16 tasks of 8,000 rows each spent 0.2-0.6 s of wall
     * time for 0.05-0.2 s of CPU. Adaptive execution does not coalesce the partitions of a
     * repartition to a given count, so the count is set here.
     */
    static int partitions(WantedRows wanted, int max) {
        long rows = wanted.wholeGrainRows() + 2L * wanted.rows().size();
        return (int) Math.max(1, Math.min(max, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
    }

    /**
     * The wide key diff, reading the partitions whose differences are all one-sided ({@link
     * WantedRows#keysOnly()}) by their key and partition columns alone: their keys need counting,
     * not comparing, and a scan of a few columns costs a fraction of one of every column. The other
     * differing partitions are read as {@link #diff} reads them. Null (the caller then reads
     * every examined row whole) when there is nothing to gain (no such partition, or no other), the
     * partitions cannot be told apart by a filter, or the result would need a value those reads
     * skip: a key found as often on each side with a row in a partition read by key (possible only
     * when its other rows sit in a grain read whole, whose digests named no key, or moved
     * partition), or one-sided rows for the sample. Counts tell such a key's rows apart only when
     * they differ: once on each side, its rows must be compared column by column; more often, as
     * whole rows ({@code duplicate_keys_differing}).
     */
    static KeyDiffOutcome readingKeysOnly(
            AlignedSides a,
            Rule rule,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            WantedRows wanted,
            Dataset<Row> table,
            int grainsTotal,
            int sampleRows,
            int keyPartitions) {
        Set<Grain> keysOnly = wanted.keysOnly();
        long partitions = grains.stream().map(Grain::partition).distinct().count();
        if (keysOnly.isEmpty()
                || keysOnly.size() == grains.size()
                || a.partitions().isEmpty()
                || partitions > PARTITION_FILTER_LIMIT
                // Fewer keys that may be mismatched than sample rows: one-sided rows fill the sample.
                || wanted.bothSidedKeys() + wanted.wholeGrainRows() < sampleRows) {
            return null;
        }
        Column readByKey = partitionFilter(preparedPartitions(a), keysOnly, partitionValues);
        if (readByKey == null) {
            return null;
        }
        Set<Grain> valued = new HashSet<>(grains);
        valued.removeAll(keysOnly);
        Dataset<Row> left = examinedWanted(a, Side.LEFT, rule, valued, partitionValues, wanted, table)
                .union(keyColumnsOnly(a, examinedByKeyHash(a, Side.LEFT, rule, keysOnly, partitionValues, table)));
        Dataset<Row> right = examinedWanted(a, Side.RIGHT, rule, valued, partitionValues, wanted, table)
                .union(keyColumnsOnly(a, examinedByKeyHash(a, Side.RIGHT, rule, keysOnly, partitionValues, table)));
        AlignedSides subset = a.withData(left, right);
        return diff(
                withKey(SparkPreparedSide.prepare(subset, Side.LEFT, rule)),
                withKey(SparkPreparedSide.prepare(subset, Side.RIGHT, rule)),
                a,
                rule,
                new Scope(grains.size(), wanted.wholeGrains(), keysOnly.size(), grainsTotal),
                sampleRows,
                readByKey,
                keyPartitions);
    }

    /** {@code rows} with every column but the keys and partitions NULL, so that the scan skips them. */
    private static Dataset<Row> keyColumnsOnly(AlignedSides a, Dataset<Row> rows) {
        Set<String> kept = new HashSet<>();
        a.keys().forEach(p -> kept.add(p.name()));
        a.partitions().forEach(p -> kept.add(p.name()));
        List<Column> out = new ArrayList<>();
        for (org.apache.spark.sql.types.StructField f : rows.schema().fields()) {
            String quoted = SparkPreparedSide.quote(f.name());
            out.add(
                    kept.contains(f.name())
                            ? rows.col(quoted)
                            : lit(null).cast(f.dataType()).as(f.name()));
        }
        return rows.select(out.toArray(Column[]::new));
    }

    /**
     * The key diff over rows of differing keys only (a small part of the table): both sides' rows
     * are stacked and aggregated by key once, per side its row count, one row hash and one row's
     * values (what a full outer join of two per-key aggregations would hold, with one shuffle
     * instead of one per side), and counts, column mismatches and the sample are tallied from the
     * keys that differ in the same job ({@link WideDiffTally}; the narrow diff needs six jobs). A
     * key's values ride along in the aggregation, which the narrow diff avoids because there most
     * keys match; here most keys differ, and the matching ones (from grains read whole) are
     * dropped before the tally. The sample holds one row per key.
     *
     * @param keysOnly true on the rows read by their key columns alone, or null when every row was
     *     read whole
     * @param partitions partitions of the aggregation by key ({@link #partitions})
     * @return the outcome, or null (only with {@code keysOnly}) when it needs a value the key-only
     *     reads skipped: a key as often on each side among them, or one-sided rows for the sample
     */
    static KeyDiffOutcome diff(
            Dataset<Row> l,
            Dataset<Row> r,
            AlignedSides a,
            Rule rule,
            Scope scope,
            int sampleRows,
            Column keysOnly,
            int partitions) {
        List<ColumnPair> pairs = a.compared();
        String[] keys = keyNames(a);
        // One aggregation by key over both sides, in place of two and a full outer join: one
        // shuffle, into as many partitions as the rows need.
        Dataset<Row> byKey = byKey(
                tagged(l, keys, pairs.size(), keysOnly, true)
                        .union(tagged(r, keys, pairs.size(), keysOnly, false))
                        .repartition(partitions, cols(keys)),
                keys,
                keysOnly != null);
        // Only keys that are one-sided, duplicated or differ go on, as in the narrow diff: a grain
        // read whole is mostly matching keys, which no count or sample needs. A key read by its
        // key columns alone goes on whatever its hashes: the check for values those reads skipped
        // needs it.
        Column readByKey = col(KEYS_ONLY_L).or(col(KEYS_ONLY_R));
        Column matching = bothOnce().and(col(HS_L).equalTo(col(HS_R)));
        if (keysOnly != null) {
            matching = matching.and(not(readByKey));
        }
        Dataset<Row> keyed = byKey.filter(not(coalesce(matching, lit(false))));
        Column candidate = candidate();
        List<Column> flags = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            flags.add(candidate.and(not(SparkCanonical.equal(
                    pairs.get(i), col(ROW_L).getField(value(i)), col(ROW_R).getField(value(i))))));
        }
        Column any = anyOf(flags, 0, flags.size());
        // Per key, what each count adds: the five of perKeyCounts(), then one-sided keys,
        // mismatched keys, each column's mismatches and, with key-only reads, keys those reads
        // left without values: as many rows on each side, so their counts cannot tell them apart.
        List<Column> counted = perKeyCounts();
        counted.addAll(List.of(oneIf(col(N_R).isNull()), oneIf(col(N_L).isNull()), oneIf(any)));
        flags.forEach(f -> counted.add(oneIf(f)));
        if (keysOnly != null) {
            counted.add(oneIf(col(N_L).equalTo(col(N_R)).and(readByKey)));
        }
        List<Column> tallied = new ArrayList<>(counted);
        tallied.addAll(sampleColumns(pairs, flags, any, DuplicateDifferingSample.key(a, rule)));
        WideDiffTally t = WideDiffTally.of(keyed.select(tallied.toArray(Column[]::new)), counted.size(), sampleRows);
        Map<String, Long> perColumn = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            perColumn.put(pairs.get(i).name(), t.sum(8 + i));
        }
        long mismatched = t.sum(7);
        SampleQuota quota = SampleQuota.of(sampleRows, mismatched, t.sum(4), t.sum(5), t.sum(6));
        if (keysOnly != null && (t.sum(8 + pairs.size()) > 0 || quota.onlyLeft() + quota.onlyRight() > 0)) {
            return null; // a value the key-only reads skipped is needed
        }
        Row c = RowFactory.create(t.sum(0), t.sum(1), t.sum(2), t.sum(3), t.sum(4));
        return new KeyDiffOutcome(counts(c, mismatched, perColumn, scope), t.samples(quota));
    }

    /**
     * One side's columns for {@link #byKey}: keys, a struct of one row's values, key JSON and row
     * JSON, the row hash, whether the row was read by its key columns alone (false without {@code
     * keysOnly}) and which side it is. Both sides give the same types, so they can be stacked.
     */
    private static Dataset<Row> tagged(Dataset<Row> side, String[] keys, int values, Column keysOnly, boolean left) {
        List<Column> fields = new ArrayList<>();
        for (int i = 0; i < values; i++) {
            fields.add(col(SparkPreparedSide.value(i)).as(value(i)));
        }
        fields.add(col(SparkPreparedSide.KEY_JSON).as(KEY));
        fields.add(col(SparkPreparedSide.ROW_JSON).as(JSON));
        List<Column> out = new ArrayList<>(List.of(cols(keys)));
        out.add(struct(fields.toArray(Column[]::new)).as(ROW));
        out.add(col(SparkPreparedSide.H1).as(HS));
        out.add((keysOnly == null ? lit(false) : keysOnly).as(KEYS_ONLY));
        out.add(lit(left).as(LEFT));
        return side.select(out.toArray(Column[]::new));
    }

    /**
     * Per key and side, what a full outer join of the sides' per-key aggregations would hold: the
     * row count ({@code N_L}, {@code N_R}), one row hash, one row's values, and with {@code
     * keysOnly} whether the key has a row read by key alone; each NULL where the key has no row on
     * that side.
     */
    private static Dataset<Row> byKey(Dataset<Row> both, String[] keys, boolean keysOnly) {
        Column isLeft = col(LEFT);
        Column isRight = not(col(LEFT));
        List<Column> aggs = new ArrayList<>(List.of(
                nullif(count_if(isLeft), lit(0L)).as(N_L),
                min(when(isLeft, col(HS))).as(HS_L),
                sum(when(isLeft, lowHalf(col(HS)))).as(SL_L),
                sum(when(isLeft, highHalf(col(HS)))).as(SH_L),
                firstRow(isLeft).as(ROW_L),
                nullif(count_if(isRight), lit(0L)).as(N_R),
                min(when(isRight, col(HS))).as(HS_R),
                sum(when(isRight, lowHalf(col(HS)))).as(SL_R),
                sum(when(isRight, highHalf(col(HS)))).as(SH_R),
                firstRow(isRight).as(ROW_R)));
        if (keysOnly) {
            aggs.add(bool_or(when(isLeft, col(KEYS_ONLY))).as(KEYS_ONLY_L));
            aggs.add(bool_or(when(isRight, col(KEYS_ONLY))).as(KEYS_ONLY_R));
        }
        return both.groupBy(cols(keys))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    }

    /**
     * One of the key's rows on the side {@code onSide} selects: the one whose JSON sorts first, as
     * the narrow diff's sample picks it, so that a key duplicated on its side shows the same row in
     * pruned and full mode (any row would do for the counts, which compare only keys once a side).
     */
    private static Column firstRow(Column onSide) {
        return min_by(when(onSide, col(ROW)), when(onSide, col(ROW).getField(JSON)));
    }

    /**
     * The columns {@link WideDiffTally} samples from: kind (NULL for keys no sample shows), key
     * JSON, the mismatched columns' names, and both rows' JSON; for a key of {@code
     * duplicate_keys_differing}, {@code duplicateKey} and each side's row count instead ({@link
     * DuplicateDifferingSample}), as the narrow diff has them.
     */
    private static List<Column> sampleColumns(
            List<ColumnPair> pairs, List<Column> flags, Column any, Column duplicateKey) {
        List<Column> names = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            names.add(when(flags.get(i), lit(pairs.get(i).name())));
        }
        Column duplicate = duplicateDiffering();
        return List.of(
                when(any, lit(WideDiffTally.MISMATCHED))
                        .when(col(N_R).isNull(), lit(WideDiffTally.ONLY_IN_LEFT))
                        .when(col(N_L).isNull(), lit(WideDiffTally.ONLY_IN_RIGHT))
                        .when(duplicate, lit(WideDiffTally.DUPLICATE_DIFFERING)),
                when(duplicate, duplicateKey)
                        .otherwise(coalesce(col(ROW_L).getField(KEY), col(ROW_R).getField(KEY))),
                names.isEmpty() ? array().cast("array<string>") : array_compact(array(names.toArray(Column[]::new))),
                when(duplicate, DuplicateDifferingSample.rows(col(N_L)))
                        .otherwise(col(ROW_L).getField(JSON)),
                when(duplicate, DuplicateDifferingSample.rows(col(N_R)))
                        .otherwise(col(ROW_R).getField(JSON)));
    }

    private static String value(int i) {
        return "v" + i;
    }
}
