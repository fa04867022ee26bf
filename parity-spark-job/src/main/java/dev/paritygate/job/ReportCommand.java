package dev.paritygate.job;

import dev.paritygate.job.report.ReportRequest;
import dev.paritygate.job.report.RunReport;
import dev.paritygate.rules.RunDate;
import dev.paritygate.verdict.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parity report}: writes the self-contained HTML report of a run from the verdict tables. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Write the HTML report of a run (the latest, a run id, or a run date) to DIR/index.html.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pipeline", description = "Report only these pipelines (repeatable). Default: all in the run.")
    List<String> pipelines;

    @Option(names = "--run-id", description = "The run to report. Default: the most recently finished run.")
    String runId;

    @Option(
            names = "--run-date",
            description = "Report the latest attempt of each pipeline for this business date, YYYY-MM-DD.")
    String runDate;

    @Option(
            names = "--warehouse",
            description = "Directory of the Delta verdict tables, or a catalog database name. Default: "
                    + RunCommand.WAREHOUSE_DEFAULT + ".")
    String warehouse;

    @Option(names = "--out", required = true, description = "Directory the report's index.html is written to.")
    Path out;

    @Override
    public Integer call() {
        // Building the report reads the verdict tables with Spark: a path that cannot be written
        // fails now, not after that work.
        OutputPath.requireWritableDirectory("--out", out);
        ReportRequest request = new ReportRequest(pipelines, runId, runDate == null ? null : RunDate.parse(runDate));
        Path file = RunReport.write(SparkSessions.getOrCreate(), RunCommand.tables(warehouse), request, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("report: " + file.toAbsolutePath());
        w.flush();
        return RunResult.EXIT_OK;
    }
}
