package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.rules.JdbcSpec;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.rules.RunDate;
import dev.paritygate.rules.SourceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * Turns a rule's side into a DataFrame: a path with a format, a catalog table, a SQL query or a
 * JDBC read, with {@code ${run_date}} substituted and the side's {@code filter} applied. A source that
 * cannot be read fails here, with the side and source named, before any comparison starts.
 */
final class SourceResolver {
    /**
     * Run on each MariaDB connection unless the rule sets its own {@code sessionInitStatement}.
     * Spark has no MariaDB dialect, and its generic one quotes column names with double quotes,
     * which MariaDB reads as string literals unless {@code ANSI_QUOTES} is on: every row would fail
     * with "value 'id' cannot be decoded".
     */
    static final String MARIADB_SESSION_INIT =
            "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'ANSI_QUOTES')";

    /**
     * Driver classes of the JDBC drivers shaded into the job jar, by URL prefix. Under spark-submit
     * the job jar is on Spark's own class loader, which {@code DriverManager} does not search, so
     * without the {@code driver} option every read fails with "No suitable driver".
     */
    static final Map<String, String> BUNDLED_DRIVERS =
            Map.of("jdbc:postgresql:", "org.postgresql.Driver", "jdbc:mariadb:", "org.mariadb.jdbc.Driver");

    /** Alias of a JDBC {@code query} read as a derived table (PostgreSQL and MariaDB require one). */
    static final String QUERY_ALIAS = "parity_query";

    private final SparkSession spark;
    private final Map<String, String> env;

    SourceResolver(SparkSession spark, Map<String, String> env) {
        this.spark = spark;
        this.env = env;
    }

    /**
     * @param origin where the rule was written, so that a {@code filter} that does not analyse
     *     against the side is a rules error at its line; null for a rule built in code
     */
    Dataset<Row> read(SourceSpec source, LocalDate runDate, String side, RuleOrigin origin) {
        // Spark parses a table name and a query; a path and a JDBC read hold no Spark SQL.
        String sqlKey = switch (source.kind()) {
            case TABLE -> side + ".table";
            case QUERY -> side + ".query";
            default -> null;
        };
        String sql = source.kind() == SourceSpec.Kind.TABLE ? source.table() : source.query();
        Dataset<Row> df = attempt(source, runDate, side, sqlKey, sql, () -> switch (source.kind()) {
            case PATH -> path(source, runDate, side);
            case TABLE -> spark.table(RunDate.substitute(source.table(), runDate));
            case QUERY -> spark.sql(RunDate.substitute(source.query(), runDate));
            case JDBC -> jdbc(source, runDate);
        });
        if (source.filter() == null || source.filter().isBlank()) {
            return df;
        }
        String filter = RunDate.substitute(source.filter(), runDate);
        try {
            return df.where(filter);
        } catch (Exception e) { // ParseException and AnalysisException are checked, thrown undeclared
            if (e instanceof ParseException) {
                throw ParityErrors.invalidSql(side + ".filter", filter, e);
            }
            if (e instanceof AnalysisException) {
                // The source was read: a filter naming a column the side lacks is the rule's to fix.
                throw ParityErrors.unresolvedSql(origin, side + ".filter", filter, side, List.of(df.columns()), e);
            }
            throw ParityErrors.unreadableSource(side, describe(source, runDate), e);
        }
    }

    /**
     * Runs one step of reading a side and turns the engine's failure into a message naming the
     * side, or, when Spark cannot parse the rule's SQL, the rule key that holds it.
     */
    private static Dataset<Row> attempt(
            SourceSpec source, LocalDate runDate, String side, String sqlKey, String sql, Callable<Dataset<Row>> step) {
        try {
            return step.call();
        } catch (dev.paritygate.ParityException e) {
            throw e;
        } catch (Exception e) { // Spark throws AnalysisException, a checked exception, undeclared
            if (e instanceof ParseException && sqlKey != null) {
                throw ParityErrors.invalidSql(sqlKey, RunDate.substitute(sql, runDate), e);
            }
            if (noSuitableDriver(e)) {
                throw ParityErrors.missingJdbcDriver(side, describe(source, runDate), e);
            }
            throw ParityErrors.unreadableSource(side, describe(source, runDate), e);
        }
    }

