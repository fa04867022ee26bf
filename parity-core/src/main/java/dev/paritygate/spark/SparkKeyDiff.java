package dev.paritygate.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.check.Grain;
import dev.paritygate.check.KeyDiffCounts;
import dev.paritygate.check.SideProfile;
import dev.paritygate.rules.Rule;
import dev.paritygate.verdict.SampleRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The key-level diff, restricted to the grains whose fingerprints differ (or all of them in full
 * mode). When the fingerprint pass computed grain digests ({@link DifferenceDigest}), they name
 * the differing keys of most differing grains before any row is read again, and the source is
 * read once, keeping only those keys' rows and the rows of grains whose digests could not be
 * peeled (too many differences in one grain) ({@link WantedRows}). A small set of rows is diffed
 * wide ({@link WideKeyDiff}): both sides stacked and aggregated by key once, with one row's
 * values per side. Otherwise (here) each side is aggregated to a narrow projection (key, row
 * count, row hash), so duplicate keys are counted and never multiply rows, and the two are
 * joined; full rows are compared only for keys present once on each side with different hashes,
 * column by column under the tolerances. A key duplicated on either side
 * is reported as a duplicate and left out of the row comparison: which of its rows should match
 * which is undefined. Nothing per row is collected to the driver except the capped sample.
 */
final class SparkKeyDiff {
    // Columns of a side aggregated by key, shared with WideKeyDiff: row count and row hash.
    static final String N_L = "__pg_n_l";
    static final String N_R = "__pg_n_r";
    static final String HS_L = "__pg_hs_l";
    static final String HS_R = "__pg_hs_r";
    // The sums of the low and of the high 32 bits of a key's row hashes on a side: exact (no
    // overflow below 2^31 rows a key), they tell a duplicated key's rows apart as a multiset.
    static final String SL_L = "__pg_sl_l";
    static final String SH_L = "__pg_sh_l";
    static final String SL_R = "__pg_sl_r";
    static final String SH_R = "__pg_sh_r";
    private static final String RESTRICT = "__pg_restrict";
    private static final int IN_LIST_LIMIT = 2000;
    /** Beyond this many differing partitions the key diff filters by grain only. */
    static final int PARTITION_FILTER_LIMIT = 1000;

    private static final long BROADCAST_CANDIDATES = 2_000_000L;
    /**
     * Up to this many rows in grains read whole (both sides), the digests' key diff is wide: its
     * aggregation carries row values, which pays only while nearly every examined key differs.
     */
    static final long WIDE_GRAIN_ROWS = 250_000L;

    /** {@link #WIDE_GRAIN_ROWS}, unless a test lowers it to take the narrow path on small data. */
    static long wideGrainRows = WIDE_GRAIN_ROWS;

    private SparkKeyDiff() {}

    private static int shufflePartitions(org.apache.spark.sql.SparkSession spark) {
        return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    }

    /** Grains examined, of them grains read whole, and grains in all: what the verdicts report. */
    record Scope(long examined, long readWhole, long keysOnly, long total) {}

    /** Both sides' grain digests and profiles, from the fingerprint pass. */
    record Digests(GrainTable left, GrainTable right, SideProfile leftProfile, SideProfile rightProfile) {}

