package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.ColumnOptions.TimeUnitTruncation;
import dev.paritygate.rules.SourceSpec;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Values that render differently on two engines but are the same must not count as mismatches. */
class SparkCanonicalTest {

    private static ColumnOptions options(
            boolean trim,
            boolean ignoreCase,
            boolean emptyNull,
            boolean nanEqual,
            String leftZone,
            TimeUnitTruncation truncate,
            String timeTol) {
        // Everything this class does not vary as the defaults have it.
        return Options.options()
                .trim(trim)
                .ignoreCase(ignoreCase)
                .emptyEqualsNull(emptyNull)
                .nanEqual(nanEqual)
                .leftTimeZone(leftZone)
                .truncate(truncate)
                .timeTolerance(timeTol)
                .build();
    }

    private static long mismatches(PipelineResult r, String column) {
        return r.verdict("column:" + column, "*", "mismatches").difference().longValue();
    }

    @Test
    void floatingPointSpecialValuesFollowTheSpec() {
        Dataset<Row> left = TestData.of("id INT, v DOUBLE")
                .row(1, -0.0)
                .row(2, Double.NaN)
                .row(3, Double.POSITIVE_INFINITY)
                .row(4, Double.POSITIVE_INFINITY)
                .row(5, 1.0)
                .df();
        Dataset<Row> right = TestData.of("id INT, v DOUBLE")
                .row(1, 0.0)
                .row(2, Double.NaN)
                .row(3, Double.POSITIVE_INFINITY)
                .row(4, Double.NEGATIVE_INFINITY)
                .row(5, null)
                .df();
        PipelineResult r = SparkParity.compare(left, right, TestRule.keyed("id").build(), ComparisonContext.adHoc(""));
        // -0.0 = 0.0, NaN = NaN, +inf = +inf; +inf != -inf and 1.0 != NULL.
        assertThat(mismatches(r, "v")).isEqualTo(2);

        PipelineResult ieee = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .column("v", options(false, false, false, false, null, null, null))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(ieee, "v")).isEqualTo(3);
    }

    /** The column's mismatches, after checking that the full key diff gives the pruned one's verdicts. */
    private static long mismatchesInBothModes(Dataset<Row> left, Dataset<Row> right, TestRule rule, String column) {
        return mismatches(inBothModes(left, right, rule), column);
    }

    /**
     * The pruned key diff's result, after checking that the full key diff gives the same verdicts: one
     * comparison in each mode, whose counts a test then reads for as many columns as it needs.
     */
    private static PipelineResult inBothModes(Dataset<Row> left, Dataset<Row> right, TestRule rule) {
        SparkParityTest.PrunedAndFull r = SparkParityTest.prunedAndFull(left, right, rule);
        assertThat(SparkParityTest.outcomes(r.full())).isEqualTo(SparkParityTest.outcomes(r.pruned()));
        return r.pruned();
    }

    private static long rowsMismatched(PipelineResult r) {
        return (long) SparkParityTest.metric(r, "key_diff", "rows_mismatched");
    }

    @Test
    void aToleranceNeverMakesNaNOrAnInfinityEqualToAnotherValue() {
        Dataset<Row> left = TestData.of("id INT, v DOUBLE")
                .row(1, 5.0)
                .row(2, 5.0)
                .row(3, 1.0)
                .row(4, Double.POSITIVE_INFINITY)
                .row(5, Double.NaN)
                .row(6, Double.POSITIVE_INFINITY)
                .row(7, 5.0)
                .df();
        Dataset<Row> right = TestData.of("id INT, v DOUBLE")
                .row(1, Double.NaN)
                .row(2, Double.POSITIVE_INFINITY)
                .row(3, Double.NEGATIVE_INFINITY)
                .row(4, Double.NEGATIVE_INFINITY)
                .row(5, Double.NaN)
                .row(6, Double.POSITIVE_INFINITY)
                .row(7, 5.004)
                .df();
        // Rows 1-4 differ whatever the tolerance; NaN = NaN and +inf = +inf still hold; row 7 is within it.
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").tolerance("v", "0.01", null), "v"))
                .isEqualTo(4);
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").tolerance("v", null, "0.001"), "v"))
                .isEqualTo(4);
    }

    /** Options of a floating-point column: the two sign options (null: unset) and an abs_tol (null: none). */
    private static ColumnOptions signs(Boolean signedZeroEqual, Boolean oppositeInfinitiesEqual, String absTol) {
        return Options.options()
                .absTol(absTol == null ? null : new BigDecimal(absTol))
                .signedZeroEqual(signedZeroEqual)
                .oppositeInfinitiesEqual(oppositeInfinitiesEqual)
                .build();
    }

    @Test
    void signedZeroEqualFalseMakesOppositeZerosDifferInTheRowHashAndTheColumnUnderAnyTolerance() {
        // Row 1 and 3: zeros of opposite sign; 2: the same negative zero; 6: -0.0 against a tiny number.
        // f is a FLOAT on the left against a DOUBLE on the right.
        Dataset<Row> left = TestData.of("id INT, v DOUBLE, f FLOAT")
                .row(1, -0.0, -0.0f)
                .row(2, -0.0, 0.0f)
                .row(3, 0.0, 0.0f)
                .row(4, 1.0, 1.0f)
                .row(5, null, null)
                .row(6, -0.0, 2.0f)
                .df();
        Dataset<Row> right = TestData.of("id INT, v DOUBLE, f DOUBLE")
                .row(1, 0.0, 0.0)
                .row(2, -0.0, 0.0)
                .row(3, -0.0, 0.0)
                .row(4, 1.0, 1.0)
                .row(5, null, null)
                .row(6, 1e-9, 2.0)
                .df();
        // The default, as before the option existed: -0.0 = 0.0, so only row 6 differs.
        PipelineResult plain = inBothModes(left, right, TestRule.keyed("id"));
        assertThat(mismatches(plain, "v")).isEqualTo(1);
        assertThat(mismatches(plain, "f")).isEqualTo(0);
        assertThat(rowsMismatched(plain)).isEqualTo(1);
        TestRule explicitDefault = TestRule.keyed("id").column("v", signs(true, null, null));
        assertThat(mismatchesInBothModes(left, right, explicitDefault, "v")).isEqualTo(1);

        PipelineResult signed = inBothModes(
                left,
                right,
                TestRule.keyed("id").column("v", signs(false, null, null)).column("f", signs(false, null, null)));
        assertThat(mismatches(signed, "v")).isEqualTo(3);
        assertThat(mismatches(signed, "f")).isEqualTo(1);
        assertThat(rowsMismatched(signed)).isEqualTo(3);

        // A tolerance admits a distance; opposite zeros are 0 apart, yet still differ in sign, as NaN
        // still differs from NaN under a tolerance with nan_equal: false. Row 6 is within it.
        TestRule tolerant = TestRule.keyed("id").column("v", signs(false, null, "0.01"));
        assertThat(mismatchesInBothModes(left, right, tolerant, "v")).isEqualTo(2);
        TestRule tolerantDefault = TestRule.keyed("id").column("v", signs(null, null, "0.01"));
        assertThat(mismatchesInBothModes(left, right, tolerantDefault, "v")).isEqualTo(0);
    }

    @Test
    void oppositeInfinitiesEqualTrueMakesPlusAndMinusInfinityEqualButNoFiniteValue() {
        double inf = Double.POSITIVE_INFINITY;
        Dataset<Row> left = TestData.of("id INT, v DOUBLE")
                .row(1, inf)
                .row(2, -inf)
                .row(3, inf)
                .row(4, -inf)
                .row(5, 5.0)
                .row(6, -inf)
                .row(7, Double.NaN)
                .df();
        Dataset<Row> right = TestData.of("id INT, v DOUBLE")
                .row(1, -inf)
                .row(2, inf)
                .row(3, inf)
                .row(4, 5.0)
                .row(5, 5.0)
                .row(6, null)
                .row(7, -inf)
                .df();
        // The default, as before the option existed: +inf never equals -inf, under any tolerance.
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id"), "v"))
                .isEqualTo(5);
        TestRule explicitDefault = TestRule.keyed("id").column("v", signs(null, false, "1e300"));
        assertThat(mismatchesInBothModes(left, right, explicitDefault, "v")).isEqualTo(5);

        PipelineResult unsigned = inBothModes(left, right, TestRule.keyed("id").column("v", signs(null, true, null)));
        assertThat(mismatches(unsigned, "v")).isEqualTo(3);
        assertThat(rowsMismatched(unsigned)).isEqualTo(3);
        // An infinity still equals no finite value, NULL or NaN, whatever the tolerance.
        TestRule tolerant = TestRule.keyed("id").column("v", signs(null, true, "1e300"));
        assertThat(mismatchesInBothModes(left, right, tolerant, "v")).isEqualTo(3);
    }

    @Test
    void signOptionsOnAColumnThatIsNotFloatingPointAreAnError() {
        Dataset<Row> left = TestData.of("id INT, d DECIMAL(10,2), n INT")
                .row(1, new BigDecimal("1.00"), 1)
                .df();
        Dataset<Row> right = TestData.of("id INT, d DECIMAL(10,2), n INT")
                .row(1, new BigDecimal("1.00"), 1)
                .df();
        PipelineResult zero = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").column("d", signs(false, null, null)).build(),
                ComparisonContext.adHoc(""));
        assertThat(zero.status()).isEqualTo(dev.paritygate.verdict.Status.ERROR);
        assertThat(zero.verdict("key_diff", "*", "error").message())
                .isEqualTo("Cannot apply columns.d.signed_zero_equal to column 'd': it applies to floating-point"
                        + " numbers, and 'd' is decimal(10,2) on the left and decimal(10,2) on the right. Remove the"
                        + " option, or fix the column name.");
        PipelineResult infinities = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").column("n", signs(null, true, null)).build(),
                ComparisonContext.adHoc(""));
        assertThat(infinities.verdict("key_diff", "*", "error").message())
                .isEqualTo("Cannot apply columns.n.opposite_infinities_equal to column 'n': it applies to"
                        + " floating-point numbers, and 'n' is int on the left and int on the right. Remove the"
                        + " option, or fix the column name.");
        // Written out, the defaults restate what every type does, so they apply anywhere, as nan_equal: true.
        PipelineResult defaults = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").column("d", signs(true, false, null)).build(),
                ComparisonContext.adHoc(""));
        assertThat(defaults.status()).isEqualTo(dev.paritygate.verdict.Status.PASS);
    }

    @Test
    void signOptionsOnAKeyColumnAreAnErrorNotSilentlyIgnored() {
        Dataset<Row> left = TestData.of("id DOUBLE, v INT").row(-0.0, 1).df();
        Dataset<Row> right = TestData.of("id DOUBLE, v INT").row(0.0, 1).df();
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").column("id", signs(false, null, null)).build(),
                ComparisonContext.adHoc(""));
        assertThat(r.status()).isEqualTo(dev.paritygate.verdict.Status.ERROR);
        assertThat(r.verdict("key_diff", "*", "error").message())
                .isEqualTo("Cannot apply columns.id.signed_zero_equal to column 'id': it applies to compared"
                        + " columns, not to a key (rows are joined on equal keys), and 'id' is double on the left and"
                        + " double on the right. Remove the option, or fix the column name.");
    }

    @Test
    void integersAndDecimalsAreWithinToleranceByTheirExactDistance() {
        // Beyond 2^53 (and 15 digits of a decimal) doubles are 2 or more apart: 2^53 + 1 and 2^53 + 2
        // round to 2^53 and 2^53 + 2, and 10^20 and 10^20 + 5 to the same double.
        Dataset<Row> left = TestData.of("id INT, v BIGINT, d DECIMAL(38,2)")
                .row(1, 9_007_199_254_740_993L, new BigDecimal("100000000000000000000.00"))
                .row(2, 9_007_199_254_740_993L, new BigDecimal("1.00"))
                .df();
        Dataset<Row> right = TestData.of("id INT, v BIGINT, d DECIMAL(38,2)")
                .row(1, 9_007_199_254_740_994L, new BigDecimal("100000000000000000005.00"))
                .row(2, 9_007_199_254_740_995L, new BigDecimal("1.01"))
                .df();
        TestRule rule = TestRule.keyed("id").absTol("v", "1").absTol("d", "1");
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(mismatches(r, "v")).isEqualTo(1);
        assertThat(mismatches(r, "d")).isEqualTo(1);
    }

    @Test
    void integersAndDecimalsExactlyOnTheToleranceBoundaryAreWithinIt() {
        // In double, 0.29 * 100 is 28.999999999999996 and 0.1 * 0.7 is 0.06999999999999999: each
        // allowance would fall just short of a distance it equals.
        Dataset<Row> left = TestData.of("id INT, v BIGINT, d DECIMAL(10,2)")
                .row(1, 129L, new BigDecimal("0.77"))
                .row(2, 130L, new BigDecimal("0.78"))
                .df();
        Dataset<Row> right = TestData.of("id INT, v BIGINT, d DECIMAL(10,2)")
                .row(1, 100L, new BigDecimal("0.70"))
                .row(2, 100L, new BigDecimal("0.70"))
                .df();
        TestRule rule = TestRule.keyed("id").tolerance("v", null, "0.29").tolerance("d", null, "0.1");
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(mismatches(r, "v")).isEqualTo(1);
        assertThat(mismatches(r, "d")).isEqualTo(1);
        TestRule both = TestRule.keyed("id").tolerance("d", "0.01", "0.1");
        assertThat(mismatchesInBothModes(left, right, both, "d")).isEqualTo(0);
    }

    @Test
    void mapsNestedInStructsArraysAndMapsCompareByTheirEntriesInAnyOrder() {
        Dataset<Row> left = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, named_struct('m', map('a', 1, 'b', 2)) AS s, array(map('x', 1, 'y', 2)) AS a,"
                        + " map('k', map('a', 1, 'b', 2)) AS mm"
                        + " UNION ALL SELECT 2, named_struct('m', map('a', 1, 'b', 2)), array(map('x', 1)),"
                        + " map('k', map('a', 1))");
        Dataset<Row> right = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, named_struct('m', map('b', 2, 'a', 1)) AS s, array(map('y', 2, 'x', 1)) AS a,"
                        + " map('k', map('b', 2, 'a', 1)) AS mm"
                        + " UNION ALL SELECT 2, named_struct('m', map('a', 1, 'b', 3)), array(map('x', 1)),"
                        + " map('k', map('a', 2))");
        TestRule rule = TestRule.keyed("id");
        // Row 1 holds the same entries in another order; row 2 differs in s and mm.
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(mismatches(r, "s")).isEqualTo(1);
        assertThat(mismatches(r, "a")).isEqualTo(0);
        assertThat(mismatches(r, "mm")).isEqualTo(1);
    }

    @Test
    void mapsOfDifferentTypesOnTheTwoSidesCompareByTheirEntriesInAnyOrder() {
        // map<string,int> against map<string,bigint> (a widened value type): both become bigint.
        Dataset<Row> left = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, map('a', 1, 'b', 2) AS m, array(map('x', 1, 'y', 2)) AS a"
                        + " UNION ALL SELECT 2, map('a', 1, 'b', 2), array(map('x', 1))");
        Dataset<Row> right = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, map('b', 2L, 'a', 1L) AS m, array(map('y', 2L, 'x', 1L)) AS a"
                        + " UNION ALL SELECT 2, map('a', 1L, 'b', 3L), array(map('x', 1L))");
        TestRule rule = TestRule.keyed("id");
        // Row 1 holds the same entries in another order; row 2 differs in m only.
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(mismatches(r, "m")).isEqualTo(1);
        assertThat(mismatches(r, "a")).isEqualTo(0);
    }

    @Test
    void nestedValuesOfDifferentTypesCompareAsNumbersAndStructFieldsByName() {
        // Row 1 holds the same values in every column, typed and laid out differently on the right:
        // a decimal of another scale, an int widened to a double, struct fields in another order, an
        // array whose element type only differs in nullability. Row 2 differs in each column; its
        // struct swaps the two fields' values, which read positionally would look the same.
        Dataset<Row> left = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, array(CAST(1.10 AS DECIMAL(10,2))) AS amts, array(1, 2) AS ints,"
                        + " named_struct('a', 1, 'b', 2) AS pair, array(0.0d) AS zeros,"
                        + " map('k', CAST(1.10 AS DECIMAL(10,2))) AS m"
                        + " UNION ALL SELECT 2, array(CAST(1.10 AS DECIMAL(10,2))), array(1, 2),"
                        + " named_struct('a', 1, 'b', 2), array(1.0d), map('k', CAST(1.10 AS DECIMAL(10,2)))");
        Dataset<Row> right = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, array(CAST(1.1 AS DECIMAL(12,1))) AS amts, array(1.0d, 2.0d) AS ints,"
                        + " named_struct('b', 2L, 'a', 1L) AS pair,"
                        + " filter(array(-0.0d, CAST(NULL AS DOUBLE)), x -> x IS NOT NULL) AS zeros,"
                        + " map('k', CAST(1.1 AS DECIMAL(12,1))) AS m"
                        + " UNION ALL SELECT 2, array(CAST(1.2 AS DECIMAL(12,1))), array(2.0d, 1.0d),"
                        + " named_struct('b', 1L, 'a', 2L),"
                        + " filter(array(2.0d, CAST(NULL AS DOUBLE)), x -> x IS NOT NULL),"
                        + " map('k', CAST(1.2 AS DECIMAL(12,1)))");
        PipelineResult r = inBothModes(left, right, TestRule.keyed("id"));
        for (String column : List.of("amts", "ints", "pair", "zeros", "m")) {
            assertThat(mismatches(r, column)).as(column).isEqualTo(1);
        }
        assertThat(rowsMismatched(r)).isEqualTo(1);
    }

    @Test
    void nestedNullsAndArrayBoundariesInOtherPlacesAreDifferencesAlsoWhenTheRowHashesAreColumnWise() {
        // Spark's xxhash64 skips NULLs and hashes nested values as one run of leaves: each pair of
        // values here hashed alike, so the key diff took the rows for equal and dropped them.
        String left =
                "SELECT 1 AS id, array(1, NULL) AS a, named_struct('x', 1, 'c', CAST(NULL AS STRUCT<y:INT>)) AS s,"
                        + " array(array(1, 2), array(3)) AS n"
                        + " UNION ALL SELECT 2, array(1), named_struct('x', 1, 'c', named_struct('y', 1)), array(array(1))"
                        + " UNION ALL SELECT 3, CAST(array() AS ARRAY<INT>), named_struct('x', 1, 'c', named_struct('y', 1)),"
                        + " array(array(1))"
                        + " UNION ALL SELECT 4, array(1, NULL), named_struct('x', 1, 'c', named_struct('y', NULL)), array(array(1))";
        String right = "SELECT 1 AS id, array(NULL, 1) AS a,"
                + " named_struct('x', 1, 'c', named_struct('y', CAST(NULL AS INT))) AS s, array(array(1), array(2, 3)) AS n"
                + " UNION ALL SELECT 2, array(1, NULL), named_struct('x', 1, 'c', named_struct('y', 1)), array(array(1))"
                + " UNION ALL SELECT 3, array(CAST(NULL AS INT)), named_struct('x', 1, 'c', named_struct('y', 1)),"
                + " array(array(1))"
                + " UNION ALL SELECT 4, array(1, NULL), named_struct('x', 1, 'c', named_struct('y', NULL)), array(array(1))";
        Dataset<Row> l = dev.paritygate.testing.SharedSpark.spark().sql(left);
        Dataset<Row> r = dev.paritygate.testing.SharedSpark.spark().sql(right);
        // The fingerprints' byte hashes and, with a KPI, their column-wise hashes.
        TestRule kpi = TestRule.keyed("id")
                .kpi(SparkKpiAndSketchTest.kpi(
                        "rows", List.of(), SparkKpiAndSketchTest.metrics("n", "count(*)", null)));
        for (TestRule rule : List.of(TestRule.keyed("id"), kpi)) {
            PipelineResult result = inBothModes(l, r, rule);
            assertThat(mismatches(result, "a")).isEqualTo(3);
            assertThat(mismatches(result, "s")).isEqualTo(1);
            assertThat(mismatches(result, "n")).isEqualTo(1);
            assertThat(rowsMismatched(result)).isEqualTo(3);
        }
    }

    @Test
    void variantValuesCompareAsTheirJsonWhateverTheOrderTheirFieldsWereWrittenIn() {
        // Spark's xxhash64 refuses VARIANT, so a VARIANT column made every row check an ERROR.
        String left = "SELECT 1 AS id, parse_json('{\"a\": 1, \"b\": [1, 2]}') AS v,"
                + " named_struct('x', parse_json('\"s\"')) AS s"
                + " UNION ALL SELECT 2, parse_json('{\"a\": 2}'), named_struct('x', parse_json('1'))"
                + " UNION ALL SELECT 3, CAST(NULL AS VARIANT), named_struct('x', parse_json('[1]'))"
                + " UNION ALL SELECT 4, parse_json('1'), named_struct('x', parse_json('1.50'))";
        String right = "SELECT 1 AS id, parse_json('{\"b\": [1, 2], \"a\": 1}') AS v,"
                + " named_struct('x', parse_json('\"s\"')) AS s"
                + " UNION ALL SELECT 2, parse_json('{\"a\": 3}'), named_struct('x', parse_json('2'))"
                + " UNION ALL SELECT 3, CAST(NULL AS VARIANT), named_struct('x', parse_json('[1]'))"
                + " UNION ALL SELECT 4, parse_json('1e0'), named_struct('x', parse_json('1.5'))";
        Dataset<Row> l = dev.paritygate.testing.SharedSpark.spark().sql(left);
        Dataset<Row> r = dev.paritygate.testing.SharedSpark.spark().sql(right);
        PipelineResult result = inBothModes(l, r, TestRule.keyed("id"));
        assertThat(result.verdicts()).noneMatch(v -> v.status() == dev.paritygate.verdict.Status.ERROR);
        // Row 1 differs only in field order; in row 4 the integer 1 and the double 1e0 (1.0) differ,
        // while the decimals 1.50 and 1.5 are one value (parse_json drops a decimal's trailing zeros).
        assertThat(mismatches(result, "v")).isEqualTo(2);
        assertThat(mismatches(result, "s")).isEqualTo(1);
        assertThat(rowsMismatched(result)).isEqualTo(2);
    }

    @Test
    void aFloatEqualsTheDoubleOrDecimalThatRoundsToIt() {
        // 0.1f is 0.100000001490116...: a migrated DOUBLE or DECIMAL 0.1 is the same value at more precision.
        Dataset<Row> left = TestData.of("id INT, d FLOAT, m FLOAT")
                .row(1, 0.1f, 0.1f)
                .row(2, 0.2f, 2.5f)
                .df();
        Dataset<Row> right = TestData.of("id INT, d DOUBLE, m DECIMAL(10,2)")
                .row(1, 0.1, new BigDecimal("0.10"))
                .row(2, 0.3, new BigDecimal("2.51"))
                .df();
        TestRule rule = TestRule.keyed("id");
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(mismatches(r, "d")).isEqualTo(1);
        assertThat(mismatches(r, "m")).isEqualTo(1);
    }

    @Test
    void numbersCompareAcrossIntegerDecimalAndDouble() {
        Dataset<Row> left = TestData.of("id BIGINT, a INT, b DECIMAL(38,10), c BIGINT")
                .row(1L, 21, new BigDecimal("0.1000000000"), 9_007_199_254_740_993L)
                .row(2L, 7, new BigDecimal("2.5000000000"), 5L)
                .df();
        Dataset<Row> right = TestData.of("id INT, a DECIMAL(10,2), b DOUBLE, c DECIMAL(20,0)")
                .row(1, new BigDecimal("21.00"), 0.1, new BigDecimal("9007199254740993"))
                .row(2, new BigDecimal("7.01"), 2.5, new BigDecimal("5"))
                .df();
        PipelineResult r = SparkParity.compare(left, right, TestRule.keyed("id").build(), ComparisonContext.adHoc(""));
        assertThat(mismatches(r, "a")).isEqualTo(1);
        assertThat(mismatches(r, "b")).isEqualTo(0);
        // Beyond 2^53 a double would merge these; integers and decimals compare exactly.
        assertThat(mismatches(r, "c")).isEqualTo(0);
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(1.0);
    }

    /** 10^30, a value with 31 integer digits: a DECIMAL(38,2) holds it, a DECIMAL(38,18) does not. */
    private static final BigDecimal TEN_TO_30 = new BigDecimal("1000000000000000000000000000000.00");

    @Test
    void decimalsOfTwoTypesWithNoExactCommonTypeAreEqualOnlyWhenNumericallyEqual() {
        // No DECIMAL(38,s) holds both DECIMAL(38,18) (20 integer digits, 18 decimals) and DECIMAL(38,2)
        // (36 integer digits), nor BIGINT (19 digits) and DECIMAL(38,20). Both sides were brought to
        // DECIMAL(38,2), DECIMAL(38,18) the second pair, rounding the finer side: 12.345 equalled 12.35.
        Dataset<Row> left = TestData.of("id INT, d DECIMAL(38,18), n BIGINT")
                .row(1, new BigDecimal("12.345"), 5L)
                .row(2, new BigDecimal("1.10"), 123_456_789_012_345_678L)
                .row(3, new BigDecimal("99999999999999999999.123456789012345678"), -5L)
                .row(4, null, null)
                .row(5, new BigDecimal("-12.345"), 0L)
                .row(6, new BigDecimal("-0.5"), Long.MAX_VALUE)
                .df();
        Dataset<Row> right = TestData.of("id INT, d DECIMAL(38,2), n DECIMAL(38,20)")
                .row(1, new BigDecimal("12.35"), new BigDecimal("5.00000000000000000001"))
                .row(2, new BigDecimal("1.1"), new BigDecimal("123456789012345678.00000000000000000000"))
                .row(3, new BigDecimal("99999999999999999999.12"), new BigDecimal("-4.99999999999999999999"))
                // 10^30 must keep its value, not overflow to a NULL that would equal the left NULL.
                .row(4, TEN_TO_30, null)
                .row(5, new BigDecimal("-12.35"), BigDecimal.ZERO)
                .row(6, new BigDecimal("-0.50"), null)
                .df();
        PipelineResult r = inBothModes(left, right, TestRule.keyed("id"));
        // d: rows 1, 3, 4 and 5 (1.10 = 1.1 and -0.5 = -0.50); n: rows 1, 3 and 6 (a value against NULL).
        assertThat(mismatches(r, "d")).isEqualTo(4);
        assertThat(mismatches(r, "n")).isEqualTo(3);
        assertThat(rowsMismatched(r)).isEqualTo(5);
        // 12.345 against 12.35 alone: the fingerprints differ too (they were equal, so partition_hash passed).
        PipelineResult repro = inBothModes(
                left.filter("id = 1").drop("n"), right.filter("id = 1").drop("n"), TestRule.keyed("id"));
        assertThat(mismatches(repro, "d")).isEqualTo(1);
        assertThat(repro.verdict("partition_hash", "*", "mismatched_partitions").status())
                .isEqualTo(dev.paritygate.verdict.Status.WARN);
    }

    @Test
    void nestedDecimalsOfTwoTypesWithNoExactCommonTypeAreEqualOnlyWhenNumericallyEqual() {
        // Row 1 differs (12.345 was rounded to 12.35 in an array, a map key and a struct field), rows
        // 2 and 3 hold the same numbers at other scales, NULLs in the same places.
        Dataset<Row> left = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, array(CAST(12.345 AS DECIMAL(38,18))) AS a,"
                        + " map(CAST(12.345 AS DECIMAL(38,18)), 'x') AS m, named_struct('f', 12.345BD) AS s"
                        + " UNION ALL SELECT 2, array(CAST(1.10 AS DECIMAL(38,18)), NULL),"
                        + " map(CAST(1.10 AS DECIMAL(38,18)), 'x'), named_struct('f', CAST(NULL AS DECIMAL(38,18)))"
                        + " UNION ALL SELECT 3, array(CAST(-0.5 AS DECIMAL(38,18))),"
                        + " map(CAST(-0.5 AS DECIMAL(38,18)), 'x'), named_struct('f', -0.5BD)");
        Dataset<Row> right = dev.paritygate.testing.SharedSpark.spark()
                .sql("SELECT 1 AS id, array(CAST(12.35 AS DECIMAL(38,2))) AS a,"
                        + " map(CAST(12.35 AS DECIMAL(38,2)), 'x') AS m, named_struct('f', 12.35BD) AS s"
                        + " UNION ALL SELECT 2, array(CAST(1.1 AS DECIMAL(38,2)), NULL),"
                        + " map(CAST(1.1 AS DECIMAL(38,2)), 'x'), named_struct('f', CAST(NULL AS DECIMAL(38,2)))"
                        + " UNION ALL SELECT 3, array(CAST(-0.50 AS DECIMAL(38,2))),"
                        + " map(CAST(-0.50 AS DECIMAL(38,2)), 'x'), named_struct('f', -0.50BD)");
        left = left.selectExpr("id", "a", "m", "named_struct('f', CAST(s.f AS DECIMAL(38,18))) AS s");
        right = right.selectExpr("id", "a", "m", "named_struct('f', CAST(s.f AS DECIMAL(38,2))) AS s");
        PipelineResult r = inBothModes(left, right, TestRule.keyed("id"));
        for (String column : List.of("a", "m", "s")) {
            assertThat(mismatches(r, column)).as(column).isEqualTo(1);
        }
        assertThat(rowsMismatched(r)).isEqualTo(1);
    }

    @Test
    void aToleranceOnDecimalsWithNoExactCommonTypeIsJudgedOnTheExactDistance() {
        Dataset<Row> left = TestData.of("id INT, d DECIMAL(38,18)")
                .row(1, new BigDecimal("12.345"))
                .row(2, new BigDecimal("12.344999999999999999"))
                .row(3, new BigDecimal("0.000000000000000001"))
                .row(4, new BigDecimal("-0.000000000000000001"))
                .row(5, new BigDecimal("-12.355"))
                .df();
        Dataset<Row> right = TestData.of("id INT, d DECIMAL(38,2)")
                .row(1, new BigDecimal("12.35"))
                .row(2, new BigDecimal("12.35"))
                .row(3, TEN_TO_30)
                .row(4, TEN_TO_30)
                .row(5, new BigDecimal("-12.35"))
                .df();
        // Rows 1 and 5 are 0.005 apart, on the boundary; row 2 is 10^-18 beyond it. Rounded to two
        // decimals, rows 2 and 5 were 0.01 apart and row 1 equal.
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").absTol("d", "0.005"), "d"))
                .isEqualTo(3);
        // Rows 3 and 4 are 10^30 - 10^-18 and 10^30 + 10^-18 apart: 48 digits, more than a decimal
        // holds, and the same double. Rounded, both were 10^30 apart, within 10^30.
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").absTol("d", "1E+30"), "d"))
                .isEqualTo(1);
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").tolerance("d", null, "1"), "d"))
                .isEqualTo(1);
        assertThat(mismatchesInBothModes(
                        left, right, TestRule.keyed("id").tolerance("d", "0.000000000000000002", "1"), "d"))
                .isEqualTo(0);
    }

    @Test
    void aDecimalKeyOfTwoTypesWithNoExactCommonTypeMatchesOnlyEqualValues() {
        Dataset<Row> left = TestData.of("id DECIMAL(38,18), v INT")
                .row(new BigDecimal("1"), 1)
                .row(new BigDecimal("12.345"), 2)
                .row(new BigDecimal("12.350"), 3)
                .row(new BigDecimal("99999999999999999999.123456789012345678"), 4)
                .row(null, 6)
                .df();
        Dataset<Row> right = TestData.of("id DECIMAL(38,2), v INT")
                .row(new BigDecimal("1.00"), 1)
                .row(new BigDecimal("12.35"), 3)
                .row(new BigDecimal("99999999999999999999.12"), 4)
                .row(TEN_TO_30, 5)
                .df();
        PipelineResult r = inBothModes(left, right, TestRule.keyed("id"));
        // 12.345 and 12.350 were both the key 12.35 (a duplicate), and ...123456789012345678 matched ....12.
        assertThat(SparkParityTest.metric(r, "key_diff", "rows_only_in_left")).isEqualTo(2);
        assertThat(SparkParityTest.metric(r, "key_diff", "rows_only_in_right")).isEqualTo(2);
        assertThat(SparkParityTest.metric(r, "key_diff", "duplicate_keys_left")).isEqualTo(0);
        assertThat(SparkParityTest.metric(r, "key_diff", "null_keys_left")).isEqualTo(1);
        assertThat(rowsMismatched(r)).isEqualTo(0);
    }

    @Test
    void decimalsOfTwoTypesWithNoExactCommonTypeFeedSketchesAndShowTheirExactValueInASample() {
        // Their canonical values are pairs of a floor and a fraction: a distribution reads them as
        // numbers (not a rules error for a column that is not numeric) and a sample key as a number's text.
        Dataset<Row> left = TestData.of("id DECIMAL(38,18), v INT, d DECIMAL(38,18)")
                .row(new BigDecimal("12.35"), 1, new BigDecimal("-0.5"))
                .row(new BigDecimal("12.35"), 2, new BigDecimal("1.25"))
                .row(new BigDecimal("7"), 3, new BigDecimal("2"))
                .df();
        Dataset<Row> right = TestData.of("id DECIMAL(38,2), v INT, d DECIMAL(38,2)")
                .row(new BigDecimal("12.35"), 1, new BigDecimal("-0.50"))
                .row(new BigDecimal("12.35"), 3, new BigDecimal("1.25"))
                .row(new BigDecimal("7"), 3, new BigDecimal("2"))
                .df();
        TestRule rule = TestRule.keyed("id")
                .sample(10)
                .distribution(new dev.paritygate.rules.DistributionSpec("d", null, null, null))
                .distinct(new dev.paritygate.rules.DistinctSpec("d", null, null, null));
        PipelineResult r = inBothModes(left, right, rule);
        assertThat(r.verdict("distribution:d", "*", "ks_distance").status())
                .isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(r.verdict("distinct:d", "*", "distinct_count").status())
                .isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(r.samples().stream().map(s -> s.kind() + " " + s.key()).toList())
                .containsExactly("duplicate_differing {\"id\":\"12.350000000000000000\"}");
    }

    @Test
    void unicodeNormalisationMakesComposedAndDecomposedAccentsEqual() {
        // "café" with a precomposed é (NFC) on the left, e + combining acute (NFD) on the right;
        // "ﬁle" with the fi ligature equals "file" only under compatibility normalisation.
        Dataset<Row> left = TestData.of("id INT, s STRING")
                .row(1, "caf\u00e9")
                .row(2, "\ufb01le")
                .row(3, null)
                .df();
        Dataset<Row> right = TestData.of("id INT, s STRING")
                .row(1, "cafe\u0301")
                .row(2, "file")
                .row(3, null)
                .df();

        assertThat(mismatches(
                        SparkParity.compare(left, right, TestRule.keyed("id").build(), ComparisonContext.adHoc("")),
                        "s"))
                .isEqualTo(2);
        assertThat(mismatches(unicode(left, right, ColumnOptions.UnicodeForm.NFC), "s"))
                .isEqualTo(1);
        assertThat(mismatches(unicode(left, right, ColumnOptions.UnicodeForm.NFKC), "s"))
                .isEqualTo(0);
        PipelineResult nfc = unicode(left, right, ColumnOptions.UnicodeForm.NFC);
        assertThat(nfc.verdict("column:s", "*", "mismatches").tolerance()).isEqualTo("unicode NFC");
        assertThat(nfc.verdict("key_diff", "*", "rows_mismatched").difference()).isEqualTo(1);
    }

    private static PipelineResult unicode(Dataset<Row> left, Dataset<Row> right, ColumnOptions.UnicodeForm form) {
        ColumnOptions o = Options.options().unicode(form).build();
        return SparkParity.compare(
                left, right, TestRule.keyed("id").column("s", o).build(), ComparisonContext.adHoc(""));
    }

    @Test
    void stringOptionsTrimFoldCaseAndTreatEmptyAsNull() {
        Dataset<Row> left = TestData.of("id INT, s STRING, t STRING")
                .row(1, "ABC  ", "")
                .row(2, "x", "y")
                .df();
        Dataset<Row> right = TestData.of("id INT, s STRING, t STRING")
                .row(1, "abc", null)
                .row(2, "X", "y ")
                .df();
        PipelineResult plain =
                SparkParity.compare(left, right, TestRule.keyed("id").build(), ComparisonContext.adHoc(""));
        assertThat(mismatches(plain, "s")).isEqualTo(2);
        assertThat(mismatches(plain, "t")).isEqualTo(2);

        ColumnOptions relaxed = options(true, true, true, true, null, null, null);
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").column("s", relaxed).column("t", relaxed).build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(r, "s")).isEqualTo(0);
        assertThat(mismatches(r, "t")).isEqualTo(0);
    }

    @Test
    void localTimestampsInADeclaredZoneEqualUtcInstants() {
        // Legacy stores Berlin wall-clock time without a zone; cloud stores instants.
        Dataset<Row> left = TestData.of("id INT, ts TIMESTAMP_NTZ")
                .row(1, LocalDateTime.parse("2026-07-01T12:00:00"))
                .row(2, LocalDateTime.parse("2026-01-15T08:30:00.400"))
                .row(3, LocalDateTime.parse("2026-01-15T08:30:00"))
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, Timestamp.from(Instant.parse("2026-07-01T10:00:00Z")))
                .row(2, Timestamp.from(Instant.parse("2026-01-15T07:30:00Z")))
                .row(3, Timestamp.from(Instant.parse("2026-01-15T07:30:02Z")))
                .df();
        PipelineResult zoned = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .column("ts", options(false, false, false, true, "Europe/Berlin", null, null))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(zoned, "ts")).isEqualTo(2);

        PipelineResult truncated = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .column(
                                "ts",
                                options(false, false, false, true, "Europe/Berlin", TimeUnitTruncation.SECOND, null))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(truncated, "ts")).isEqualTo(1);

        PipelineResult tolerant = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .column(
                                "ts",
                                options(false, false, false, true, "Europe/Berlin", TimeUnitTruncation.SECOND, "2s"))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(tolerant, "ts")).isEqualTo(0);
    }

    @Test
    void aSidesTimeZoneShiftsItsLocalTimestampsButNotItsInstants() {
        // Legacy declares Europe/Berlin for its local created_at; its loaded_at is a TIMESTAMP, an instant.
        Dataset<Row> left = TestData.of("id INT, created_at TIMESTAMP_NTZ, loaded_at TIMESTAMP")
                .row(
                        1,
                        LocalDateTime.parse("2026-07-01T12:00:00"),
                        Timestamp.from(Instant.parse("2026-07-01T10:00:00Z")))
                .df();
        Dataset<Row> right = TestData.of("id INT, created_at TIMESTAMP, loaded_at TIMESTAMP")
                .row(
                        1,
                        Timestamp.from(Instant.parse("2026-07-01T10:00:00Z")),
                        Timestamp.from(Instant.parse("2026-07-01T10:00:00Z")))
                .df();
        SourceSpec legacy =
                new SourceSpec("legacy", null, null, "t", null, null, null, null, Map.of(), "Europe/Berlin");
        PipelineResult r = SparkParity.compare(
                left, right, TestRule.keyed("id").sides(legacy, null).build(), ComparisonContext.adHoc(""));
        assertThat(mismatches(r, "created_at")).isEqualTo(0);
        assertThat(mismatches(r, "loaded_at")).isEqualTo(0);

        // A column's own zone says that its TIMESTAMP holds wall-clock time read as UTC.
        Dataset<Row> wallClock = TestData.of("id INT, created_at TIMESTAMP_NTZ, loaded_at TIMESTAMP")
                .row(
                        1,
                        LocalDateTime.parse("2026-07-01T12:00:00"),
                        Timestamp.from(Instant.parse("2026-07-01T12:00:00Z")))
                .df();
        PipelineResult declared = SparkParity.compare(
                wallClock,
                right,
                TestRule.keyed("id")
                        .sides(legacy, null)
                        .column("loaded_at", options(false, false, false, true, "Europe/Berlin", null, null))
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(mismatches(declared, "loaded_at")).isEqualTo(0);
    }

    private static Timestamp instant(String iso) {
        return Timestamp.from(Instant.parse(iso));
    }

    /** Legacy exported its timestamps as text, in several ISO-8601 forms; cloud stores instants. */
    private static long isoStringsAgainstInstants() {
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "2026-11-20T10:00:00Z")
                .row(2, "2026-11-20T11:00:00+01:00")
                .row(3, "2026-11-20T05:00:00.000-05:00")
                .row(4, "2026-11-20 10:00:00") // names no zone: UTC
                .row(5, "2026-11-20T10:00:00Z")
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant("2026-11-20T10:00:00Z"))
                .row(2, instant("2026-11-20T10:00:00Z"))
                .row(3, instant("2026-11-20T10:00:00Z"))
                .row(4, instant("2026-11-20T10:00:00Z"))
                .row(5, instant("2026-11-20T10:00:01Z"))
                .df();
        return mismatchesInBothModes(left, right, TestRule.keyed("id"), "ts");
    }

    /** Legacy exported its dates as text, some with a midnight time; cloud stores dates. */
    private static long stringsAgainstDates() {
        Dataset<Row> left = TestData.of("id INT, d STRING")
                .row(1, "2026-11-20")
                .row(2, "2026-11-20 00:00:00")
                .row(3, "2026-11-21")
                .row(4, null)
                .df();
        Dataset<Row> right = TestData.of("id INT, d DATE")
                .row(1, java.time.LocalDate.parse("2026-11-20"))
                .row(2, java.time.LocalDate.parse("2026-11-20"))
                .row(3, java.time.LocalDate.parse("2026-11-20"))
                .row(4, null)
                .df();
        return mismatchesInBothModes(left, right, TestRule.keyed("id"), "d");
    }

    @Test
    void aStringHoldingATimestampComparesAsAnInstant() {
        assertThat(isoStringsAgainstInstants()).isEqualTo(1);
    }

    @Test
    void aStringHoldingADateComparesAsADate() {
        assertThat(stringsAgainstDates()).isEqualTo(1);
    }

    @Test
    void aStringAgainstATimestampDoesNotDependOnTheSessionTimeZone() {
        org.apache.spark.sql.RuntimeConfig conf =
                dev.paritygate.testing.SharedSpark.spark().conf();
        String zone = conf.get("spark.sql.session.timeZone");
        conf.set("spark.sql.session.timeZone", "America/New_York");
        try {
            assertThat(isoStringsAgainstInstants()).isEqualTo(1);
            assertThat(stringsAgainstDates()).isEqualTo(1);
        } finally {
            conf.set("spark.sql.session.timeZone", zone);
        }
    }

    @Test
    void aStringHoldingLocalTimeIsReadInTheSidesDeclaredZone() {
        // Berlin wall-clock time as text; a string that names its zone keeps it.
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "2026-07-01 12:00:00")
                .row(2, "2026-01-15T08:30:00")
                .row(3, "2026-01-15T08:30:00Z")
                .row(4, "2026-01-15 08:30:00")
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant("2026-07-01T10:00:00Z"))
                .row(2, instant("2026-01-15T07:30:00Z"))
                .row(3, instant("2026-01-15T08:30:00Z"))
                .row(4, instant("2026-01-15T08:30:00Z"))
                .df();
        TestRule column =
                TestRule.keyed("id").column("ts", options(false, false, false, true, "Europe/Berlin", null, null));
        assertThat(mismatchesInBothModes(left, right, column, "ts")).isEqualTo(1);

        SourceSpec legacy =
                new SourceSpec("legacy", null, null, "t", null, null, null, null, Map.of(), "Europe/Berlin");
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id").sides(legacy, null), "ts"))
                .isEqualTo(1);
    }

    @Test
    void aStringHoldingATimestampIsTruncatedAndComparedWithinATolerance() {
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "2026-11-20T10:00:00.400Z")
                .row(2, "2026-11-20T10:00:00Z")
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant("2026-11-20T10:00:00Z"))
                .row(2, instant("2026-11-20T10:00:02Z"))
                .df();
        TestRule truncated = TestRule.keyed("id")
                .column("ts", options(false, false, false, true, null, TimeUnitTruncation.SECOND, null));
        assertThat(mismatchesInBothModes(left, right, truncated, "ts")).isEqualTo(1);
        TestRule tolerant = TestRule.keyed("id")
                .column("ts", options(false, false, false, true, null, TimeUnitTruncation.SECOND, "2s"));
        assertThat(mismatchesInBothModes(left, right, tolerant, "ts")).isEqualTo(0);
    }

    @Test
    void ignoreCaseOnAStringHoldingATimestampParsesItWhateverItsCaseAndAnUnknownZoneIsAMismatch() {
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "2026-11-20T10:00:00Z")
                .row(2, "2026-11-20T11:00:00+01:00")
                .row(3, "2026-11-20 10:00:00 Europe/London")
                .row(4, "2026-11-20t10:00:00z")
                .row(5, "2026-11-20 10:00:00 utc")
                .row(6, "2026-11-20T10:00:01Z")
                .row(7, "2026-11-20 10:00:00 Mars/Olympus")
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant("2026-11-20T10:00:00Z"))
                .row(2, instant("2026-11-20T10:00:00Z"))
                .row(3, instant("2026-11-20T10:00:00Z"))
                .row(4, instant("2026-11-20T10:00:00Z"))
                .row(5, instant("2026-11-20T10:00:00Z"))
                .row(6, instant("2026-11-20T10:00:00Z"))
                .row(7, instant("2026-11-20T10:00:00Z"))
                .df();
        // Case changes no instant. Folding the text to lower case first made 'T' and 'Z' unparsable,
        // so every ISO-8601 value differed under the option, and a zone named in the text
        // ('europe/london') made the whole comparison an ERROR. A zone that does not exist is
        // text that does not parse: a mismatch (row 7), with the option or without.
        TestRule ignoreCase = TestRule.keyed("id").column("ts", options(false, true, false, true, null, null, null));
        assertThat(mismatchesInBothModes(left, right, ignoreCase, "ts")).isEqualTo(2);
        // Without it, the lower-case forms do not parse, as Spark's cast does not parse them.
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id"), "ts"))
                .isEqualTo(4);
    }

    @Test
    void aStringThatIsNotATimestampEqualsNeitherAValueNorANull() {
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "2026-11-20T10:00:00Z")
                .row(2, "garbage")
                .row(3, "not a time")
                .row(4, "")
                .row(5, null)
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant("2026-11-20T10:00:00Z"))
                .row(2, instant("2026-11-20T10:00:00Z"))
                .row(3, null)
                .row(4, null)
                .row(5, null)
                .df();
        // Even within a tolerance as long as Spark's whole timestamp range.
        TestRule tolerant = TestRule.keyed("id")
                .column("ts", options(false, false, false, true, null, TimeUnitTruncation.SECOND, "3650000d"));
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id"), "ts"))
                .isEqualTo(3);
        assertThat(mismatchesInBothModes(left, right, tolerant, "ts")).isEqualTo(3);
        // An empty field is NULL when the rule says so; its string options apply before it is parsed.
        TestRule emptyIsNull = TestRule.keyed("id").column("ts", options(true, false, true, true, null, null, null));
        assertThat(mismatchesInBothModes(left, right, emptyIsNull, "ts")).isEqualTo(2);
    }

    @Test
    void aStringHoldingOnlyATimeDoesNotParse() {
        // Spark's cast would give these the day it runs: today's date, so they would match today only.
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Dataset<Row> left = TestData.of("id INT, ts STRING")
                .row(1, "T10:00:00")
                .row(2, "10:00:00")
                .row(3, today + "T10:00:00")
                .df();
        Dataset<Row> right = TestData.of("id INT, ts TIMESTAMP")
                .row(1, instant(today + "T10:00:00Z"))
                .row(2, instant(today + "T10:00:00Z"))
                .row(3, instant(today + "T10:00:00Z"))
                .df();
        assertThat(mismatchesInBothModes(left, right, TestRule.keyed("id"), "ts"))
                .isEqualTo(2);
    }

    @Test
    void aStringKeyThatIsNotATimestampIsANullKeyNotADuplicate() {
        Dataset<Row> left = TestData.of("ts STRING, v INT")
                .row("2026-11-20T10:00:00Z", 1)
                .row("2026-11-20 11:00:00", 2)
                .row("garbage", 3)
                .row("not a time", 4)
                .df();
        Dataset<Row> right = TestData.of("ts TIMESTAMP, v INT")
                .row(instant("2026-11-20T10:00:00Z"), 1)
                .row(instant("2026-11-20T11:00:00Z"), 2)
                .df();
        SparkParityTest.PrunedAndFull r = SparkParityTest.prunedAndFull(left, right, TestRule.keyed("ts"));
        assertThat(SparkParityTest.outcomes(r.full())).isEqualTo(SparkParityTest.outcomes(r.pruned()));
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "null_keys_left"))
                .isEqualTo(2);
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "duplicate_keys_left"))
                .isEqualTo(0);
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "rows_only_in_left"))
                .isEqualTo(0);
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "rows_mismatched"))
                .isEqualTo(0);
    }

    @Test
    void keysAreMatchedAfterTheirColumnsNormalisations() {
        Dataset<Row> left = TestData.of("id STRING, v INT")
                .row("A  ", 1)
                .row("b", 2)
                .row("c", 3)
                .row("C ", 3)
                .df();
        Dataset<Row> right = TestData.of("id STRING, v INT")
                .row("a", 1)
                .row("B", 2)
                .row("c", 3)
                .df();
        SparkParityTest.PrunedAndFull r = SparkParityTest.prunedAndFull(
                left, right, TestRule.keyed("id").column("id", options(true, true, false, true, null, null, null)));
        assertThat(SparkParityTest.outcomes(r.full())).isEqualTo(SparkParityTest.outcomes(r.pruned()));
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "rows_only_in_left"))
                .isEqualTo(0);
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "rows_only_in_right"))
                .isEqualTo(0);
        // "c" and "C " are one key once trimmed and folded: a duplicate, never two matches.
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "duplicate_keys_left"))
                .isEqualTo(1);
        assertThat(SparkParityTest.metric(r.pruned(), "key_diff", "rows_mismatched"))
                .isEqualTo(0);
    }

    @Test
    void aToleranceOnAKeyColumnIsAnErrorNotSilentlyIgnored() {
        Dataset<Row> left = TestData.of("id DOUBLE, v INT").row(1.0, 1).df();
        Dataset<Row> right = TestData.of("id DOUBLE, v INT").row(1.001, 1).df();
        PipelineResult r = SparkParity.compare(
                left, right, TestRule.keyed("id").absTol("id", "0.01").build(), ComparisonContext.adHoc(""));
        assertThat(r.status()).isEqualTo(dev.paritygate.verdict.Status.ERROR);
        assertThat(r.verdict("key_diff", "*", "error").message())
                .isEqualTo("Cannot apply columns.id.abs_tol to column 'id': it applies to compared columns, not to"
                        + " a key (rows are joined on equal keys), and 'id' is double on the left and double on the"
                        + " right. Remove the option, or fix the column name.");
    }

    @Test
    void renamesIgnoredColumnsCaseAndWhereAlignBothSides() {
        Dataset<Row> left = TestData.of("ID INT, cust_no INT, loaded_at STRING, Status STRING")
                .row(1, 10, "a", "OK")
                .row(2, 20, "b", "OK")
                .row(3, 30, "c", "TEST")
                .df();
        Dataset<Row> right = TestData.of("id INT, customer_id INT, loaded_at STRING, status STRING")
                .row(1, 10, "x", "OK")
                .row(2, 20, "y", "OK")
                .row(3, 99, "z", "TEST")
                .df();
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .rename("cust_no", "customer_id")
                        .ignore("loaded_at")
                        .where("status <> 'TEST'")
                        .build(),
                ComparisonContext.adHoc(""));
        assertThat(r.status()).isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(r.verdict("row_count", "*", "rows").leftValue()).isEqualTo("2");
        assertThat(r.verdicts()).noneMatch(v -> v.check().equals("column:loaded_at"));
    }

    @Test
    void perSideTransformIsAppliedBeforeComparison() {
        Dataset<Row> left =
                TestData.of("id INT, cents BIGINT").row(1, 1050L).row(2, 200L).df();
        Dataset<Row> right = TestData.of("id INT, cents DECIMAL(10,2)")
                .row(1, new BigDecimal("10.50"))
                .row(2, new BigDecimal("2.01"))
                .df();
        SourceSpec legacy =
                new SourceSpec("legacy", null, null, "t", null, null, null, null, Map.of("cents", "cents / 100"), null);
        PipelineResult r = SparkParity.compare(
                left, right, TestRule.keyed("id").sides(legacy, null).build(), ComparisonContext.adHoc(""));
        assertThat(mismatches(r, "cents")).isEqualTo(1);
    }

    @Test
    void rowsUpdatedRecentlyAreExcludedOnBothSides() {
        Instant now = Instant.parse("2026-11-20T06:00:00Z");
        Timestamp old = Timestamp.from(now.minusSeconds(3600));
        Timestamp fresh = Timestamp.from(now.minusSeconds(60));
        Dataset<Row> left = TestData.of("id INT, v INT, updated_at TIMESTAMP")
                .row(1, 1, old)
                .row(2, 2, fresh)
                .df();
        Dataset<Row> right = TestData.of("id INT, v INT, updated_at TIMESTAMP")
                .row(1, 1, old)
                .row(2, 3, fresh)
                .df();
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id").excludeRecent("updated_at", 30).build(),
                new ComparisonContext(null, "l", "r", "", now));
        assertThat(r.status()).isEqualTo(dev.paritygate.verdict.Status.PASS);
        assertThat(r.verdict("row_count", "*", "rows").leftValue()).isEqualTo("1");
    }

    @Test
    void rowsUpdatedRecentlyAreExcludedByTheirInstantWhenASideStoresLocalTime() {
        // The run starts at 11:00Z and leaves out the last 30 minutes. Legacy stores Berlin wall-clock
        // time (UTC+1): its 11:20 is 10:20Z, 40 minutes old, and its 11:50 is 10:50Z, 10 minutes old.
        Instant now = Instant.parse("2026-11-20T11:00:00Z");
        Dataset<Row> left = TestData.of("id INT, v INT, updated_at TIMESTAMP_NTZ")
                .row(1, 1, LocalDateTime.parse("2026-11-20T11:20:00"))
                .row(2, 2, LocalDateTime.parse("2026-11-20T11:50:00"))
                .df();
        Dataset<Row> right = TestData.of("id INT, v INT, updated_at TIMESTAMP")
                .row(1, 1, Timestamp.from(Instant.parse("2026-11-20T10:20:00Z")))
                .row(2, 3, Timestamp.from(Instant.parse("2026-11-20T10:50:00Z")))
                .df();
        SourceSpec legacy =
                new SourceSpec("legacy", null, null, "t", null, null, null, null, Map.of(), "Europe/Berlin");
        PipelineResult r = SparkParity.compare(
                left,
                right,
                TestRule.keyed("id")
                        .sides(legacy, null)
                        .excludeRecent("updated_at", 30)
                        .build(),
                new ComparisonContext(null, "l", "r", "", now));
        assertThat(r.verdict("row_count", "*", "rows").leftValue()).isEqualTo("1");
        assertThat(r.verdict("row_count", "*", "rows").rightValue()).isEqualTo("1");
        assertThat(r.verdict("key_diff", "*", "rows_only_in_right").difference())
                .isEqualTo(0);
        assertThat(mismatches(r, "v")).isEqualTo(0);
    }
}
