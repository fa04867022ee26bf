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
        // Two columns of one name could not be told apart: Spark finds every later reference ambiguous.
        requireDistinctNames(l, "left", rule, origin);
        requireDistinctNames(r, "right", rule, origin);
        l = rename(l, r.columns(), rule, origin);
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
            // Quoted: a name with a dot would otherwise be read as a struct field.
            Column keepLeft = notRecent(p, Side.LEFT, col(SparkPreparedSide.quote(c)), cutoff);
            Column keepRight = notRecent(p, Side.RIGHT, col(SparkPreparedSide.quote(c)), cutoff);
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
        requireNoWorkingName(l, "left", rule, origin);
        requireNoWorkingName(r, "right", rule, origin);
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

    /**
     * Renames the left columns all at once, so that entries may swap names ({@code a: b, b: a}).
     * Two columns that would share a name after renaming are a rules error at the entry that
     * caused it: before, Spark found every later reference to the name ambiguous. So is an entry
     * whose right name is not one of {@code rightColumns}: the renamed column would be reported
     * dropped, a data FAIL for a slip in the rule.
     */
    private static Dataset<Row> rename(Dataset<Row> df, String[] rightColumns, Rule rule, RuleOrigin origin) {
        if (rule.rename().isEmpty()) {
            return df;
        }
        String[] names = df.columns();
        String[] renamed = names.clone();
        String[] entry = new String[names.length]; // the rename key that renamed each column, or null
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(rule.rename()).entrySet()) {
            if (e.getValue().isEmpty()) {
                // Renamed to nothing, the column would show as dropped: a FAIL for a slip in the rule.
                throw ParityErrors.ruleColumnError(
                        origin,
                        "rename." + e.getKey(),
                        "rename column '" + e.getKey() + "' to an empty name",
                        "Name the right side's column.");
            }
            boolean found = false;
            for (int i = 0; i < names.length; i++) {
                if (norm(names[i], rule.caseSensitive()).equals(norm(e.getKey(), rule.caseSensitive()))) {
                    renamed[i] = e.getValue();
                    entry[i] = e.getKey();
                    found = true;
                }
            }
            if (!found) {
                throw ParityErrors.unknownRenamedColumn(e.getKey(), List.of(names), origin);
            }
            boolean onTheRight = java.util.Arrays.stream(rightColumns)
                    .anyMatch(c -> norm(c, rule.caseSensitive()).equals(norm(e.getValue(), rule.caseSensitive())));
            if (!onTheRight) {
                throw ParityErrors.unknownRenameTarget(e.getKey(), e.getValue(), List.of(rightColumns), origin);
            }
        }
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) {
            Integer j = seen.putIfAbsent(norm(renamed[i], rule.caseSensitive()), i);
            if (j != null) {
                int culprit = entry[i] != null ? i : j;
                int other = culprit == i ? j : i;
                String clash = entry[other] != null
                        ? "rename." + entry[other] + " renames column '" + names[other] + "' to '" + renamed[other]
                                + "' too"
                        : "the left side already has a column '" + names[other] + "'"
                                + (rule.caseSensitive() ? "" : " (names match without regard to case)");
                throw ParityErrors.ruleColumnError(
                        origin,
                        "rename." + entry[culprit],
                        "rename column '" + names[culprit] + "' to '" + renamed[culprit] + "': " + clash
                                + "; left columns: " + List.of(names),
                        "Rename each left column to a name no other left column has.");
            }
        }
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            out.add(df.col(SparkPreparedSide.quote(names[i])).as(renamed[i]));
        }
        return df.select(out.toArray(Column[]::new));
    }

    /**
     * Two columns of a side that match as one name (without {@code case_sensitive}, {@code a} and
     * {@code A}) are a rules error: every rule entry naming either, and the comparison itself, would
     * be ambiguous.
     */
    private static void requireDistinctNames(Dataset<Row> df, String side, Rule rule, RuleOrigin origin) {
        // Spark resolves a name as its session says, whatever the rule's case_sensitive.
        boolean caseSensitive = rule.caseSensitive()
                && Boolean.parseBoolean(df.sparkSession().conf().get("spark.sql.caseSensitive", "false"));
        Map<String, String> seen = new java.util.HashMap<>();
        for (String name : df.columns()) {
            String first = seen.putIfAbsent(norm(name, caseSensitive), name);
            if (first != null) {
                boolean caseOnly = !first.equals(name);
                throw ParityErrors.ruleColumnError(
                        origin,
                        firstWritten(origin, List.of("case_sensitive", side), "case_sensitive"),
                        "tell the " + side + " side's columns '" + first + "' and '" + name + "' apart: "
                                + (caseOnly
                                        ? "names match without regard to case"
                                        : "the side has two columns so named")
                                + "; " + side + " columns: " + List.of(df.columns()),
                        caseOnly
                                ? "Read the side through a query that gives them distinct names, or set case_sensitive:"
                                        + " true and run Spark with spark.sql.caseSensitive=true."
                                : "Read the side through a query that gives them distinct names.");
            }
        }
    }

    /** Prefix of the columns Parity Gate adds to each side while comparing. */
    static final String WORKING_PREFIX = "__pg_";

    /**
     * A compared column named like one of Parity Gate's working columns (such as {@code __pg_grain})
     * would be ambiguous with it, or replaced by it. Rather than fail inside Spark, the rule must
     * leave it out or rename it. The error is at the entry that gives the name, when the rule gives
     * it (a transform, a rename); else at {@code ignore}, where the fix goes, or the side's definition.
     */
    private static void requireNoWorkingName(Dataset<Row> df, String side, Rule rule, RuleOrigin origin) {
        for (String name : df.columns()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(WORKING_PREFIX)) {
                List<String> places = new ArrayList<>();
                SourceSpec source = side.equals("left") ? rule.left() : rule.right();
                if (source != null) {
                    source.transforms().keySet().stream()
                            .filter(name::equalsIgnoreCase)
                            .forEach(t -> places.add(side + ".transforms." + t));
                }
                if (side.equals("left")) {
                    rule.rename().entrySet().stream()
                            .filter(e -> name.equalsIgnoreCase(e.getValue()))
                            .forEach(e -> places.add("rename." + e.getKey()));
                }
                places.add("ignore");
                places.add(side);
                throw ParityErrors.ruleColumnError(
                        origin,
                        firstWritten(origin, places, "ignore"),
                        "compare column '" + name + "' of the " + side + " side: names that start with "
                                + WORKING_PREFIX + " are Parity Gate's working columns",
                        "Ignore the column, or rename it (rename on the left side, a transform on the right).");
            }
        }
    }

    /**
     * The first of {@code keyPaths} written in the rule, so that an error about a column the rule
     * does not name still points at a line; {@code otherwise} when none is (a rule built in code).
     */
    private static String firstWritten(RuleOrigin origin, List<String> keyPaths, String otherwise) {
        if (origin == null) {
            return otherwise;
        }
        return keyPaths.stream()
                .filter(k -> origin.line(k).isPresent())
                .findFirst()
                .orElse(otherwise);
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
