package dev.paritygate.spark;

import dev.paritygate.BackgroundTask;
import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.check.ColumnVerdicts;
import dev.paritygate.check.FingerprintComparison;
import dev.paritygate.check.KeyDiffVerdicts;
import dev.paritygate.check.KpiVerdicts;
import dev.paritygate.check.RowCountVerdicts;
import dev.paritygate.check.SchemaVerdicts;
import dev.paritygate.check.SideProfile;
import dev.paritygate.check.SketchVerdicts;
import dev.paritygate.check.UnevaluatedChecks;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares two datasets under a rule: the entry point for pipelines that call the library.
 *
 * <pre>{@code
 * PipelineResult result = SparkParity.compare(legacyOrders, cloudOrders, rule,
 *         new ComparisonContext(runDate, "legacy orders", "cloud orders", RulesFingerprint.of(rule), Instant.now()));
 * result.status();                                            // PASS, WARN, FAIL or ERROR
 * result.verdict("key_diff", "*", "rows_only_in_left");       // one verdict row
 * // Only a result with a business date can be written: ComparisonContext.adHoc's is refused.
 * new DeltaVerdictStore(spark, VerdictTables.atPath(dir)).write("run-1", result);
 * }</pre>
 *
 * <p>Each side is read once for everything that needs no join (row counts, per-partition and
 * per-segment fingerprints, null keys, KPI aggregates, KLL and Theta sketches); the key diff then
 * reads only the grains whose fingerprints differ. A check that cannot be evaluated becomes an {@code ERROR} verdict; the others still run.
 */
public final class SparkParity {
    private SparkParity() {}

    /**
     * Compares {@code left} (legacy) with {@code right} (cloud) under {@code rule}. Only the rule's
     * comparison settings are used: its {@code left}/{@code right} sources are not read and their
     * filters not applied, while its {@code where} and each side's transforms and time zone apply
     * to the datasets given.
     *
     * @return one verdict per check, scope and metric; a check that cannot be evaluated (a key
     *     column missing from one dataset, SQL in the rule that does not resolve) is an {@code
     *     ERROR} verdict whose message names the problem, never an exception
     * @throws NullPointerException naming the argument that is null
     * @throws ParityException (USAGE) when the rule has no key columns: rows cannot be matched; or
     *     when it enables no check that gives a verdict ({@link Rule#comparesNothing()})
     */
    public static PipelineResult compare(Dataset<Row> left, Dataset<Row> right, Rule rule, ComparisonContext ctx) {
        java.util.Objects.requireNonNull(rule, "rule");
        return compare(left, right, rule, null, ctx);
    }

    /**
     * Compares like {@link #compare(Dataset, Dataset, Rule, ComparisonContext)} under a rule read
     * from a file: an error of the rule itself, such as a key column that a side does not have,
     * names the file and line of the key that caused it, and marks the result's {@link
     * PipelineResult#ruleError()}.
     */
    public static PipelineResult compare(
            Dataset<Row> left, Dataset<Row> right, LoadedRule loaded, ComparisonContext ctx) {
        java.util.Objects.requireNonNull(loaded, "loaded");
        return compare(left, right, loaded.rule(), loaded.origin(), ctx);
    }

