package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ERROR rows a comparison that stopped early leaves, whatever stopped it. */
class UnevaluatedChecksTest {
    private static final String WHY = "Cannot read the left side (parquet:/data/x): no such path";

    /** The rule with every kind of check: a KPI, a distribution, a distinct count. */
    private static Rule everyKindOfCheck(Checks checks) {
        return TestRule.keyed("id")
                .checks(checks)
                .kpi(new KpiSpec(
                        "revenue",
                        List.of(),
                        Map.of("total", new KpiSpec.Metric("sum(amt)", null, null)),
                        Severity.WARNING))
                .distribution(new DistributionSpec("amt", null, null, null))
                .distinct(new DistinctSpec("name", null, null, Severity.BLOCKING))
                .build();
    }

    private static List<String> describe(List<Verdict> verdicts) {
        return verdicts.stream()
                .map(v -> v.check() + "." + v.scope() + "." + v.metric() + "=" + v.status()
                        + (v.blocking() ? " blocking" : " warning") + ": " + v.message())
                .toList();
    }

    @Test
    void nothingEvaluatedGivesAnErrorRowForEveryEnabledCheckInTheOrderAComparisonListsThem() {
        List<Verdict> errors = UnevaluatedChecks.errors(everyKindOfCheck(Checks.DEFAULT), List.of(), WHY);

        assertThat(describe(errors))
                .containsExactly(
                        "schema.*.error=ERROR blocking: " + WHY,
                        "row_count.*.error=ERROR blocking: " + WHY,
                        "partition_hash.*.error=ERROR warning: " + WHY,
                        "kpi:revenue.*.error=ERROR warning: " + WHY,
                        "distribution:amt.*.error=ERROR warning: " + WHY,
                        "distinct:name.*.error=ERROR blocking: " + WHY,
                        "key_diff.*.error=ERROR blocking: " + WHY,
                        "columns.*.error=ERROR blocking: " + WHY);
    }

    @Test
    void disabledChecksGetNoRow() {
        Checks onlyKeyDiff = new Checks(
                new Checks.SchemaCheck(false, null, null, null, null),
                new Checks.RowCountCheck(false, null, null, null),
                new Checks.PartitionHashCheck(false, null),
                null,
                new Checks.ColumnsCheck(false, null));

        List<Verdict> errors = UnevaluatedChecks.errors(
                TestRule.keyed("id").checks(onlyKeyDiff).build(), List.of(), WHY);

        assertThat(describe(errors)).containsExactly("key_diff.*.error=ERROR blocking: " + WHY);
    }

    /** Every table-level check disabled: only the column checks remain, with the given key-diff mode. */
    private static Checks onlyColumns(Checks.KeyDiffMode mode, Severity columns) {
        return new Checks(
                new Checks.SchemaCheck(false, null, null, null, null),
                new Checks.RowCountCheck(false, null, null, null),
                new Checks.PartitionHashCheck(false, null),
                new Checks.KeyDiffCheck(false, null, null, null, null, mode),
                new Checks.ColumnsCheck(true, columns));
    }

    @Test
    void columnChecksWhoseColumnsAreUnknownGetOneColumnsRow() {
        List<Verdict> errors = UnevaluatedChecks.errors(
                TestRule.keyed("id").checks(onlyColumns(null, Severity.WARNING)).build(), List.of(), WHY);

        assertThat(describe(errors)).containsExactly("columns.*.error=ERROR warning: " + WHY);
    }

    @Test
    void theColumnsRowIsBlockingWhenAnyColumnCheckIs() {
        Rule rule = TestRule.keyed("id")
                .checks(onlyColumns(null, Severity.WARNING))
                .column("amt", Options.options().severity(Severity.BLOCKING).build())
                .build();

        assertThat(describe(UnevaluatedChecks.errors(rule, List.of(), WHY)))
                .containsExactly("columns.*.error=ERROR blocking: " + WHY);
    }

    @Test
    void columnVerdictsAlreadyThereLeaveNoColumnsRow() {
        List<Verdict> evaluated = List.of(
                new Verdict("column:amt", "*", "mismatches", Status.PASS, true, null, null, 0.0, "exact", "none", null),
                Verdict.error("key_diff", true, WHY));

        assertThat(UnevaluatedChecks.errors(TestRule.keyed("id").build(), evaluated, WHY))
                .extracting(Verdict::check)
                .containsExactly("schema", "row_count", "partition_hash");
    }

    @Test
    void aStopWithEveryEnabledCheckAlreadyJudgedStillLeavesAComparisonErrorRow() {
        // A schema-only rule whose data pass fails after the schema check passed: without this row
        // the failed comparison would read as a PASS.
        Checks onlySchema = new Checks(
                null,
                new Checks.RowCountCheck(false, null, null, null),
                new Checks.PartitionHashCheck(false, null),
                new Checks.KeyDiffCheck(false, null, null, null, null, null),
                new Checks.ColumnsCheck(false, null));
        List<Verdict> evaluated =
                List.of(new Verdict("schema", "*", "columns", Status.PASS, true, "2", "2", 0.0, null, "same", null));

        List<Verdict> errors =
                UnevaluatedChecks.errors(TestRule.keyed("id").checks(onlySchema).build(), evaluated, WHY);

        assertThat(describe(errors)).containsExactly("comparison.*.error=ERROR blocking: " + WHY);
    }

    @Test
    void columnChecksInEstimateModeNeverGetARowSoTheComparisonDoes() {
        // Estimate mode joins nothing and so produces no column verdicts even when it finishes.
        List<Verdict> errors = UnevaluatedChecks.errors(
                TestRule.keyed("id")
                        .checks(onlyColumns(Checks.KeyDiffMode.ESTIMATE, null))
                        .build(),
                List.of(),
                WHY);

        assertThat(describe(errors)).containsExactly("comparison.*.error=ERROR blocking: " + WHY);
    }

    @Test
    void anErrorAlreadyAmongTheVerdictsNeedsNoComparisonRow() {
        List<Verdict> evaluated = List.of(Verdict.error("schema", true, WHY));
        Checks onlySchema = new Checks(
                null,
                new Checks.RowCountCheck(false, null, null, null),
                new Checks.PartitionHashCheck(false, null),
                new Checks.KeyDiffCheck(false, null, null, null, null, null),
                new Checks.ColumnsCheck(false, null));

        assertThat(UnevaluatedChecks.errors(
                        TestRule.keyed("id").checks(onlySchema).build(), evaluated, WHY))
                .isEmpty();
    }

    @Test
    void checksThatAlreadyHaveAVerdictGetNoErrorRow() {
        List<Verdict> evaluated = List.of(
                new Verdict("schema", "*", "columns", Status.PASS, true, "2", "2", 0.0, null, "same", null),
                Verdict.error("kpi:revenue", false, "Invalid SQL in kpis[0].metrics.total.expr 'sum(amt'"));

        List<Verdict> errors = UnevaluatedChecks.errors(everyKindOfCheck(Checks.DEFAULT), evaluated, WHY);

        assertThat(errors)
                .extracting(Verdict::check)
                .containsExactly(
                        "row_count", "partition_hash", "distribution:amt", "distinct:name", "key_diff", "columns");
        assertThat(errors).extracting(Verdict::status).containsOnly(Status.ERROR);
    }
}