    /**
     * @param grains the grains to examine, or null for every row
     * @param cacheRestricted whether to read the grains' rows once and keep them for every step
     *     (worth it when they are a small part of the table; otherwise each step reads the source)
     * @param digests the grains' digests, or null; with them only the rows of differing keys (and
     *     of grains too different to peel) are read, once, whatever share of the table the grains hold
     */
    static KeyDiffOutcome diff(
            Dataset<Row> preparedLeft,
            Dataset<Row> preparedRight,
            AlignedSides a,
            Rule rule,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            boolean cacheRestricted,
            Digests digests,
            int grainsTotal,
            int sampleRows) {
        List<String> compared = a.comparedNames();
        if (grains != null && grains.isEmpty()) {
            return new KeyDiffOutcome(
                    new KeyDiffCounts(0, 0, 0, 0, 0, zeros(compared), 0, 0, 0, grainsTotal), List.of());
        }
        WantedRows wanted =
                grains == null || digests == null ? null : WantedRows.of(grains, digests, BROADCAST_CANDIDATES);
        if (wanted != null) {
            Dataset<Row> table = wanted.table(preparedLeft.sparkSession());
            Scope scope = new Scope(grains.size(), wanted.wholeGrains(), 0, grainsTotal);
            boolean wide = wanted.wholeGrainRows() <= wideGrainRows;
            int partitions = WideKeyDiff.partitions(wanted, shufflePartitions(preparedLeft.sparkSession()));
            KeyDiffOutcome byKeys = wide
                    ? WideKeyDiff.readingKeysOnly(
                            a, rule, grains, partitionValues, wanted, table, grainsTotal, sampleRows, partitions)
                    : null;
            if (byKeys != null) {
                return byKeys;
            }
            // Built only now: Spark analyses a query as it is built, work wasted when the key-only
            // reads above answered.
            Dataset<Row> left = examinedWanted(a, Side.LEFT, rule, grains, partitionValues, wanted, table);
            Dataset<Row> right = examinedWanted(a, Side.RIGHT, rule, grains, partitionValues, wanted, table);
            if (wide) {
                AlignedSides subset = a.withData(left, right);
                return WideKeyDiff.diff(
                        withKey(SparkPreparedSide.prepare(subset, Side.LEFT, rule)),
                        withKey(SparkPreparedSide.prepare(subset, Side.RIGHT, rule)),
                        a,
                        rule,
                        scope,
                        sampleRows,
                        null,
                        partitions);
            }
            long rows = digests.leftProfile().rows() + digests.rightProfile().rows();
            return diffNarrow(left, right, a, rule, wanted.wholeGrainRows() * 4 <= rows, scope, sampleRows);
        }
        Scope scope = grains == null
                ? new Scope(grainsTotal, grainsTotal, 0, grainsTotal)
                : new Scope(grains.size(), grains.size(), 0, grainsTotal);
        if (grains == null || !cacheRestricted) {
            Column only = partitionFilter(preparedPartitions(a), grains, partitionValues);
            return diff(
                    withKey(restrict(preparedLeft, only, col(SparkPreparedSide.GRAIN), grains)),
                    withKey(restrict(preparedRight, only, col(SparkPreparedSide.GRAIN), grains)),
                    a,
                    rule,
                    scope,
                    sampleRows);
        }
        return diffNarrow(
                examined(a, Side.LEFT, rule, grains, partitionValues, null),
                examined(a, Side.RIGHT, rule, grains, partitionValues, null),
                a,
                rule,
                true,
                scope,
                sampleRows);
    }

    /**
     * The narrow key diff over the examined source rows, read once and kept for every step when
     * {@code keep} (it reads them three times: narrow join, candidates' columns, samples).
     */
    private static KeyDiffOutcome diffNarrow(
            Dataset<Row> left,
            Dataset<Row> right,
            AlignedSides a,
            Rule rule,
            boolean keep,
            Scope scope,
            int sampleRows) {
        if (keep) {
            left = left.persist(StorageLevel.MEMORY_AND_DISK());
            right = right.persist(StorageLevel.MEMORY_AND_DISK());
        }
        try {
            AlignedSides subset = a.withData(left, right);
            return diff(
                    withKey(SparkPreparedSide.prepare(subset, Side.LEFT, rule)),
                    withKey(SparkPreparedSide.prepare(subset, Side.RIGHT, rule)),
                    a,
                    rule,
                    scope,
                    sampleRows);
        } finally {
            if (keep) {
                left.unpersist(false);
                right.unpersist(false);
            }
        }
    }

    /**
     * One side's source rows of {@code wanted}'s entries in {@code grains}. When every grain was
     * peeled (no grain read whole), they are found by their key hash ({@link #examinedByKeyHash}):
     * only the rows whose key hash is wanted then compute their grain. Otherwise by the grain
     * ({@link #examined}), which a grain read whole needs.
     */
    static Dataset<Row> examinedWanted(
            AlignedSides a,
            Side side,
            Rule rule,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            WantedRows wanted,
            Dataset<Row> table) {
        return wanted.wholeGrains() == 0
                ? examinedByKeyHash(a, side, rule, grains, partitionValues, table)
                : examined(a, side, rule, grains, partitionValues, table);
    }

