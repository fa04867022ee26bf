package dev.paritygate.spark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.rules.ColumnOptions;
import java.time.ZoneId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VariantType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Canonical forms of values, identical on both sides, so that engines rendering the same value
 * differently ({@code 21} and {@code 21.00}, CHAR padding, a local timestamp and a UTC instant) hash
 * and compare equal. The canonical form is chosen per column pair, from both sides' types: when the
 * types agree the value is used as it is (the fast path), otherwise both sides are brought to a
 * common type. Deterministic normalisations (trim, case, empty-as-null, time zone, truncation) are
 * part of the canonical form; tolerances are not, so a tolerated difference still changes the
 * fingerprint and is then confirmed, column by column, in the key diff.
 */
final class SparkCanonical {
    /** How a pair of types is brought to one canonical type. */
    enum Kind {
        SAME,
        INTEGRAL,
        DECIMAL,
        FLOATING,
        STRING,
        TIMESTAMP,
        /** Two arrays, maps or structs of different types whose parts have a common type. */
        NESTED,
        TEXT
    }

    /**
     * The canonical value of a string that does not parse as a timestamp: far outside Spark's
     * timestamp range (years 1 to 9999), so no instant equals it, yet near enough to zero that its
     * distance to one, under a {@code time_tolerance}, does not overflow a long.
     */
    static final long UNPARSABLE = Long.MIN_VALUE / 2;

    private SparkCanonical() {}

    static Kind kind(ColumnPair p) {
        DataType l = p.leftType();
        DataType r = p.rightType();
        if (isString(l) && isString(r)) {
            return Kind.STRING;
        }
        if (isTemporal(l) && isTemporal(r) && !(l instanceof DateType && r instanceof DateType)) {
            return Kind.TIMESTAMP;
        }
        // A timestamp stored as text (a CSV export, a Hive string column) against a real one: as text,
        // the temporal side would render in the session's zone and in Spark's format, not the source's.
        if ((isString(l) && isTemporal(r)) || (isTemporal(l) && isString(r))) {
            return Kind.TIMESTAMP;
        }
        if (isNumeric(l) && isNumeric(r)) {
            if (l instanceof FloatType
                    || l instanceof DoubleType
                    || r instanceof FloatType
                    || r instanceof DoubleType) {
                return Kind.FLOATING;
            }
            if (l.equals(r)) {
                return Kind.SAME;
            }
            if (isIntegral(l) && isIntegral(r)) {
                return Kind.INTEGRAL;
            }
            return Kind.DECIMAL;
        }
        // Spark neither hashes nor orders a VARIANT; its JSON text names its value, object fields in
        // the order a variant keeps them (by name), so it compares as text, nested in anything.
        if (containsVariant(l) || containsVariant(r)) {
            return Kind.TEXT;
        }
        if (l.equals(r)) {
            return Kind.SAME;
        }
        return commonNested(l, r) != null ? Kind.NESTED : Kind.TEXT;
    }

    /** The canonical value of column {@code c} of {@code side}. */
    static Column canonical(ColumnPair p, Side side, Column c) {
        DataType t = p.type(side);
        ColumnOptions o = p.options();
        return switch (kind(p)) {
            case STRING -> normaliseString(c, o);
            case INTEGRAL -> c.cast(DataTypes.LongType);
            case DECIMAL -> ExactNumbers.canonical(c, t, ExactNumbers.common(p.leftType(), p.rightType()));
            // Adding +0.0 turns -0.0 into 0.0, unless the rule tells the zeros apart. NaN bit patterns are
            // unified by xxhash64, not by the grain pass's byte hash, where a rare NaN payload costs its
            // grain a key-diff read, never a verdict.
            case FLOATING -> o.signedZeroEqual() ? floating(p, c).plus(lit(0.0d)) : floating(p, c);
            case TIMESTAMP -> isString(t) ? parsedMicros(c, p.zone(side), o) : epochMicros(c, t, p.zone(side), o);
            case NESTED -> reshaped(c, t, commonNested(p.leftType(), p.rightType()));
            // Values of two different types compare as text; a map's text lists its entries in
            // stored order, so they are sorted first, as for two values of one type.
            case TEXT -> normaliseString((containsMap(t) ? withSortedMaps(c, t) : c).cast(DataTypes.StringType), o);
            case SAME -> same(c, t);
        };
    }

