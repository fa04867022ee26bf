package dev.paritygate.job.report;

import dev.paritygate.ParityErrors;
import dev.paritygate.store.VerdictTables;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * Stable SQL views over the verdict table for BI tools. Each view names its columns explicitly, so
 * an additive upgrade of the verdict table never changes what a dashboard sees, and only the latest
 * attempt per (pipeline, run date) counts, as in the gate: a repaired re-run replaces the failed one.
 */
public final class VerdictViews {
    /** Database the views go to when none is given and the verdict tables are paths. */
    public static final String DATABASE_DEFAULT = "parity";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** A column a view exposes. */
    public record ViewColumn(String name, String type, String meaning) {}

    /** A view: its name, what one row is, its columns and its query over the verdict table. */
    public record ViewDefinition(String name, String rows, List<ViewColumn> columns, String query) {
        public ViewDefinition {
            columns = List.copyOf(columns);
        }

        /** Column names in order. */
        public List<String> columnNames() {
            return columns.stream().map(ViewColumn::name).toList();
        }
    }

    /** Latest attempt per (pipeline, run date), with how many attempts there were. */
    private static final String LATEST = """
            WITH attempts AS (
              SELECT pipeline, run_date, run_id, max(finished_at) AS finished_at
              FROM {verdicts}
              GROUP BY pipeline, run_date, run_id
            ), ranked AS (
              SELECT pipeline, run_date, run_id, finished_at,
                     row_number() OVER (PARTITION BY pipeline, run_date ORDER BY finished_at DESC, run_id DESC) AS rn,
                     count(*) OVER (PARTITION BY pipeline, run_date) AS attempts
              FROM attempts
            ), latest AS (
              SELECT v.*, r.attempts
              FROM {verdicts} v
              JOIN ranked r
                ON v.pipeline = r.pipeline AND v.run_date <=> r.run_date AND v.run_id = r.run_id
              WHERE r.rn = 1
            )
            """;

    private static final List<ViewDefinition> VIEWS = List.of(
            new ViewDefinition(
                    "latest_verdicts",
                    "one verdict row (check, scope, metric) of the latest attempt per pipeline and run date",
                    List.of(
                            col("pipeline", "STRING", "pipeline name"),
                            col("run_date", "DATE", "business date compared"),
                            col("run_id", "STRING", "the latest attempt's run id"),
                            col(
                                    "check_name",
                                    "STRING",
                                    "schema, row_count, partition_hash, key_diff, column:<name>, kpi:<name>, ..."),
                            col(
                                    "scope",
                                    "STRING",
                                    "* for the table, a partition such as order_date=2026-11-20, or a KPI group"),
                            col(
                                    "metric",
                                    "STRING",
                                    "what was measured: rows, fingerprint, rows_only_in_left, mismatches, ..."),
                            col("status", "STRING", "PASS, WARN, FAIL, ERROR or SKIPPED"),
                            col("blocking", "BOOLEAN", "whether a failure of this check fails the run"),
                            col("left_value", "STRING", "legacy side's value"),
                            col("right_value", "STRING", "cloud side's value"),
                            col("difference", "DOUBLE", "numeric difference or count of differences"),
                            col("tolerance", "STRING", "tolerance applied, in words"),
                            col("message", "STRING", "one line a person acts on"),
                            col("run_status", "STRING", "the pipeline's status in that attempt"),
                            col("rules_fingerprint", "STRING", "hash of the effective rule"),
                            col("finished_at", "TIMESTAMP", "when the attempt finished"),
                            col("attempts", "BIGINT", "attempts (run ids) for this pipeline and date")),
                    LATEST + """
                            SELECT pipeline, run_date, run_id, check_name, scope, metric, status, blocking,
                                   left_value, right_value, difference, tolerance, message, run_status,
                                   rules_fingerprint, finished_at, attempts
                            FROM latest
                            """),
            new ViewDefinition(
                    "pipeline_daily_status",
                    "one row per pipeline and run date: the latest attempt's outcome",
                    List.of(
                            col("pipeline", "STRING", "pipeline name"),
                            col("run_date", "DATE", "business date compared"),
                            col("run_id", "STRING", "the latest attempt's run id"),
                            col("run_status", "STRING", "the pipeline's status in that attempt"),
                            col("blocking_failures", "BIGINT", "blocking verdict rows with FAIL"),
                            col("errors", "BIGINT", "verdict rows with ERROR"),
                            col("warnings", "BIGINT", "verdict rows with WARN, and non-blocking FAIL rows"),
                            col("checks", "BIGINT", "distinct checks evaluated"),
                            col("attempts", "BIGINT", "attempts (run ids) for this pipeline and date"),
                            col("rules_fingerprint", "STRING", "hash of the effective rule"),
                            col("finished_at", "TIMESTAMP", "when the attempt finished")),
                    LATEST + """
                            SELECT pipeline, run_date, run_id, max(run_status) AS run_status,
                                   count_if(blocking AND status = 'FAIL') AS blocking_failures,
                                   count_if(status = 'ERROR') AS errors,
                                   count_if(status = 'WARN' OR (NOT blocking AND status = 'FAIL')) AS warnings,
                                   count(DISTINCT check_name) AS checks,
                                   max(attempts) AS attempts,
                                   max(rules_fingerprint) AS rules_fingerprint,
                                   max(finished_at) AS finished_at
                            FROM latest
                            GROUP BY pipeline, run_date, run_id
                            """),
            new ViewDefinition(
                    "column_mismatches",
                    "one row per pipeline, run date and compared column of the latest attempt",
                    List.of(
                            col("pipeline", "STRING", "pipeline name"),
                            col("run_date", "DATE", "business date compared"),
                            col("run_id", "STRING", "the latest attempt's run id"),
                            col("column_name", "STRING", "the compared column (cloud-side name)"),
                            col("mismatches", "BIGINT", "rows on both sides whose values differ beyond tolerance"),
                            col("status", "STRING", "the column check's status")),
                    LATEST + """
                            SELECT pipeline, run_date, run_id, substring(check_name, 8) AS column_name,
                                   CAST(difference AS BIGINT) AS mismatches, status
                            FROM latest
                            WHERE check_name LIKE 'column:%' AND metric = 'mismatches'
                            """),
            new ViewDefinition(
                    "kpi_comparisons",
                    "one row per pipeline, run date, KPI, group and metric of the latest attempt",
                    List.of(
                            col("pipeline", "STRING", "pipeline name"),
                            col("run_date", "DATE", "business date compared"),
                            col("run_id", "STRING", "the latest attempt's run id"),
                            col("kpi", "STRING", "KPI name (the check is kpi:<name>)"),
                            col("kpi_group", "STRING", "* for an ungrouped KPI, else the group such as region=EU"),
                            col("metric", "STRING", "metric name"),
                            col("left_value", "STRING", "legacy side's value; null when the group is missing there"),
                            col("right_value", "STRING", "cloud side's value; null when the group is missing there"),
                            col("difference", "DOUBLE", "right minus left"),
                            col("tolerance", "STRING", "tolerance applied, in words"),
                            col("status", "STRING", "the KPI check's status")),
                    LATEST + """
                            SELECT pipeline, run_date, run_id, substring(check_name, 5) AS kpi, scope AS kpi_group, metric,
                                   left_value, right_value, difference, tolerance, status
                            FROM latest
                            WHERE check_name LIKE 'kpi:%'
                            """));

