package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Columns a rule names by themselves (ignore, sample.mask, columns, exclude_recent) must exist, and
 * column options must fit their column's types: each mistake is a rules error (exit 2) whose ERROR
 * verdicts name the rules file, line and key, never a silently ignored setting. The two sides differ in one row's name,
 * so a run that went ahead would store a sample.
 */
class RuleColumnNamesTest {
    @TempDir
    static Path dir;

    static final String ORDERS = "id BIGINT, name STRING, amt DECIMAL(10,2), loaded_at TIMESTAMP";
    static final Timestamp OLD = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeAll
    static void writeData() {
        TestData.of(ORDERS)
                .row(1L, "a", new BigDecimal("1.00"), OLD)
                .row(2L, "b", new BigDecimal("2.00"), OLD)
                .df()
                .write()
                .parquet(path("left"));
        // Row 2's name differs; loaded_at differs in every row; row 3 was loaded seconds ago.
        TestData.of(ORDERS)
                .row(1L, "a", new BigDecimal("1.00"), Timestamp.from(Instant.parse("2026-01-02T00:00:00Z")))
                .row(2L, "B", new BigDecimal("2.00"), Timestamp.from(Instant.parse("2026-01-02T00:00:00Z")))
                .row(3L, "c", new BigDecimal("3.00"), Timestamp.from(Instant.now()))
                .df()
                .write()
                .parquet(path("right"));
        TestData.of("id BIGINT, name STRING, amt DECIMAL(10,2), loaded_at TIMESTAMP, card STRING")
                .row(1L, "a", new BigDecimal("1.00"), OLD, "4111")
                .row(2L, "x", new BigDecimal("2.00"), OLD, "4222")
                .df()
                .write()
                .parquet(path("right_with_card"));
    }

    static String path(String name) {
        return dir.resolve(name).toString();
    }