    /**
     * One side's source rows in {@code grains} and, when {@code wanted} is not null, in its
     * (grain, key hash) pairs, a NULL key hash standing for every row of the grain.
     */
    static Dataset<Row> examined(
            AlignedSides a,
            Side side,
            Rule rule,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            Dataset<Row> wanted) {
        if (wanted == null) {
            Column partitions = partitionFilter(SparkPreparedSide.partitionColumns(a, side), grains, partitionValues);
            return restrict(a.data(side), partitions, SparkPreparedSide.grain(a, side, rule), grains);
        }
        // One broadcast hash join on the grain; the key hash is checked among the grain's few entries.
        Column keyHashWanted = col(WantedRows.KEY_HASH)
                .isNull()
                .or(col(WantedRows.KEY_HASH).equalTo(SparkPreparedSide.keyHash(a, side)));
        return semiJoined(
                a,
                side,
                grains,
                partitionValues,
                wanted,
                SparkPreparedSide.grain(a, side, rule)
                        .equalTo(col(WantedRows.GRAIN))
                        .and(keyHashWanted));
    }

    /**
     * One side's rows of {@code wanted}'s (grain, key hash) pairs in {@code grains}, none of them
     * read whole (every entry has a key hash): what {@link #examined} keeps, found by a broadcast
     * hash join on the key hash alone. The grain (two more hashes of the row) is then computed
     * only for rows whose key hash is wanted: on the benchmark's diff data, a few thousand of the 18
     * million rows read by key.
     */
    static Dataset<Row> examinedByKeyHash(
            AlignedSides a,
            Side side,
            Rule rule,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            Dataset<Row> wanted) {
        // Spark makes every equality between the two sides a key of the hash join, computed for
        // each row; the grain's is spelt as a XOR that must be zero so that it stays the join's
        // condition, evaluated only for rows whose key hash matched.
        Column sameGrain = SparkPreparedSide.grain(a, side, rule)
                .bitwiseXOR(col(WantedRows.GRAIN))
                .equalTo(lit(0L));
        return semiJoined(
                a,
                side,
                grains,
                partitionValues,
                wanted.filter(col(WantedRows.KEY_HASH).isNotNull()),
                SparkPreparedSide.keyHash(a, side)
                        .equalTo(col(WantedRows.KEY_HASH))
                        .and(sameGrain));
    }

    /**
     * One side's rows in the partitions of {@code grains} that have a row of {@code wanted},
     * broadcast, meeting {@code condition}: the read both {@link #examined} and {@link
     * #examinedByKeyHash} make, each with its own join condition.
     */
    private static Dataset<Row> semiJoined(
            AlignedSides a,
            Side side,
            Set<Grain> grains,
            Map<String, List<Object>> partitionValues,
            Dataset<Row> wanted,
            Column condition) {
        Column partitions = partitionFilter(SparkPreparedSide.partitionColumns(a, side), grains, partitionValues);
        Dataset<Row> rows = partitions == null ? a.data(side) : a.data(side).filter(partitions);
        return rows.join(org.apache.spark.sql.functions.broadcast(wanted), condition, "left_semi");
    }

    /** The partition columns of a prepared side ({@link SparkPreparedSide#prepare}), in rule order. */
    static List<Column> preparedPartitions(AlignedSides a) {
        List<Column> partitions = new ArrayList<>();
        for (int j = 0; j < a.partitions().size(); j++) {
            partitions.add(col(SparkPreparedSide.partition(j)));
        }
        return partitions;
    }

    /**
     * A predicate on the partition columns that holds only in the partitions of {@code grains}, or
     * null when it would not narrow the read (no partition columns, or every partition differs).
     * On a partitioned source Spark turns it into partition pruning: the key diff never lists or
     * reads the files of partitions whose fingerprints are equal.
     */
    static Column partitionFilter(
            List<Column> partitions, Set<Grain> grains, Map<String, List<Object>> partitionValues) {
        if (grains == null || partitions.isEmpty()) {
            return null;
        }
        Set<String> wanted = new java.util.TreeSet<>();
        grains.forEach(g -> wanted.add(g.partition()));
        if (wanted.size() >= partitionValues.size() || wanted.size() > PARTITION_FILTER_LIMIT) {
            return null;
        }
        List<Column> each = new ArrayList<>();
        for (String spec : wanted) {
            List<Object> values = partitionValues.get(spec);
            Column match = lit(true);
            for (int j = 0; j < partitions.size(); j++) {
                match = match.and(partitions.get(j).eqNullSafe(lit(values.get(j))));
            }
            each.add(match);
        }
        return anyOf(each, 0, each.size());
    }