    /**
     * The canonical value of a key or partition column: {@link #canonical}, except that a string that
     * does not parse as a timestamp is NULL rather than {@link #UNPARSABLE}. As a key it is then a
     * null key, counted and never matched; as {@code UNPARSABLE}, every such row of a side would
     * share one key and be counted as duplicates of it.
     */
    static Column identifying(ColumnPair p, Side side, Column c) {
        Column v = canonical(p, side, c);
        return kind(p) == Kind.TIMESTAMP && isString(p.type(side)) ? nullif(v, lit(UNPARSABLE)) : v;
    }

    /**
     * The values fed to the row hash, so that two values {@link #equal} calls equal without a
     * tolerance hash alike and two it calls different do not. The first stands for the canonical
     * value: it is the canonical value, except that {@code -inf} is {@code +inf} when opposite
     * infinities are equal. Extra inputs follow: NaN made side-specific when NaN must not equal NaN,
     * and the sign of a zero when {@code -0.0} must not equal {@code 0.0} (xxhash64 hashes the two
     * zeros alike), so such rows always reach the key diff; and the {@link #shape} of an array,
     * map or struct, whose NULLs and boundaries xxhash64 does not see.
     */
    static Column[] hashInputs(ColumnPair p, Side side, Column canonical) {
        java.util.List<Column> inputs = new java.util.ArrayList<>();
        inputs.add(
                unsignedInfinities(p)
                        ? when(canonical.equalTo(lit(Double.NEGATIVE_INFINITY)), lit(Double.POSITIVE_INFINITY))
                                .otherwise(canonical)
                        : canonical);
        if (sideSpecificNaN(p)) {
            inputs.add(when(isnan(canonical), lit("NaN-" + side.label())));
        }
        if (signedZeros(p)) {
            inputs.add(negativeZero(canonical));
        }
        DataType nested = nestedCanonicalType(p);
        if (nested != null) {
            inputs.add(shape(canonical, nested));
        }
        return inputs.toArray(Column[]::new);
    }

    /** How many columns {@link #hashInputs} gives for {@code p}. */
    static int hashInputCount(ColumnPair p) {
        return 1 + (sideSpecificNaN(p) ? 1 : 0) + (signedZeros(p) ? 1 : 0) + (nestedCanonicalType(p) != null ? 1 : 0);
    }

    /** The type of {@code p}'s canonical values when they are arrays or structs, else null. */
    private static DataType nestedCanonicalType(ColumnPair p) {
        DataType t = switch (kind(p)) {
            case SAME -> mapsAsEntries(p.leftType());
            case NESTED -> mapsAsEntries(commonNested(p.leftType(), p.rightType()));
            default -> null;
        };
        return t != null && isNested(t) ? t : null;
    }

    /** {@code t} with every map as the array of its entries, as {@link #withSortedMaps} and {@link #reshaped} give it. */
    private static DataType mapsAsEntries(DataType t) {
        if (t instanceof MapType m) {
            return DataTypes.createArrayType(DataTypes.createStructType(new StructField[] {
                DataTypes.createStructField("key", mapsAsEntries(m.keyType()), true),
                DataTypes.createStructField("value", mapsAsEntries(m.valueType()), true)
            }));
        }
        if (t instanceof ArrayType a) {
            return DataTypes.createArrayType(mapsAsEntries(a.elementType()));
        }
        if (t instanceof StructType s) {
            StructField[] fields = new StructField[s.fields().length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = DataTypes.createStructField(
                        s.fields()[i].name(), mapsAsEntries(s.fields()[i].dataType()), true);
            }
            return DataTypes.createStructType(fields);
        }
        return t;
    }

