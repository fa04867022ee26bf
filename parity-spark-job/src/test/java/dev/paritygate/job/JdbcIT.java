package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.RuleLoader;
import dev.paritygate.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC legacy sides against the machine's real PostgreSQL and MariaDB: partitioned parallel reads,
 * credentials from the environment or a file, and the rendering quirks of legacy warehouses.
 */
class JdbcIT {
    /** Set for the test JVM by Failsafe (see the job pom); trust auth ignores the password. */
    static final String USER_ENV = "PARITY_IT_PG_USER";

    static final int ROWS = 2000;

    @TempDir
    static Path dir;

    static Connection pg;
    static String orders;
    static Path passwordFile;

    @BeforeAll
    static void loadPostgres() throws Exception {
        pg = Databases.postgres();
        orders = Databases.uniqueTable("pg_orders");
        Databases.execute(
                pg,
                "CREATE TABLE " + orders + " (id BIGINT PRIMARY KEY, day DATE, amount NUMERIC(12,2), name VARCHAR(40))",
                "INSERT INTO " + orders + " SELECT g, DATE '2026-11-20', g * 1.25, 'name-' || g"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SharedSpark.spark()
                .range(1, ROWS + 1)
                .selectExpr(
                        "id",
                        "DATE'2026-11-20' AS day",
                        "CAST(id * 1.25 AS DECIMAL(12,2)) AS amount",
                        "concat('name-', id) AS name")
                .write()
                .parquet(dir.resolve("orders.parquet").toString());
        passwordFile = Files.writeString(dir.resolve("pg.password"), "not-checked-by-trust-auth\n");
    }

    @AfterAll
    static void dropTables() throws Exception {
        if (pg != null) {
            Databases.execute(pg, "DROP TABLE IF EXISTS " + orders);
            pg.close();
        }
    }

    static Path rules(String name, String left, String right, String extra) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + name));
        Files.writeString(rules.resolve(name + ".yaml"), """
                pipeline: %s
                left:
                %s
                right:
                %s
                key: [id]
                %s
                """.formatted(
                        name, left.indent(2).stripTrailing(), right.indent(2).stripTrailing(), extra));
        return rules;
    }

    static String pgOrders(String table) {
        return """
                jdbc:
                  url: %s
                  table: %s
                  user_env: %s
                  password_file: %s
                  partition_column: id
                  lower_bound: 1
                  upper_bound: %d
                  num_partitions: 4
                  fetch_size: 500
                """.formatted(Databases.PG_URL, table, USER_ENV, passwordFile, ROWS);
    }

    static String parquet(String file) {
        return "format: parquet\npath: " + dir.resolve(file);
    }

    static CommandRun run(Path rules, String runId) {
        return CommandRun.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                runId,
                "--warehouse",
                dir.resolve("wh").toString());
    }

    static List<String> verdicts(String runId, String where) {
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh/verdicts").toString())
                .where("run_id = '" + runId + "' AND scope = '*' AND " + where)
                .orderBy("check_name", "metric")
                .collectAsList()
                .stream()
                .map(r -> r.<String>getAs("check_name") + "." + r.<String>getAs("metric") + "="
                        + r.<Double>getAs("difference"))
                .toList();
    }

    @Test
    void postgresTableEqualToItsParquetCopyPasses() throws IOException {
        Path rules = rules("pg_equal", pgOrders(orders), parquet("orders.parquet"), "");

        CommandRun r = run(rules, "pg-equal");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pipeline pg_equal: PASS");
        assertThat(verdicts("pg-equal", "check_name = 'row_count' AND metric = 'rows'"))
                .isNotEmpty();
    }

    @Test
    void partitionedReadSplitsTheTableIntoTheConfiguredNumberOfQueries() throws IOException {
        Path rules = rules("pg_parts", pgOrders(orders), parquet("orders.parquet"), "");
        SourceResolver resolver = new SourceResolver(SharedSpark.spark(), Map.of(USER_ENV, Databases.PG_USER));

        Dataset<Row> legacy = resolver.read(
                RuleLoader.load(rules).rules().get(0).rule().left(), LocalDate.parse("2026-11-20"), "left", null);

        assertThat(legacy.rdd().getNumPartitions()).isEqualTo(4);
        assertThat(legacy.count()).isEqualTo(ROWS);
    }

    @Test
    void partitionedQueryWithTheRunDateIsSplitIntoTheConfiguredNumberOfQueries() throws IOException {
        // The README's example: a query (not a table) with ${run_date}, read in parallel. Spark
        // alone refuses query together with partitionColumn ("requirement failed").
        String query = """
                jdbc:
                  url: %s
                  query: "SELECT id, day, amount, name FROM %s WHERE day = DATE '${run_date}'"
                  user_env: %s
                  partition_column: id
                  lower_bound: 1
                  upper_bound: %d
                  num_partitions: 4
                """.formatted(Databases.PG_URL, orders, USER_ENV, ROWS);
        Path rules = rules("pg_query_parts", query, parquet("orders.parquet"), "");
        SourceResolver resolver = new SourceResolver(SharedSpark.spark(), Map.of(USER_ENV, Databases.PG_USER));

        Dataset<Row> legacy = resolver.read(
                RuleLoader.load(rules).rules().get(0).rule().left(), LocalDate.parse("2026-11-20"), "left", null);
        Dataset<Row> otherDate = resolver.read(
                RuleLoader.load(rules).rules().get(0).rule().left(), LocalDate.parse("2026-11-21"), "left", null);

        assertThat(legacy.rdd().getNumPartitions()).isEqualTo(4);
        assertThat(legacy.count()).isEqualTo(ROWS);
        assertThat(otherDate.count()).isZero();
        CommandRun r = run(rules, "pg-query-parts");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pipeline pg_query_parts: PASS");
    }

    @Test
    void rowChangedInPostgresIsFoundByKeyAndColumn() throws Exception {
        String changed = Databases.uniqueTable("pg_changed");
        Databases.execute(
                pg,
                "CREATE TABLE " + changed + " AS SELECT * FROM " + orders,
                "UPDATE " + changed + " SET amount = amount + 1 WHERE id = 777");
        try {
            Path rules = rules("pg_changed", pgOrders(changed), parquet("orders.parquet"), "");

            CommandRun r = run(rules, "pg-changed");

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(verdicts(
                            "pg-changed",
                            "(check_name = 'column:amount' OR metric IN ('rows_mismatched', 'rows_only_in_left'))"))
                    .containsExactly(
                            "column:amount.mismatches=1.0",
                            "key_diff.rows_mismatched=1.0",
                            "key_diff.rows_only_in_left=0.0");
        } finally {
            Databases.execute(pg, "DROP TABLE " + changed);
        }
    }

    /**
     * NUMERIC without a scale against BIGINT, CHAR(n) padding against a plain string, and a
     * TIMESTAMP WITHOUT TIME ZONE holding New York wall-clock time against UTC instants (row 3 is
     * just after the 2026 switch to daylight saving time, so its offset is -4, not -5).
     */
    static String quirkTable() throws Exception {
        String t = Databases.uniqueTable("pg_quirks");
        Databases.execute(
                pg,
                "CREATE TABLE " + t
                        + " (id INTEGER, qty NUMERIC, code CHAR(8), created_at TIMESTAMP WITHOUT TIME ZONE)",
                "INSERT INTO " + t + " VALUES"
                        + " (1, 10, 'AB', TIMESTAMP '2026-11-20 09:30:00'),"
                        + " (2, 12345678901, 'XYZ', TIMESTAMP '2026-07-01 23:15:00.25'),"
                        + " (3, -7, 'Q', TIMESTAMP '2026-03-08 03:30:00')");
        SharedSpark.spark()
                .sql("SELECT * FROM VALUES"
                        + " (1, 10L, 'AB', TIMESTAMP'2026-11-20 14:30:00Z'),"
                        + " (2, 12345678901L, 'XYZ', TIMESTAMP'2026-07-02 03:15:00.25Z'),"
                        + " (3, -7L, 'Q', TIMESTAMP'2026-03-08 07:30:00Z')"
                        + " AS t(id, qty, code, created_at)")
                .write()
                .mode("overwrite")
                .parquet(dir.resolve("quirks.parquet").toString());
        return t;
    }

    static String quirkLeft(String table) {
        return """
                options: { preferTimestampNTZ: "true" }
                jdbc:
                  url: %s
                  table: %s
                  user_env: %s
                """.formatted(Databases.PG_URL, table, USER_ENV);
    }

    @Test
    void legacyRenderingQuirksRaiseNoAlarmUnderTheDocumentedOptions() throws Exception {
        String t = quirkTable();
        try {
            Path rules = rules("pg_quirks", quirkLeft(t), parquet("quirks.parquet"), """
                    columns:
                      code: { trim: true }
                      created_at: { left_time_zone: America/New_York }
                    checks:
                      schema:
                        allow_type_changes: ["decimal->bigint", "timestamp_ntz->timestamp"]
                    """);

            CommandRun r = run(rules, "pg-quirks");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(verdicts("pg-quirks", "check_name LIKE 'column:%'"))
                    .containsExactly(
                            "column:code.mismatches=0.0",
                            "column:created_at.mismatches=0.0",
                            "column:qty.mismatches=0.0");
        } finally {
            Databases.execute(pg, "DROP TABLE " + t);
        }
    }

    @Test
    void legacyRenderingQuirksWithoutTheOptionsAreReportedPerColumn() throws Exception {
        String t = quirkTable();
        try {
            Path rules = rules("pg_quirks_raw", quirkLeft(t), parquet("quirks.parquet"), """
                    checks:
                      schema:
                        allow_type_changes: ["decimal->bigint", "timestamp_ntz->timestamp"]
                    """);

            CommandRun r = run(rules, "pg-quirks-raw");

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(verdicts("pg-quirks-raw", "check_name LIKE 'column:%'"))
                    .containsExactly(
                            "column:code.mismatches=3.0",
                            "column:created_at.mismatches=3.0",
                            "column:qty.mismatches=0.0");
        } finally {
            Databases.execute(pg, "DROP TABLE " + t);
        }
    }

    @Test
    void mariadbTableEqualToItsParquetCopyPassesAndAChangedRowFails() throws Exception {
        String t = Databases.uniqueTable("maria_orders");
        try (Connection maria = Databases.mariadb()) {
            Databases.execute(
                    maria,
                    "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, day DATE, amount DECIMAL(12,2), name VARCHAR(40))",
                    "INSERT INTO " + t + " SELECT seq, DATE '2026-11-20', seq * 1.25, CONCAT('name-', seq)"
                            + " FROM seq_1_to_" + ROWS);
            try {
                String left = """
                        jdbc:
                          url: %s?user=%s
                          table: %s
                          partition_column: id
                          lower_bound: 1
                          upper_bound: %d
                          num_partitions: 3
                          fetch_size: 400
                        """.formatted(Databases.MARIADB_URL, Databases.MARIADB_USER, t, ROWS);
                Path rules = rules("maria", left, parquet("orders.parquet"), "");

                CommandRun equal = run(rules, "maria-equal");
                Databases.execute(maria, "UPDATE " + t + " SET name = 'renamed' WHERE id = 5");
                CommandRun changed = run(rules, "maria-changed");

                assertThat(equal.exitCode()).as(equal.out() + equal.err()).isZero();
                assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(1);
                assertThat(verdicts("maria-changed", "check_name = 'column:name'"))
                        .containsExactly("column:name.mismatches=1.0");
            } finally {
                Databases.execute(maria, "DROP TABLE " + t);
            }
        }
    }

    @Test
    void serverRefusingConnectionsIsAnErrorVerdictNamingTheSource() throws IOException {
        String left = """
                jdbc:
                  url: jdbc:postgresql://127.0.0.1:1/test
                  table: crm.customers
                  user_env: %s
                """.formatted(USER_ENV);
        Path rules = rules("pg_refused", left, parquet("orders.parquet"), "");

        CommandRun r = run(rules, "pg-refused");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("pipeline pg_refused: ERROR")
                .contains("Cannot read the left side (jdbc:postgresql://127.0.0.1:1/test table crm.customers):"
                        + " Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that"
                        + " the postmaster is accepting TCP/IP connections. Check that the source exists and is"
                        + " readable for this run date.");
    }

    @Test
    void missingCredentialVariableIsNamedWithoutReadingTheDatabase() throws IOException {
        String left = """
                jdbc:
                  url: %s
                  table: %s
                  user_env: PARITY_IT_UNSET_USER
                """.formatted(Databases.PG_URL, orders);
        Path rules = rules("pg_unset", left, parquet("orders.parquet"), "");

        CommandRun r = run(rules, "pg-unset");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Invalid environment variable 'PARITY_IT_UNSET_USER': it is not set;"
                        + " export it before running (the rule reads credentials from it)");
    }

    @Test
    void credentialsFromTheEnvironmentNeverReachOutputVerdictsOrSummary() throws Exception {
        String secret = "s3cret-" + System.nanoTime();
        String left = """
                jdbc:
                  url: %s
                  table: %s
                  user_env: LEGACY_USER
                  password_env: LEGACY_PASSWORD
                """.formatted(Databases.PG_URL, orders);
        Path rules = rules("pg_secret", left, parquet("orders.parquet"), "");
        Path summary = dir.resolve("secret-summary.json");

        ParityProcess.Result r = ParityProcess.run(
                dir,
                Map.of("LEGACY_USER", Databases.PG_USER, "LEGACY_PASSWORD", secret),
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                "pg-secret",
                "--warehouse",
                dir.resolve("wh-secret").toString(),
                "--summary-json",
                summary.toString());

        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain(secret);
        assertThat(Files.readString(summary)).contains("pg_secret").doesNotContain(secret);
        List<String> rows = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh-secret/verdicts").toString())
                .toJSON()
                .collectAsList();
        assertThat(rows).isNotEmpty().noneMatch(row -> row.contains(secret));
    }
}
