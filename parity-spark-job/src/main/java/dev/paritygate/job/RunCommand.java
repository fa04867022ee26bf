package dev.paritygate.job;

import dev.paritygate.BackgroundTask;
import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.job.report.ReportRequest;
import dev.paritygate.job.report.RunReport;
import dev.paritygate.rules.InvalidRuleFile;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RunDate;
import dev.paritygate.spark.SparkRuleSql;
import dev.paritygate.spark.SparkSchemaDdl;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.SummaryJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parity run}: compares one or every pipeline of a rules directory for one run date. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Compare pipelines for one business date, append verdicts, exit 0/1/2/3.")
final class RunCommand implements Callable<Integer> {
    /**
     * The environment variable holding the secret key under which the samples hash masked columns
     * (HMAC-SHA256): a key from the deployment's secret store, never from a rules file.
     */
    static final String SAMPLE_MASK_KEY_ENV = "PARITY_SAMPLE_MASK_KEY";

    /** Pipelines compared at once when {@code --parallelism} is not given. */
    static final int PARALLELISM_DEFAULT = 4;
    /** Warehouse used when {@code --warehouse} is not given, relative to the working directory. */
    static final String WAREHOUSE_DEFAULT = "parity-warehouse";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rules", required = true, description = "Rules file or directory of *.yaml rules.")
    Path rules;

    @Option(names = "--pipeline", description = "Compare only these pipelines (repeatable).")
    List<String> pipelines;

    @Option(
            names = "--run-date",
            required = true,
            description = "Business date compared, YYYY-MM-DD; fills $${run_date}.")
    String runDate;

    @Option(
            names = "--run-id",
            description =
                    "Run identifier; re-running with the same id replaces that run's rows. Default: <run-date>T<UTC time>.")
    String runId;

    @Option(
            names = "--warehouse",
            description = "Directory of the Delta verdict tables, or a catalog database name. Default: "
                    + WAREHOUSE_DEFAULT + ".")
    String warehouse;

    @Option(names = "--summary-json", description = "Also write the run's result as JSON to this file.")
    Path summaryJson;

    @Option(
            names = "--explain",
            description = "Print the plan (sources, filters, checks, tolerances) without reading data.")
    boolean explain;

    @Option(names = "--report", description = "Also write the run's HTML report to this directory (index.html).")
    Path report;

    @Option(names = "--full-diff", description = "Run the key diff over every row, ignoring fingerprints (audit mode).")
    boolean fullDiff;

    @Option(names = "--parallelism", description = "Pipelines compared at once. Default: " + PARALLELISM_DEFAULT + ".")
    int parallelism = PARALLELISM_DEFAULT;

    /** The run's id once known: {@code --run-id}, or the default once the run date parsed. */
    private String id;

    /**
     * Compares, and writes the {@code --summary-json} whatever the exit: an orchestrator that reads
     * the file after every run must never find the previous night's summary in its place.
     */
    @Override
    public Integer call() {
        id = runId;
        // Checked first: every later error is written to it.
        if (summaryJson != null) {
            OutputPath.requireWritableFile("--summary-json", summaryJson);
        }
        try {
            return compare();
        } catch (RuntimeException e) {
            if (summaryJson != null) {
                String error = e instanceof dev.paritygate.ParityException ? e.getMessage() : "Internal error: " + e;
                afterOutput(
                        RunResult.EXIT_ERROR,
                        () -> SummaryJson.writeFailure(id, ParityCommand.exitCode(e), error, summaryJson));
            }
            throw e;
        }
    }

    private Integer compare() {
        LocalDate date = RunDate.parse(runDate);
        id = runId != null ? runId : defaultRunId(date);
        if (parallelism < 1) {
            throw ParityErrors.invalidArgument(
                    "--parallelism",
                    Integer.toString(parallelism),
                    "the number of pipelines compared at once, 1 or more");
        }
        // File by file: an invalid file (a typo, SQL that does not parse) costs only its own
        // pipeline, found before any data is read, and the others are compared as every night.
        RuleFiles files = RuleLoader.loadEach(rules, SparkSchemaDdl.PARSER, SparkRuleSql::problems);
        PipelineSelection selection = PipelineSelection.of(files, pipelines, "--pipeline");
        List<LoadedRule> selected = selection.valid();
        if (report != null) {
            OutputPath.requireWritableDirectory("--report", report);
        }
        // The defaults file is every selected pipeline's: its error counts whichever are selected.
        List<ParityException> rulesErrors = new ArrayList<>();
        files.defaultsError().ifPresent(rulesErrors::add);
        rulesErrors.addAll(selection.errors());
        reportInvalid(rulesErrors, selection.others());
        PrintWriter out = spec.commandLine().getOut();
        if (explain) {
            selected.forEach(l -> ExplainPrinter.print(out, l, date, fullDiff));
            out.flush();
            return rulesErrors.isEmpty() ? RunResult.EXIT_OK : RunResult.EXIT_USAGE;
        }
        SparkSession spark = SparkSessions.getOrCreate();
        VerdictTables tables = tables(warehouse);
        requireDatabase(spark, tables);
        RunResult result = execute(
                spark,
                selected,
                InvalidRules.results(selection.invalid(), date),
                rulesErrors.stream().map(ParityException::getMessage).toList(),
                date,
                id,
                tables,
                parallelism,
                fullDiff,
                out);
        int exit = result.exitCode();
        if (summaryJson != null) {
            exit = afterOutput(exit, () -> {
                SummaryJson.write(result, summaryJson);
                out.println("summary JSON: " + summaryJson.toAbsolutePath());
            });
        }
        if (report != null) {
            exit = afterOutput(exit, () -> {
                Path file = RunReport.write(spark, tables, ReportRequest.ofRun(result.runId()), report);
                out.println("report: " + file.toAbsolutePath());
            });
        }
        out.flush();
        return exit;
    }

