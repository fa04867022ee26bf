package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.theta.AnotB;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.Intersection;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;

/**
 * Verdicts from the sketches Spark's built-in aggregates produce ({@code kll_sketch_agg_double},
 * {@code theta_sketch_agg}), read with Apache DataSketches. The serialised sketches go into
 * {@code details} (base64) so a notebook or a later run can merge and re-query them without
 * rereading the data.
 */
public final class SketchVerdicts {
    public static final String DISTRIBUTION = "distribution:";
    public static final String DISTINCT = "distinct:";
    private static final double[] QUANTILES = {0.01, 0.25, 0.5, 0.75, 0.99};
    /** Standard deviations of the Theta error bounds: about 95% confidence. */
    private static final int STD_DEVS = 2;

    private SketchVerdicts() {}

    /**
     * A sketch's normalised rank error, as the library's own Kolmogorov-Smirnov test counts it
     * ({@code KolmogorovSmirnov.computeKSThreshold}); zero while the sketch still holds every value
     * (fewer values than about {@code k}), when its ranks are exact.
     */
    private static double rankError(KllDoublesSketch sketch) {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0;
    }

    /**
     * Maximum normalised rank distance (Kolmogorov-Smirnov statistic) between the two sides
     * ({@link #ksDelta}). It
     * passes while the distance is at most the rule's {@code max_distance} plus the two sketches'
     * rank error: a KLL sketch places each value's rank only to within its error, so two sketches
     * of the very same values differ by up to the sum, at random from run to run. Judged on the
     * distance alone, a {@code max_distance} below that sum (the default 0.01 is, at {@code k} 200)
     * flags identical data on some nights and not others; with the error added, a pass or a
     * failure says something about the data, not about the sketches.
     */
    public static Verdict distribution(DistributionSpec spec, byte[] left, byte[] right) {
        KllDoublesSketch l = KllDoublesSketch.heapify(Memory.wrap(left));
        KllDoublesSketch r = KllDoublesSketch.heapify(Memory.wrap(right));
        boolean blocking = spec.severity().blocking();
        String check = DISTRIBUTION + spec.column();
        if (l.isEmpty() || r.isEmpty()) {
            String tol = "ks<=" + spec.maxDistance().toPlainString();
            boolean both = l.isEmpty() && r.isEmpty();
            return new Verdict(
                    check,
                    Verdict.TABLE_SCOPE,
                    "ks_distance",
                    both ? Status.PASS : fail(blocking),
                    blocking,
                    Long.toString(l.getN()),
                    Long.toString(r.getN()),
                    both ? 0.0 : 1.0,
                    tol,
                    both
                            ? "no values on either side"
                            : "no values on the " + (l.isEmpty() ? "left" : "right") + " side",
                    null);
        }
        double ks = ksDelta(l, r);
        double rankError = rankError(l) + rankError(r);
        boolean ok = ks <= spec.maxDistance().doubleValue() + rankError;
        String allowed = rankError == 0
                ? spec.maxDistance().toPlainString()
                : String.format(
                        Locale.ROOT, "%s + rank error %.4f", spec.maxDistance().toPlainString(), rankError);
        Map<String, Object> quantiles = new LinkedHashMap<>();
        for (double q : QUANTILES) {
            quantiles.put(
                    "p" + Math.round(q * 100),
                    List.of(
                            l.getQuantile(q, QuantileSearchCriteria.INCLUSIVE),
                            r.getQuantile(q, QuantileSearchCriteria.INCLUSIVE)));
        }
        String details = Details.of(
                "quantiles_left_right",
                quantiles,
                "rank_error",
                rankError,
                "sketch_left",
                Base64.getEncoder().encodeToString(left),
                "sketch_right",
                Base64.getEncoder().encodeToString(right));
        return new Verdict(
                check,
                Verdict.TABLE_SCOPE,
                "ks_distance",
                ok ? Status.PASS : fail(blocking),
                blocking,
                Long.toString(l.getN()),
                Long.toString(r.getN()),
                ks,
                "ks<=" + allowed,
                String.format(Locale.ROOT, "max rank distance %.4f %s %s", ks, ok ? "<=" : ">", allowed),
                details);
    }

