package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.RuleLoader;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.testing.TestData;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Column names Spark takes but SQL text does not (dots, backticks), names that collide once the
 * rule's renames and case-insensitive matching are applied, and names Parity Gate uses for its own
 * working columns: each is compared, or is a rules error at the line to fix, never an internal error.
 */
class AwkwardColumnNamesTest {
    static PipelineResult compare(Dataset<Row> left, Dataset<Row> right, String rule) {
        String yaml = "pipeline: p\nleft: {table: a}\nright: {table: b}\n" + rule + "\n";
        return SparkParity.compare(
                left, right, RuleLoader.parse(yaml, Path.of("rules/p.yaml")), ComparisonContext.adHoc("fp"));
    }

    static String error(PipelineResult r) {
        return r.verdicts().stream()
                .filter(v -> v.status() == Status.ERROR)
                .findFirst()
                .orElseThrow()
                .message();
    }

    @Test
    void excludeRecentOnAColumnWhoseNameHasADotLeavesOutTheRecentRows() {
        // Row 2 was loaded just now, and differs: it is left out, so the sides match.
        Timestamp old = Timestamp.from(Instant.parse("2020-01-01T00:00:00Z"));
        Timestamp now = Timestamp.from(Instant.now());
        String ddl = "id BIGINT, `load.ts` TIMESTAMP, name STRING";
        Dataset<Row> left = TestData.of(ddl).row(1L, old, "a").row(2L, now, "b").df();
        Dataset<Row> right =
                TestData.of(ddl).row(1L, old, "a").row(2L, now, "B").df();

        PipelineResult r = compare(left, right, "key: [id]\nexclude_recent: {column: load.ts, minutes: 60}");

        assertThat(r.status()).as(r.verdicts().toString()).isEqualTo(Status.PASS);
        assertThat(r.verdict("row_count", "*", "rows").leftValue()).isEqualTo("1");
    }

    @Test
    void renameOntoANameTheLeftSideAlreadyHasIsARulesErrorAtItsLine() {
        Dataset<Row> left =
                TestData.of("id BIGINT, a STRING, B STRING").row(1L, "x", "y").df();
        Dataset<Row> right = TestData.of("id BIGINT, b STRING").row(1L, "x").df();

        PipelineResult onto = compare(left, right, "key: [id]\nrename: {a: b}");
        PipelineResult empty = compare(left, right, "key: [id]\nignore: [B]\nrename: {a: \"\"}");

        assertThat(onto.ruleError()).isTrue();
        assertThat(error(onto))
                .isEqualTo("Invalid rule at rules/p.yaml:5 (rename.a): cannot rename column 'a' to 'b': the left side"
                        + " already has a column 'B' (names match without regard to case); left columns: [id, a, B]."
                        + " Rename each left column to a name no other left column has.");
        assertThat(empty.ruleError()).isTrue();
        assertThat(error(empty))
                .isEqualTo("Invalid rule at rules/p.yaml:6 (rename.a): cannot rename column 'a' to an empty name."
                        + " Name the right side's column.");
    }

    @Test
    void twoRenamesOntoOneNameAreARulesErrorAtTheSecond() {
        Dataset<Row> left =
                TestData.of("id BIGINT, a STRING, c STRING").row(1L, "x", "y").df();
        Dataset<Row> right = TestData.of("id BIGINT, b STRING").row(1L, "x").df();

        PipelineResult r = compare(left, right, "key: [id]\nrename:\n  a: b\n  c: b");

        assertThat(r.ruleError()).isTrue();
        assertThat(error(r))
                .isEqualTo("Invalid rule at rules/p.yaml:7 (rename.c): cannot rename column 'c' to 'b': rename.a"
                        + " renames column 'a' to 'b' too; left columns: [id, a, c]. Rename each left column to a name"
                        + " no other left column has.");
    }

    @Test
    void renameToANameTheRightSideLacksIsARulesErrorAtTheEntryNotASchemaFail() {
        // Before: a schema FAIL, column 'nmae' dropped on the right and 'name' added.
        Dataset<Row> left = TestData.of("id BIGINT, nm STRING, Amt DECIMAL(10,2)")
                .row(1L, "x", new java.math.BigDecimal("1.00"))
                .df();
        Dataset<Row> right = TestData.of("id BIGINT, name STRING, amount DECIMAL(10,2)")
                .row(1L, "x", new java.math.BigDecimal("1.00"))
                .df();

        PipelineResult typo = compare(left, right, "key: [id]\nrename:\n  Amt: AMOUNT\n  nm: nmae");
        PipelineResult fixed = compare(left, right, "key: [id]\nrename:\n  Amt: AMOUNT\n  nm: name");

        assertThat(typo.ruleError()).isTrue();
        assertThat(error(typo))
                .isEqualTo("Invalid rule at rules/p.yaml:7 (rename.nm): cannot find column 'nmae' on the right side;"
                        + " right columns: [id, name, amount]. Did you mean 'name'? rename maps left (legacy) names to"
                        + " right names: fix the right name in the rule.");
        assertThat(fixed.status()).as(fixed.verdicts().toString()).isEqualTo(Status.PASS);
    }

