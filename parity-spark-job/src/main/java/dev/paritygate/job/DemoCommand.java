package dev.paritygate.job;

import dev.paritygate.job.demo.DemoDataset;
import dev.paritygate.job.demo.DemoManifest;
import dev.paritygate.job.report.ReportRequest;
import dev.paritygate.job.report.RunReport;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.spark.SparkSchemaDdl;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.SummaryJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parity demo}: generates a legacy and a cloud orders dataset with known differences, compares
 * them and leaves verdicts, samples and the JSON summary in a local warehouse. Exits 0 when it ran,
 * whatever the verdicts say: the differences are the point of the demo.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate two datasets with known differences, compare them, print the summary.")
final class DemoCommand implements Callable<Integer> {
    /** The business date the demo's data ends on. */
    static final LocalDate DEMO_RUN_DATE = LocalDate.of(2026, 11, 20);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "Where the demo's data, rules and warehouse go. Default: demo.")
    Path dir = Path.of("demo");

    @Option(names = "--rows", description = "Rows per side. Default: 300000.")
    int rows = 300_000;

    @Option(names = "--seed", description = "Seed of the generated data. Default: 42.")
    long seed = 42L;

    @Override
    public Integer call() {
        DemoDataset.checkRows(rows);
        PrintWriter out = spec.commandLine().getOut();
        Path home = dir.toAbsolutePath().normalize();
        SparkSession spark = SparkSessions.getOrCreate();
        out.printf("Generating %,d legacy and cloud orders with known differences under %s ...%n", rows, home);
        out.flush();
        DemoManifest manifest = DemoDataset.generate(spark, home, rows, seed);
        Path warehouse = home.resolve("parity-warehouse");
        RunResult result = RunCommand.execute(
                spark,
                RuleLoader.load(home.resolve("rules"), SparkSchemaDdl.PARSER).topologicalOrder(),
                DEMO_RUN_DATE,
                "demo-" + RunCommand.defaultRunId(DEMO_RUN_DATE),
                VerdictTables.atPath(warehouse),
                1,
                false,
                out);
        Path summary = warehouse.resolve("summary.json");
        SummaryJson.write(result, summary);
        Path report = RunReport.write(
                spark, VerdictTables.atPath(warehouse), ReportRequest.ofRun(result.runId()), home.resolve("report"));
        out.printf(
                "%nInjected (%s): %d rows only in legacy, %d only in cloud, %d changed amounts, %d changed regions,"
                        + " %d discounts within tolerance, %d duplicated cloud keys, %d null legacy key%n",
                home.resolve("manifest.json"),
                manifest.rowsOnlyInLeft(),
                manifest.rowsOnlyInRight(),
                manifest.amountMismatches(),
                manifest.regionMismatches(),
                manifest.discountNudged(),
                manifest.duplicateKeysRight(),
                manifest.nullKeysLeft());
        out.printf("Rules:          %s%n", home.resolve("rules"));
        out.printf("Verdicts table: %s%n", warehouse.resolve("verdicts"));
        out.printf("Samples table:  %s%n", warehouse.resolve("samples"));
        out.printf("JSON summary:   %s%n", summary);
        out.printf("HTML report:    %s%n", report);
        out.flush();
        return 0;
    }
}