    /**
     * Writes an output after the verdicts were committed. If that fails (a disk filled up during the
     * run), the run's own exit code still stands when it reports a difference or an error; a run that
     * passed exits 3, so a missing output is never taken for a clean night.
     */
    private int afterOutput(int exit, Runnable write) {
        try {
            write.run();
            return exit;
        } catch (dev.paritygate.ParityException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return exit == RunResult.EXIT_OK ? RunResult.EXIT_ERROR : exit;
        }
    }

    /**
     * Prints the errors of the invalid files the run stands for, each at its lines, and names the
     * invalid files of pipelines it does not compare.
     */
    private void reportInvalid(List<ParityException> errors, List<InvalidRuleFile> others) {
        PrintWriter err = spec.commandLine().getErr();
        if (!errors.isEmpty()) {
            err.println(ParityErrors.invalidRulesFiles(errors).getMessage());
        }
        if (!others.isEmpty()) {
            err.println("Warning: rules files of pipelines not selected are invalid (parity validate-rules "
                    + rules + " lists their errors): "
                    + String.join(
                            ", ", others.stream().map(f -> f.file().toString()).toList()));
        }
        err.flush();
    }

    /**
     * Runs the comparisons, writes verdicts and prints the summary; shared with {@code demo}.
     *
     * @param fullDiff whether the key diff reads every row ({@code --full-diff}); the rules are
     *     recorded and fingerprinted as written all the same ({@link PipelineRunner#compared})
     */
    static RunResult execute(
            SparkSession spark,
            List<LoadedRule> rules,
            LocalDate date,
            String runId,
            VerdictTables tables,
            int parallelism,
            boolean fullDiff,
            PrintWriter out) {
        return execute(spark, rules, List.of(), List.of(), date, runId, tables, parallelism, fullDiff, out);
    }

    /**
     * As {@link #execute(SparkSession, List, LocalDate, String, VerdictTables, int, boolean, PrintWriter)}, and
     * writes the results of the pipelines whose rules files are invalid beside the others.
     *
     * @param uncompared the rules-error results of pipelines whose files are invalid
     * @param rulesErrors the run's invalid rules files, one message each
     */
    static RunResult execute(
            SparkSession spark,
            List<LoadedRule> rules,
            List<PipelineResult> uncompared,
            List<String> rulesErrors,
            LocalDate date,
            String runId,
            VerdictTables tables,
            int parallelism,
            boolean fullDiff,
            PrintWriter out) {
        SparkSession bk = SparkSessions.bookkeeping(spark);
        DeltaVerdictStore store = new DeltaVerdictStore(bk, tables);
        // Table bookkeeping reads and commits Delta logs on the driver and barely uses the executors:
        // it runs beside the comparisons instead of before them. The gate compares the rule texts of
        // past runs to tell a loosened rule from a tightened one.
        BackgroundTask<Void> bookkeeping = BackgroundTask.start("parity-bookkeeping", () -> {
            SparkSession.setActiveSession(bk);
            spark.sparkContext().setLocalProperty("spark.scheduler.pool", SparkSessions.BOOKKEEPING_POOL);
            new DeltaGateStore(bk, tables)
                    .recordRules(rules.stream().map(LoadedRule::rule).toList(), Instant.now());
            store.prepare();
            return null;
        });
        SourceResolver sources = new SourceResolver(spark, System.getenv());
        NightlyRun run = new NightlyRun(
                new PipelineRunner(sources, System.getenv(SAMPLE_MASK_KEY_ENV), fullDiff)::run,
                (id, r) -> {
                    // An unusable warehouse fails the run here, as it did when bookkeeping came first.
                    bookkeeping.join();
                    store.write(id, r);
                },
                parallelism);
        RunResult written = run.run(runId, uncompared, rules, date, r -> {});
        bookkeeping.join();
        RunResult result = new RunResult(runId, written.pipelines(), rulesErrors);
        SummaryPrinter.print(out, result);
        out.println("verdicts: " + tables.verdicts() + "   samples: " + tables.samples());
        return result;
    }

    /**
     * A catalog warehouse's database must exist before anything is compared: otherwise every
     * pipeline ran, and the first commit failed with exit 3 on a table the user never named.
     */
    private void requireDatabase(SparkSession spark, VerdictTables tables) {
        if (tables.kind() != VerdictTables.Kind.CATALOG) {
            return;
        }
        String database = warehouse.strip();
        if (!spark.catalog().databaseExists(database)) {
            throw ParityErrors.invalidArgument(
                    "--warehouse",
                    warehouse,
                    "Spark's catalog has no database '" + database + "'. A name without '/' names a catalog"
                            + " database, which must exist to hold " + tables.verdicts() + " and " + tables.samples()
                            + ": create it (CREATE DATABASE " + database + "), or write ./" + database
                            + " for a directory");
        }
    }

    /** The tables a {@code --warehouse} argument names, the default warehouse when it is null. */
    static VerdictTables tables(String warehouse) {
        return warehouse == null ? VerdictTables.atPath(Path.of(WAREHOUSE_DEFAULT)) : VerdictTables.parse(warehouse);
    }

    static String defaultRunId(LocalDate date) {
        return date + "T"
                + DateTimeFormatter.ofPattern("HHmmss'Z'")
                        .withZone(ZoneOffset.UTC)
                        .format(java.time.Instant.now());
    }
}