    /**
     * The shape of nested value {@code c}: the same arrays and structs, with each value replaced by
     * whether it is NULL. Spark's column-wise {@code xxhash64} skips NULLs and runs through a nested
     * value's leaves as one sequence, so {@code [1, NULL]} and {@code [NULL, 1]}, {@code [[1, 2],
     * [3]]} and {@code [[1], [2, 3]]}, or a NULL struct and a struct of NULLs hash alike; with their
     * shapes hashed too they do not. The key diff takes two rows with equal column-wise hashes for
     * equal rows, so such a difference was dropped unseen.
     */
    private static Column shape(Column c, DataType t) {
        Column inner;
        if (t instanceof ArrayType a) {
            inner = org.apache.spark.sql.functions.transform(c, e -> shape(e, a.elementType()));
        } else if (t instanceof StructType s) {
            Column[] fields = new Column[s.fields().length];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = shape(c.getField(s.fields()[i].name()), s.fields()[i].dataType());
            }
            inner = org.apache.spark.sql.functions.struct(fields);
        } else {
            return c.isNull();
        }
        // The flag is never NULL, so even a NULL array or struct, and an empty one, leaves a trace.
        return org.apache.spark.sql.functions.struct(c.isNull(), when(c.isNotNull(), inner));
    }

    private static boolean sideSpecificNaN(ColumnPair p) {
        return !p.options().nanEqual() && kind(p) == Kind.FLOATING;
    }

    private static boolean signedZeros(ColumnPair p) {
        return !p.options().signedZeroEqual() && kind(p) == Kind.FLOATING;
    }

    private static boolean unsignedInfinities(ColumnPair p) {
        return p.options().oppositeInfinitiesEqual() && kind(p) == Kind.FLOATING;
    }

    /**
     * Whether a double is {@code -0.0}: NULL when it is NULL. Spark's comparisons, like IEEE's, find
     * {@code -0.0 = 0.0}, and its functions that would see the sign ({@code atan2}) add 0.0 first,
     * but its text keeps the minus sign.
     */
    private static Column negativeZero(Column d) {
        return d.equalTo(lit(0.0d)).and(d.cast(DataTypes.StringType).startsWith("-"));
    }

    /**
     * Whether {@link #equal} is equality of {@link #hashInputs} for every column: none has a
     * numeric or time tolerance. Then two rows hash alike exactly when they compare equal, and
     * comparing a duplicated key's rows as a whole by their hashes is the rule's comparison.
     */
    static boolean wholeRowsExact(java.util.List<ColumnPair> compared) {
        for (ColumnPair p : compared) {
            boolean numeric = isNumeric(p.leftType()) && isNumeric(p.rightType());
            if ((kind(p) == Kind.TIMESTAMP && p.options().timeToleranceMicros() > 0)
                    || (numeric && p.options().hasNumericTolerance())) {
                return false;
            }
        }
        return true;
    }

    /** Null-safe equality of two canonical values under the column's tolerances. */
    static Column equal(ColumnPair p, Column l, Column r) {
        ColumnOptions o = p.options();
        Kind kind = kind(p);
        Column same = l.eqNullSafe(r);
        if (kind == Kind.TIMESTAMP && o.timeToleranceMicros() > 0) {
            return same.or(l.isNotNull().and(r.isNotNull()).and(abs(l.minus(r)).leq(lit(o.timeToleranceMicros()))));
        }
        boolean numeric = isNumeric(p.leftType()) && isNumeric(p.rightType());
        boolean floating = kind == Kind.FLOATING
                || (kind == Kind.SAME && (p.leftType() instanceof DoubleType || p.leftType() instanceof FloatType));
        if (numeric && o.hasNumericTolerance()) {
            Column within = splitDecimal(p)
                    ? ExactNumbers.within(l, r, o.absTolOrZero(), o.relTolOrZero())
                    : withinTolerance(kind, l, r, o);
            same = same.or(l.isNotNull().and(r.isNotNull()).and(within));
        }
        if (floating && !o.nanEqual()) {
            // Spark's equality treats NaN as equal to NaN; the rule asks for IEEE semantics.
            Column bothNaN = isnan(l.cast(DataTypes.DoubleType)).and(isnan(r.cast(DataTypes.DoubleType)));
            same = same.and(not(bothNaN.eqNullSafe(lit(true))));
        }
        if (floating && o.oppositeInfinitiesEqual()) {
            // Only the infinities' sign is dropped: an infinity still equals no finite value, NaN or NULL.
            Column infinity = lit(Double.POSITIVE_INFINITY);
            Column bothInfinite = abs(l.cast(DataTypes.DoubleType))
                    .equalTo(infinity)
                    .and(abs(r.cast(DataTypes.DoubleType)).equalTo(infinity));
            same = same.or(bothInfinite.eqNullSafe(lit(true)));
        }
        if (floating && !o.signedZeroEqual()) {
            // Two zeros of opposite sign are 0 apart, so only this tells them apart, under any
            // tolerance too, as NaN differs from NaN under any tolerance with nan_equal: false. A
            // zero and a nonzero number stay within a tolerance that covers their distance.
            Column l0 = negativeZero(l.cast(DataTypes.DoubleType));
            Column r0 = negativeZero(r.cast(DataTypes.DoubleType));
            Column oppositeZeros =
                    l.equalTo(lit(0.0d)).and(r.equalTo(lit(0.0d))).and(l0.notEqual(r0));
            same = same.and(not(oppositeZeros.eqNullSafe(lit(true))));
        }
        return same;
    }

    /**
     * Whether two non-NULL canonical numbers lie within the column's tolerances. Two exact numbers
     * (integers, decimals) are compared exactly, distance and allowance in decimal: two longs beyond
     * 2^53, or decimals beyond 15 digits, would otherwise each be rounded to a double and a distance
     * of 5 could read as 0 or 1 as 2, and an allowance in double can fall just short of a distance on
     * the boundary ({@code 0.29 * 100} is 28.999999999999996). Only what overflows the decimal type
     * falls back to doubles. A tolerance is a distance, so it applies to
     * finite values only: NaN and the infinities equal only themselves (Spark orders NaN above every
     * number, so an allowance of {@code rel_tol * inf} or {@code 0 * NaN} would otherwise admit them).
     */
    private static Column withinTolerance(Kind kind, Column l, Column r, ColumnOptions o) {
        Column ld = l.cast(DataTypes.DoubleType);
        Column rd = r.cast(DataTypes.DoubleType);
        Column distance = abs(ld.minus(rd));
        Column allowed = lit(o.absTolOrZero().doubleValue())
                .plus(lit(o.relTolOrZero().doubleValue()).multiply(abs(rd)));
        Column within = distance.leq(allowed);
        if (kind != Kind.FLOATING) {
            // try_ arithmetic is NULL where the decimal type overflows; the doubles decide only there.
            Column exactDistance = abs(org.apache.spark.sql.functions.try_subtract(l, r));
            Column exactAllowed = org.apache.spark.sql.functions.try_add(
                    exact(o.absTolOrZero()),
                    org.apache.spark.sql.functions.try_multiply(exact(o.relTolOrZero()), abs(r)));
            Column exactDistanceAsDouble = exactDistance.cast(DataTypes.DoubleType);
            within = org.apache.spark.sql.functions.coalesce(
                    exactDistance.leq(exactAllowed),
                    org.apache
                            .spark
                            .sql
                            .functions
                            .coalesce(exactDistanceAsDouble, distance)
                            .leq(allowed));
        }
        if (kind == Kind.FLOATING) {
            Column infinity = lit(Double.POSITIVE_INFINITY);
            // abs(NaN) < inf is false too: Spark orders NaN above infinity.
            within = abs(ld).lt(infinity).and(abs(rd).lt(infinity)).and(within);
        }
        return within;
    }

    /** A tolerance as a decimal literal; Spark's decimals take no negative scale ({@code 1E+3}). */
    private static Column exact(java.math.BigDecimal tolerance) {
        return lit(tolerance.scale() < 0 ? tolerance.setScale(0) : tolerance);
    }

    /**
     * A floating-point value as a double. Against a FLOAT, the other side is rounded to the nearest
     * float first: the float side holds only about 7 digits, so a legacy {@code 0.1f} and a migrated
     * {@code 0.1} are the same value written at two precisions, not a difference of 1.5e-9.
     */
    private static Column floating(ColumnPair p, Column c) {
        boolean floatSide = p.leftType() instanceof FloatType || p.rightType() instanceof FloatType;
        Column v = floatSide ? c.cast(DataTypes.FloatType) : c;
        return v.cast(DataTypes.DoubleType);
    }

    private static Column same(Column c, DataType t) {
        if (containsMap(t)) {
            return withSortedMaps(c, t);
        }
        if (t instanceof DoubleType || t instanceof FloatType) {
            return c.plus(lit(0.0d));
        }
        return c;
    }

    /**
     * {@code c} with every map, at any depth, replaced by its entries sorted by key: two maps with
     * the same entries inserted in another order are equal, and unlike a map, the entries can be
     * compared, sorted and nested in other entries. Parts of {@code t} without a map are kept as they are.
     */
    private static Column withSortedMaps(Column c, DataType t) {
        if (t instanceof MapType m) {
            Column entries = map_entries(c);
            if (containsMap(m.keyType()) || containsMap(m.valueType())) {
                entries = org.apache.spark.sql.functions.transform(
                        entries,
                        e -> org.apache.spark.sql.functions.struct(
                                withSortedMaps(e.getField("key"), m.keyType()).as("key"),
                                withSortedMaps(e.getField("value"), m.valueType())
                                        .as("value")));
            }
            return array_sort(entries);
        }
        if (t instanceof ArrayType a && containsMap(a.elementType())) {
            return org.apache.spark.sql.functions.transform(c, e -> withSortedMaps(e, a.elementType()));
        }
        if (t instanceof StructType s && containsMap(s)) {
            Column[] fields = new Column[s.fields().length];
            for (int i = 0; i < fields.length; i++) {
                StructField f = s.fields()[i];
                fields[i] = withSortedMaps(c.getField(f.name()), f.dataType()).as(f.name());
            }
            return when(c.isNotNull(), org.apache.spark.sql.functions.struct(fields));
        }
        return c;
    }

    /**
     * The type both sides of a pair of arrays, maps or structs of different types are brought to, or
     * null when some part has none (a timestamp against a string, a struct field on one side only):
     * such a pair compares as text. Numbers meet as they do at the top level (integers as BIGINT,
     * decimals as {@link ExactNumbers#common} says, anything against a DOUBLE as a DOUBLE and against a
     * FLOAT as a FLOAT), struct fields by name, case aside, in the left side's order, and nullability
     * is dropped. As text, {@code [1.10]} differed from {@code [1.1]}, {@code [1]} from {@code [1.0]}
     * and {@code {a:1, b:2}} from {@code {b:2, a:1}}, while {@code {a:1, b:2}} equalled {@code {b:1,
     * a:2}}; and an array of doubles whose element type only differed in nullability compared {@code
     * -0.0} and {@code 0.0} as the texts "-0.0" and "0.0".
     */
    static DataType commonNested(DataType l, DataType r) {
        if (!isNested(l) || !isNested(r)) {
            return null;
        }
        return common(l, r);
    }

    private static boolean isNested(DataType t) {
        return t instanceof ArrayType || t instanceof MapType || t instanceof StructType;
    }

    private static DataType common(DataType l, DataType r) {
        if (l instanceof ArrayType la && r instanceof ArrayType ra) {
            DataType e = common(la.elementType(), ra.elementType());
            return e == null ? null : DataTypes.createArrayType(e, true);
        }
        if (l instanceof MapType lm && r instanceof MapType rm) {
            DataType k = common(lm.keyType(), rm.keyType());
            DataType v = common(lm.valueType(), rm.valueType());
            return k == null || v == null ? null : DataTypes.createMapType(k, v, true);
        }
        if (l instanceof StructType ls && r instanceof StructType rs) {
            if (ls.fields().length != rs.fields().length) {
                return null;
            }
            StructField[] fields = new StructField[ls.fields().length];
            for (int i = 0; i < fields.length; i++) {
                StructField lf = ls.fields()[i];
                StructField rf = field(rs, lf.name());
                DataType t = rf == null || field(ls, lf.name()) != lf ? null : common(lf.dataType(), rf.dataType());
                if (t == null) {
                    return null;
                }
                fields[i] = DataTypes.createStructField(lf.name(), t, true);
            }
            return DataTypes.createStructType(fields);
        }
        if (isNumeric(l) && isNumeric(r)) {
            if (l instanceof FloatType || r instanceof FloatType) {
                return DataTypes.FloatType;
            }
            if (l instanceof DoubleType || r instanceof DoubleType) {
                return DataTypes.DoubleType;
            }
            if (l.equals(r)) {
                return l;
            }
            return isIntegral(l) && isIntegral(r) ? DataTypes.LongType : ExactNumbers.common(l, r);
        }
        return l.equals(r) ? l : null;
    }

    /** The field of {@code s} named {@code name}, case aside; null when none or several are. */
    private static StructField field(StructType s, String name) {
        StructField found = null;
        for (StructField f : s.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                if (found != null) {
                    return null;
                }
                found = f;
            }
        }
        return found;
    }

    /**
     * {@code c}, of type {@code from}, as type {@code to} ({@link #commonNested}): struct fields
     * taken by name, numbers cast, and every map replaced by its entries sorted by key, as {@link
     * #withSortedMaps} does for two values of one type. Spark's cast of a struct is positional, so
     * structs are rebuilt field by field rather than cast.
     */
    private static Column reshaped(Column c, DataType from, DataType to) {
        if (from instanceof ArrayType fa && to instanceof ArrayType ta) {
            return org.apache.spark.sql.functions.transform(c, e -> reshaped(e, fa.elementType(), ta.elementType()));
        }
        if (from instanceof MapType fm && to instanceof MapType tm) {
            return array_sort(org.apache.spark.sql.functions.transform(
                    map_entries(c),
                    e -> org.apache.spark.sql.functions.struct(
                            reshaped(e.getField("key"), fm.keyType(), tm.keyType())
                                    .as("key"),
                            reshaped(e.getField("value"), fm.valueType(), tm.valueType())
                                    .as("value"))));
        }
        if (from instanceof StructType fs && to instanceof StructType ts) {
            Column[] fields = new Column[ts.fields().length];
            for (int i = 0; i < fields.length; i++) {
                StructField t = ts.fields()[i];
                StructField f = field(fs, t.name());
                fields[i] = reshaped(c.getField(f.name()), f.dataType(), t.dataType())
                        .as(t.name());
            }
            return when(c.isNotNull(), org.apache.spark.sql.functions.struct(fields));
        }
        // A nested -0.0 is left as it is, as in two values of one type: its grain is read, and the
        // comparison by value finds it equal to 0.0.
        if (from.equals(to)) {
            return c;
        }
        return ExactNumbers.isSplit(to) ? ExactNumbers.canonical(c, from, to) : c.cast(to);
    }

    private static Column normaliseString(Column c, ColumnOptions o) {
        return normaliseString(c, o, o.ignoreCase());
    }

    private static Column normaliseString(Column c, ColumnOptions o, boolean foldCase) {
        Column v = c;
        if (o.unicode() != null) {
            // Spark has no built-in normalisation; a Java function, applied only where a rule asks.
            v = unicode(o.unicode()).apply(v);
        }
        if (o.trim()) {
            v = trim(v);
        }
        if (foldCase) {
            v = lower(v);
        }
        if (o.emptyEqualsNull()) {
            v = nullif(v, lit(""));
        }
        return v;
    }

    private static org.apache.spark.sql.expressions.UserDefinedFunction unicode(ColumnOptions.UnicodeForm form) {
        java.text.Normalizer.Form f = java.text.Normalizer.Form.valueOf(form.name());
        return org.apache.spark.sql.functions.udf(
                (org.apache.spark.sql.api.java.UDF1<String, String>)
                        s -> s == null ? null : java.text.Normalizer.normalize(s, f),
                DataTypes.StringType);
    }

    /**
     * The canonical value of a string holding a timestamp or date, as {@link #epochMicros}, after the
     * string options (so that {@code empty_equals_null} can make an empty export field a NULL). A
     * string that does not parse becomes {@link #UNPARSABLE}, not NULL: it equals neither a value
     * nor a NULL on the other side, which never holds it, so it is always counted as a mismatch.
     */
    private static Column parsedMicros(Column c, String zone, ColumnOptions o) {
        // Case changes no instant, so ignore_case is a parse in any case rather than a fold: lower
        // case would leave neither 'T' nor 'Z' nor a zone's name ('Europe/London') parsable.
        Column s = normaliseString(c, o, false);
        Column micros = truncated(parsedUtcMicros(s, zone, o.ignoreCase()), o);
        return when(s.isNotNull().and(micros.isNull()), lit(UNPARSABLE)).otherwise(micros);
    }

    /**
     * The string's instant, parsed as Spark casts a string to a timestamp (ISO-8601 forms, with or
     * without a zone or an offset, or a date alone), but with {@code zone}, else UTC, as the zone of a
     * string that names none: the cast would take the session's zone, which the job does not set. A
     * time without a date ({@code T10:00:00}, {@code 10:00:00}) does not parse: the cast would give
     * it the day it runs, so the same two files would compare differently from night to night.
     */
    private static Column parsedUtcMicros(Column c, String zone, boolean anyCase) {
        ZoneId z = ZoneId.of(zone == null ? "UTC" : zone);
        UDF1<String, Long> parse = s -> {
            if (s == null) {
                return null;
            }
            Long micros = parsedUtcMicros(s, z);
            // Upper case is the case of ISO-8601's 'T' and 'Z' and of 'UTC'; the text as written
            // keeps a region's name ('Europe/London') parsable.
            return micros == null && anyCase ? parsedUtcMicros(s.toUpperCase(java.util.Locale.ROOT), z) : micros;
        };
        return udf(parse, DataTypes.LongType).apply(c);
    }

    /**
     * {@code s}'s instant, or null when it does not parse. A zone named in the text that does not
     * exist ({@code Mars/Olympus}) is text that does not parse: Spark's parser throws for it, which
     * made the side unreadable and every check of the pipeline an ERROR.
     */
    private static Long parsedUtcMicros(String s, ZoneId zone) {
        UTF8String text = UTF8String.fromString(s);
        try {
            if ((Boolean) DateTimeUtils.parseTimestampString(text)._3()) {
                return null;
            }
            scala.Option<Object> micros = DateTimeUtils.stringToTimestamp(text, zone);
            return micros.isDefined() ? (Long) micros.get() : null;
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** Microseconds since the epoch, in UTC, after the side's zone and the rule's truncation. */
    private static Column epochMicros(Column c, DataType t, String zone, ColumnOptions o) {
        return truncated(utcMicros(c, t, zone), o);
    }

    private static Column truncated(Column micros, ColumnOptions o) {
        if (o.truncate() == null) {
            return micros;
        }
        long unit = o.truncate().micros();
        return micros.minus(pmod(micros, lit(unit)));
    }

    /**
     * The instant of timestamp or date column {@code c} of {@code side}, as microseconds since the
     * epoch in UTC: local values read in the side's declared zone, as they are compared.
     */
    static Column utcMicros(ColumnPair p, Side side, Column c) {
        return utcMicros(c, p.type(side), p.zone(side));
    }

    private static Column utcMicros(Column c, DataType t, String zone) {
        Column micros;
        if (t instanceof StringType) {
            micros = parsedUtcMicros(c, zone, false);
        } else if (t instanceof TimestampType) {
            micros = zone == null
                    ? org.apache.spark.sql.functions.unix_micros(c)
                    : org.apache.spark.sql.functions.unix_micros(
                            org.apache.spark.sql.functions.to_utc_timestamp(c, zone));
        } else {
            Column ntz = c.cast(DataTypes.TimestampNTZType);
            Column utc =
                    zone == null ? ntz : org.apache.spark.sql.functions.convert_timezone(lit(zone), lit("UTC"), ntz);
            micros = org.apache.spark.sql.functions.timestamp_diff(
                    "MICROSECOND", expr("TIMESTAMP_NTZ'1970-01-01 00:00:00'"), utc);
        }
        return micros;
    }

    /**
     * Whether {@code p}'s canonical values are {@link ExactNumbers split decimals}: two decimal types, or
     * an integer and a decimal type, that no one decimal holds exactly.
     */
    static boolean splitDecimal(ColumnPair p) {
        return kind(p) == Kind.DECIMAL && ExactNumbers.isSplit(ExactNumbers.common(p.leftType(), p.rightType()));
    }

    static boolean isString(DataType t) {
        return t instanceof StringType;
    }

    static boolean isTemporal(DataType t) {
        return t instanceof TimestampType || t instanceof TimestampNTZType || t instanceof DateType;
    }

    static boolean isIntegral(DataType t) {
        return t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType || t instanceof LongType;
    }

    static boolean isNumeric(DataType t) {
        return isIntegral(t) || t instanceof DecimalType || t instanceof FloatType || t instanceof DoubleType;
    }

    private static boolean containsMap(DataType t) {
        return contains(t, MapType.class);
    }

    private static boolean containsVariant(DataType t) {
        return contains(t, VariantType.class);
    }

    /** Whether {@code t} is, or holds at any depth (in an array, a map or a struct), a {@code kind}. */
    private static boolean contains(DataType t, Class<? extends DataType> kind) {
        if (kind.isInstance(t)) {
            return true;
        }
        if (t instanceof ArrayType a) {
            return contains(a.elementType(), kind);
        }
        if (t instanceof MapType m) {
            return contains(m.keyType(), kind) || contains(m.valueType(), kind);
        }
        if (t instanceof StructType s) {
            for (StructField f : s.fields()) {
                if (contains(f.dataType(), kind)) {
                    return true;
                }
            }
        }
        return false;
    }
}
