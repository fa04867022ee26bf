package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.paritygate.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * One side projected for comparison: the aligned columns under their own names (the context of
 * KPI expressions, with floating-point columns as {@code DECIMAL(38,12)} so that sums are exact and
 * independent of row order), canonical key and value columns, the grain (partition and key-hash
 * segment), two independently seeded 64-bit row hashes, a null-key flag and, computed only when a
 * sample needs it, the masked row as JSON. Every later step reads this projection, so both sides
 * are canonicalised by one piece of code; Spark prunes whatever a step does not read.
 */
final class SparkPreparedSide {
    static final String GRAIN = "__pg_grain";
    static final String SEG = "__pg_seg";
    static final String H1 = "__pg_h1";
    static final String H2 = "__pg_h2";
    static final String NULL_KEY = "__pg_null_key";
    static final String ROW_JSON = "__pg_row";
    static final String KEY_JSON = "__pg_key";
    /** Prefix of the flags "this FLOAT or DOUBLE value became NULL in the KPI context" ({@link #unconvertible}). */
    static final String UNCONVERTIBLE = "__pg_u";

    // Fixed seeds: fingerprints must be comparable across runs and releases.
    static final long SEED_1 = 0x5DEECE66DL;
    static final long SEED_2 = 0x9E3779B97F4A7C15L;
    private static final long SEED_SEGMENT = 0x2545F4914F6CDD1DL;
    private static final long SEED_BUCKET = 0x27BB2EE687B0B0FDL;
    private static final long SEED_GRAIN = 0x6A09E667F3BCC909L;
    private static final int NULL_BITS_PER_MASK = 62;
    /** Scale of floating-point values in KPI expressions. */
    static final int KPI_FLOAT_SCALE = 12;

    private SparkPreparedSide() {}

    static String key(int i) {
        return "__pg_k" + i;
    }

    static String value(int i) {
        return "__pg_v" + i;
    }

    /** Name of the i-th extra hash input ({@link SparkCanonical#hashInputs}). */
    private static String hashExtra(int i) {
        return "__pg_x" + i;
    }

