package dev.paritygate.job;

import dev.paritygate.job.report.VerdictViews;
import dev.paritygate.job.report.VerdictViews.ViewDefinition;
import dev.paritygate.verdict.RunResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parity views}: creates the stable reporting views over the verdict table, or prints their DDL. */
@Command(
        name = "views",
        mixinStandardHelpOptions = true,
        description = "Create the reporting views (latest_verdicts, pipeline_daily_status, column_mismatches,"
                + " kpi_comparisons) over the verdict table.")
final class ViewsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--warehouse",
            description = "Directory of the Delta verdict tables, or a catalog database name. Default: "
                    + RunCommand.WAREHOUSE_DEFAULT + ".")
    String warehouse;

    @Option(
            names = "--database",
            description = "Database the views are created in. Default: the catalog tables' database, else "
                    + VerdictViews.DATABASE_DEFAULT + ".")
    String database;

    @Option(
            names = "--print-sql",
            description = "Print the CREATE statements instead of running them (no Spark session is started).")
    boolean printSql;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var tables = RunCommand.tables(warehouse);
        if (printSql) {
            VerdictViews.ddl(tables, database).forEach(s -> out.println(s.strip() + ";\n"));
            out.flush();
            return RunResult.EXIT_OK;
        }
        SparkSession spark = SparkSessions.getOrCreate();
        List<String> created = VerdictViews.create(spark, tables, database);
        List<ViewDefinition> defs = VerdictViews.definitions();
        for (int i = 0; i < created.size(); i++) {
            out.println("view " + created.get(i) + " ("
                    + String.join(", ", defs.get(i).columnNames()) + ")");
        }
        CatalogNote.printIfEphemeral(
                spark,
                out,
                "run parity views --print-sql and the statements in your SQL engine, or run it in a session with a"
                        + " metastore (spark.sql.catalogImplementation=hive)");
        out.flush();
        return RunResult.EXIT_OK;
    }
}