    /**
     * The largest distance between the two sketches' cumulative distributions, taken at every value
     * either sketch holds. DataSketches' {@code KolmogorovSmirnov.computeKSDelta} compares each
     * pair's ranks before stepping past the smaller value and stops when either sketch reaches its
     * last one, so it misses the steps there: a changed largest value read as no distance at all
     * ({@code {0, 2}} against {@code {0, 3}}: 0, not 0.5).
     */
    static double ksDelta(KllDoublesSketch left, KllDoublesSketch right) {
        DoublesSortedView l = left.getSortedView();
        DoublesSortedView r = right.getSortedView();
        double[] lq = l.getQuantiles();
        double[] rq = r.getQuantiles();
        long[] lw = l.getCumulativeWeights();
        long[] rw = r.getCumulativeWeights();
        double ln = left.getN();
        double rn = right.getN();
        double delta = 0;
        int i = 0;
        int j = 0;
        while (i < lq.length || j < rq.length) {
            double x = Math.min(
                    i < lq.length ? lq[i] : Double.POSITIVE_INFINITY, j < rq.length ? rq[j] : Double.POSITIVE_INFINITY);
            // Past every retained value <= x on each side: the weights then hold each side's rank at x.
            while (i < lq.length && lq[i] <= x) {
                i++;
            }
            while (j < rq.length && rq[j] <= x) {
                j++;
            }
            double lRank = i == 0 ? 0 : lw[i - 1] / ln;
            double rRank = j == 0 ? 0 : rw[j - 1] / rn;
            delta = Math.max(delta, Math.abs(lRank - rRank));
        }
        return delta;
    }

    /**
     * Approximate distinct counts. Fails only when the counts differ by more than {@code rel_tol}
     * beyond the sketches' own error bounds, so sketch noise alone never raises an alarm.
     */
    public static Verdict distinct(DistinctSpec spec, byte[] left, byte[] right) {
        Sketch l = Sketch.heapify(Memory.wrap(left));
        Sketch r = Sketch.heapify(Memory.wrap(right));
        boolean blocking = spec.severity().blocking();
        double rel = spec.relTol().doubleValue();
        double le = l.getEstimate();
        double re = r.getEstimate();
        // The intervals [lb, ub], widened by the relative tolerance, must overlap.
        boolean ok = l.getLowerBound(STD_DEVS) <= r.getUpperBound(STD_DEVS) * (1 + rel)
                && r.getLowerBound(STD_DEVS) <= l.getUpperBound(STD_DEVS) * (1 + rel);
        double relDiff = re == 0 ? (le == 0 ? 0 : 1) : (re - le) / re;
        String details = Details.of(
                "left_bounds", List.of(l.getLowerBound(STD_DEVS), l.getUpperBound(STD_DEVS)),
                "right_bounds", List.of(r.getLowerBound(STD_DEVS), r.getUpperBound(STD_DEVS)),
                "exact", !l.isEstimationMode() && !r.isEstimationMode(),
                "sketch_left", Base64.getEncoder().encodeToString(left),
                "sketch_right", Base64.getEncoder().encodeToString(right));
        return new Verdict(
                DISTINCT + spec.column(),
                Verdict.TABLE_SCOPE,
                "distinct_count",
                ok ? Status.PASS : fail(blocking),
                blocking,
                Long.toString(Math.round(le)),
                Long.toString(Math.round(re)),
                relDiff,
                "rel<=" + spec.relTol().toPlainString() + " beyond sketch error (95%)",
                String.format(
                        Locale.ROOT,
                        "about %d vs %d distinct values (rel diff %.4f)%s",
                        Math.round(le),
                        Math.round(re),
                        relDiff,
                        ok ? "" : ", beyond tolerance and sketch error"),
                details);
    }

