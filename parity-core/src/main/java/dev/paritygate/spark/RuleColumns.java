package dev.paritygate.spark;

import dev.paritygate.ParityErrors;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;

/**
 * Checks that every column a rule names by itself (in {@code ignore}, {@code sample.mask}, {@code
 * columns} and {@code exclude_recent}) exists, and that each column option applies to its column's
 * types. Only the data can tell, so this runs once both sides are aligned. Without it a misspelt
 * name does nothing, silently: a masked column stored in clear text in the samples table, an
 * ignored column still compared, a tolerance never applied.
 */
final class RuleColumns {
    private RuleColumns() {}

    /**
     * @param left the left side's columns by normalised name, after renaming, before {@code
     *     ignore} drops any
     * @param right the right side's, likewise
     * @param origin where the rule was written, or null: see {@link SparkAlignment#align}
     */
    static void check(Rule rule, RuleOrigin origin, Map<String, StructField> left, Map<String, StructField> right) {
        List<String> ignore = rule.ignore();
        for (int i = 0; i < ignore.size(); i++) {
            requireOnEitherSide(rule, origin, "ignore[" + i + "]", ignore.get(i), left, right);
        }
        List<String> mask = rule.sample().mask();
        for (int i = 0; i < mask.size(); i++) {
            requireOnEitherSide(rule, origin, "sample.mask[" + i + "]", mask.get(i), left, right);
        }
        for (String column : rule.columns().keySet()) {
            requireOnEitherSide(rule, origin, "columns." + column, column, left, right);
        }
        if (rule.excludeRecent() != null) {
            String column = rule.excludeRecent().column();
            String path = "exclude_recent.column";
            requireOnEitherSide(rule, origin, path, column, left, right);
            ColumnPair p = SparkAlignment.require(
                            rule, origin, List.of(column), "exclude_recent", i -> path, left, right)
                    .get(0);
            if (!SparkCanonical.isTemporal(p.leftType()) || !SparkCanonical.isTemporal(p.rightType())) {
                throw ParityErrors.inapplicableColumnOption(
                        path,
                        column,
                        "timestamp and date columns",
                        p.leftType().simpleString(),
                        p.rightType().simpleString(),
                        origin);
            }
        }
    }

    /**
     * Checks that each option the rule sets on compared column {@code p} applies to its pair of types.
     *
     * @param origin where the rule was written, or null: see {@link SparkAlignment#align}
     */
    static void checkOptions(Rule rule, RuleOrigin origin, ColumnPair p) {
        String written = rule.columnKey(p.name()).orElse(null);
        if (written == null) {
            return; // no options: the defaults apply to every type
        }
        String path = "columns." + written + ".";
        ColumnOptions o = p.options();
        SparkCanonical.Kind kind = SparkCanonical.kind(p);
        boolean numbers = SparkCanonical.isNumeric(p.leftType()) && SparkCanonical.isNumeric(p.rightType());
        // A string against a timestamp is compared as one, but its text is still normalised first.
        boolean text = kind == SparkCanonical.Kind.STRING
                || kind == SparkCanonical.Kind.TEXT
                || SparkCanonical.isString(p.leftType())
                || SparkCanonical.isString(p.rightType());
        boolean timestamps = kind == SparkCanonical.Kind.TIMESTAMP;
        require(origin, p, path + "abs_tol", o.absTol() == null || numbers, "numbers");
        require(origin, p, path + "rel_tol", o.relTol() == null || numbers, "numbers");
        require(
                origin,
                p,
                path + "nan_equal",
                o.nanEqual() || kind == SparkCanonical.Kind.FLOATING,
                "floating-point numbers");
        // Integers and decimals have neither a negative zero nor infinities.
        require(
                origin,
                p,
                path + "signed_zero_equal",
                o.signedZeroEqual() || kind == SparkCanonical.Kind.FLOATING,
                "floating-point numbers");
        require(
                origin,
                p,
                path + "opposite_infinities_equal",
                !o.oppositeInfinitiesEqual() || kind == SparkCanonical.Kind.FLOATING,
                "floating-point numbers");
        require(origin, p, path + "trim", !o.trim() || text, "strings");
        require(origin, p, path + "ignore_case", !o.ignoreCase() || text, "strings");
        require(origin, p, path + "empty_equals_null", !o.emptyEqualsNull() || text, "strings");
        require(origin, p, path + "unicode", o.unicode() == null || text, "strings");
        require(origin, p, path + "truncate", o.truncate() == null || timestamps, "timestamps");
        require(origin, p, path + "time_tolerance", o.timeTolerance() == null || timestamps, "timestamps");
        require(origin, p, path + "left_time_zone", o.leftTimeZone() == null || timestamps, "timestamps");
        require(origin, p, path + "right_time_zone", o.rightTimeZone() == null || timestamps, "timestamps");
    }

    /**
     * Checks the options set on key column {@code p}: normalisations must fit its types, as on a
     * compared column, and a tolerance cannot apply at all, since rows are joined on equal keys.
     * Without this a tolerance on a key did nothing, silently.
     */
    static void checkKeyOptions(Rule rule, RuleOrigin origin, ColumnPair p) {
        checkOptions(rule, origin, p);
        String written = rule.columnKey(p.name()).orElse(null);
        if (written == null) {
            return;
        }
        // Keys are joined with Spark's equality, which finds -0.0 = 0.0 and +inf != -inf: either sign
        // option would be silently ignored there.
        String keyOnly = "compared columns, not to a key (rows are joined on equal keys)";
        require(
                origin,
                p,
                "columns." + written + ".signed_zero_equal",
                p.options().signedZeroEqual(),
                keyOnly);
        require(
                origin,
                p,
                "columns." + written + ".opposite_infinities_equal",
                !p.options().oppositeInfinitiesEqual(),
                keyOnly);
        // Rules files are refused before this by RuleValidator; a rule built in code reaches here.
        p.options().toleranceKey().ifPresent(t -> require(origin, p, "columns." + written + "." + t, false, keyOnly));
    }

    private static void require(RuleOrigin origin, ColumnPair p, String keyPath, boolean applies, String appliesTo) {
        if (!applies) {
            throw ParityErrors.inapplicableColumnOption(
                    keyPath,
                    p.name(),
                    appliesTo,
                    p.leftType().simpleString(),
                    p.rightType().simpleString(),
                    origin);
        }
    }

    private static void requireOnEitherSide(
            Rule rule,
            RuleOrigin origin,
            String keyPath,
            String column,
            Map<String, StructField> left,
            Map<String, StructField> right) {
        String n = SparkAlignment.norm(column, rule.caseSensitive());
        if (!left.containsKey(n) && !right.containsKey(n)) {
            throw ParityErrors.unknownRuleColumn(
                    keyPath, column, SparkAlignment.columnNames(left), SparkAlignment.columnNames(right), origin);
        }
    }
}
