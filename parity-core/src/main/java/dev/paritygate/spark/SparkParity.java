package dev.paritygate.spark;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.check.ColumnVerdicts;
import dev.paritygate.check.FingerprintComparison;
import dev.paritygate.check.KeyDiffVerdicts;
import dev.paritygate.check.RowCountVerdicts;
import dev.paritygate.check.SchemaVerdicts;
import dev.paritygate.check.SideProfile;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.Rule;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares two datasets under a rule: the entry point for pipelines that call the library.
 *
 * <pre>{@code
 * PipelineResult result = SparkParity.compare(legacyOrders, cloudOrders, rule, ComparisonContext.adHoc(""));
 * result.status();                                            // PASS, WARN, FAIL or ERROR
 * result.verdict("key_diff", "*", "rows_only_in_left");       // one verdict row
 * new DeltaVerdictStore(spark, VerdictTables.atPath(dir)).write("run-1", result);
 * }</pre>
 *
 * <p>Each side is read once for everything that needs no join (row counts, per-partition and
 * per-segment fingerprints, null keys); the key diff then reads only the grains whose fingerprints
 * differ. A check that cannot be evaluated becomes an {@code ERROR} verdict; the others still run.
 */
public final class SparkParity {
    private SparkParity() {}

    public static PipelineResult compare(Dataset<Row> left, Dataset<Row> right, Rule rule, ComparisonContext ctx) {
        Instant started = Instant.now();
        List<Verdict> verdicts = new ArrayList<>();
        List<SampleRow> samples = new ArrayList<>();
        Checks checks = rule.checks();
        try {
            AlignedSides a = SparkAlignment.align(left, right, rule, ctx);
            if (checks.schema().enabled()) {
                verdicts.addAll(SchemaVerdicts.evaluate(checks.schema(), a.leftSchema(), a.rightSchema()));
            }
            Dataset<Row> pl = SparkPreparedSide.prepare(a, Side.LEFT, rule);
            Dataset<Row> pr = SparkPreparedSide.prepare(a, Side.RIGHT, rule);
            SideProfile lp = profile(pl, Side.LEFT, ctx.leftSource());
            SideProfile rp = profile(pr, Side.RIGHT, ctx.rightSource());
            if (checks.rowCount().enabled()) {
                verdicts.addAll(RowCountVerdicts.evaluate(checks.rowCount(), lp, rp));
            }
            FingerprintComparison fc = FingerprintComparison.of(lp, rp);
            if (checks.partitionHash().enabled()) {
                verdicts.addAll(fc.verdicts(checks.partitionHash()));
            }
            if (checks.keyDiff().enabled() || checks.columns().enabled()) {
                KeyDiffOutcome kd = SparkKeyDiff.diff(
                        pl,
                        pr,
                        a,
                        checks.keyDiff().mode() == Checks.KeyDiffMode.FULL ? null : fc.mismatchedGrains(),
                        fc.grainsTotal(),
                        rule.sample().maxRows());
                if (checks.keyDiff().enabled()) {
                    verdicts.addAll(KeyDiffVerdicts.evaluate(checks.keyDiff(), lp, rp, kd.counts()));
                }
                if (checks.columns().enabled()) {
                    verdicts.addAll(ColumnVerdicts.evaluate(rule, a.comparedNames(), kd.counts()));
                }
                samples.addAll(kd.samples());
            }
        } catch (ParityException e) {
            addErrors(verdicts, checks, e.getMessage());
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
            addErrors(
                    verdicts,
                    checks,
                    ParityErrors.evaluationFailed("pipeline " + rule.pipeline(), e)
                            .getMessage());
        }
        return new PipelineResult(
                rule.pipeline(),
                ctx.runDate(),
                ctx.leftSource(),
                ctx.rightSource(),
                ctx.rulesFingerprint(),
                started,
                Instant.now(),
                verdicts,
                samples);
    }

    private static SideProfile profile(Dataset<Row> prepared, Side side, String source) {
        try {
            return SparkFingerprintPass.profile(prepared);
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
            throw ParityErrors.unreadableSource(side.label(), source, e);
        }
    }

    /** Every enabled check that has no verdict yet becomes an ERROR row: nothing passes by omission. */
    private static void addErrors(List<Verdict> verdicts, Checks checks, String message) {
        List<String> have = verdicts.stream().map(Verdict::check).distinct().toList();
        addError(
                verdicts,
                have,
                SchemaVerdicts.CHECK,
                checks.schema().enabled(),
                checks.schema().severity().blocking(),
                message);
        addError(
                verdicts,
                have,
                RowCountVerdicts.CHECK,
                checks.rowCount().enabled(),
                checks.rowCount().severity().blocking(),
                message);
        addError(
                verdicts,
                have,
                FingerprintComparison.CHECK,
                checks.partitionHash().enabled(),
                checks.partitionHash().severity().blocking(),
                message);
        addError(
                verdicts,
                have,
                KeyDiffVerdicts.CHECK,
                checks.keyDiff().enabled(),
                checks.keyDiff().severity().blocking(),
                message);
    }

    private static void addError(
            List<Verdict> verdicts,
            List<String> have,
            String check,
            boolean enabled,
            boolean blocking,
            String message) {
        if (enabled && !have.contains(check)) {
            verdicts.add(Verdict.error(check, blocking, message));
        }
    }
}
