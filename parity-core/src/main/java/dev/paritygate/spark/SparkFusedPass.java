package dev.paritygate.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.kll_sketch_agg_double;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.theta_sketch_agg;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import dev.paritygate.check.SideProfile;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;

/**
 * The single aggregation over one side that computes everything needing no join: per grain the
 * row count, the two hash sums and the null-key count; per KPI group its aggregates; table-wide the
 * KLL and Theta sketches. Several groupings share the one scan through grouping sets: each row is
 * repeated once per set ({@code explode}), and the set number leads the grouping key, so each
 * group holds exactly one set's rows. Sketch inputs are NULL outside their set, so other groups
 * keep empty sketches. The result has one row per grain or group, never per data row, so driver
 * memory does not grow with the table.
 */
final class SparkFusedPass {
    static final String SET = "__pg_set";
    private static final long LOW_32 = 0xFFFFFFFFL;
    private static final int GRAIN_FIELDS = 6;
    private static final java.util.regex.Pattern QUOTED_NULL = java.util.regex.Pattern.compile("(\"*)NULL\\1");

    private SparkFusedPass() {}

    /**
     * @param withDigests whether the key diff would use grain digests; only the grain pass computes
     *     them, so {@link SideStats#digests()} may be null even when asked for
     * @param side which side {@code prepared} is: its KPIs' floating-point columns are its own
     * @param localZone the side's {@code time_zone}, or null: the zone its KPIs' TIMESTAMP_NTZ values
     *     are read in ({@link SparkKpiText})
     */
    static SideStats run(
            Dataset<Row> prepared,
            FusedPlan plan,
            AlignedSides aligned,
            Side side,
            boolean withDigests,
            String localZone) {
        if (SparkGrainPass.serves(plan)) {
            return SparkGrainPass.run(prepared, aligned, withDigests);
        }
        int sets = plan.sets();
        int width = plan.groupWidth();
        Dataset<Row> df;
        if (sets == 1) {
            df = prepared.withColumn(SET, lit(0));
        } else {
            Column[] ids = new Column[sets];
            for (int s = 0; s < sets; s++) {
                ids[s] = lit(s);
            }
            df = prepared.withColumn(SET, explode(array(ids)));
        }
        Column inGrainSet = col(SET).equalTo(0);
        List<Column> groupCols = new ArrayList<>();
        groupCols.add(col(SET));
        groupCols.add(when(inGrainSet, col(SparkPreparedSide.GRAIN)).as("__pg_grain_id"));
        for (int j = 0; j < width; j++) {
            groupCols.add(groupColumn(plan, aligned, side, j).as("__pg_g" + j));
        }
        Column h1 = col(SparkPreparedSide.H1);
        Column h2 = col(SparkPreparedSide.H2);
        List<Column> aggs = new ArrayList<>();
        // 64-bit sums would overflow (and fail under ANSI mode): sum the 32-bit halves instead, which
        // cannot overflow below 2^31 rows per grain, and recombine them modulo 2^64 on the driver.
        aggs.add(count(lit(1)));
        aggs.add(sum(shiftrightunsigned(h1, 32)));
        aggs.add(sum(h1.bitwiseAND(lit(LOW_32))));
        aggs.add(sum(shiftrightunsigned(h2, 32)));
        aggs.add(sum(h2.bitwiseAND(lit(LOW_32))));
        aggs.add(sum(when(col(SparkPreparedSide.NULL_KEY), lit(1L)).otherwise(lit(0L))));
        int partitions = SparkPreparedSide.partitionCount(aligned);
        // Constant within a grain: min() just carries the partition values and segment to the driver.
        for (int j = 0; j < partitions; j++) {
            aggs.add(min(when(inGrainSet, col(SparkPreparedSide.partition(j)))));
        }
        aggs.add(min(when(inGrainSet, col(SparkPreparedSide.SEG))));
        for (KpiSpec k : plan.kpis()) {
            for (KpiSpec.Metric m : k.metrics().values()) {
                aggs.add(expr(m.expr()));
            }
        }
        // Per floating-point column a KPI reads, how many of its values the KPI context lost: in every
        // group, like the KPIs' aggregates, so each KPI reads its groups' counts in its own set.
        List<String> lossColumns = plan.floatInputs().columns(side);
        org.apache.spark.sql.types.StructType fields = aligned.data(side).schema();
        for (String c : lossColumns) {
            aggs.add(count_if(col(SparkPreparedSide.unconvertible(fields.fieldIndex(c)))));
        }
        Column inGlobal = col(SET).equalTo(plan.globalSet());
        for (DistributionSpec d : plan.distributions()) {
            String name = canonicalName(aligned, d.column());
            Column v = ExactNumbers.asDouble(
                    col(name), prepared.schema().apply(name).dataType());
            aggs.add(kll_sketch_agg_double(when(inGlobal, v), d.k()));
        }
        for (DistinctSpec d : plan.distinct()) {
            aggs.add(theta_sketch_agg(when(inGlobal, thetaInput(prepared, aligned, d.column())), d.lgK()));
        }
        if (plan.keyOverlap()) {
            int keys = aligned.keys().size();
            Column notNullKey = inGlobal.and(org.apache.spark.sql.functions.not(col(SparkPreparedSide.NULL_KEY)));
            aggs.add(theta_sketch_agg(when(notNullKey, SparkPreparedSide.keyHash(keys)), 14));
            aggs.add(theta_sketch_agg(when(notNullKey, SparkPreparedSide.keyRowHash(keys)), 14));
        }
        List<Row> rows = new ArrayList<>(df.groupBy(groupCols.toArray(Column[]::new))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .collectAsList());
        if (plan.groupings().contains(List.of()) && rows.stream().noneMatch(r -> r.getInt(0) == plan.globalSet())) {
            rows.add(tableWideOverNoRows(df, aggs, plan, width));
        }
        return collect(rows, plan, width, aligned, side, groupValues(aligned, plan), localZone);
    }

