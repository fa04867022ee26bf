package dev.paritygate.job;

import dev.paritygate.BackgroundTask;
import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.check.UnevaluatedChecks;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.spark.ComparisonContext;
import dev.paritygate.spark.SparkParity;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares one pipeline for one run date: reads both sides, runs the comparison and returns its
 * result. Anything that goes wrong becomes ERROR verdicts of that pipeline, one per enabled check
 * that has none, whether a side could not be read or the comparison failed; it never throws, so
 * one pipeline's failure cannot stop the others.
 */
final class PipelineRunner {
    /**
     * Messages of {@code ParityErrors} that name a rule key, each with the key path as group 1. A
     * column the rule names wrongly, or its SQL that does not analyse against a side, is a rules
     * error that names its line itself ("Invalid rule at").
     */
    private static final List<Pattern> KEY_PATHS = List.of(Pattern.compile("^Invalid SQL in (\\S+) '")); // invalidSql

    /**
     * A transform that the engine failed to apply for a reason other than its SQL (SparkAlignment),
     * with its side and column.
     */
    private static final Pattern TRANSFORM =
            Pattern.compile("^Cannot evaluate the (left|right) transform of column '([^']*)'");

    private final SourceResolver sources;

    private final String sampleMaskKey;

    private final boolean fullDiff;

    /**
     * @param sampleMaskKey the key the samples' masked columns are hashed under ({@link
     *     RunCommand#SAMPLE_MASK_KEY_ENV}), or null for an unkeyed hash
     * @param fullDiff whether the key diff reads every row ({@code run --full-diff})
     */
    PipelineRunner(SourceResolver sources, String sampleMaskKey, boolean fullDiff) {
        this.sources = sources;
        this.sampleMaskKey = sampleMaskKey;
        this.fullDiff = fullDiff;
    }

    /**
     * The rule a comparison runs under: the rule as written, in full key-diff mode for {@code
     * --full-diff}. The run is still fingerprinted and recorded under the rule as written. The
     * audit only reads more rows, so it never judges more loosely than the rule (it may count
     * duplicate keys that pruned mode leaves unread), and recording the override instead would
     * read to the gate as a rule change: a loosening on the next normal night, or, after a cutover,
     * a stricter rule that every later normal night would be looser than.
     */
    static LoadedRule compared(LoadedRule asWritten, boolean fullDiff) {
        return fullDiff
                ? new LoadedRule(asWritten.rule().withKeyDiffMode(Checks.KeyDiffMode.FULL), asWritten.origin())
                : asWritten;
    }

    PipelineResult run(LoadedRule asWritten, LocalDate runDate, Instant runStartedAt) {
        String fingerprint = RulesFingerprint.of(asWritten.rule());
        LoadedRule loaded = compared(asWritten, fullDiff);
        Rule rule = loaded.rule();
        String leftSource = SourceResolver.describe(rule.left(), runDate);
        String rightSource = SourceResolver.describe(rule.right(), runDate);
        Instant started = Instant.now();
        try {
            // Resolving a source lists its files and reads a schema (a Spark job for Parquet, a
            // round trip for JDBC): the two sides resolve at once.
            BackgroundTask<Dataset<Row>> rightRead = BackgroundTask.start(
                    "parity-source", () -> sources.read(rule.right(), runDate, "right", loaded.origin()));
            Dataset<Row> left =
                    rightRead.whileRunning(() -> sources.read(rule.left(), runDate, "left", loaded.origin()));
            Dataset<Row> right = rightRead.join();
            ComparisonContext ctx =
                    new ComparisonContext(runDate, leftSource, rightSource, fingerprint, runStartedAt, sampleMaskKey);
            PipelineResult r = SparkParity.compare(left, right, loaded, ctx);
            return locate(r, loaded);
        } catch (ParityException e) {
            return locate(
                    failed(
                            rule,
                            runDate,
                            leftSource,
                            rightSource,
                            fingerprint,
                            started,
                            e.getMessage(),
                            isRuleError(e)),
                    loaded);
        } catch (Exception | StackOverflowError e) {
            // Spark throws AnalysisException, a checked exception, undeclared; a plan too deep for
            // the stack is this pipeline's ERROR too, never a lost pipeline.
            return failed(
                    rule,
                    runDate,
                    leftSource,
                    rightSource,
                    fingerprint,
                    started,
                    ParityErrors.pipelineFailed(rule.pipeline(), e).getMessage(),
                    false);
        }
    }

    /**
     * Whether reading the sources failed on the rule's account: its side's filter does not analyse
     * against the side, an error at a line of the rules file. Everything else that fails there is
     * the platform's (exit 3), a usage error that names no line of the rule included: an unset
     * credential variable, an unreadable password file.
     */
    private static boolean isRuleError(ParityException e) {
        return e.kind() == ParityException.Kind.USAGE && e.location().isPresent();
    }

    /** Points column and SQL errors of the engine at the rules file and line that caused them. */
    private static PipelineResult locate(PipelineResult r, LoadedRule loaded) {
        boolean anyError = r.verdicts().stream().anyMatch(v -> v.status() == dev.paritygate.verdict.Status.ERROR);
        if (!anyError) {
            return r;
        }
        List<Verdict> verdicts = r.verdicts().stream()
                .map(v -> v.status() != dev.paritygate.verdict.Status.ERROR
                                || v.message().startsWith("Invalid rule at ") // located where it was found
                                || !(v.message().contains(" column '")
                                        || v.message().startsWith("Invalid SQL in "))
                        ? v
                        : new Verdict(
                                v.check(),
                                v.scope(),
                                v.metric(),
                                v.status(),
                                v.blocking(),
                                v.leftValue(),
                                v.rightValue(),
                                v.difference(),
                                v.tolerance(),
                                v.message() + " (" + loaded.origin().locate(keyPathOf(v.message())) + ")",
                                v.details()))
                .toList();
        return new PipelineResult(
                r.pipeline(),
                r.runDate(),
                r.leftSource(),
                r.rightSource(),
                r.rulesFingerprint(),
                r.startedAt(),
                r.finishedAt(),
                verdicts,
                r.samples(),
                r.ruleError());
    }

    private static String keyPathOf(String message) {
        Matcher transform = TRANSFORM.matcher(message);
        if (transform.find()) {
            return transform.group(1) + ".transforms." + transform.group(2);
        }
        for (Pattern p : KEY_PATHS) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "";
    }

    private static PipelineResult failed(
            Rule rule,
            LocalDate runDate,
            String l,
            String r,
            String fingerprint,
            Instant started,
            String message,
            boolean ruleError) {
        // The same rows as a comparison that fails before its first verdict: a source that cannot
        // be read leaves every enabled check unevaluated, not only the key diff.
        List<Verdict> verdicts = UnevaluatedChecks.errors(rule, List.of(), message);
        return new PipelineResult(
                rule.pipeline(), runDate, l, r, fingerprint, started, Instant.now(), verdicts, List.of(), ruleError);
    }
}