    /** The key diff over rows already restricted to the examined grains and to non-NULL keys. */
    private static KeyDiffOutcome diff(
            Dataset<Row> l, Dataset<Row> r, AlignedSides a, Rule rule, Scope scope, int sampleRows) {
        List<String> compared = a.comparedNames();
        String[] keys = keyNames(a);
        Column candidate = candidate();
        // Only keys that are one-sided, duplicated or differ are kept: in a restricted grain most
        // keys match, and caching them would cost more than the join.
        Dataset<Row> joined = narrow(l, keys, true)
                .join(narrow(r, keys, false), keys, "full_outer")
                .filter(not(coalesce(bothOnce().and(col(HS_L).equalTo(col(HS_R))), lit(false))))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // Counted by a tally, as the wide diff counts, that also keeps the first keys of
            // duplicate_keys_differing: all the sample shows of them (key, row counts) is in this
            // join, so they are sampled by the job that counts them.
            List<Column> counted = perKeyCounts();
            counted.add(oneIf(candidate));
            // The sample takes one row per key, so its room is shared by one-sided keys, not rows
            // (a key duplicated on its side has more), as the wide diff shares it.
            counted.add(oneIf(col(N_R).isNull()));
            counted.add(oneIf(col(N_L).isNull()));
            Column duplicate = duplicateDiffering();
            List<Column> tallied = new ArrayList<>(counted);
            tallied.addAll(List.of(
                    when(duplicate, lit(WideDiffTally.DUPLICATE_DIFFERING)),
                    when(duplicate, DuplicateDifferingSample.key(a, rule)),
                    array().cast("array<string>"),
                    when(duplicate, DuplicateDifferingSample.rows(col(N_L))),
                    when(duplicate, DuplicateDifferingSample.rows(col(N_R)))));
            WideDiffTally t =
                    WideDiffTally.of(joined.select(tallied.toArray(Column[]::new)), counted.size(), sampleRows);
            Row c = RowFactory.create(t.sum(0), t.sum(1), t.sum(2), t.sum(3), t.sum(4));
            long candidates = t.sum(5);
            long onlyLeftKeys = t.sum(6);
            long onlyRightKeys = t.sum(7);
            List<SampleRow> samples = new ArrayList<>();
            Map<String, Long> perColumn = zeros(compared);
            long mismatchedRows = 0;
            if (candidates > 0) {
                Dataset<Row> cand = joined.filter(candidate).select(cols(keys));
                if (candidates <= BROADCAST_CANDIDATES) {
                    // The candidates' size is known here but not to the planner (they come from a
                    // cached join): broadcast them, or the full rows would be shuffled to meet them.
                    cand = org.apache.spark.sql.functions.broadcast(cand);
                }
                mismatchedRows += compareColumns(l, r, cand, keys, a, perColumn, samples, sampleRows);
            }
            SampleQuota quota = SampleQuota.of(sampleRows, mismatchedRows, t.sum(4), onlyLeftKeys, onlyRightKeys);
            samples.addAll(t.samples(quota));
            addOneSided(samples, quota.onlyLeft(), joined.filter(col(N_R).isNull()), l, keys, true);
            addOneSided(samples, quota.onlyRight(), joined.filter(col(N_L).isNull()), r, keys, false);
            return new KeyDiffOutcome(counts(c, mismatchedRows, perColumn, scope), samples);
        } finally {
            joined.unpersist(false);
        }
    }

    /** Keys present once on each side: the only ones whose rows are compared. */
    static Column bothOnce() {
        return col(N_L).equalTo(1).and(col(N_R).equalTo(1));
    }

    /** Keys present once on each side with different row hashes: the rows to compare column by column. */
    static Column candidate() {
        return bothOnce().and(col(HS_L).notEqual(col(HS_R)));
    }

    /**
     * Per key of a full outer join of the sides' per-key counts, what it adds to each of the five
     * counts both diffs start with: rows only in left, rows only in right, a key duplicated on the
     * left, on the right, and a key on both sides, duplicated, whose rows differ. A key read by its
     * key columns alone has row hashes that are not of its values; with as many rows on each side
     * it is read again whole ({@link WideKeyDiff#readingKeysOnly}) before these counts are used,
     * and with different counts it differs whatever its hashes.
     */
    static List<Column> perKeyCounts() {
        return new ArrayList<>(List.of(
                when(col(N_R).isNull(), col(N_L)).otherwise(lit(0L)),
                when(col(N_L).isNull(), col(N_R)).otherwise(lit(0L)),
                oneIf(col(N_L).gt(1)),
                oneIf(col(N_R).gt(1)),
                oneIf(duplicateDiffering())));
    }

    /**
     * A key of {@code duplicate_keys_differing}: on both sides, more than once on at least one, and
     * not the same rows as often (another count, or other sums of row hashes).
     */
    static Column duplicateDiffering() {
        Column sameRows = col(SL_L).equalTo(col(SL_R)).and(col(SH_L).equalTo(col(SH_R)));
        return col(N_L).isNotNull()
                .and(col(N_R).isNotNull())
                .and(col(N_L).gt(1).or(col(N_R).gt(1)))
                .and(col(N_L).notEqual(col(N_R)).or(not(sameRows)));
    }

    /** A row hash's low 32 bits, for {@link #SL_L}. */
    static Column lowHalf(Column hash) {
        return hash.bitwiseAND(lit(0xFFFFFFFFL));
    }

    /** A row hash's high 32 bits, for {@link #SH_L}. */
    static Column highHalf(Column hash) {
        return org.apache.spark.sql.functions.shiftrightunsigned(hash, 32);
    }

    /** 1 where {@code condition} holds, else 0 (NULL included): summed, a {@code count_if}. */
    static Column oneIf(Column condition) {
        return when(condition, lit(1L)).otherwise(lit(0L));
    }

    /** The counts of sums that start with {@link #perKeyCounts()}'s five. */
    static KeyDiffCounts counts(Row c, long mismatched, Map<String, Long> perColumn, Scope scope) {
        return new KeyDiffCounts(
                c.getLong(0),
                c.getLong(1),
                mismatched,
                c.getLong(2),
                c.getLong(3),
                c.getLong(4),
                perColumn,
                scope.examined(),
                scope.readWhole(),
                scope.keysOnly(),
                scope.total());
    }

    static String[] keyNames(AlignedSides a) {
        String[] keys = new String[a.keys().size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = SparkPreparedSide.key(i);
        }
        return keys;
    }

    static Dataset<Row> withKey(Dataset<Row> prepared) {
        return prepared.filter(not(col(SparkPreparedSide.NULL_KEY)));
    }

    /**
     * The rows of {@code df} in {@code grains} (as {@code grain} computes a row's grain), first
     * narrowed by {@code partitionFilter} when there is one.
     */
    private static Dataset<Row> restrict(Dataset<Row> df, Column partitionFilter, Column grain, Set<Grain> grains) {
        if (grains == null) {
            return df;
        }
        if (partitionFilter != null) {
            df = df.filter(partitionFilter);
        }
        if (grains.size() <= IN_LIST_LIMIT) {
            return df.filter(grain.isin(grains.stream().map(Grain::id).toArray()));
        }
        // Many grains: a broadcast semi-join keeps the plan small where an IN list would not.
        List<Row> ids = grains.stream()
                .map(g -> org.apache.spark.sql.RowFactory.create(g.id()))
                .toList();
        Dataset<Row> idTable = df.sparkSession()
                .createDataFrame(ids, new org.apache.spark.sql.types.StructType().add(RESTRICT, DataTypes.LongType));
        return df.withColumn(RESTRICT, grain)
                .join(org.apache.spark.sql.functions.broadcast(idTable), new String[] {RESTRICT}, "left_semi")
                .drop(RESTRICT);
    }

    private static Dataset<Row> narrow(Dataset<Row> side, String[] keys, boolean left) {
        // A key's rows are compared column by column only when it occurs once on each side, so its
        // one row hash is all that comparison needs; min() keeps the aggregation buffer fixed-width
        // and cheap. A duplicated key's rows are compared as a whole, by the sums of their hashes.
        Column h = col(SparkPreparedSide.H1);
        return side.groupBy(cols(keys))
                .agg(
                        count(lit(1)).as(left ? N_L : N_R),
                        min(h).as(left ? HS_L : HS_R),
                        sum(lowHalf(h)).as(left ? SL_L : SL_R),
                        sum(highHalf(h)).as(left ? SH_L : SH_R));
    }

    /** Compares candidate rows column by column; returns how many rows differ in some column. */
    private static long compareColumns(
            Dataset<Row> l,
            Dataset<Row> r,
            Dataset<Row> candidates,
            String[] keys,
            AlignedSides a,
            Map<String, Long> perColumn,
            List<SampleRow> samples,
            int sampleRows) {
        List<ColumnPair> pairs = a.compared();
        List<Column> lc = new ArrayList<>();
        List<Column> rc = new ArrayList<>();
        for (String k : keys) {
            lc.add(col(k));
            rc.add(col(k));
        }
        for (int i = 0; i < pairs.size(); i++) {
            lc.add(col(SparkPreparedSide.value(i)).as("__pg_l" + i));
            rc.add(col(SparkPreparedSide.value(i)).as("__pg_r" + i));
        }
        lc.add(col(SparkPreparedSide.ROW_JSON).as("__pg_lrow"));
        lc.add(col(SparkPreparedSide.KEY_JSON));
        rc.add(col(SparkPreparedSide.ROW_JSON).as("__pg_rrow"));
        Dataset<Row> lf = l.join(candidates, keys, "left_semi").select(lc.toArray(Column[]::new));
        Dataset<Row> rf = r.join(candidates, keys, "left_semi").select(rc.toArray(Column[]::new));
        Dataset<Row> both = lf.join(rf, keys, "inner");
        List<Column> flags = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            flags.add(not(SparkCanonical.equal(pairs.get(i), col("__pg_l" + i), col("__pg_r" + i))));
        }
        Column any = anyOf(flags, 0, flags.size());
        List<Column> aggs = new ArrayList<>();
        for (Column f : flags) {
            aggs.add(count_if(f));
        }
        aggs.add(count_if(any));
        Dataset<Row> flagged = both.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row counts = flagged.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                    .first();
            for (int i = 0; i < pairs.size(); i++) {
                perColumn.put(pairs.get(i).name(), counts.getLong(i));
            }
            long mismatched = counts.getLong(pairs.size());
            if (mismatched > 0 && samples.size() < sampleRows) {
                List<Column> names = new ArrayList<>();
                for (int i = 0; i < pairs.size(); i++) {
                    names.add(when(flags.get(i), lit(pairs.get(i).name())));
                }
                // The first keys in key order, as the wide diff's tally keeps them: the same sample in
                // pruned and full mode, and on every re-run.
                List<Row> rows = flagged.filter(any)
                        .select(
                                col(SparkPreparedSide.KEY_JSON),
                                array_compact(array(names.toArray(Column[]::new))),
                                col("__pg_lrow"),
                                col("__pg_rrow"))
                        .orderBy(col(SparkPreparedSide.KEY_JSON))
                        .limit(sampleRows - samples.size())
                        .collectAsList();
                for (Row row : rows) {
                    samples.add(new SampleRow(
                            SampleRow.MISMATCHED,
                            row.getString(0),
                            row.getList(1),
                            row.getString(2),
                            row.getString(3)));
                }
            }
            return mismatched;
        } finally {
            flagged.unpersist(false);
        }
    }

    private static void addOneSided(
            List<SampleRow> samples,
            int take,
            Dataset<Row> oneSidedKeys,
            Dataset<Row> side,
            String[] keys,
            boolean left) {
        if (take == 0) {
            return;
        }
        // The first keys in key order, one row each, as the wide diff's tally keeps them; of a key
        // duplicated on its side, the row whose JSON sorts first.
        List<Row> rows = side.join(oneSidedKeys.select(cols(keys)), keys, "left_semi")
                .groupBy(col(SparkPreparedSide.KEY_JSON))
                .agg(min(col(SparkPreparedSide.ROW_JSON)))
                .orderBy(col(SparkPreparedSide.KEY_JSON))
                .limit(take)
                .collectAsList();
        for (Row row : rows) {
            samples.add(
                    left
                            ? new SampleRow(SampleRow.ONLY_IN_LEFT, row.getString(0), List.of(), row.getString(1), null)
                            : new SampleRow(
                                    SampleRow.ONLY_IN_RIGHT, row.getString(0), List.of(), null, row.getString(1)));
        }
    }

    static Column[] cols(String[] names) {
        Column[] c = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            c[i] = col(names[i]);
        }
        return c;
    }

    private static Map<String, Long> zeros(List<String> columns) {
        Map<String, Long> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(c, 0L));
        return m;
    }

    /**
     * ORs the flags as a balanced tree. A left-deep chain over a few hundred columns is a few hundred
     * levels deep, and Spark's recursive column conversion overflows the thread stack on it.
     */
    static Column anyOf(List<Column> flags, int from, int to) {
        if (to - from == 0) {
            return lit(false);
        }
        if (to - from == 1) {
            return flags.get(from);
        }
        int mid = (from + to) >>> 1;
        return anyOf(flags, from, mid).or(anyOf(flags, mid, to));
    }
}