    /**
     * The columns both row hashes cover, as named in the prepared side: canonical keys, canonical
     * compared values and the extra hash inputs, in that order.
     */
    static List<Column> hashedColumns(AlignedSides a) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < a.keys().size(); i++) {
            out.add(col(key(i)));
        }
        int extras = 0;
        for (int i = 0; i < a.compared().size(); i++) {
            out.add(col(value(i)));
            extras += SparkCanonical.hashInputCount(a.compared().get(i)) - 1;
        }
        for (int i = 0; i < extras; i++) {
            out.add(col(hashExtra(i)));
        }
        return out;
    }

    static Dataset<Row> prepare(AlignedSides a, Side side, Rule rule) {
        Dataset<Row> df = a.data(side);
        List<Column> out = new ArrayList<>();
        org.apache.spark.sql.types.StructField[] fields = df.schema().fields();
        for (org.apache.spark.sql.types.StructField f : fields) {
            out.add(kpiContext(df.col(quote(f.name())), f.dataType()).as(f.name()));
        }
        // Only a rule with KPIs has a KPI context to lose values in; the pass counts these flags for
        // the columns its KPIs read, and Spark prunes the rest.
        for (int j = 0; !rule.kpis().isEmpty() && j < fields.length; j++) {
            if (isFloatingPoint(fields[j].dataType())) {
                Column raw = df.col(quote(fields[j].name()));
                Column lost = raw.isNotNull()
                        .and(kpiContext(raw, fields[j].dataType()).isNull());
                out.add(lost.as(unconvertible(j)));
            }
        }
        List<Column> keys = canonical(a.keys(), side, df);
        List<Column> canon = new ArrayList<>(keys);
        List<Column> hashExtras = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            out.add(keys.get(i).as(key(i)));
        }
        for (int i = 0; i < a.compared().size(); i++) {
            ColumnPair p = a.compared().get(i);
            Column c = SparkCanonical.canonical(p, side, df.col(quote(p.name())));
            Column[] inputs = SparkCanonical.hashInputs(p, side, c);
            canon.add(inputs[0]);
            for (int j = 1; j < inputs.length; j++) {
                hashExtras.add(inputs[j]);
            }
            out.add(c.as(value(i)));
        }
        // The grain is grouped and filtered on as one 64-bit id; its partition values travel as typed
        // columns and become a spec such as order_date=2026-11-20 only on the driver, once per grain.
        List<Column> partitions = partitionValues(a, side, rule, keys);
        for (int j = 0; j < partitions.size(); j++) {
            out.add(partitions.get(j).as(partition(j)));
        }
        Column segment = segment(keys, rule);
        out.add(segment.as(SEG));
        out.add(grain(partitions, segment).as(GRAIN));
        List<Column> hashed = new ArrayList<>(nullMasks(canon));
        hashed.addAll(canon);
        hashed.addAll(hashExtras);
        for (int i = 0; i < hashExtras.size(); i++) {
            out.add(hashExtras.get(i).as(hashExtra(i)));
        }
        out.add(xxhash64(prepend(lit(SEED_1), hashed)).as(H1));
        out.add(xxhash64(prepend(lit(SEED_2), hashed)).as(H2));
        Column nullKey = lit(false);
        for (Column k : keys) {
            nullKey = nullKey.or(k.isNull());
        }
        out.add(nullKey.as(NULL_KEY));
        out.add(rowJson(a, df, rule).as(ROW_JSON));
        out.add(keyJson(a, df, rule).as(KEY_JSON));
        return df.select(out.toArray(Column[]::new));
    }

    /** The grain id of each row of {@code a.data(side)}: the same expression as {@link #GRAIN}. */
    static Column grain(AlignedSides a, Side side, Rule rule) {
        List<Column> keys = canonical(a.keys(), side, a.data(side));
        return grain(partitionValues(a, side, rule, keys), segment(keys, rule));
    }

    /** The canonical partition columns of {@code a.data(side)}; empty when the table has none. */
    static List<Column> partitionColumns(AlignedSides a, Side side) {
        return canonical(a.partitions(), side, a.data(side));
    }

    /** The canonical values of {@code pairs}' key or partition columns of {@code df}, in order. */
    private static List<Column> canonical(List<ColumnPair> pairs, Side side, Dataset<Row> df) {
        List<Column> out = new ArrayList<>();
        for (ColumnPair p : pairs) {
            out.add(SparkCanonical.identifying(p, side, df.col(quote(p.name()))));
        }
        return out;
    }

    private static Column segment(List<Column> keys, Rule rule) {
        return pmod(xxhash64(prepend(lit(SEED_SEGMENT), keys)), lit(rule.segments()))
                .cast(DataTypes.IntegerType);
    }

    private static Column grain(List<Column> partitions, Column segment) {
        List<Column> grain = new ArrayList<>(nullMasks(partitions));
        grain.addAll(partitions);
        grain.add(segment);
        return xxhash64(prepend(lit(SEED_GRAIN), grain));
    }

    /** The key hash of each row of {@code a.data(side)}: the same value as {@link #keyHash(int)}. */
    static Column keyHash(AlignedSides a, Side side) {
        return xxhash64(prepend(lit(SEED_1), canonical(a.keys(), side, a.data(side))));
    }

    /** Hash of the canonical key: what key-overlap sketches and the key diff's shortcut use. */
    static Column keyHash(int keyColumns) {
        List<Column> keys = new ArrayList<>();
        for (int i = 0; i < keyColumns; i++) {
            keys.add(col(key(i)));
        }
        return xxhash64(prepend(lit(SEED_1), keys));
    }

    /** Hash of the canonical key and the row hash: equal only for the same key with the same row. */
    static Column keyRowHash(int keyColumns) {
        return xxhash64(keyHash(keyColumns), col(H1));
    }

    /**
     * The flag column of field {@code field} (its position in the aligned side): true where its value
     * is not NULL but its KPI context value is (NaN, an infinity, or a magnitude DECIMAL(38,12) cannot
     * hold), so the KPIs' aggregates skip it. Present for FLOAT and DOUBLE fields of a rule with KPIs.
     */
    static String unconvertible(int field) {
        return UNCONVERTIBLE + field;
    }

    /** Whether a column of type {@code t} enters KPI expressions through a conversion that can fail. */
    static boolean isFloatingPoint(org.apache.spark.sql.types.DataType t) {
        return t instanceof org.apache.spark.sql.types.FloatType || t instanceof org.apache.spark.sql.types.DoubleType;
    }

    private static Column kpiContext(Column c, org.apache.spark.sql.types.DataType t) {
        if (t instanceof org.apache.spark.sql.types.FloatType) {
            // The shortest decimal that reads back as the float (0.1f as 0.1, not 0.100000001490):
            // what was written into the column, and what a DOUBLE on the other side holds.
            return c.cast(DataTypes.StringType).try_cast(DataTypes.createDecimalType(38, KPI_FLOAT_SCALE));
        }
        if (t instanceof org.apache.spark.sql.types.DoubleType) {
            // Decimal addition is exact and associative: the same values in any order give the same total.
            return c.try_cast(DataTypes.createDecimalType(38, KPI_FLOAT_SCALE));
        }
        return c;
    }

    /** Name of the j-th partition value column. */
    static String partition(int j) {
        return "__pg_p" + j;
    }

    /** How many partition value columns a side has: the partition columns, or one key-hash bucket. */
    static int partitionCount(AlignedSides a) {
        return a.partitions().isEmpty() ? 1 : a.partitions().size();
    }

    /** The spec of a grain's partition, such as {@code order_date=2026-11-20} or {@code bucket=3}. */
    static String partitionSpec(AlignedSides a, List<Object> values) {
        if (a.partitions().isEmpty()) {
            return "bucket=" + values.get(0);
        }
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < values.size(); j++) {
            Object v = values.get(j);
            parts.add(a.partitions().get(j).name() + "=" + (v == null ? "__NULL__" : SparkFusedPass.text(v)));
        }
        return String.join("/", parts);
    }

    private static List<Column> partitionValues(AlignedSides a, Side side, Rule rule, List<Column> keys) {
        if (a.partitions().isEmpty()) {
            return List.of(pmod(xxhash64(prepend(lit(SEED_BUCKET), keys)), lit(rule.buckets()))
                    .cast(DataTypes.IntegerType));
        }
        return partitionColumns(a, side);
    }

    /** Bit masks of which canonical values are NULL: the hash skips NULLs, so positions must be hashed. */
    private static List<Column> nullMasks(List<Column> canon) {
        List<Column> masks = new ArrayList<>();
        for (int start = 0; start < canon.size(); start += NULL_BITS_PER_MASK) {
            Column mask = lit(0L);
            for (int j = start; j < Math.min(canon.size(), start + NULL_BITS_PER_MASK); j++) {
                mask = mask.plus(
                        when(canon.get(j).isNull(), lit(1L << (j - start))).otherwise(lit(0L)));
            }
            masks.add(mask);
        }
        return masks;
    }

    private static Column rowJson(AlignedSides a, Dataset<Row> df, Rule rule) {
        List<Column> fields = new ArrayList<>();
        for (String name : df.columns()) {
            fields.add(sampled(a, df, name, rule));
        }
        return to_json(struct(fields.toArray(Column[]::new)));
    }

    /** The key as the sample shows it: a masked key column is masked here too, not only in the rows. */
    private static Column keyJson(AlignedSides a, Dataset<Row> df, Rule rule) {
        List<Column> fields = new ArrayList<>();
        for (ColumnPair p : a.keys()) {
            fields.add(sampled(a, df, p.name(), rule));
        }
        return to_json(struct(fields.toArray(Column[]::new)));
    }

    /** Column {@code name} of {@code df} as a sample stores it: replaced by a hash when the rule masks it. */
    private static Column sampled(AlignedSides a, Dataset<Row> df, String name, Rule rule) {
        Column c = df.col(quote(name));
        if (masked(rule, name)) {
            c = a.masking().masked(c);
        }
        return c.as(name);
    }

    /** Whether the rule masks the aligned column {@code name} in the sample. */
    static boolean masked(Rule rule, String name) {
        Set<String> masked = rule.sample().mask().stream()
                .map(m -> SparkAlignment.norm(m, rule.caseSensitive()))
                .collect(Collectors.toSet());
        return masked.contains(SparkAlignment.norm(name, rule.caseSensitive()));
    }

    private static Column[] prepend(Column first, List<Column> rest) {
        List<Column> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(Column[]::new);
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
