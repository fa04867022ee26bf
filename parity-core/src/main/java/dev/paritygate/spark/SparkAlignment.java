package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.paritygate.ParityErrors;
import dev.paritygate.check.SchemaColumn;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.rules.SourceSpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.types.StructField;

/**
 * Brings both sides to the same column names: per-side transforms, the rename map (left name to
 * right name), case-insensitive matching (the right side's spelling wins), {@code where} and {@code
 * exclude_recent} on the aligned names, identically on both sides, then ignored columns dropped.
 * Every column the rule names must exist ({@link RuleColumns}). A key recent on either side leaves
 * both ({@link SparkRecentKeys}), once every rules error has been looked for.
 */
final class SparkAlignment {
    private SparkAlignment() {}

    /**
     * @param origin where the rule was written, so that a column it names that a side lacks is
     *     reported at its line; null for a rule built in code
     */
    static AlignedSides align(
            Dataset<Row> left, Dataset<Row> right, Rule rule, RuleOrigin origin, ComparisonContext ctx) {
        Instant startedAt = ctx.startedAt();
        Dataset<Row> l = transform(left, rule.left(), "left", origin);
        Dataset<Row> r = transform(right, rule.right(), "right", origin);
        l = rename(l, rule, origin);
        Map<String, String> rightNames = names(r, rule.caseSensitive());
        // Spell left columns the way the right side does, so both sides share one set of names.
        for (String name : l.columns()) {
            String aligned = rightNames.get(norm(name, rule.caseSensitive()));
            if (aligned != null && !aligned.equals(name)) {
                l = l.withColumnRenamed(name, aligned);
            }
        }
        RuleColumns.check(rule, origin, fields(l, rule.caseSensitive()), fields(r, rule.caseSensitive()));
        // Narrowed before ignored columns are dropped, so that where and exclude_recent may use them
        // (a load timestamp is the usual exclude_recent column, and rarely worth comparing).
        if (rule.where() != null && !rule.where().isBlank()) {
            String where = dev.paritygate.rules.RunDate.substitute(rule.where(), ctx.runDate());
            l = narrow(l, where, "left", r, origin);
            r = narrow(r, where, "right", l, origin);
        }
        SparkRecentKeys recent = null;
        if (rule.excludeRecent() != null) {
            Instant cutoff = startedAt.minusSeconds(60L * rule.excludeRecent().minutes());
            String c = rule.excludeRecent().column();
            ColumnPair p = require(
                            rule,
                            origin,
                            List.of(c),
                            "exclude_recent",
                            i -> "exclude_recent.column",
                            fields(l, rule.caseSensitive()),
                            fields(r, rule.caseSensitive()))
                    .get(0);
            Column keepLeft = notRecent(p, Side.LEFT, col(c), cutoff);
            Column keepRight = notRecent(p, Side.RIGHT, col(c), cutoff);
            // Taken before ignored columns are dropped (the timestamp may be one); their keys leave
            // both sides once the key columns are known.
            recent = new SparkRecentKeys(l.where(not(keepLeft)), r.where(not(keepRight)));
            l = l.where(keepLeft);
            r = r.where(keepRight);
        }
        for (String ignored : rule.ignore()) {
            l = dropMatching(l, ignored, rule.caseSensitive());
            r = dropMatching(r, ignored, rule.caseSensitive());
        }
        Map<String, StructField> lf = fields(l, rule.caseSensitive());
        Map<String, StructField> rf = fields(r, rule.caseSensitive());
        List<ColumnPair> keys = require(rule, origin, rule.key(), "key", i -> "key[" + i + "]", lf, rf);
        keys.forEach(k -> RuleColumns.checkKeyOptions(rule, origin, k));
        List<ColumnPair> partitions =
                require(rule, origin, rule.partitionBy(), "partition", i -> "partition_by[" + i + "]", lf, rf);
        List<ColumnPair> compared = new ArrayList<>();
        java.util.Set<String> keyNames = new java.util.HashSet<>();
        keys.forEach(k -> keyNames.add(norm(k.name(), rule.caseSensitive())));
        for (Map.Entry<String, StructField> e : rf.entrySet()) {
            StructField left1 = lf.get(e.getKey());
            if (left1 != null && !keyNames.contains(e.getKey())) {
                ColumnPair p = pair(rule, left1, e.getValue());
                RuleColumns.checkOptions(rule, origin, p);
                compared.add(p);
            }
        }
        OptionalLong recentKeys = OptionalLong.empty();
        if (recent != null) {
            // Last, so that every rules error is found before this reads any data.
            SparkRecentKeys.Excluded e = recent.exclude(l, r, keys, SparkRecentKeys.BROADCAST_KEYS_MAX);
            l = e.left();
            r = e.right();
            recentKeys = OptionalLong.of(e.keys());
        }
        return new AlignedSides(
                l,
                r,
                keys,
                partitions,
                compared,
                schema(l),
                schema(r),
                SampleMasking.of(ctx.sampleMaskKey()),
                recentKeys);
    }

