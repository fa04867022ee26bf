package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalogue (FAILURES.md): each case gives a specific message or an ERROR verdict,
 * the right exit code, and its verdict rows land in the table.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    static final String ORDERS = "id BIGINT, name STRING, amt DECIMAL(10,2)";

    @BeforeAll
    static void writeData() throws IOException {
        TestData.of(ORDERS)
                .row(1L, "a", new BigDecimal("1.00"))
                .row(2L, "b", new BigDecimal("2.00"))
                .row(3L, "c", new BigDecimal("3.00"))
                .df()
                .write()
                .parquet(path("orders"));
        TestData.of("id BIGINT, amt DOUBLE, note STRING")
                .row(1L, 1.0, "x")
                .row(2L, 2.0, "y")
                .row(3L, 3.0, "z")
                .df()
                .write()
                .parquet(path("drifted"));
        TestData.of("order_no BIGINT, name STRING, amt DECIMAL(10,2)")
                .row(1L, "a", new BigDecimal("1.00"))
                .df()
                .write()
                .parquet(path("no_id"));
        TestData.of(ORDERS)
                .row(null, "a", new BigDecimal("1.00"))
                .row(null, "b", new BigDecimal("2.00"))
                .row(null, "c", new BigDecimal("3.00"))
                .df()
                .write()
                .parquet(path("null_ids"));
        TestData.of(ORDERS).df().write().parquet(path("empty"));
        Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(dir.resolve("corrupt/part-00000.parquet"), "this is not a parquet file\n");
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    static String parquet(String name) {
        return "{ format: parquet, path: " + path(name) + " }";
    }

    static Path rules(String pipeline, String left, String right, String extra) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + pipeline));
        Files.writeString(rules.resolve(pipeline + ".yaml"), """
                pipeline: %s
                left: %s
                right: %s
                key: [id]
                %s
                """.formatted(pipeline, left, right, extra));
        return rules;
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
                path("wh"));
    }

    /** check.scope.metric=STATUS of the run's rows for the given checks, sorted. */
    static List<String> verdicts(String runId, String where) {
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(path("wh/verdicts"))
                .where("run_id = '" + runId + "' AND " + where)
                .orderBy("check_name", "scope", "metric")
                .collectAsList()
                .stream()
                .map(BadInputTest::describe)
                .toList();
    }

    static String describe(Row r) {
        return r.<String>getAs("check_name") + "." + r.<String>getAs("scope") + "." + r.<String>getAs("metric") + "="
                + r.<String>getAs("status")
                + (r.getAs("difference") == null ? "" : ":" + r.<Double>getAs("difference"));
    }

    @Test
    void missingPathIsAnErrorVerdictNamingSideAndPath() throws IOException {
        CommandRun r = run(rules("missing_path", parquet("orders"), parquet("nowhere"), ""), "missing-path");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("pipeline missing_path: ERROR")
                .contains("Cannot read the right side (parquet:" + path("nowhere")
                        + "): [PATH_NOT_FOUND] Path does not exist: file:" + path("nowhere"));
        assertThat(verdicts("missing-path", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void columnsOnlyRuleOnAMissingPathIsAColumnsErrorVerdictNotAPass() throws IOException {
        // The column checks are the only ones enabled, and which columns they compare is unknown
        // while a side cannot be read: one `columns` row stands for them all.
        String columnsOnly = """
                checks:
                  schema: { enabled: false }
                  row_count: { enabled: false }
                  partition_hash: { enabled: false }
                  key_diff: { enabled: false }
                """;
        CommandRun r = run(rules("columns_only", parquet("orders"), parquet("nowhere"), columnsOnly), "columns-only");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("pipeline columns_only: ERROR");
        assertThat(verdicts("columns-only", "true")).containsExactly("columns.*.error=ERROR");
    }

    @Test
    void unreadableSourceErrorsTheSameChecksAsAComparisonThatFails() throws IOException {
        // A KPI, a distribution and a distinct count besides the table checks: each must get its
        // ERROR row whether the left side cannot be read or the comparison fails on a where naming
        // a column neither side has (one that does not parse is a rules error before the run).
        String everyKind = """
                kpis:
                  - name: revenue
                    metrics: { total: { expr: "sum(amt)" } }
                distributions:
                  - column: amt
                distinct:
                  - column: name
                """;
        Path rules = Files.createDirectories(dir.resolve("rules-same-errors"));
        Files.writeString(
                rules.resolve("unreadable.yaml"),
                "pipeline: unreadable\nleft: " + parquet("nowhere") + "\nright: " + parquet("orders") + "\nkey: [id]\n"
                        + everyKind);
        Files.writeString(
                rules.resolve("bad_where.yaml"),
                "pipeline: bad_where\nleft: " + parquet("orders") + "\nright: " + parquet("orders")
                        + "\nkey: [id]\nwhere: \"nope > 1\"\n" + everyKind);

        CommandRun r = run(rules, "same-errors");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        List<String> everyEnabledCheck = List.of(
                "columns.*.error=ERROR",
                "distinct:name.*.error=ERROR",
                "distribution:amt.*.error=ERROR",
                "key_diff.*.error=ERROR",
                "kpi:revenue.*.error=ERROR",
                "partition_hash.*.error=ERROR",
                "row_count.*.error=ERROR",
                "schema.*.error=ERROR");
        assertThat(verdicts("same-errors", "pipeline = 'unreadable'")).isEqualTo(everyEnabledCheck);
        assertThat(verdicts("same-errors", "pipeline = 'bad_where'")).isEqualTo(everyEnabledCheck);
    }

    @Test
    void missingTableIsAnErrorVerdictNamingTheTable() throws IOException {
        CommandRun r =
                run(rules("missing_table", parquet("orders"), "{ table: sales.no_such_orders }", ""), "missing-table");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the right side (table:sales.no_such_orders): [TABLE_OR_VIEW_NOT_FOUND]");
    }

    @Test
    void corruptFileIsAnErrorVerdictNamingTheSide() throws IOException {
        CommandRun r = run(rules("corrupt", parquet("corrupt"), parquet("orders"), ""), "corrupt");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("pipeline corrupt: ERROR")
                .contains("Cannot read the left side (parquet:" + path("corrupt") + "): file:"
                        + path("corrupt/part-00000.parquet") + " is not a Parquet file. Expected magic number at tail");
        assertThat(verdicts("corrupt", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void csvFileReadAsParquetGivesTheReadersReasonNotSparksJobAbortedWrapper() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id,name\n1,a\n");
        String csv = "{ format: parquet, path: " + path("a.csv") + " }";

        CommandRun r = run(rules("csv_as_parquet", csv, parquet("orders"), ""), "csv-as-parquet");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the left side (parquet:" + path("a.csv") + "): file:" + path("a.csv")
                        + " is not a Parquet file. Expected magic number at tail, but found [49, 44, 97, 10]."
                        + " Check that the source exists and is readable for this run date.")
                .doesNotContain("Job aborted");
    }

    @Test
    void deltaFormatOnADirectoryOfParquetFilesSaysItIsNotADeltaTableRatherThanMissing() throws IOException {
        String left = "{ format: delta, path: " + path("orders") + " }";

        CommandRun r = run(rules("not_delta", left, parquet("orders"), ""), "not-delta");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the left side (delta:" + path("orders") + "): " + path("orders")
                        + " exists but is not a Delta table (it has no _delta_log). Set the side's format to that of"
                        + " its files (parquet, orc, csv, json, avro), or point path at the Delta table's root"
                        + " directory.")
                .doesNotContain("doesn't exist");
        assertThat(verdicts("not-delta", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void dateDirectoryWithoutDataFilesSaysSoInsteadOfAskingForASchema() throws IOException {
        // The date's directory is there, with only the marker a writer leaves: no rows yet.
        Files.createDirectories(dir.resolve("dated/dt=2026-11-20"));
        Files.writeString(dir.resolve("dated/dt=2026-11-20/_SUCCESS"), "");
        String left = "{ format: parquet, path: \"" + path("dated") + "/dt=${run_date}\" }";

        CommandRun r = run(rules("no_files", left, parquet("orders"), ""), "no-files");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the left side (parquet:" + path("dated") + "/dt=2026-11-20): " + path("dated")
                        + "/dt=2026-11-20 holds no parquet data files (it is empty, or holds only empty or hidden"
                        + " files such as _SUCCESS), so Spark cannot tell its columns: [UNABLE_TO_INFER_SCHEMA]")
                .contains("Check that this run date's output was written there.");
        assertThat(verdicts("no-files", "status = 'ERROR'")).hasSize(5);
    }

    @Test
    void zeroByteCsvAndJsonFilesSayTheSideHoldsNoDataInsteadOfAskingToFixTheKey() throws IOException {
        // An export that found no rows for the date wrote an empty file: Spark gives CSV and JSON
        // no columns for it (no UNABLE_TO_INFER_SCHEMA), and the key was then reported missing.
        Files.createDirectories(dir.resolve("empty_csv/dt=2026-11-20"));
        Files.writeString(dir.resolve("empty_csv/dt=2026-11-20/part-00000.csv"), "");
        Files.createDirectories(dir.resolve("empty_json/dt=2026-11-20"));
        Files.writeString(dir.resolve("empty_json/dt=2026-11-20/part-00000.json"), "");
        String csv =
                "{ format: csv, path: \"" + path("empty_csv") + "/dt=${run_date}\", options: { header: \"true\" } }";
        String json = "{ format: json, path: \"" + path("empty_json") + "/dt=${run_date}\" }";

        CommandRun r = run(rules("zero_byte", csv, json, ""), "zero-byte");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains(
                        "Cannot read the left side (csv:" + path("empty_csv") + "/dt=2026-11-20): " + path("empty_csv")
                                + "/dt=2026-11-20 holds no csv data: its files are empty, so Spark finds no columns in"
                                + " them. Check that this run date's output was written there.")
                .doesNotContain("Cannot find key column");
        assertThat(verdicts("zero-byte", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");

        r = run(rules("zero_byte_json", parquet("orders"), json, ""), "zero-byte-json");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the right side (json:" + path("empty_json") + "/dt=2026-11-20): "
                        + path("empty_json") + "/dt=2026-11-20 holds no json data: its files are empty, so Spark"
                        + " finds no columns in them.");
    }

    @Test
    void whereThatDoesNotParseIsARulesErrorAtItsLineBeforeAnyDataIsRead() throws IOException {
        Path rules = rules("where_syntax", parquet("orders"), parquet("orders"), "where: \"id > \"");

        CommandRun r = run(rules, "where-syntax");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Invalid rule at " + rules.resolve("where_syntax.yaml") + ":5 (where): invalid SQL 'id > ':"
                        + " [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 5)."
                        + " Write a Spark SQL condition, for example amount > 0\n");
        // Not compared: its one verdict is the rules error, and no side was described or read.
        assertThat(r.out())
                .contains("pipeline where_syntax: ERROR   run date 2026-11-20   rules -\n  left  -\n  right -\n")
                .contains("ERROR  rules                  *                      error")
                .contains("Cannot compare pipeline where_syntax: its rules file " + rules.resolve("where_syntax.yaml")
                        + " is invalid. Invalid rule at " + rules.resolve("where_syntax.yaml") + ":5 (where)");
    }

    @Test
    void sideFilterThatDoesNotParseIsARulesErrorAtTheSidesFilterKey() throws IOException {
        String left = "{ format: parquet, path: " + path("orders") + ", filter: \"id = = 1\" }";
        Path rules = rules("filter_syntax", left, parquet("orders"), "");

        CommandRun r = run(rules, "filter-syntax");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Invalid rule at " + rules.resolve("filter_syntax.yaml") + ":2 (left.filter): invalid SQL"
                        + " 'id = = 1': [PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601 (line 1,"
                        + " pos 5). Write a Spark SQL condition, for example amount > 0\n");
    }

    @Test
    void whereNamingAColumnOnlyTheLeftSideHasIsARulesErrorAtItsLineNamingTheRightSide() throws IOException {
        // 'note' is a column of the left side (drifted) only: a where that uses it cannot narrow
        // both sides identically.
        Path rules = rules("where_one_side", parquet("drifted"), parquet("orders"), "where: \"note <> 'x'\"");

        CommandRun r = run(rules, "where-one-side");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("where_one_side.yaml") + ":5 (where): invalid SQL"
                        + " 'note <> 'x'' on the right side: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .contains(". The right side's columns: [id, name, amt]. Only the left side has 'note'. The rule's"
                        + " where applies to both sides alike: name only columns both sides have, or narrow one side"
                        + " with its own filter.\n")
                .doesNotContain("Cannot evaluate pipeline")
                .doesNotContain("Did you mean 'name'");
        assertThat(verdicts("where-one-side", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void whereNamingAColumnNeitherSideHasIsARulesErrorSuggestingTheNearestColumn() throws IOException {
        Path rules = rules("where_typo", parquet("orders"), parquet("orders"), "where: \"amout > 0\"");

        CommandRun r = run(rules, "where-typo");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("where_typo.yaml") + ":5 (where): invalid SQL"
                        + " 'amout > 0' on the left side: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .contains(". The left side's columns: [id, name, amt]. Did you mean 'amt'? The rule's where applies"
                        + " to both sides alike: name only columns both sides have, or narrow one side with its own"
                        + " filter.\n");
    }

    @Test
    void sideFilterNamingAColumnTheSideLacksIsARulesErrorAtTheSidesFilterKey() throws IOException {
        String left = "{ format: parquet, path: " + path("orders") + ", filter: \"note = 'x'\" }";
        Path rules = rules("filter_column", left, parquet("orders"), "");

        CommandRun r = run(rules, "filter-column");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("filter_column.yaml") + ":2 (left.filter): invalid SQL"
                        + " 'note = 'x'' on the left side: [UNRESOLVED_COLUMN")
                .contains(". The left side's columns: [id, name, amt]. Did you mean 'name'? Fix the SQL in the rule's"
                        + " left.filter.\n")
                .doesNotContain("Check that the source exists");
        assertThat(verdicts("filter-column", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void aFilterRulesErrorInOnePipelineExitsTwoWhileTheOthersAreComparedAndAnUnreadableSourceStillExitsThree()
            throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-filter-error"));
        Files.writeString(
                rules.resolve("a.yaml"),
                "pipeline: clean\nleft: " + parquet("orders") + "\nright: " + parquet("orders") + "\nkey: [id]\n");
        Files.writeString(
                rules.resolve("b.yaml"),
                "pipeline: bad_filter\nleft: { format: parquet, path: " + path("orders")
                        + ", filter: \"nme = 'a'\" }\nright: " + parquet("orders") + "\nkey: [id]\n");

        CommandRun r = run(rules, "filter-error");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("pipeline clean: PASS").contains("pipeline bad_filter: ERROR");

        Files.writeString(
                rules.resolve("c.yaml"),
                "pipeline: unreadable\nleft: " + parquet("nowhere") + "\nright: " + parquet("orders")
                        + "\nkey: [id]\n");

        r = run(rules, "filter-error-and-unreadable");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("pipeline bad_filter: ERROR").contains("pipeline unreadable: ERROR");
    }

    @Test
    void transformThatDoesNotAnalyseIsARulesErrorAtItsKey() throws IOException {
        String left = "{ format: parquet, path: " + path("orders") + ", transforms: { name: \"upper(nme)\" } }";
        Path rules = rules("transform_column", left, parquet("orders"), "");

        CommandRun r = run(rules, "transform-column");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("transform_column.yaml") + ":2 (left.transforms.name):"
                        + " invalid SQL 'upper(nme)' on the left side: [UNRESOLVED_COLUMN")
                .contains(". The left side's columns: [id, name, amt]. Did you mean 'name'? Fix the SQL in the rule's"
                        + " left.transforms.name.\n");
        assertThat(verdicts("transform-column", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");

        String right = "{ format: parquet, path: " + path("orders") + ", transforms: { amt: \"no_such_fn(amt)\" } }";
        rules = rules("transform_function", parquet("orders"), right, "");

        r = run(rules, "transform-function");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("transform_function.yaml") + ":3 (right.transforms.amt):"
                        + " invalid SQL 'no_such_fn(amt)' on the right side: [UNRESOLVED_ROUTINE]")
                .contains(". The right side's columns: [id, name, amt]. Fix the SQL in the rule's"
                        + " right.transforms.amt.\n");
    }

    @Test
    void transformThatFailsOnlyOnTheDataIsAnEvaluationErrorNamingItsKeyNotTheSource() throws IOException {
        // It analyses: only the values ('a', 'b', 'c') show that the cast cannot succeed (ANSI mode).
        String left = "{ format: parquet, path: " + path("orders") + ", transforms: { name: \"cast(name AS INT)\" } }";
        Path rules = rules("transform_cast", left, parquet("orders"), "");

        CommandRun r = run(rules, "transform-cast");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                // Which value fails first depends on which task runs first.
                .contains("Cannot evaluate left.transforms.name ('cast(name AS INT)') on the left side's data:"
                        + " [CAST_INVALID_INPUT] The value '")
                .contains("' of the type \"STRING\" cannot be cast to \"INT\" because it is malformed.")
                .contains(". The SQL analyses, but a value of this run's data makes it fail: have the expression give"
                        + " such values a result (try_cast, try_divide and the like give NULL instead of failing), or"
                        + " fix the data. (" + rules.resolve("transform_cast.yaml") + ":2 (left.transforms.name))")
                .doesNotContain("Invalid rule at")
                .doesNotContain("Check that the source exists");
        assertThat(verdicts("transform-cast", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR");
    }

    @Test
    void sideFilterThatFailsOnlyOnTheDataIsAnEvaluationErrorNamingItsKeyNotTheSource() throws IOException {
        String left = "{ format: parquet, path: " + path("orders") + ", filter: \"cast(name AS INT) > 0\" }";
        Path rules = rules("filter_cast", left, parquet("orders"), "");

        CommandRun r = run(rules, "filter-cast");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot evaluate left.filter ('cast(name AS INT) > 0') on the left side's data:"
                        + " [CAST_INVALID_INPUT] The value '")
                .contains("or fix the data. (" + rules.resolve("filter_cast.yaml") + ":2 (left.filter))")
                .doesNotContain("Check that the source exists");
    }

    @Test
    void kpiThatDoesNotAnalyseIsARulesErrorAtItsExprKeyAndTheOtherChecksRun() throws IOException {
        Path rules = rules("kpi_not_aggregate", parquet("orders"), parquet("orders"), """
                kpis:
                  - name: k
                    metrics:
                      m: { expr: "amt + 1" }
                """);

        CommandRun r = run(rules, "kpi-not-aggregate");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("kpi_not_aggregate.yaml") + ":8 (kpis[0].metrics.m.expr):"
                        + " cannot evaluate kpi 'k' on the left side: [MISSING_GROUP_BY]")
                .contains(". A KPI metric's expr is an aggregate of the side's columns, for example sum(amount) or"
                        + " count(*).\n");
        assertThat(verdicts("kpi-not-aggregate", "status = 'ERROR'")).containsExactly("kpi:k.*.error=ERROR");
        assertThat(verdicts("kpi-not-aggregate", "check_name = 'row_count' AND scope = '*'"))
                .containsExactly("row_count.*.rows=PASS:0.0");
    }

    @Test
    void aKpiTimeToleranceOnANumberIsARulesErrorOfThatMetricAtItsKeysLine() throws IOException {
        // A time tolerance on a metric whose values are numbers would compare them exactly, silently.
        Path rules = rules("kpi_time_on_number", parquet("orders"), parquet("orders"), """
                kpis:
                  - name: k
                    metrics:
                      total:
                        expr: sum(amt)
                        time_tolerance: 1ms
                """);

        CommandRun r = run(rules, "kpi-time-on-number");

        // The other checks ran and passed; the rule's mistake is its author's: exit 2.
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("kpi_time_on_number.yaml") + ":10"
                        + " (kpis[0].metrics.total.time_tolerance): cannot apply kpis[0].metrics.total.time_tolerance"
                        + " to kpi metric 'k.total': it applies to timestamps and dates, and the metric's value is a"
                        + " number on the left and a number on the right. Use abs_tol or rel_tol for numbers instead of"
                        + " time_tolerance.\n");
        assertThat(verdicts("kpi-time-on-number", "check_name LIKE 'kpi:%'")).containsExactly("kpi:k.*.total=ERROR");
        assertThat(verdicts("kpi-time-on-number", "status = 'ERROR'")).containsExactly("kpi:k.*.total=ERROR");
    }

    @Test
    void sideQueryThatDoesNotParseIsARulesErrorAtTheSidesQueryKey() throws IOException {
        Path rules = rules("query_syntax", "{ query: \"SELEC * FROM x\" }", parquet("orders"), "");

        CommandRun r = run(rules, "query-syntax");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Invalid rule at " + rules.resolve("query_syntax.yaml") + ":2 (left.query): invalid SQL"
                        + " 'SELEC * FROM x': [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601"
                        + " (line 1, pos 0). Write a Spark SQL query, for example SELECT * FROM sales.orders\n");
    }

    @Test
    void kpiExpressionThatDoesNotParseIsARulesErrorAtItsExprKeyFromRunAndValidateRules() throws IOException {
        Path rules = rules(
                "kpi_syntax",
                parquet("orders"),
                parquet("orders"),
                "kpis:\n  - name: k\n    metrics: { total: { expr: \"sum(amt\" } }");
        String expected = "Invalid rule at " + rules.resolve("kpi_syntax.yaml") + ":7 (kpis[0].metrics.total.expr):"
                + " invalid SQL 'sum(amt': [PARSE_SYNTAX_ERROR] Syntax error at or near end of input: missing ')'."
                + " SQLSTATE: 42601 (line 1, pos 7). Write a Spark SQL aggregate expression, for example"
                + " sum(amount)\n";

        CommandRun r = run(rules, "kpi-syntax");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(expected);

        r = CommandRun.of("validate-rules", rules.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(expected);
    }

    @Test
    void kpiGroupByNamingAMissingColumnIsARulesErrorListingTheSidesOwnColumnsAndTheNearestOne() throws IOException {
        Path rules = rules(
                "kpi_group",
                parquet("orders"),
                parquet("orders"),
                "kpis:\n  - name: k\n    group_by: [nam]\n    metrics: { total: { expr: \"sum(amt)\" } }");

        CommandRun r = run(rules, "kpi-group");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("kpi_group.yaml") + ":7 (kpis[0].group_by): cannot find"
                        + " column 'nam' of kpi 'k' on the left side; available columns: [id, name, amt]. Did you mean"
                        + " 'name'? Fix the rule or the rename map.\n")
                .doesNotContain("__pg_");
    }

    @Test
    void aChecksRulesErrorBesideAnotherChecksEvaluationErrorStillExitsThree() throws IOException {
        // kpi 'typo' names a column the data lacks (the rule's error); kpi 'ratio' divides by zero
        // on the data (ANSI mode), which the rules error must not hide from the platform team.
        Path rules = rules("kpi_both_errors", parquet("orders"), parquet("orders"), """
                kpis:
                  - name: typo
                    group_by: [nam]
                    metrics: { total: { expr: "sum(amt)" } }
                  - name: ratio
                    metrics: { m: { expr: "sum(amt / (id - id))" } }
                """);

        CommandRun r = run(rules, "kpi-both-errors");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        // Both sides fail alike: which one is reported depends on which pass fails first.
        assertThat(r.out()).contains("Cannot evaluate the KPIs on the ").contains(" side: [DIVIDE_BY_ZERO]");
        assertThat(verdicts("kpi-both-errors", "status = 'ERROR'"))
                .containsExactly("kpi:ratio.*.error=ERROR", "kpi:typo.*.error=ERROR");
    }

    @Test
    void distributionAndDistinctColumnsTheRuleGetsWrongAreRulesErrorsAtTheirLines() throws IOException {
        Path rules = rules("sketch_columns", parquet("orders"), parquet("orders"), """
                distributions:
                  - column: name
                distinct:
                  - column: nme
                """);

        CommandRun r = run(rules, "sketch-columns");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("sketch_columns.yaml") + ":6 (distributions[0].column):"
                        + " column 'name' is string; distributions need numeric or timestamp columns. Name one, or"
                        + " remove the distribution.\n")
                .contains("Invalid rule at " + rules.resolve("sketch_columns.yaml") + ":8 (distinct[0].column):"
                        + " cannot find column 'nme' of distinct on both sides; available columns: [id, name, amt]."
                        + " Did you mean 'name'? Fix the rule or the rename map.\n");
        assertThat(verdicts("sketch-columns", "status = 'ERROR'"))
                .containsExactly("distinct:nme.*.error=ERROR", "distribution:name.*.error=ERROR");
    }

    @Test
    void jdbcUrlWithoutADriverOnTheClasspathSaysHowToAddOne() throws IOException {
        String left = "{ jdbc: { url: \"jdbc:oracle:thin:@//h:1521/x\", table: t } }";

        CommandRun r = run(rules("no_driver", left, parquet("orders"), ""), "no-driver");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out())
                .contains("Cannot read the left side (jdbc:oracle:thin:@//h:1521/x table t): No suitable driver."
                        + " Only the PostgreSQL and MariaDB drivers are bundled: put the driver's jar on the classpath"
                        + " (spark-submit --jars) and name its class in the side's options, for example"
                        + " options: { driver: com.example.jdbc.Driver }.");
    }

    @Test
    void schemaDriftNamesEachAddedDroppedAndRetypedColumn() throws IOException {
        CommandRun r = run(rules("drift", parquet("orders"), parquet("drifted"), ""), "drift");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("1 added, 1 dropped, 1 retyped");
        assertThat(verdicts("drift", "check_name = 'schema'"))
                .containsExactly(
                        "schema.*.columns=FAIL:3.0",
                        "schema.amt.type=FAIL",
                        "schema.name.dropped=FAIL",
                        "schema.note.added=FAIL");
    }

    @Test
    void keyColumnMissingOnOneSideIsARulesErrorAtTheKeysLineListingTheColumnsThere() throws IOException {
        Path rules = rules("no_key", parquet("orders"), parquet("no_id"), "");

        CommandRun r = run(rules, "no-key");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("no_key.yaml") + ":4 (key[0]): cannot find key column"
                        + " 'id' on the right side; available columns: [order_no, name, amt]. Fix the rule or the"
                        + " rename map.\n")
                .doesNotContain("(key))");
        // The gate must still see the night as not passing.
        assertThat(verdicts("no-key", "status = 'ERROR'"))
                .containsExactly(
                        "columns.*.error=ERROR",
                        "key_diff.*.error=ERROR",
                        "partition_hash.*.error=ERROR",
                        "row_count.*.error=ERROR",
                        "schema.*.error=ERROR");
    }

    @Test
    void partitionColumnMissingFromTheDataNamesItsListItemsLineAndTheNearestColumn() throws IOException {
        Path rules = rules("partition_typo", parquet("orders"), parquet("orders"), "partition_by:\n  - name\n  - nmae");

        CommandRun r = run(rules, "partition-typo");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rules.resolve("partition_typo.yaml") + ":7 (partition_by[1]): cannot"
                        + " find partition column 'nmae' on the left side; available columns: [id, name, amt]. Did you"
                        + " mean 'name'? Fix the rule or the rename map.\n");
    }

    @Test
    void aRulesErrorInOnePipelineExitsTwoWhileTheOthersAreComparedAndAnUnreadableSourceStillExitsThree()
            throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-rule-error"));
        Files.writeString(
                rules.resolve("a.yaml"),
                "pipeline: differs\nleft: " + parquet("orders") + "\nright: " + parquet("null_ids") + "\nkey: [id]\n");
        Files.writeString(
                rules.resolve("b.yaml"),
                "pipeline: typo\nleft: " + parquet("orders") + "\nright: " + parquet("orders") + "\nkey: [idd]\n");

        CommandRun r = run(rules, "rule-error");

        // A failing pipeline's 1 gives way to the rules error's 2: the run did not compare every pipeline.
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("pipeline differs: FAIL").contains("pipeline typo: ERROR");
        assertThat(verdicts("rule-error", "check_name = 'key_diff' AND metric IN ('rows_only_in_left', 'error')"))
                .containsExactly("key_diff.*.error=ERROR", "key_diff.*.rows_only_in_left=FAIL:3.0");

        Files.writeString(
                rules.resolve("c.yaml"),
                "pipeline: unreadable\nleft: " + parquet("nowhere") + "\nright: " + parquet("orders")
                        + "\nkey: [id]\n");

        r = run(rules, "rule-error-and-unreadable");

        // A source that cannot be read is the platform team's, whatever else the run found.
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("pipeline typo: ERROR").contains("pipeline unreadable: ERROR");
    }

    @Test
    void allNullKeyColumnCountsEveryRowAsANullKey() throws IOException {
        CommandRun r = run(rules("null_keys", parquet("null_ids"), parquet("orders"), ""), "null-keys");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(verdicts("null-keys", "check_name = 'key_diff' AND metric LIKE 'null_keys%'"))
                .containsExactly("key_diff.*.null_keys_left=FAIL:3.0", "key_diff.*.null_keys_right=PASS:0.0");
    }

    @Test
    void oneEmptySideFailsAndSaysWhichSide() throws IOException {
        CommandRun r = run(rules("one_empty", parquet("orders"), parquet("empty"), ""), "one-empty");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("right side is empty");
    }

    @Test
    void bothSidesEmptyPassWithAMessageSayingSo() throws IOException {
        CommandRun r = run(rules("both_empty", parquet("empty"), parquet("empty"), ""), "both-empty");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pipeline both_empty: PASS");
        assertThat(SharedSpark.spark()
                        .read()
                        .format("delta")
                        .load(path("wh/verdicts"))
                        .where("run_id = 'both-empty' AND check_name = 'row_count' AND scope = '*'")
                        .select("message")
                        .first()
                        .getString(0))
                .isEqualTo("both sides are empty");
    }

    @Test
    void keyHoldingThirtyPercentOfRowsFinishesInTimeAndStillFindsTheChangedRow() throws IOException {
        String left = "{ query: \"SELECT IF(id < 60000, 0, id) AS id, id AS v FROM range(0, 200000)\" }";
        String right = "{ query: \"SELECT IF(id < 60000, 0, id) AS id, IF(id = 150000, -1, id) AS v"
                + " FROM range(0, 200000)\" }";
        Path rules = rules("skewed", left, right, "checks: { key_diff: { allow_duplicates: true, mode: full } }");

        long start = System.nanoTime();
        CommandRun r = run(rules, "skewed");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMinutes(2));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(verdicts(
                        "skewed", "check_name = 'key_diff' AND metric IN ('rows_mismatched', 'duplicate_keys_left')"))
                .containsExactly("key_diff.*.duplicate_keys_left=PASS:1.0", "key_diff.*.rows_mismatched=FAIL:1.0");
    }

    @Test
    void threeHundredColumnsCompareAndTheOneDifferingColumnIsNamed() throws IOException {
        List<String> cols = new java.util.ArrayList<>(List.of("id"));
        List<String> changed = new java.util.ArrayList<>(List.of("id"));
        for (int c = 1; c < 300; c++) {
            cols.add("id * " + c + " AS c" + c);
            changed.add(c == 299 ? "IF(id = 5, -1, id * 299) AS c299" : "id * " + c + " AS c" + c);
        }
        SharedSpark.spark()
                .range(0, 1000)
                .selectExpr(cols.toArray(String[]::new))
                .write()
                .parquet(path("wide_l"));
        SharedSpark.spark()
                .range(0, 1000)
                .selectExpr(changed.toArray(String[]::new))
                .write()
                .parquet(path("wide_r"));

        CommandRun r = run(rules("wide", parquet("wide_l"), parquet("wide_r"), ""), "wide");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(verdicts("wide", "check_name LIKE 'column:%' AND difference > 0"))
                .containsExactly("column:c299.*.mismatches=FAIL:1.0");
        assertThat(verdicts("wide", "check_name LIKE 'column:%'")).hasSize(299);
    }

    @Test
    void megabyteStringsDifferingInTheirLastCharacterAreFound() throws IOException {
        SharedSpark.spark()
                .range(0, 12)
                .selectExpr("id", "concat(repeat('x', 2000000), CAST(id AS STRING)) AS body")
                .write()
                .parquet(path("long_l"));
        SharedSpark.spark()
                .range(0, 12)
                .selectExpr("id", "concat(repeat('x', 2000000), IF(id = 7, 'Z', CAST(id AS STRING))) AS body")
                .write()
                .parquet(path("long_r"));

        CommandRun r =
                run(rules("long_strings", parquet("long_l"), parquet("long_r"), "sample: { max_rows: 2 }"), "long");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(verdicts("long", "check_name = 'column:body'")).containsExactly("column:body.*.mismatches=FAIL:1.0");
    }

    @Test
    void oneBrokenPipelineDoesNotStopTheOthersInTheSameRun() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-mixed"));
        Files.writeString(
                rules.resolve("a.yaml"),
                "pipeline: healthy\nleft: " + parquet("orders") + "\nright: " + parquet("orders") + "\nkey: [id]\n");
        Files.writeString(
                rules.resolve("b.yaml"),
                "pipeline: broken\nleft: " + parquet("nowhere") + "\nright: " + parquet("orders") + "\nkey: [id]\n");

        CommandRun r = run(rules, "mixed");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("pipeline healthy: PASS").contains("pipeline broken: ERROR");
        assertThat(verdicts("mixed", "check_name = 'key_diff' AND metric = 'rows_mismatched'"))
                .containsExactly("key_diff.*.rows_mismatched=PASS:0.0");
    }

    @Test
    void runDateThatIsNotADateIsAUsageError() throws IOException {
        CommandRun r = CommandRun.of(
                "run",
                "--rules",
                rules("dates", parquet("orders"), parquet("orders"), "").toString(),
                "--run-date",
                "2026-02-30");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid --run-date '2026-02-30': expected YYYY-MM-DD, for example 2026-11-20");
    }

    static CommandRun validate(String name, String... files) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("validate-" + name));
        for (int i = 0; i < files.length; i++) {
            Files.writeString(rules.resolve("r" + i + ".yaml"), files[i]);
        }
        return CommandRun.of("validate-rules", rules.toString());
    }

    static final String MINIMAL = "pipeline: %s\nleft: { table: a }\nright: { table: b }\nkey: [id]\n";

    @Test
    void rulesFileWithAWrongTypeNamesFileLineAndKey() throws IOException {
        CommandRun r = validate("types", MINIMAL.formatted("p") + "columns:\n  amt:\n    abs_tol: \"0.01\"\n");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("r0.yaml:7").contains("columns.amt.abs_tol");
    }

    @Test
    void rulesFileWithAnUnknownKeySuggestsTheNearestOne() throws IOException {
        CommandRun r = validate("unknown", MINIMAL.formatted("p") + "partition_bye: [day]\n");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("unknown key 'partition_bye'").contains("Did you mean 'partition_by'?");
    }

    @Test
    void duplicatePipelineNamesNameBothFiles() throws IOException {
        CommandRun r = validate("dupes", MINIMAL.formatted("orders"), MINIMAL.formatted("orders"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("r0.yaml").contains("r1.yaml").contains("'orders'");
    }

    @Test
    void upstreamCycleIsNamed() throws IOException {
        CommandRun r = validate(
                "cycle", MINIMAL.formatted("a") + "upstream: [b]\n", MINIMAL.formatted("b") + "upstream: [a]\n");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("a -> b -> a");
    }
}