    private VerdictViews() {}

    private static ViewColumn col(String name, String type, String meaning) {
        return new ViewColumn(name, type, meaning);
    }

    /** Every view, in the order they are created. */
    public static List<ViewDefinition> definitions() {
        return VIEWS;
    }

    /** The database views go to: {@code database} if given, else the catalog tables' own, else {@value #DATABASE_DEFAULT}. */
    public static String database(VerdictTables tables, String database) {
        if (database != null) {
            if (!IDENTIFIER.matcher(database).matches()) {
                throw ParityErrors.invalidArgument(
                        "--database", database, "a database name such as parity or my_catalog.parity");
            }
            return database;
        }
        if (tables.kind() == VerdictTables.Kind.CATALOG) {
            int dot = tables.verdicts().lastIndexOf('.');
            if (dot > 0) {
                return tables.verdicts().substring(0, dot);
            }
        }
        return DATABASE_DEFAULT;
    }

    /** The statements that create the database and every view, in order. */
    public static List<String> ddl(VerdictTables tables, String database) {
        String db = database(tables, database);
        String source = tables.kind() == VerdictTables.Kind.PATH
                ? "delta.`" + tables.verdicts().replace("`", "``") + "`"
                : tables.verdicts();
        List<String> statements = new ArrayList<>();
        statements.add("CREATE DATABASE IF NOT EXISTS " + db);
        for (ViewDefinition v : VIEWS) {
            statements.add("CREATE OR REPLACE VIEW " + db + "." + v.name() + " (" + String.join(", ", v.columnNames())
                    + ")\nCOMMENT '" + v.rows().replace("'", "\\'") + "'\nAS " + query(v, source));
        }
        return statements;
    }

    /** A view's query over {@code source} (a table identifier or a parenthesised query). */
    static String query(ViewDefinition v, String source) {
        return v.query().replace("{verdicts}", source);
    }

    /**
     * Creates (or replaces) the views in the session's catalog.
     *
     * @return the qualified names of the views
     */
    public static List<String> create(SparkSession spark, VerdictTables tables, String database) {
        String db = database(tables, database);
        for (String statement : ddl(tables, database)) {
            try {
                spark.sql(statement);
            } catch (Exception e) {
                throw ParityErrors.viewNotCreated(statement.lines().findFirst().orElse(statement), e);
            }
        }
        return VIEWS.stream().map(v -> db + "." + v.name()).toList();
    }
}