    /**
     * The table-wide set's row of a side without rows. Grouped, such a side has no group at all, yet
     * its table-wide aggregates exist, as SQL computes them over no rows (a count of 0, a NULL sum,
     * empty sketches): without them its KPIs read as a missing group and its sketches as absent. One
     * aggregation over no rows, which reads nothing.
     */
    private static Row tableWideOverNoRows(Dataset<Row> df, List<Column> aggs, FusedPlan plan, int width) {
        Row none = df.limit(0)
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
                .first();
        Object[] values = new Object[2 + width + none.size()];
        values[0] = plan.globalSet();
        for (int i = 0; i < none.size(); i++) {
            values[2 + width + i] = none.get(i);
        }
        return org.apache.spark.sql.RowFactory.create(values);
    }

    /** How a group column's value names its group in a scope. */
    enum GroupValue {
        /**
         * A number on both sides: named as the number it is, so that a column the migration retyped
         * (INT to DECIMAL(10,2), DECIMAL to DOUBLE) names the same group on both sides: 1, 1.00 and
         * 1.000000000000 (a DOUBLE in the KPI context) are all {@code band=1}.
         */
        NUMBER,
        /**
         * A timestamp or date on both sides, one of them a timestamp: named as its instant, in UTC,
         * as its column compares it (a TIMESTAMP_NTZ read in its side's zone, after {@code
         * truncate}), so that a TIMESTAMP and a TIMESTAMP_NTZ holding one instant are one group.
         */
        INSTANT,
        /** Anything else, a number against text included: named as its text ({@link #groupText}). */
        TEXT
    }

    /** Per KPI grouping, how each of its columns names its groups. */
    private static Map<List<String>, GroupValue[]> groupValues(AlignedSides aligned, FusedPlan plan) {
        Map<List<String>, GroupValue[]> m = new HashMap<>();
        for (List<String> g : plan.groupings()) {
            GroupValue[] kinds = new GroupValue[g.size()];
            for (int j = 0; j < g.size(); j++) {
                kinds[j] = groupValue(aligned, g.get(j));
            }
            m.put(g, kinds);
        }
        return m;
    }