    private Dataset<Row> path(SourceSpec source, LocalDate runDate, String side) throws Exception {
        String path = RunDate.substitute(source.path(), runDate);
        Dataset<Row> df;
        try {
            df = declaredSchema(reader(source), source).format(source.format()).load(path);
        } catch (Exception e) { // AnalysisException, checked, is thrown undeclared
            // Delta says "doesn't exist" of any directory without a _delta_log, which sends the
            // user looking for a path that is there: say what it is instead.
            String condition = e instanceof SparkThrowable t ? t.getCondition() : null;
            if ("DELTA_TABLE_NOT_FOUND".equals(condition) && exists(path)) {
                throw ParityErrors.notADeltaTable(side, describe(source, runDate), path, e);
            }
            // Spark asks for a schema "to be specified manually", which no rule can do: the real
            // news is that the directory, there for this date, holds no data files yet.
            if ("UNABLE_TO_INFER_SCHEMA".equals(condition) && exists(path)) {
                throw ParityErrors.noDataFiles(side, describe(source, runDate), path, source.format(), e);
            }
            throw e;
        }
        // Empty CSV or JSON files (an export that found no rows) read as no columns at all, and the
        // key would then be reported missing from a rule that is right: say the files are empty.
        if (df.columns().length == 0) {
            throw ParityErrors.noColumns(side, describe(source, runDate), path, source.format());
        }
        return df;
    }

    /**
     * The rule's {@code schema}, if any. Spark applies a CSV schema by position and, by default,
     * ignores the header: a file whose columns come in another order would silently put amounts
     * into the id column. With a header, the header's names are therefore checked against the
     * declared ones ({@code enforceSchema=false}), unless the rule sets {@code enforceSchema} itself.
     */
    private static DataFrameReader declaredSchema(DataFrameReader r, SourceSpec source) {
        if (source.schema() == null) {
            return r;
        }
        r = r.schema(source.schema());
        if (source.format().equals("csv") && !hasOption(source, "enforceSchema")) {
            r = r.option("enforceSchema", "false");
        }
        return r;
    }

    private boolean exists(String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
        } catch (IOException | IllegalArgumentException e) {
            return false; // the original error then stands
        }
    }

    /** DriverManager's answer when no registered driver accepts the url. */
    private static boolean noSuitableDriver(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "No suitable driver".equals(s.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** The source as recorded on verdict rows: run date substituted, credentials never included. */
    static String describe(SourceSpec source, LocalDate runDate) {
        return RunDate.substitute(source.describe(), runDate);
    }

    private DataFrameReader reader(SourceSpec source) {
        DataFrameReader r = spark.read();
        for (Map.Entry<String, String> o : source.options().entrySet()) {
            r = r.option(o.getKey(), o.getValue());
        }
        return r;
    }

    private Dataset<Row> jdbc(SourceSpec source, LocalDate runDate) {
        JdbcSpec j = source.jdbc();
        DataFrameReader r = reader(source).format("jdbc").option("url", j.url());
        if (j.table() != null) {
            r = r.option("dbtable", RunDate.substitute(j.table(), runDate));
        } else if (j.partitionColumn() != null) {
            // Spark refuses its query option together with partitionColumn; the same query as a
            // derived table is what its documentation advises, and each partition's WHERE wraps it.
            r = r.option("dbtable", "(" + RunDate.substitute(j.query(), runDate) + ") " + QUERY_ALIAS);
        } else {
            r = r.option("query", RunDate.substitute(j.query(), runDate));
        }
        if (j.userEnv() != null) {
            r = r.option("user", required(j.userEnv()));
        }
        if (j.passwordEnv() != null) {
            r = r.option("password", required(j.passwordEnv()));
        } else if (j.passwordFile() != null) {
            r = r.option("password", passwordFromFile(j.passwordFile()));
        }
        if (j.partitionColumn() != null) {
            r = r.option("partitionColumn", j.partitionColumn())
                    .option("lowerBound", j.lowerBound())
                    .option("upperBound", j.upperBound())
                    .option("numPartitions", String.valueOf(j.numPartitions()));
        }
        if (j.fetchSize() != null) {
            r = r.option("fetchsize", String.valueOf(j.fetchSize()));
        }
        if (!hasOption(source, "driver")) {
            for (Map.Entry<String, String> d : BUNDLED_DRIVERS.entrySet()) {
                if (startsWithIgnoreCase(j.url(), d.getKey())) {
                    r = r.option("driver", d.getValue());
                }
            }
        }
        if (startsWithIgnoreCase(j.url(), "jdbc:mariadb:") && !hasOption(source, "sessionInitStatement")) {
            r = r.option("sessionInitStatement", MARIADB_SESSION_INIT);
        }
        return r.load();
    }

    private static boolean hasOption(SourceSpec source, String name) {
        return source.options().keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private String required(String variable) {
        String v = env.get(variable);
        if (v == null) {
            throw ParityErrors.invalidArgument(
                    "environment variable",
                    variable,
                    "it is not set; export it before running (the rule reads credentials from it)");
        }
        return v;
    }

    private static String passwordFromFile(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                    .findFirst()
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            throw ParityErrors.invalidArgument("password_file", file, "cannot be read: " + e.getMessage());
        }
    }
}