    /**
     * The key diff estimated from Theta sketches of the keys and of (key, row hash) pairs, without a
     * join: keys only on one side are set differences; keys on both sides whose rows differ are the
     * keys in common minus the (key, row) pairs in common. Duplicate keys are not estimated.
     */
    public static List<Verdict> keyOverlap(
            Checks.KeyDiffCheck check,
            SideProfile left,
            SideProfile right,
            byte[] keysL,
            byte[] keysR,
            byte[] rowsL,
            byte[] rowsR) {
        Sketch kl = Sketch.heapify(Memory.wrap(keysL));
        Sketch kr = Sketch.heapify(Memory.wrap(keysR));
        Sketch rl = Sketch.heapify(Memory.wrap(rowsL));
        Sketch rr = Sketch.heapify(Memory.wrap(rowsR));
        AnotB anotb = SetOperation.builder().buildANotB();
        CompactSketch onlyL = anotb.aNotB(kl, kr);
        CompactSketch onlyR = SetOperation.builder().buildANotB().aNotB(kr, kl);
        Intersection ki = SetOperation.builder().buildIntersection();
        CompactSketch bothKeys = ki.intersect(kl, kr);
        CompactSketch bothRows = SetOperation.builder().buildIntersection().intersect(rl, rr);
        double mismatched = Math.max(0, bothKeys.getEstimate() - bothRows.getEstimate());
        boolean blocking = check.severity().blocking();
        long larger = Math.max(left.rows(), right.rows());
        double allowed =
                Math.max(check.maxMismatchCount(), check.maxMismatchRate().doubleValue() * larger);
        double lowerDiffering = onlyL.getLowerBound(STD_DEVS)
                + onlyR.getLowerBound(STD_DEVS)
                + Math.max(0, bothKeys.getLowerBound(STD_DEVS) - bothRows.getUpperBound(STD_DEVS));
        boolean ok = lowerDiffering <= allowed;
        // The warn band, like the tolerance, is judged on the lower bound: a WARN only when it is sure.
        boolean overBand = ok
                && check.hasWarnBand()
                && lowerDiffering > check.mismatchTolerance().warnAllowed(larger);
        String tol = check.mismatchTolerance().describe() + " (estimate)";
        String l = Long.toString(left.rows());
        String r = Long.toString(right.rows());
        String details = Details.of("mode", "estimate", "confidence", "95%", "allowed", allowed);
        return List.of(
                estimate("rows_only_in_left", onlyL, ok, overBand, blocking, l, r, tol, details),
                estimate("rows_only_in_right", onlyR, ok, overBand, blocking, l, r, tol, details),
                new Verdict(
                        KeyDiffVerdicts.CHECK,
                        Verdict.TABLE_SCOPE,
                        "rows_mismatched",
                        status(Math.round(mismatched), ok, overBand, blocking),
                        blocking,
                        l,
                        r,
                        (double) Math.round(mismatched),
                        tol,
                        "estimated "
                                + Counted.of(Math.round(mismatched), "key whose rows differ", "keys whose rows differ")
                                + " (keys in common minus identical rows in common)"
                                + (Math.round(mismatched) != 0 && overBand ? OVER_BAND : ""),
                        details),
                skipped("duplicate_keys_left", blocking, l, r),
                skipped("duplicate_keys_right", blocking, l, r),
                skipped("duplicate_keys_differing", blocking, l, r));
    }

    private static Verdict estimate(
            String metric,
            CompactSketch s,
            boolean ok,
            boolean overBand,
            boolean blocking,
            String l,
            String r,
            String tol,
            String details) {
        long est = Math.round(s.getEstimate());
        return new Verdict(
                KeyDiffVerdicts.CHECK,
                Verdict.TABLE_SCOPE,
                metric,
                status(est, ok, overBand, blocking),
                blocking,
                l,
                r,
                (double) est,
                tol,
                String.format(
                                Locale.ROOT,
                                "estimated %d (95%% bounds %d..%d)",
                                est,
                                Math.round(s.getLowerBound(STD_DEVS)),
                                Math.round(s.getUpperBound(STD_DEVS)))
                        + (est != 0 && ok && overBand ? OVER_BAND : ""),
                details);
    }

    private static Verdict skipped(String metric, boolean blocking, String l, String r) {
        return new Verdict(
                KeyDiffVerdicts.CHECK,
                Verdict.TABLE_SCOPE,
                metric,
                Status.SKIPPED,
                blocking,
                l,
                r,
                null,
                null,
                "not computed in estimate mode (needs the exact key diff)",
                null);
    }

    private static final String OVER_BAND = "; within tolerance but over the warn band";

    private static Status status(long estimate, boolean ok, boolean overBand, boolean blocking) {
        return estimate == 0 ? Status.PASS : !ok ? fail(blocking) : overBand ? Status.WARN : Status.PASS;
    }

    private static Status fail(boolean blocking) {
        return blocking ? Status.FAIL : Status.WARN;
    }
}