    private static GroupValue groupValue(AlignedSides a, String column) {
        ColumnPair p = pair(a, column);
        if (p == null) {
            return GroupValue.TEXT;
        }
        if (SparkCanonical.isNumeric(p.leftType()) && SparkCanonical.isNumeric(p.rightType())) {
            return GroupValue.NUMBER;
        }
        // A timestamp held as text on one side stays text: a string that does not parse has no instant.
        boolean temporal = SparkCanonical.isTemporal(p.leftType()) && SparkCanonical.isTemporal(p.rightType());
        return temporal && SparkCanonical.kind(p) == SparkCanonical.Kind.TIMESTAMP && canonicalName(a, column) != null
                ? GroupValue.INSTANT
                : GroupValue.TEXT;
    }

    /** The key or compared column pair of an aligned column name, or {@code null}. */
    private static ColumnPair pair(AlignedSides a, String column) {
        List<ColumnPair> pairs = new ArrayList<>(a.keys());
        pairs.addAll(a.compared());
        for (ColumnPair p : pairs) {
            if (p.name().equalsIgnoreCase(column)) {
                return p;
            }
        }
        return null;
    }

    private static SideStats collect(
            List<Row> rows,
            FusedPlan plan,
            int width,
            AlignedSides aligned,
            Side side,
            Map<List<String>, GroupValue[]> groupValues,
            String localZone) {
        int partitions = SparkPreparedSide.partitionCount(aligned);
        Map<Grain, Fingerprint> grains = new HashMap<>();
        Map<String, List<Object>> partitionValues = new HashMap<>();
        Map<String, Map<String, Map<String, String>>> kpis = FusedPlan.emptyKpis(plan.kpis());
        Map<String, Map<String, Map<String, Long>>> unconvertible = new LinkedHashMap<>();
        List<String> lossColumns = plan.floatInputs().columns(side);
        int metrics = plan.kpis().stream().mapToInt(k -> k.metrics().size()).sum();
        Map<String, byte[]> distributions = new LinkedHashMap<>();
        Map<String, byte[]> distinct = new LinkedHashMap<>();
        byte[] keys = null;
        byte[] keyRows = null;
        long nullKeys = 0;
        int first = 2 + width;
        for (Row r : rows) {
            int set = r.getInt(0);
            if (set == 0) {
                List<Object> values = new ArrayList<>();
                for (int j = 0; j < partitions; j++) {
                    values.add(r.get(first + GRAIN_FIELDS + j));
                }
                String spec = SparkPreparedSide.partitionSpec(aligned, values);
                partitionValues.putIfAbsent(spec, values);
                grains.put(
                        new Grain(spec, r.getInt(first + GRAIN_FIELDS + partitions), r.getLong(1)),
                        new Fingerprint(
                                r.getLong(first),
                                Fingerprint.fromHalves(r.getLong(first + 1), r.getLong(first + 2)),
                                Fingerprint.fromHalves(r.getLong(first + 3), r.getLong(first + 4))));
                nullKeys += r.getLong(first + 5);
                continue;
            }
            int i = first + GRAIN_FIELDS + partitions + 1;
            int lost = i + metrics;
            for (KpiSpec k : plan.kpis()) {
                if (plan.set(k.groupBy()) != set) {
                    i += k.metrics().size();
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (String metric : k.metrics().keySet()) {
                    values.put(metric, SparkKpiText.of(r.get(i++), localZone));
                }
                String scope = scope(k.groupBy(), groupValues.get(k.groupBy()), r);
                kpis.get(k.name()).put(scope, values);
                List<String> columns = plan.floatInputs().of(k.name(), side);
                if (!columns.isEmpty()) {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String c : columns) {
                        counts.put(c, r.getLong(lost + lossColumns.indexOf(c)));
                    }
                    unconvertible
                            .computeIfAbsent(k.name(), n -> new LinkedHashMap<>())
                            .put(scope, counts);
                }
            }
            i = lost + lossColumns.size();
            if (set == plan.globalSet() && plan.groupings().contains(List.of())) {
                for (DistributionSpec d : plan.distributions()) {
                    distributions.put(d.column(), (byte[]) r.get(i++));
                }
                for (DistinctSpec d : plan.distinct()) {
                    distinct.put(d.column(), (byte[]) r.get(i++));
                }
                if (plan.keyOverlap()) {
                    keys = (byte[]) r.get(i++);
                    keyRows = (byte[]) r.get(i);
                }
            }
        }
        return new SideStats(
                new SideProfile(grains, nullKeys),
                kpis,
                unconvertible,
                distributions,
                distinct,
                keys,
                keyRows,
                partitionValues,
                null);
    }

