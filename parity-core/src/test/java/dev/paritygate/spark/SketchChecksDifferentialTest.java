package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.datasketches.kll.KllSketch;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential test of the sketch checks ({@code distributions}, {@code distinct}, and {@code key_diff}
 * in {@code estimate} mode): seeded tables of a few thousand rows on two sides, the right a reordered
 * copy of the left with changes of known effect (a small and a large shift, a timestamp shift, a
 * distinct count moved across {@code rel_tol}, a NULL-heavy column, a column empty on the right,
 * empty strings replaced by another value, rows dropped and added), judged by the engine and by a
 * plain-Java reference of the README: exact quantiles, exact Kolmogorov-Smirnov distances and exact
 * distinct counts, with the sketches' documented error. Where the sketch holds every value the
 * reference predicts each status and number exactly; where the exact answer is farther from the
 * threshold than the documented error it predicts the status; in the band between it asserts only
 * what the README promises (the reported numbers within the error of the exact ones).
 */
class SketchChecksDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final LocalDate D0 = LocalDate.of(2026, 1, 1);
    private static final double[] QUANTILES = {0.01, 0.25, 0.5, 0.75, 0.99};

    /** One generated row; mutable so the right side can be a changed copy. */
    static final class R {
        int id;
        double x;
        double y;
        BigDecimal amt;
        Instant ts;
        LocalDate day;
        String s;
        long c;
        long big;
        long big2;
        Double sparse;
        Double gone;

        R copy() {
            R r = new R();
            r.id = id;
            r.x = x;
            r.y = y;
            r.amt = amt;
            r.ts = ts;
            r.day = day;
            r.s = s;
            r.c = c;
            r.big = big;
            r.big2 = big2;
            r.sparse = sparse;
            r.gone = gone;
            return r;
        }
    }

    static List<R> generate(Random rnd) {
        int n = 2500 + rnd.nextInt(1000);
        List<R> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            R r = new R();
            r.id = i;
            r.x = Math.round(rnd.nextGaussian() * 1000) / 100.0; // ties: many rows share a value
            r.y = rnd.nextDouble() * 100;
            r.amt = BigDecimal.valueOf(rnd.nextLong(0, 1_000_000), 2);
            r.ts = T0.plus(rnd.nextLong(0, 30L * 86_400_000_000L), ChronoUnit.MICROS);
            r.day = D0.plusDays(rnd.nextInt(365));
            r.s = rnd.nextInt(20) == 0 ? "" : "v" + rnd.nextInt(600);
            r.c = rnd.nextInt(1000);
            r.big = rnd.nextLong(0, 4L * n);
            r.big2 = rnd.nextLong(0, n / 2);
            // About 5% values: fewer than the k of 400 its distribution uses, so that sketch is exact.
            r.sparse = rnd.nextInt(20) == 0 ? rnd.nextGaussian() : null;
            r.gone = rnd.nextDouble();
            rows.add(r);
        }
        return rows;
    }

    /** How a seed's right side differs: the shifts it applies and the rows it drops and adds. */
    record Change(double xShift, long tsShiftMicros, int cRange, int sparseMoved, Set<Integer> dropped, int added) {
        static Change of(Random rnd, int n) {
            Set<Integer> dropped = new HashSet<>();
            int drops = 5 + rnd.nextInt(10);
            while (dropped.size() < drops) {
                dropped.add(rnd.nextInt(n));
            }
            return new Change(
                    rnd.nextBoolean() ? 0.05 : 2.0,
                    rnd.nextBoolean() ? 60_000_000L : 3 * 86_400_000_000L,
                    rnd.nextBoolean() ? 1030 : 1080,
                    rnd.nextInt(12),
                    dropped,
                    3 + rnd.nextInt(8));
        }
    }

    /** The right side: the left with the changes, in another order. */
    static List<R> change(List<R> left, Change ch, Random rnd) {
        List<R> right = new ArrayList<>();
        int moved = 0;
        for (R l : left) {
            if (ch.dropped.contains(l.id)) {
                continue;
            }
            R r = l.copy();
            r.x += ch.xShift;
            r.y += 30;
            r.ts = r.ts.plus(ch.tsShiftMicros, ChronoUnit.MICROS);
            r.s = r.s.isEmpty() ? "new value" : r.s; // one distinct value for another: same count
            r.c = rnd.nextInt(ch.cRange);
            r.big2 = rnd.nextLong(0, 4L * left.size());
            if (r.sparse != null && moved < ch.sparseMoved) {
                r.sparse += 5;
                moved++;
            }
            r.gone = null;
            right.add(r);
        }
        for (int j = 0; j < ch.added; j++) {
            R r = right.get(rnd.nextInt(right.size())).copy();
            r.id = 100_000 + j;
            right.add(r);
        }
        Collections.shuffle(right, rnd);
        return right;
    }

    static final String DDL = "id INT, x DOUBLE, y DOUBLE, amt DECIMAL(12,2), ts TIMESTAMP, day DATE, s STRING,"
            + " c BIGINT, big BIGINT, big2 BIGINT, sparse DOUBLE, gone DOUBLE";

    static Dataset<Row> df(List<R> rows) {
        TestData t = TestData.of(DDL);
        for (R r : rows) {
            t.row(
                    r.id,
                    r.x,
                    r.y,
                    r.amt,
                    Timestamp.from(r.ts),
                    Date.valueOf(r.day),
                    r.s,
                    r.c,
                    r.big,
                    r.big2,
                    r.sparse,
                    r.gone);
        }
        return t.df();
    }

    // ---- the checks, each with the values the reference reads ----

    /** A distribution check and its column's values as doubles (NULL left out), as the sketch takes them. */
    record Dist(DistributionSpec spec, Function<R, Double> value) {}

    /** A distinct check and its column's canonical values (NULL left out). */
    record Dis(DistinctSpec spec, Function<R, Object> value) {}

    static List<Dist> distributions() {
        return List.of(
                new Dist(new DistributionSpec("x", null, null, Severity.BLOCKING), r -> r.x),
                new Dist(new DistributionSpec("y", null, null, Severity.WARNING), r -> r.y),
                new Dist(
                        new DistributionSpec("amt", new BigDecimal("0.02"), 300, Severity.BLOCKING),
                        r -> r.amt.doubleValue()),
                // A timestamp is judged as its UTC microseconds.
                new Dist(new DistributionSpec("ts", new BigDecimal("0.01"), null, Severity.BLOCKING), r ->
                        (double) ChronoUnit.MICROS.between(Instant.EPOCH, r.ts)),
                new Dist(new DistributionSpec("sparse", new BigDecimal("0.03"), 400, Severity.BLOCKING), r -> r.sparse),
                new Dist(new DistributionSpec("gone", null, null, Severity.BLOCKING), r -> r.gone));
    }

    static List<Dis> distinct() {
        return List.of(
                new Dis(new DistinctSpec("s", null, null, Severity.BLOCKING), r -> r.s),
                new Dis(new DistinctSpec("c", new BigDecimal("0.05"), null, Severity.BLOCKING), r -> r.c),
                new Dis(new DistinctSpec("day", null, null, Severity.WARNING), r -> r.day),
                new Dis(new DistinctSpec("sparse", null, null, Severity.BLOCKING), r -> r.sparse),
                // lg_k 10 (1,024 entries) on about 2,500 distinct values: the sketches estimate.
                new Dis(new DistinctSpec("big", null, 10, Severity.BLOCKING), r -> r.big),
                new Dis(new DistinctSpec("big2", new BigDecimal("0.1"), 10, Severity.BLOCKING), r -> r.big2));
    }

    static TestRule rule(List<Dist> dists, List<Dis> diss, Checks.KeyDiffMode mode) {
        boolean keyDiff = mode != null;
        TestRule rule = TestRule.keyed("id")
                .checks(new Checks(
                        new Checks.SchemaCheck(false, null, null, null, null),
                        new Checks.RowCountCheck(false, null, null, null, null, null),
                        new Checks.PartitionHashCheck(keyDiff, null),
                        new Checks.KeyDiffCheck(keyDiff, null, null, null, null, mode, null, null),
                        new Checks.ColumnsCheck(false, null, null, null, null, null)));
        dists.forEach(d -> rule.distribution(d.spec));
        diss.forEach(d -> rule.distinct(d.spec));
        return rule;
    }

    static PipelineResult compare(Dataset<Row> left, Dataset<Row> right, Rule rule) {
        return SparkParity.compare(left, right, rule, ComparisonContext.adHoc(""));
    }

    // ---- the reference ----

    static double[] sortedValues(List<R> rows, Function<R, Double> f) {
        return rows.stream()
                .map(f)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
    }

    /** Exact Kolmogorov-Smirnov distance: the largest gap of the two empirical CDFs at any value. */
    static double exactKs(double[] l, double[] r) {
        double ks = 0;
        int i = 0;
        int j = 0;
        while (i < l.length || j < r.length) {
            double x = Math.min(
                    i < l.length ? l[i] : Double.POSITIVE_INFINITY, j < r.length ? r[j] : Double.POSITIVE_INFINITY);
            while (i < l.length && l[i] <= x) {
                i++;
            }
            while (j < r.length && r[j] <= x) {
                j++;
            }
            ks = Math.max(ks, Math.abs((double) i / l.length - (double) j / r.length));
        }
        return ks;
    }

    /** One sketch's documented rank error: none while it holds every value (at most k of them). */
    static double rankError(int n, int k) {
        return n > k ? KllSketch.getNormalizedRankError(k, false) : 0;
    }

    /**
     * Checks a distribution verdict against the exact values; returns the status the README
     * determines, or {@code null} where the exact distance lies within the sketches' error of the
     * threshold and either status keeps the README's promise.
     */
    static Status checkDistribution(Dist d, Verdict v, List<R> left, List<R> right, String what) throws Exception {
        double[] l = sortedValues(left, d.value);
        double[] r = sortedValues(right, d.value);
        Status fail = d.spec.severity().blocking() ? Status.FAIL : Status.WARN;
        assertThat(List.of(v.leftValue(), v.rightValue()))
                .as("%s value counts", what)
                .containsExactly(Integer.toString(l.length), Integer.toString(r.length));
        double maxd = d.spec.maxDistance().doubleValue();
        if (l.length == 0 || r.length == 0) {
            Status expected = l.length == 0 && r.length == 0 ? Status.PASS : fail;
            assertThat(v.status()).as(what).isEqualTo(expected);
            assertThat(v.message())
                    .as(what)
                    .isEqualTo(
                            l.length == 0 && r.length == 0
                                    ? "no values on either side"
                                    : "no values on the " + (l.length == 0 ? "left" : "right") + " side");
            return expected;
        }
        int k = d.spec.k();
        double error = rankError(l.length, k) + rankError(r.length, k);
        double ks = exactKs(l, r);
        JsonNode details = JSON.readTree(v.details());
        assertThat(details.get("rank_error").asDouble())
                .as("%s rank error", what)
                .isCloseTo(error, within(1e-12));
        assertThat(v.tolerance())
                .as(what)
                .isEqualTo("ks<=" + d.spec.maxDistance().toPlainString()
                        + (error == 0 ? "" : String.format(Locale.ROOT, " + rank error %.4f", error)));
        // The sketches' distance is the exact one to within their rank errors (exactly, when they hold every value).
        assertThat(v.difference()).as("%s ks %.5f error %.4f", what, ks, error).isCloseTo(ks, within(error + 1e-12));
        JsonNode quantiles = details.get("quantiles_left_right");
        for (double q : QUANTILES) {
            JsonNode pair = quantiles.get("p" + Math.round(q * 100));
            checkQuantile(l, q, pair.get(0).asDouble(), rankError(l.length, k), what + " left p" + q);
            checkQuantile(r, q, pair.get(1).asDouble(), rankError(r.length, k), what + " right p" + q);
        }
        if (ks <= maxd) {
            return Status.PASS;
        }
        return error == 0 || ks > maxd + 2 * error ? fail : null;
    }

    /** A reported quantile is a value whose exact rank range meets {@code q} to within the sketch's error. */
    static void checkQuantile(double[] sorted, double q, double value, double error, String what) {
        int le = 0;
        int lt = 0;
        for (double x : sorted) {
            le += x <= value ? 1 : 0;
            lt += x < value ? 1 : 0;
        }
        assertThat(le).as("%s: %s is one of the values", what, value).isGreaterThan(lt);
        double n = sorted.length;
        assertThat(q)
                .as("%s: %s ranks %s..%s", what, value, lt / n, le / n)
                .isBetween(lt / n - error - 1e-9, le / n + error + 1e-9);
        if (error == 0) {
            assertThat(q).as("%s exact", what).isGreaterThan(lt / n);
        }
    }

    /** The check's relative standard error, 1/sqrt(2^lg_k) (README: lg_k 14, about 0.8%). */
    static double rse(int lgK) {
        return 1 / Math.sqrt(1 << lgK);
    }

    /** Checks a distinct verdict against the exact counts; returns the determined status or {@code null}. */
    static Status checkDistinct(Dis d, Verdict v, List<R> left, List<R> right, String what) throws Exception {
        long dl = left.stream().map(d.value).filter(Objects::nonNull).distinct().count();
        long dr =
                right.stream().map(d.value).filter(Objects::nonNull).distinct().count();
        double rel = d.spec.relTol().doubleValue();
        Status fail = d.spec.severity().blocking() ? Status.FAIL : Status.WARN;
        boolean withinRule = dl <= dr * (1 + rel) && dr <= dl * (1 + rel);
        long nominal = 1L << d.spec.lgK();
        JsonNode details = JSON.readTree(v.details());
        if (dl < nominal && dr < nominal) {
            // Below 2^lg_k distinct values the sketches are exact: counts, bounds and status.
            assertThat(List.of(
                            v.leftValue(), v.rightValue(), details.get("exact").asText()))
                    .as(what)
                    .containsExactly(Long.toString(dl), Long.toString(dr), "true");
            assertThat(v.difference())
                    .as(what)
                    .isCloseTo(dr == 0 ? (dl == 0 ? 0 : 1) : (dr - dl) / (double) dr, within(1e-12));
            return withinRule ? Status.PASS : fail;
        }
        // The 95% bounds hold the exact counts; the reported estimates lie within them.
        checkBounds(details.get("left_bounds"), dl, Long.parseLong(v.leftValue()), what + " left");
        checkBounds(details.get("right_bounds"), dr, Long.parseLong(v.rightValue()), what + " right");
        if (withinRule) {
            return Status.PASS; // bounds holding the counts overlap once widened by rel_tol
        }
        // Each bound lies within two standard errors of an estimate within two of the count.
        double e = 4 * rse(d.spec.lgK());
        boolean apart = dl * (1 - e) > dr * (1 + e) * (1 + rel) || dr * (1 - e) > dl * (1 + e) * (1 + rel);
        return apart ? fail : null;
    }

    static void checkBounds(JsonNode bounds, long exact, long estimate, String what) {
        double lb = bounds.get(0).asDouble();
        double ub = bounds.get(1).asDouble();
        assertThat((double) exact).as("%s count in %s..%s", what, lb, ub).isBetween(lb, ub);
        assertThat((double) estimate).as("%s estimate", what).isBetween(Math.floor(lb), Math.ceil(ub));
    }

    /**
     * Checks every sketch verdict of {@code result}; returns "check status" of those whose status the
     * reference determined.
     */
    static List<String> checkAll(PipelineResult result, List<R> left, List<R> right, String what) throws Exception {
        List<String> determined = new ArrayList<>();
        for (Dist d : distributions()) {
            String check = "distribution:" + d.spec.column();
            Verdict v = result.verdict(check, "*", "ks_distance");
            Status expected = checkDistribution(d, v, left, right, what + " " + check);
            Status fail = d.spec.severity().blocking() ? Status.FAIL : Status.WARN;
            assertThat(v.status())
                    .as("%s %s: %s", what, check, v.message())
                    .isIn(expected == null ? List.of(Status.PASS, fail) : List.of(expected));
            if (expected != null) {
                determined.add(check + " " + expected);
            }
        }
        for (Dis d : distinct()) {
            String check = "distinct:" + d.spec.column();
            Verdict v = result.verdict(check, "*", "distinct_count");
            Status expected = checkDistinct(d, v, left, right, what + " " + check);
            Status fail = d.spec.severity().blocking() ? Status.FAIL : Status.WARN;
            assertThat(v.status())
                    .as("%s %s: %s", what, check, v.message())
                    .isIn(expected == null ? List.of(Status.PASS, fail) : List.of(expected));
            if (expected != null) {
                determined.add(check + " " + expected);
            }
        }
        return determined;
    }

    // ---- the tests ----

    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 2026L})
    void everySketchVerdictMatchesTheExactReferenceWithinTheDocumentedError(long seed) throws Exception {
        Random rnd = new Random(seed);
        List<R> left = generate(rnd);
        Change ch = Change.of(rnd, left.size());
        List<R> right = change(left, ch, rnd);
        PipelineResult result = compare(
                df(left),
                df(right).repartition(5),
                rule(distributions(), distinct(), null).build());

        List<String> determined = checkAll(result, left, right, "seed " + seed + " " + ch);
        // The changes are far enough from the thresholds that most statuses are certain.
        assertThat(determined).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(9);
        assertThat(result.verdict("distribution:y", "*", "ks_distance").status())
                .isEqualTo(Status.WARN);
        assertThat(result.verdict("distribution:gone", "*", "ks_distance").status())
                .isEqualTo(Status.FAIL);
        assertThat(result.verdict("distinct:big2", "*", "distinct_count").status())
                .isEqualTo(Status.FAIL);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void identicalRowsInAnotherOrderAndPartitioningPassEvenWithNoToleranceAtAll(boolean partitioned) throws Exception {
        Random rnd = new Random(partitioned ? 11 : 12);
        List<R> left = generate(rnd);
        List<R> right = new ArrayList<>(left);
        Collections.shuffle(right, rnd);
        // max_distance 0 and rel_tol 0: only the sketches' own error separates identical data.
        List<Dist> dists = distributions().stream()
                .map(d -> new Dist(
                        new DistributionSpec(d.spec.column(), BigDecimal.ZERO, d.spec.k(), Severity.BLOCKING), d.value))
                .toList();
        List<Dis> diss = distinct().stream()
                .map(d -> new Dis(
                        new DistinctSpec(d.spec.column(), BigDecimal.ZERO, d.spec.lgK(), Severity.BLOCKING), d.value))
                .toList();
        TestRule rule = rule(dists, diss, null);
        if (partitioned) {
            rule.partitionBy("day");
        }
        PipelineResult result =
                compare(df(left).repartition(3), df(right).repartition(7).sortWithinPartitions("y"), rule.build());
        for (Dist d : dists) {
            Verdict v = result.verdict("distribution:" + d.spec.column(), "*", "ks_distance");
            assertThat(v.status()).as("%s: %s", d.spec.column(), v.message()).isEqualTo(Status.PASS);
            double error = JSON.readTree(v.details()).get("rank_error").asDouble();
            assertThat(v.difference()).as(d.spec.column()).isLessThanOrEqualTo(error);
            checkDistribution(d, v, left, right, d.spec.column());
        }
        for (Dis d : diss) {
            Verdict v = result.verdict("distinct:" + d.spec.column(), "*", "distinct_count");
            assertThat(v.status()).as("%s: %s", d.spec.column(), v.message()).isEqualTo(Status.PASS);
            checkDistinct(d, v, left, right, d.spec.column());
        }
    }

    @Test
    void theSketchVerdictsAndTheKeyOverlapAreTheSameInPrunedFullAndEstimateMode() throws Exception {
        Random rnd = new Random(42);
        List<R> left = generate(rnd);
        Change ch = Change.of(rnd, left.size());
        List<R> right = change(left, ch, rnd);
        List<List<String>> keyDiffs = new ArrayList<>();
        List<List<String>> statuses = new ArrayList<>();
        for (Checks.KeyDiffMode mode :
                List.of(Checks.KeyDiffMode.ESTIMATE, Checks.KeyDiffMode.FULL, Checks.KeyDiffMode.PRUNED)) {
            // No sample and few segments: the key diff is not under test here, only its counts.
            PipelineResult result = compare(
                    df(left),
                    df(right),
                    rule(distributions(), distinct(), mode)
                            .sample(0)
                            .segments(4)
                            .build());
            statuses.add(checkAll(result, left, right, mode.name()));
            keyDiffs.add(result.verdicts("key_diff").stream()
                    .filter(v -> v.status() != Status.SKIPPED)
                    .map(v -> v.metric() + " " + v.difference() + " " + v.status())
                    .toList());
        }
        // Every row of the right side differs (x and gone changed): the key diff's counts are exact
        // in estimate mode too, below 16,384 keys a side.
        List<String> expected = List.of(
                "rows_only_in_left " + (double) ch.dropped.size() + " FAIL",
                "rows_only_in_right " + (double) ch.added + " FAIL",
                "rows_mismatched " + (double) (left.size() - ch.dropped.size()) + " FAIL");
        for (List<String> k : keyDiffs) {
            assertThat(k).containsAll(expected);
        }
        // Where the reference determines a status, it is the same in every mode (and checkAll saw it).
        assertThat(statuses.get(0)).hasSizeGreaterThanOrEqualTo(9);
        assertThat(statuses)
                .as("sketch statuses by mode %s", Arrays.toString(Checks.KeyDiffMode.values()))
                .allSatisfy(s -> assertThat(s).isEqualTo(statuses.get(0)));
    }

    /** "estimated N (95% bounds a..b)" of an estimate-mode verdict, checked to hold the exact count. */
    private static final Pattern BOUNDS = Pattern.compile("estimated (\\d+) \\(95% bounds (\\d+)\\.\\.(\\d+)\\)");

    @ParameterizedTest
    @ValueSource(longs = {100, 20_000})
    void anEstimatedKeyOverlapHoldsTheExactCountsAndFailsOnlyWhenItsLowerBoundIsOverTheTolerance(long allowed) {
        // 40,000 keys a side: beyond 16,384, so the sketches estimate.
        Dataset<Row> left = SharedSpark.spark().range(40_000).selectExpr("id", "id * 2 AS v");
        Dataset<Row> right = SharedSpark.spark()
                .range(10_000, 40_030)
                .selectExpr("id", "IF(id % 1000 = 7, -1, id * 2) AS v")
                .repartition(3);
        TestRule rule = TestRule.keyed("id")
                .checks(new Checks(
                        null,
                        null,
                        null,
                        new Checks.KeyDiffCheck(null, null, allowed, null, null, Checks.KeyDiffMode.ESTIMATE),
                        null));
        PipelineResult r = compare(left, right, rule.build());
        long onlyLeft = 10_000;
        long onlyRight = 30;
        long mismatched = 30; // ids 10,007 .. 39,007 step 1,000
        for (String metric : List.of("rows_only_in_left", "rows_only_in_right")) {
            long exact = metric.equals("rows_only_in_left") ? onlyLeft : onlyRight;
            Verdict v = r.verdict("key_diff", "*", metric);
            Matcher m = BOUNDS.matcher(v.message());
            assertThat(m.find()).as(v.message()).isTrue();
            assertThat(exact).as(v.message()).isBetween(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
        }
        // The keys in common are estimated to about 2 x 0.8% of 30,000: the 30 mismatched keys are noise there.
        assertThat(r.verdict("key_diff", "*", "rows_mismatched").difference())
                .isCloseTo((double) mismatched, within(4 * rse(14) * 30_000));
        // The differing rows' lower bound is at most the exact 10,060: within 20,000 it passes, over 100 it fails.
        Status expected = onlyLeft + onlyRight + mismatched <= allowed ? Status.PASS : Status.FAIL;
        assertThat(r.verdict("key_diff", "*", "rows_only_in_left").status()).isEqualTo(expected);
    }

    @Test
    void aDistributionLeavesOutNullAndNaNAndTakesNoDateWhileADistinctCountCountsNaNButNotNull() {
        Dataset<Row> left = TestData.of("id INT, v DOUBLE, day DATE")
                .row(1, 1.0, Date.valueOf(D0))
                .row(2, 2.0, Date.valueOf(D0))
                .row(3, 3.0, null)
                .row(4, null, null)
                .row(5, Double.NaN, null)
                .df();
        Dataset<Row> right = TestData.of("id INT, v DOUBLE, day DATE")
                .row(1, 1.0, Date.valueOf(D0))
                .row(2, 2.0, null)
                .row(3, 3.0, null)
                .df();
        TestRule rule = rule(
                List.of(
                        new Dist(new DistributionSpec("v", BigDecimal.ZERO, null, Severity.BLOCKING), x -> x.x),
                        new Dist(new DistributionSpec("day", null, null, Severity.BLOCKING), x -> null)),
                List.of(new Dis(new DistinctSpec("v", null, null, Severity.BLOCKING), x -> x.x)),
                null);
        PipelineResult r = compare(left, right, rule.build());
        Verdict ks = r.verdict("distribution:v", "*", "ks_distance");
        assertThat(List.of(ks.leftValue(), ks.rightValue(), ks.status().name())).containsExactly("3", "3", "PASS");
        // A date is neither a number nor a timestamp: the check cannot be evaluated.
        Verdict day = r.verdict("distribution:day", "*", "error");
        assertThat(List.of(day.status().name(), day.message()))
                .containsExactly(
                        "ERROR",
                        "Invalid distribution column 'day': its values are date; distributions need numeric or"
                                + " timestamp columns. Name one, or remove the distribution.");
        Verdict d = r.verdict("distinct:v", "*", "distinct_count");
        assertThat(List.of(d.leftValue(), d.rightValue(), d.status().name())).containsExactly("4", "3", "FAIL");
    }

    @Test
    void anEmptyStringIsOneDistinctValueLikeAnyOther() {
        // Theta sketches skip an empty string, so the left read 2 distinct values against 3.
        Dataset<Row> left = TestData.of("id INT, s STRING")
                .row(1, "")
                .row(2, "a")
                .row(3, "b")
                .row(4, null)
                .df();
        Dataset<Row> right = TestData.of("id INT, s STRING")
                .row(1, "c")
                .row(2, "a")
                .row(3, "b")
                .row(4, "b")
                .df();
        PipelineResult r = compare(
                left,
                right,
                rule(List.of(), List.of(new Dis(new DistinctSpec("s", null, null, Severity.BLOCKING), x -> x.s)), null)
                        .build());
        Verdict v = r.verdict("distinct:s", "*", "distinct_count");
        assertThat(List.of(v.leftValue(), v.rightValue(), v.status().name())).containsExactly("3", "3", "PASS");
    }
}