    /**
     * Rows of {@code side} that changed before {@code cutoff}, or when unknown. A local timestamp
     * is read in the side's declared zone, as the comparison reads it: compared with the cutoff as
     * it stands, Berlin wall-clock time would be taken for UTC and the sides would keep different rows.
     */
    private static Column notRecent(ColumnPair p, Side side, Column c, Instant cutoff) {
        if (p.type(side) instanceof org.apache.spark.sql.types.TimestampType && p.zone(side) == null) {
            // An instant compared as it is, so that a source can skip files by it.
            return c.isNull().or(c.lt(lit(Timestamp.from(cutoff))));
        }
        long cutoffMicros = java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, cutoff);
        return c.isNull().or(SparkCanonical.utcMicros(p, side, c).lt(lit(cutoffMicros)));
    }

    /**
     * Applies the rule's {@code where} to one side. SQL that does not analyse there (a column the
     * side lacks, a type a function does not take) is a rules error naming the side; {@code other},
     * the other side, tells a column only it has from a typo.
     */
    private static Dataset<Row> narrow(
            Dataset<Row> df, String where, String side, Dataset<Row> other, RuleOrigin origin) {
        try {
            // expr() only records the text: Spark parses and resolves it when the filter is applied.
            return df.where(expr(where));
        } catch (Exception e) { // ParseException and AnalysisException are checked, thrown undeclared
            if (e instanceof ParseException) {
                throw ParityErrors.invalidSql("where", where, e);
            }
            if (e instanceof AnalysisException) {
                throw ParityErrors.unresolvedWhere(
                        origin, where, side, List.of(df.columns()), List.of(other.columns()), e);
            }
            throw e;
        }
    }

    /**
     * Applies a side's transforms. One that does not analyse is a rules error at its key, like a
     * {@code where}; one that fails only on the values (an ANSI cast of a malformed string) fails
     * later, in the pass over the side, as an evaluation error: no rule can be checked for that.
     */
    private static Dataset<Row> transform(Dataset<Row> df, SourceSpec source, String side, RuleOrigin origin) {
        Dataset<Row> out = df;
        if (source == null) {
            return out;
        }
        for (Map.Entry<String, String> t : source.transforms().entrySet()) {
            String keyPath = side + ".transforms." + t.getKey();
            try {
                out = out.withColumn(t.getKey(), expr(t.getValue()));
            } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
                if (e instanceof ParseException) {
                    throw ParityErrors.invalidSql(keyPath, t.getValue(), e);
                }
                if (e instanceof AnalysisException) {
                    throw ParityErrors.unresolvedSql(origin, keyPath, t.getValue(), side, List.of(out.columns()), e);
                }
                throw ParityErrors.evaluationFailed(
                        "the " + side + " transform of column '" + t.getKey() + "' (" + t.getValue() + ")", e);
            }
        }
        return out;
    }

    private static Dataset<Row> rename(Dataset<Row> df, Rule rule, RuleOrigin origin) {
        Dataset<Row> out = df;
        for (Map.Entry<String, String> e : rule.rename().entrySet()) {
            boolean found = false;
            for (String name : out.columns()) {
                if (norm(name, rule.caseSensitive()).equals(norm(e.getKey(), rule.caseSensitive()))) {
                    out = out.withColumnRenamed(name, e.getValue());
                    found = true;
                }
            }
            if (!found) {
                throw ParityErrors.unknownRenamedColumn(e.getKey(), List.of(df.columns()), origin);
            }
        }
        return out;
    }

    private static Dataset<Row> dropMatching(Dataset<Row> df, String column, boolean caseSensitive) {
        for (String name : df.columns()) {
            if (norm(name, caseSensitive).equals(norm(column, caseSensitive))) {
                return df.drop(name);
            }
        }
        return df;
    }

    /**
     * The pairs of {@code names}, each of which must be on both sides: {@code role} names them in
     * the error, at the key path {@code keyPath} gives the name's index.
     */
    static List<ColumnPair> require(
            Rule rule,
            RuleOrigin origin,
            List<String> names,
            String role,
            IntFunction<String> keyPath,
            Map<String, StructField> lf,
            Map<String, StructField> rf) {
        List<ColumnPair> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String n = norm(name, rule.caseSensitive());
            if (!lf.containsKey(n)) {
                throw ParityErrors.missingColumn("left", name, role, keyPath.apply(i), columnNames(lf), origin);
            }
            if (!rf.containsKey(n)) {
                throw ParityErrors.missingColumn("right", name, role, keyPath.apply(i), columnNames(rf), origin);
            }
            out.add(pair(rule, lf.get(n), rf.get(n)));
        }
        return out;
    }

    private static ColumnPair pair(Rule rule, StructField l, StructField r) {
        ColumnOptions o = rule.columnOptions(r.name());
        String lz = o.leftTimeZone() != null ? o.leftTimeZone() : sourceZone(rule.left(), l);
        String rz = o.rightTimeZone() != null ? o.rightTimeZone() : sourceZone(rule.right(), r);
        return new ColumnPair(r.name(), l.dataType(), r.dataType(), o, lz, rz);
    }

    /**
     * The source's zone, for a column that holds local time. A TIMESTAMP holds instants: a legacy
     * side's zone, declared for its TIMESTAMP_NTZ columns, would shift them by the zone's offset.
     * Only the column's own {@code left_time_zone}/{@code right_time_zone} says that a TIMESTAMP
     * holds wall-clock time read as UTC.
     */
    private static String sourceZone(SourceSpec source, StructField f) {
        if (source == null || f.dataType() instanceof org.apache.spark.sql.types.TimestampType) {
            return null;
        }
        return source.timeZone();
    }

    private static List<SchemaColumn> schema(Dataset<Row> df) {
        List<SchemaColumn> out = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            out.add(schemaColumn(f));
        }
        return out;
    }

    /** The column as the schema check names it; {@code SchemaTypes} lists the names this can give. */
    static SchemaColumn schemaColumn(StructField f) {
        return new SchemaColumn(f.name(), f.dataType().simpleString());
    }

    /** The columns' names as written, in order. */
    static List<String> columnNames(Map<String, StructField> fields) {
        return fields.values().stream().map(StructField::name).toList();
    }

    private static Map<String, StructField> fields(Dataset<Row> df, boolean caseSensitive) {
        Map<String, StructField> m = new LinkedHashMap<>();
        for (StructField f : df.schema().fields()) {
            m.put(norm(f.name(), caseSensitive), f);
        }
        return m;
    }

    private static Map<String, String> names(Dataset<Row> df, boolean caseSensitive) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : df.columns()) {
            m.put(norm(c, caseSensitive), c);
        }
        return m;
    }

    static String norm(String name, boolean caseSensitive) {
        return caseSensitive ? name : name.toLowerCase(Locale.ROOT);
    }
}