    @Test
    void renamesMaySwapTwoColumnsNames() {
        Dataset<Row> left =
                TestData.of("id BIGINT, a STRING, b STRING").row(1L, "x", "y").df();
        Dataset<Row> right =
                TestData.of("id BIGINT, b STRING, a STRING").row(1L, "x", "y").df();

        PipelineResult r = compare(left, right, "key: [id]\nrename: {a: b, b: a}");

        assertThat(r.status()).as(r.verdicts().toString()).isEqualTo(Status.PASS);
    }

    @Test
    void aSideWithTwoColumnsThatDifferOnlyInCaseIsARulesErrorUnlessSparkAndTheRuleTellThemApart() {
        Dataset<Row> left =
                TestData.of("id BIGINT, a STRING, A STRING").row(1L, "x", "y").df();
        Dataset<Row> right = TestData.of("id BIGINT, a STRING").row(1L, "x").df();
        String sensitive = "key: [id]\ncase_sensitive: true\nchecks: {schema: {allow_dropped: true}}";

        PipelineResult r = compare(left, right, "key: [id]");
        PipelineResult ruleOnly = compare(left, right, sensitive);
        PipelineResult both;
        SharedSpark.spark().conf().set("spark.sql.caseSensitive", "true");
        try {
            both = compare(left, right, sensitive);
        } finally {
            SharedSpark.spark().conf().unset("spark.sql.caseSensitive");
        }

        // Where case_sensitive is not written, the error is at the side's definition (once, at no line).
        String expected = "Invalid rule at rules/p.yaml:%s: cannot tell the left side's columns 'a' and 'A' apart:"
                + " names match without regard to case; left columns: [id, a, A]. Read the side through a query"
                + " that gives them distinct names, or set case_sensitive: true and run Spark with"
                + " spark.sql.caseSensitive=true.";
        assertThat(r.ruleError()).isTrue();
        assertThat(error(r)).isEqualTo(expected.formatted("2 (left)"));
        assertThat(ruleOnly.ruleError()).isTrue();
        assertThat(error(ruleOnly)).isEqualTo(expected.formatted("5 (case_sensitive)"));
        assertThat(both.status()).as(both.verdicts().toString()).isEqualTo(Status.PASS);
    }

    @Test
    void aColumnNamedLikeAParityGateWorkingColumnIsARulesErrorSuggestingIgnore() {
        String ddl = "id BIGINT, `__pg_grain` STRING, name STRING";
        Dataset<Row> left = TestData.of(ddl).row(1L, "g", "a").df();
        Dataset<Row> right = TestData.of(ddl).row(1L, "g", "a").df();

        PipelineResult r = compare(left, right, "key: [id]");
        PipelineResult otherIgnored = compare(left, right, "key: [id]\nignore: [name]");
        PipelineResult ignored = compare(left, right, "key: [id]\nignore: [__pg_grain]");

        // Where ignore is not written, the error is at the side's definition (once, at no line).
        String expected = "Invalid rule at rules/p.yaml:%s: cannot compare column '__pg_grain' of the left side: names"
                + " that start with __pg_ are Parity Gate's working columns. Ignore the column, or rename it (rename"
                + " on the left side, a transform on the right).";
        assertThat(r.ruleError()).isTrue();
        assertThat(error(r)).isEqualTo(expected.formatted("2 (left)"));
        assertThat(otherIgnored.ruleError()).isTrue();
        assertThat(error(otherIgnored)).isEqualTo(expected.formatted("5 (ignore)"));
        assertThat(ignored.status()).as(ignored.verdicts().toString()).isEqualTo(Status.PASS);
    }

    @Test
    void aWorkingColumnNameTheRuleGivesIsARulesErrorAtTheEntryThatGivesIt() {
        Dataset<Row> left = TestData.of("id BIGINT, name STRING").row(1L, "a").df();
        Dataset<Row> right = TestData.of("id BIGINT, name STRING").row(1L, "a").df();
        String sides = "pipeline: p\nleft: {table: a}\nright:\n  table: b\n  transforms:\n    __pg_x: upper(name)\n";

        PipelineResult transformed = SparkParity.compare(
                left,
                right,
                RuleLoader.parse(sides + "key: [id]\nignore: [name]\n", Path.of("rules/p.yaml")),
                ComparisonContext.adHoc("fp"));
        PipelineResult renamed = compare(
                left,
                TestData.of("id BIGINT, `__PG_name` STRING").row(1L, "a").df(),
                "key: [id]\nrename:\n  name: __PG_name");

        assertThat(transformed.ruleError()).isTrue();
        assertThat(error(transformed))
                .isEqualTo("Invalid rule at rules/p.yaml:6 (right.transforms.__pg_x): cannot compare column '__pg_x'"
                        + " of the right side: names that start with __pg_ are Parity Gate's working columns. Ignore"
                        + " the column, or rename it (rename on the left side, a transform on the right).");
        assertThat(renamed.ruleError()).isTrue();
        assertThat(error(renamed))
                .isEqualTo("Invalid rule at rules/p.yaml:6 (rename.name): cannot compare column '__PG_name' of the"
                        + " left side: names that start with __pg_ are Parity Gate's working columns. Ignore the"
                        + " column, or rename it (rename on the left side, a transform on the right).");
    }
}