    private static Column groupColumn(FusedPlan plan, AlignedSides aligned, Side side, int j) {
        Column c = when(col(SET).equalTo(0), lit(null).cast(DataTypes.StringType));
        for (List<String> g : plan.groupings()) {
            Column v = j < g.size()
                    ? groupSource(aligned, side, g.get(j)).cast(DataTypes.StringType)
                    : lit(null).cast(DataTypes.StringType);
            c = c.when(col(SET).equalTo(plan.set(g)), v);
        }
        return c;
    }

    /**
     * The column a KPI groups by. A string column groups by its value as it is compared (trimmed,
     * case-folded, empty as NULL, Unicode-normalised, as its options say), so that CHAR padding or
     * case on one side does not split a group in two, each reported missing on the other side. A
     * timestamp column groups by its canonical instant ({@link GroupValue#INSTANT}), for the same reason.
     */
    private static Column groupSource(AlignedSides a, Side side, String column) {
        ColumnPair p = pair(a, column);
        boolean canonical = p != null
                && (SparkCanonical.kind(p) == SparkCanonical.Kind.STRING
                        || groupValue(a, column) == GroupValue.INSTANT);
        if (canonical) {
            return col(canonicalName(a, column));
        }
        Column kpiValue = col(SparkPreparedSide.quote(column));
        DataType own = p == null ? null : side == Side.LEFT ? p.leftType() : p.rightType();
        if (own != null && SparkPreparedSide.isFloatingPoint(own) && groupValue(a, column) == GroupValue.NUMBER) {
            // In the KPI context a NaN, an infinity or a value beyond 1e26 is NULL, and would join the
            // NULL group unseen: such a value keeps its own group, named from the compared value (as
            // a FLOAT when either side is one, so that 1e30f and a DOUBLE 1e30 are one group).
            boolean floatSide = p.leftType() instanceof org.apache.spark.sql.types.FloatType
                    || p.rightType() instanceof org.apache.spark.sql.types.FloatType;
            Column compared = col(canonicalName(a, column))
                    .cast(floatSide ? DataTypes.FloatType : DataTypes.DoubleType)
                    .cast(DataTypes.StringType);
            return org.apache.spark.sql.functions.coalesce(kpiValue.cast(DataTypes.StringType), compared);
        }
        return kpiValue;
    }

    /**
     * A KPI group's scope, {@code region=EU/channel=web}: two groups never share one, and every value
     * that could not be confused keeps the text it always had (scopes are compared across nights).
     * See {@link #groupText}.
     */
    private static String scope(List<String> groupBy, GroupValue[] kinds, Row r) {
        if (groupBy.isEmpty()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < groupBy.size(); j++) {
            Object v = r.get(2 + j);
            String text = v == null
                    ? "NULL"
                    : switch (kinds[j]) {
                        case NUMBER -> number((String) v);
                        case INSTANT -> instant(Long.parseLong((String) v));
                        case TEXT -> groupText((String) v, j + 1 < groupBy.size() ? groupBy.get(j + 1) : null);
                    };
            parts.add(groupBy.get(j) + "=" + text);
        }
        return String.join("/", parts);
    }