    private static PipelineResult compare(
            Dataset<Row> left, Dataset<Row> right, Rule rule, RuleOrigin origin, ComparisonContext ctx) {
        java.util.Objects.requireNonNull(left, "left");
        java.util.Objects.requireNonNull(right, "right");
        java.util.Objects.requireNonNull(ctx, "ctx");
        if (rule.key().isEmpty()) {
            throw ParityErrors.ruleWithoutKey(rule.pipeline());
        }
        if (rule.comparesNothing()) {
            throw ParityErrors.ruleComparingNothing(rule.pipeline());
        }
        Instant started = Instant.now();
        List<Verdict> verdicts = new ArrayList<>();
        List<SampleRow> samples = new ArrayList<>();
        Checks checks = rule.checks();
        // The ERROR verdicts that are rules errors (a column the rule names that the data lacks or
        // that does not fit its option, a where or transform that does not analyse), by identity:
        // the result is the rule's error only when every ERROR is one of them.
        Set<Verdict> ruleErrors = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            AlignedSides a = SparkAlignment.align(left, right, rule, origin, ctx);
            if (checks.schema().enabled()) {
                verdicts.addAll(SchemaVerdicts.evaluate(checks.schema(), a.leftSchema(), a.rightSchema()));
            }
            Dataset<Row> pl = SparkPreparedSide.prepare(a, Side.LEFT, rule);
            Dataset<Row> pr = SparkPreparedSide.prepare(a, Side.RIGHT, rule);
            boolean estimate = checks.keyDiff().mode() == Checks.KeyDiffMode.ESTIMATE;
            FusedPlan planned = SparkFusedPlanner.plan(rule, origin, a, pl, pr, estimate, verdicts, ruleErrors);
            boolean keyDiff =
                    !estimate && (checks.keyDiff().enabled() || checks.columns().enabled());
            boolean full = checks.keyDiff().mode() == Checks.KeyDiffMode.FULL;
            // Only a pruned key diff uses grain digests, so only then does the pass compute them.
            boolean pruned = keyDiff && !full;
            FusedPlan plan = planned;
            SideStats[] stats;
            try {
                stats = passes(pl, pr, plan, a, rule, origin, ctx, pruned);
            } catch (KpiArithmetic e) {
                // Only the data shows that a KPI cannot be computed; the other checks need not fail
                // with it, so the passes run again without the KPIs, each of which is an ERROR. Should
                // they fail again, the KPIs were not the cause, and every check gets that error.
                stats = passes(pl, pr, plan.withoutKpis(), a, rule, origin, ctx, pruned);
                for (KpiSpec k : plan.kpis()) {
                    verdicts.add(Verdict.error(
                            KpiVerdicts.PREFIX + k.name(), k.severity().blocking(), e.getMessage()));
                }
                plan = plan.withoutKpis();
            }
            SideStats ls = stats[0];
            SideStats rs = stats[1];
            SideProfile lp = ls.profile();
            SideProfile rp = rs.profile();
            if (checks.rowCount().enabled()) {
                verdicts.addAll(RowCountVerdicts.evaluate(checks.rowCount(), lp, rp, a.recentKeysExcluded()));
            }
            FingerprintComparison fc = FingerprintComparison.of(lp, rp);
            // Written before the key diff, so that a key diff that fails leaves them as they are;
            // one that finds every difference within tolerance replaces them, in place, by PASS rows.
            int hashAt = verdicts.size();
            if (checks.partitionHash().enabled()) {
                verdicts.addAll(fc.verdicts(checks.partitionHash()));
            }
            int hashRows = verdicts.size() - hashAt;
            for (KpiSpec k : plan.kpis()) {
                List<Verdict> kv = KpiVerdicts.evaluate(
                        k,
                        rule.kpis().indexOf(k),
                        ls.kpis().get(k.name()),
                        rs.kpis().get(k.name()),
                        origin,
                        ls.unconvertible().getOrDefault(k.name(), Map.of()),
                        rs.unconvertible().getOrDefault(k.name(), Map.of()));
                verdicts.addAll(kv);
                // A KPI's only ERROR is a tolerance its values do not take: the rule's error.
                kv.stream().filter(SparkParity::isError).forEach(ruleErrors::add);
            }
            for (DistributionSpec d : plan.distributions()) {
                verdicts.add(SketchVerdicts.distribution(
                        d,
                        ls.distributions().get(d.column()),
                        rs.distributions().get(d.column())));
            }
            for (DistinctSpec d : plan.distinct()) {
                verdicts.add(SketchVerdicts.distinct(
                        d, ls.distinct().get(d.column()), rs.distinct().get(d.column())));
            }
            if (estimate) {
                if (checks.keyDiff().enabled()) {
                    verdicts.addAll(SketchVerdicts.keyOverlap(
                            checks.keyDiff(), lp, rp, ls.keys(), rs.keys(), ls.keyRows(), rs.keyRows()));
                    verdicts.addAll(KeyDiffVerdicts.nullKeys(checks.keyDiff(), lp, rp));
                }
            } else if (keyDiff) {
                // Keeping the differing grains' rows in memory pays while they are a quarter of
                // the table; beyond that it would hold the table, and reading it again is cheaper.
                boolean cache = fc.rowsInMismatchedGrains() * 4 <= lp.rows() + rp.rows();
                KeyDiffOutcome kd = SparkKeyDiff.diff(
                        pl,
                        pr,
                        a,
                        rule,
                        full ? null : fc.mismatchedGrains(),
                        partitionValues(ls, rs),
                        cache,
                        ls.digests() == null || rs.digests() == null
                                ? null
                                : new SparkKeyDiff.Digests(ls.digests(), rs.digests(), lp, rp),
                        fc.grainsTotal(),
                        rule.sample().maxRows());
                if (checks.keyDiff().enabled()) {
                    verdicts.addAll(KeyDiffVerdicts.evaluate(
                            checks.keyDiff(), lp, rp, kd.counts(), SparkCanonical.wholeRowsExact(a.compared())));
                }
                if (hashRows > 0 && fc.toleratedBy(checks.keyDiff(), kd.counts())) {
                    List<Verdict> hash = verdicts.subList(hashAt, hashAt + hashRows);
                    hash.clear();
                    hash.addAll(fc.verdicts(checks.partitionHash(), true));
                }
                if (checks.columns().enabled()) {
                    verdicts.addAll(ColumnVerdicts.evaluate(rule, a.comparedNames(), lp, rp, kd.counts()));
                }
                samples.addAll(kd.samples());
            }
        } catch (ParityException e) {
            // A rules error (a key column a side lacks) is the rule's to fix: exit 2, unless a check
            // already holds an ERROR that is not the rule's (see ruleError below).
            int before = verdicts.size();
            addErrors(verdicts, rule, e.getMessage());
            if (e.kind() == ParityException.Kind.USAGE) {
                ruleErrors.addAll(verdicts.subList(before, verdicts.size()));
            }
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
            addErrors(
                    verdicts,
                    rule,
                    ParityErrors.pipelineFailed(rule.pipeline(), e).getMessage());
        }
        boolean ruleError = verdicts.stream().filter(SparkParity::isError).allMatch(ruleErrors::contains);
        return new PipelineResult(
                rule.pipeline(),
                ctx.runDate(),
                ctx.leftSource(),
                ctx.rightSource(),
                ctx.rulesFingerprint(),
                started,
                Instant.now(),
                verdicts,
                samples,
                ruleError);
    }

    private static java.util.Map<String, List<Object>> partitionValues(SideStats l, SideStats r) {
        java.util.Map<String, List<Object>> m = new java.util.HashMap<>(l.partitionValues());
        r.partitionValues().forEach(m::putIfAbsent);
        return m;
    }

    /**
     * Both sides' passes, left then right. They are independent Spark jobs: running them at once
     * keeps every core busy while the other side's last tasks finish.
     */
    private static SideStats[] passes(
            Dataset<Row> pl,
            Dataset<Row> pr,
            FusedPlan plan,
            AlignedSides a,
            Rule rule,
            RuleOrigin origin,
            ComparisonContext ctx,
            boolean digests) {
        String lz = rule.left() == null ? null : rule.left().timeZone();
        String rz = rule.right() == null ? null : rule.right().timeZone();
        BackgroundTask<SideStats> rightPass = BackgroundTask.start(
                "parity-side-pass", () -> pass(pr, plan, a, Side.RIGHT, rule, origin, ctx, digests, rz));
        SideStats ls = rightPass.whileRunning(() -> pass(pl, plan, a, Side.LEFT, rule, origin, ctx, digests, lz));
        return new SideStats[] {ls, rightPass.join()};
    }

    private static SideStats pass(
            Dataset<Row> prepared,
            FusedPlan plan,
            AlignedSides a,
            Side side,
            Rule rule,
            RuleOrigin origin,
            ComparisonContext ctx,
            boolean withDigests,
            String localZone) {
        try {
            return SparkFusedPass.run(prepared, plan, a, side, withDigests, localZone);
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
            // The rule's where, filter or a transform failed on a value: name its key, not the source.
            ParityException ruleSql = RuleSqlOnData.attribute(e, rule, origin, ctx.runDate(), side);
            if (ruleSql != null) {
                throw ruleSql;
            }
            if (!plan.kpis().isEmpty() && arithmetic(e)) {
                throw new KpiArithmetic(
                        ParityErrors.kpiArithmetic(side.label(), e).getMessage());
            }
            throw ParityErrors.unreadableSource(
                    side.label(), side == Side.LEFT ? ctx.leftSource() : ctx.rightSource(), e);
        }
    }

    /** Whether a pass failed on a value's arithmetic (ANSI mode's overflow, division by zero). */
    private static boolean arithmetic(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArithmeticException) {
                return true;
            }
        }
        return false;
    }

    /** A pass with KPIs failed on arithmetic, which the KPIs may have caused; the message says so. */
    private static final class KpiArithmetic extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KpiArithmetic(String message) {
            super(message, null, false, false);
        }
    }

    private static boolean isError(Verdict v) {
        return v.status() == Status.ERROR;
    }

    /** Every enabled check that has no verdict yet becomes an ERROR row: nothing passes by omission. */
    private static void addErrors(List<Verdict> verdicts, Rule rule, String message) {
        verdicts.addAll(UnevaluatedChecks.errors(rule, verdicts, message));
    }
}