    /** Runs a rule over the left and right data with {@code extra} appended; the file is {@code rules-<p>/<p>.yaml}. */
    static CommandRun run(String pipeline, String right, String extra) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + pipeline));
        Files.writeString(rules.resolve(pipeline + ".yaml"), """
                pipeline: %s
                left: { format: parquet, path: %s }
                right: { format: parquet, path: %s }
                key: [id]
                %s
                """.formatted(pipeline, path("left"), path(right), extra));
        return CommandRun.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--run-id",
                pipeline,
                "--warehouse",
                path("wh"));
    }

    static long samples(String runId) {
        Path table = dir.resolve("wh/samples");
        if (!Files.exists(table)) {
            return 0;
        }
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(table.toString())
                .where("run_id = '" + runId + "'")
                .count();
    }

    static String rulesFile(String pipeline) {
        return dir.resolve("rules-" + pipeline).resolve(pipeline + ".yaml").toString();
    }

    @Test
    void maskNamingNoColumnIsARulesErrorAtItsLineThatStoresNoSample() throws IOException {
        CommandRun r = run("mask_typo", "right", "sample: { mask: [nmae] }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("mask_typo") + ":5 (sample.mask[0]): cannot find column"
                        + " 'nmae' on either side; left columns: [id, name, amt, loaded_at], right columns: [id, name,"
                        + " amt, loaded_at]. Did you mean 'name'? Fix the column name in the rule.\n");
        assertThat(samples("mask_typo")).isZero();
    }

    @Test
    void renameOfAColumnTheLeftSideLacksIsARulesErrorAtItsLine() throws IOException {
        // Before, the entry renamed nothing: the legacy column showed as dropped and the cloud one
        // as added, a FAIL (exit 1) paged to the data owner for a typo in the rule.
        CommandRun r = run("rename_typo", "right", "rename: { nmae: label }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("rename_typo") + ":5 (rename.nmae): cannot find column 'nmae'"
                        + " on the left side; left columns: [id, name, amt, loaded_at]. Did you mean 'name'? rename"
                        + " maps left (legacy) names to right names: fix the left name in the rule.\n");
        assertThat(samples("rename_typo")).isZero();
    }

    @Test
    void renameToAColumnTheRightSideLacksIsARulesErrorAtItsLine() throws IOException {
        // Before, the left column was renamed to a name no right column has: the schema check
        // reported it dropped and the right one added, a FAIL (exit 1) for a typo in the rule.
        CommandRun r = run("rename_target_typo", "right", "rename: { name: nmae }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("rename_target_typo") + ":5 (rename.name): cannot find"
                        + " column 'nmae' on the right side; right columns: [id, name, amt, loaded_at]. Did you mean"
                        + " 'name'? rename maps left (legacy) names to right names: fix the right name in the rule.\n");
        assertThat(samples("rename_target_typo")).isZero();
    }

    @Test
    void ignoreNamingNoColumnIsARulesErrorAtItsListItem() throws IOException {
        CommandRun r = run("ignore_typo", "right", "ignore: [loaded_at, nmae]");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("ignore_typo") + ":5 (ignore[1]): cannot find column 'nmae'"
                        + " on either side; left columns: [id, name, amt, loaded_at], right columns: [id, name, amt,"
                        + " loaded_at]. Did you mean 'name'? Fix the column name in the rule.\n");
    }

    @Test
    void columnOptionsForNoColumnAreARulesErrorSuggestingTheNearestColumn() throws IOException {
        CommandRun r = run("columns_typo", "right", "columns: { amont: { abs_tol: 0.01 } }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("columns_typo") + ":5 (columns.amont): cannot find column"
                        + " 'amont' on either side; left columns: [id, name, amt, loaded_at], right columns: [id, name,"
                        + " amt, loaded_at]. Did you mean 'amt'? Fix the column name in the rule.\n");
    }

    @Test
    void numericToleranceOnAStringColumnIsARulesErrorAtItsLine() throws IOException {
        CommandRun r = run("tol_on_string", "right", "columns: { name: { abs_tol: 0.01 } }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("tol_on_string") + ":5 (columns.name.abs_tol): cannot apply"
                        + " columns.name.abs_tol to column 'name': it applies to numbers, and 'name' is string on the"
                        + " left and string on the right. Remove the option, or fix the column name.\n");
        assertThat(samples("tol_on_string")).isZero();
    }

    @Test
    void signOptionsOnADecimalColumnAreARulesErrorAtTheirLine() throws IOException {
        CommandRun zero = run("zero_on_decimal", "right", "columns: { amt: { signed_zero_equal: false } }");
        CommandRun inf = run("inf_on_decimal", "right", "columns: { amt: { opposite_infinities_equal: true } }");

        assertThat(zero.exitCode()).as(zero.out() + zero.err()).isEqualTo(2);
        assertThat(zero.out())
                .contains("Invalid rule at " + rulesFile("zero_on_decimal") + ":5 (columns.amt.signed_zero_equal):"
                        + " cannot apply columns.amt.signed_zero_equal to column 'amt': it applies to floating-point"
                        + " numbers, and 'amt' is decimal(10,2) on the left and decimal(10,2) on the right. Remove"
                        + " the option, or fix the column name.\n");
        assertThat(inf.exitCode()).as(inf.out() + inf.err()).isEqualTo(2);
        assertThat(inf.out())
                .contains("Invalid rule at " + rulesFile("inf_on_decimal") + ":5"
                        + " (columns.amt.opposite_infinities_equal): cannot apply columns.amt.opposite_infinities_equal"
                        + " to column 'amt': it applies to floating-point numbers, and 'amt' is decimal(10,2) on the"
                        + " left and decimal(10,2) on the right. Remove the option, or fix the column name.\n");
    }

    @Test
    void timeOptionsOnADecimalColumnAreARulesError() throws IOException {
        CommandRun r = run("time_on_decimal", "right", "columns: { amt: { time_tolerance: 2s } }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("time_on_decimal") + ":5 (columns.amt.time_tolerance): cannot"
                        + " apply columns.amt.time_tolerance to column 'amt': it applies to timestamps, and 'amt' is"
                        + " decimal(10,2) on the left and decimal(10,2) on the right. Remove the option, or fix the"
                        + " column name.\n");
    }

    @Test
    void excludeRecentOnAStringColumnIsARulesErrorNamingTheKey() throws IOException {
        CommandRun r = run("recent_string", "right", "exclude_recent: { column: name, minutes: 5 }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out())
                .contains("Invalid rule at " + rulesFile("recent_string") + ":5 (exclude_recent.column): cannot apply"
                        + " exclude_recent.column to column 'name': it applies to timestamp and date columns, and"
                        + " 'name' is string on the left and string on the right. Remove the option, or fix the column"
                        + " name.\n");
    }

    @Test
    void whereAndExcludeRecentMayUseAnIgnoredColumn() throws IOException {
        // loaded_at differs in every row but is ignored; row 3, loaded seconds ago, is excluded by it;
        // row 2 is excluded by a where on the ignored column's date; so the sides match.
        CommandRun r = run("recent_ignored", "right", """
                ignore: [loaded_at]
                exclude_recent: { column: loaded_at, minutes: 60 }
                where: "id <> 2 OR loaded_at < timestamp'2000-01-01 00:00:00'"
                """);

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pipeline recent_ignored: PASS");
    }

    @Test
    void aMaskedColumnOnOneSideOnlyIsAcceptedAndMasked() throws IOException {
        CommandRun r = run("mask_one_side", "right_with_card", "ignore: [loaded_at]\nsample: { mask: [card] }");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(samples("mask_one_side")).isEqualTo(1);
    }
}