    /**
     * A number group value without trailing zeros ({@code 1.00} and {@code 1} are {@code 1}); a
     * floating-point NaN or infinity as Spark writes it ({@code NaN}, {@code Infinity}, {@code
     * -Infinity}), a group apart from NULL's.
     */
    private static String number(String v) {
        try {
            return new BigDecimal(v).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notFinite) {
            return v;
        }
    }

    /** Epoch microseconds as a KPI writes an instant ({@link SparkKpiText}): ISO-8601 in UTC. */
    private static String instant(long micros) {
        return java.time.Instant.EPOCH
                .plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L)
                .toString();
    }

    /**
     * How a non-numeric group value {@code s} is written in a scope, where NULL is {@code NULL} and
     * the next column {@code next} (null for the last) follows after {@code /next=}:
     *
     * <ul>
     *   <li>the string {@code NULL}, and a string that is {@code NULL} within n pairs of double
     *       quotes, gets one pair more ({@code "NULL"}): it would read as NULL, or as a quoted one;
     *   <li>before another column, a string holding {@code /next=} would read as two values; it is
     *       written in double quotes with {@code %}, {@code /} and {@code "} as {@code %25}, {@code
     *       %2F} and {@code %22}, so that it holds no {@code /}. So is a string that already reads
     *       as such an encoded one (quoted, holding {@code %2F}), so that the two cannot meet;
     *   <li>any other string is written as it is.
     * </ul>
     */
    static String groupText(String s, String next) {
        if (QUOTED_NULL.matcher(s).matches()) {
            return '"' + s + '"';
        }
        boolean looksEncoded = s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") && s.contains("%2F");
        if (next != null && (s.contains("/" + next + "=") || looksEncoded)) {
            return '"' + s.replace("%", "%25").replace("/", "%2F").replace("\"", "%22") + '"';
        }
        return s;
    }

    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (v instanceof Row r && r.schema() != null && ExactNumbers.isSplit(r.schema())) {
            return ExactNumbers.value(r).toPlainString();
        }
        return String.valueOf(v);
    }

    /** The canonical column of an aligned column name, so both sides feed sketches the same values. */
    static Column canonical(Dataset<Row> prepared, AlignedSides a, String column) {
        return col(canonicalName(a, column));
    }

    static String canonicalName(AlignedSides a, String column) {
        for (int i = 0; i < a.keys().size(); i++) {
            if (a.keys().get(i).name().equalsIgnoreCase(column)) {
                return SparkPreparedSide.key(i);
            }
        }
        for (int i = 0; i < a.compared().size(); i++) {
            if (a.compared().get(i).name().equalsIgnoreCase(column)) {
                return SparkPreparedSide.value(i);
            }
        }
        return null;
    }

    /**
     * What a Theta sketch counts for an empty string. DataSketches skips empty input, so {@code ''}
     * would count as no value at all ({@code {'', 'a'}} against {@code {'b', 'a'}}: 1 against 2). These
     * bytes are not UTF-8, so no text value holds them; only a binary value of exactly these bytes,
     * which compares as its bytes, would be counted as one value with the empty string.
     */
    private static final byte[] EMPTY_STRING = {(byte) 0xFF, (byte) 0xFE, 'e', 'm', 'p', 't', 'y', (byte) 0xFF};

    private static Column thetaInput(Dataset<Row> prepared, AlignedSides a, String column) {
        String name = canonicalName(a, column);
        DataType t = prepared.schema().apply(name).dataType();
        Column c = col(name);
        if (t instanceof LongType || t instanceof IntegerType || t instanceof DoubleType) {
            return c;
        }
        Column text = c.cast(DataTypes.StringType);
        // Every other value enters as it did, so sketches in earlier runs' details still merge with these.
        return when(text.equalTo(lit("")), lit(EMPTY_STRING).cast(DataTypes.StringType))
                .otherwise(text);
    }
}
