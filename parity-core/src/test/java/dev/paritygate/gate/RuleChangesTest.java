package dev.paritygate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.gate.RuleChange.Direction;
import dev.paritygate.rules.Checks;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.rules.Severity;
import dev.paritygate.testing.Options;
import dev.paritygate.testing.TestRule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleChangesTest {
    private static List<RuleChange> changes(Rule older, Rule newer) {
        return RuleChanges.between(RulesFingerprint.canonicalJson(older), RulesFingerprint.canonicalJson(newer));
    }

    private static TestRule base() {
        return TestRule.keyed("id");
    }

    /** Options with only these normalisations set. */
    private static ColumnOptions options(boolean trim, Severity severity, ColumnOptions.UnicodeForm unicode) {
        return Options.options().trim(trim).severity(severity).unicode(unicode).build();
    }

    private static KpiSpec revenue(String relTol) {
        return new KpiSpec(
                "revenue",
                List.of("region"),
                Map.of("total", new KpiSpec.Metric("sum(amount)", null, new BigDecimal(relTol))),
                null);
    }

    @Test
    void identicalRulesHaveNoChanges() {
        assertThat(changes(
                        base().absTol("amount", "0.01").build(),
                        base().absTol("amount", "0.010").build()))
                .isEmpty();
    }

    @Test
    void aLargerToleranceIsLooserAndASmallerOneStricter() {
        Rule tight = base().absTol("amount", "0.01").kpi(revenue("0.0005")).build();
        Rule loose = base().absTol("amount", "0.02").kpi(revenue("0.001")).build();

        assertThat(changes(tight, loose))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "columns.amount.abs_tol loosened (0.01 -> 0.02)",
                        "kpis[revenue].metrics.total.rel_tol loosened (0.0005 -> 0.001)");
        assertThat(changes(loose, tight)).extracting(RuleChange::direction).containsOnly(Direction.STRICTER);
    }

    @Test
    void aToleranceOnAColumnWithoutOneBeforeIsLooser() {
        assertThat(changes(base().build(), base().absTol("amount", "0.5").build()))
                .extracting(RuleChange::describe)
                .containsExactly("columns.amount.abs_tol loosened (unset -> 0.5)");
    }

    @Test
    void aNewlyIgnoredColumnIsLooserAndAnUnignoredOneStricter() {
        List<RuleChange> c = changes(
                base().ignore("etl_ts").build(), base().ignore("etl_ts", "note").build());

        assertThat(c).extracting(RuleChange::describe).containsExactly("ignore loosened (added 'note')");
        assertThat(changes(base().ignore("etl_ts", "note").build(), base().build()))
                .extracting(RuleChange::direction)
                .containsOnly(Direction.STRICTER);
    }

    @Test
    void aDisabledCheckOrABlockingCheckMadeAWarningIsLooser() {
        Checks disabled = new Checks(null, new Checks.RowCountCheck(false, null, null, null), null, null, null);
        Checks warning = new Checks(
                null, null, null, new Checks.KeyDiffCheck(null, Severity.WARNING, null, null, null, null), null);

        assertThat(changes(base().build(), base().checks(disabled).build()))
                .extracting(RuleChange::describe)
                .containsExactly("checks.row_count.enabled loosened (true -> false)");
        assertThat(changes(base().build(), base().checks(warning).build()))
                .extracting(RuleChange::describe)
                .containsExactly("checks.key_diff.severity loosened ('BLOCKING' -> 'WARNING')");
        assertThat(changes(base().checks(warning).build(), base().build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.STRICTER);
    }

    @Test
    void aRemovedKpiIsLooserAndAnAddedOneStricter() {
        assertThat(changes(base().kpi(revenue("0")).build(), base().build()))
                .extracting(RuleChange::describe)
                .containsExactly("kpis[revenue] loosened (check kpi:revenue removed)");
        assertThat(changes(base().build(), base().kpi(revenue("0")).build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.STRICTER);
    }

    @Test
    void anyChangeOfWhereIsLooser() {
        assertThat(changes(
                        base().where("region = 'EU'").build(),
                        base().where("region IN ('EU', 'US')").build()))
                .extracting(RuleChange::describe)
                .containsExactly("where loosened ('region = 'EU'' -> 'region IN ('EU', 'US')')");
    }

    @Test
    void switchingOnANormalisationIsLooser() {
        ColumnOptions trim = options(true, null, null);

        assertThat(changes(base().build(), base().column("status", trim).build()))
                .extracting(RuleChange::describe)
                .containsExactly("columns.status.trim loosened (false -> true)");
    }

    @Test
    void unicodeNormalisationIsLooserWhenSwitchedOnOrMadeCompatibilityAware() {
        ColumnOptions nfc = options(false, null, ColumnOptions.UnicodeForm.NFC);
        ColumnOptions nfd = options(false, null, ColumnOptions.UnicodeForm.NFD);
        ColumnOptions nfkc = options(false, null, ColumnOptions.UnicodeForm.NFKC);

        assertThat(changes(base().build(), base().column("name", nfc).build()))
                .extracting(RuleChange::describe)
                .containsExactly("columns.name.unicode loosened (unset -> 'NFC')");
        assertThat(changes(
                        base().column("name", nfc).build(),
                        base().column("name", nfkc).build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.LOOSER);
        assertThat(changes(base().column("name", nfkc).build(), base().build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.STRICTER);
        assertThat(changes(
                        base().column("name", nfc).build(),
                        base().column("name", nfd).build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.NEUTRAL);
    }

    /** A rule whose column amount has these options, or none when {@code amount} is null. */
    private static Rule amount(String amount) {
        String yaml = "pipeline: p\nleft: { table: l }\nright: { table: r }\nkey: [id]\n"
                + (amount == null ? "" : "columns: { amount: { " + amount + " } }\n");
        return RuleLoader.parse(yaml, Path.of("p.yaml")).rule();
    }

    @Test
    void makingOppositeZerosDifferIsStricterAndOppositeInfinitiesEqualLooser() {
        List<RuleChange> c = java.util.stream.Stream.of(
                        changes(amount(null), amount("signed_zero_equal: false")),
                        changes(amount("abs_tol: 1"), amount("abs_tol: 1, signed_zero_equal: false")),
                        changes(amount("abs_tol: 1, signed_zero_equal: false"), amount("abs_tol: 1")),
                        changes(amount(null), amount("opposite_infinities_equal: true")),
                        changes(amount("abs_tol: 1, opposite_infinities_equal: true"), amount("abs_tol: 1")),
                        changes(amount("nan_equal: true"), amount("nan_equal: false")))
                .flatMap(List::stream)
                .toList();

        assertThat(c)
                .extracting(RuleChange::describe)
                .containsExactly(
                        "columns.amount.signed_zero_equal tightened (true -> false)",
                        "columns.amount.signed_zero_equal tightened (true -> false)",
                        "columns.amount.signed_zero_equal loosened (false -> true)",
                        "columns.amount.opposite_infinities_equal loosened (false -> true)",
                        "columns.amount.opposite_infinities_equal tightened (true -> false)",
                        "columns.amount.nan_equal tightened (true -> false)");
        // Written out, the defaults are no change at all.
        assertThat(changes(amount("abs_tol: 1"), amount("abs_tol: 1, signed_zero_equal: true")))
                .isEmpty();
        assertThat(changes(amount(null), amount("opposite_infinities_equal: false")))
                .isEmpty();
    }

    @Test
    void aColumnSeverityThatOnlyRestatesTheInheritedOneIsNeutral() {
        ColumnOptions blocking = options(false, Severity.BLOCKING, null);

        assertThat(changes(base().build(), base().column("amount", blocking).build()))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.NEUTRAL);
    }

    /** A rule whose column checks carry {@code checksColumns} as defaults and amount's own {@code amount} keys. */
    private static Rule columnTolerances(String checksColumns, String amount) {
        String yaml = "pipeline: p\nleft: { table: l }\nright: { table: r }\nkey: [id]\n" + "checks: { columns: { "
                + checksColumns + " } }\ncolumns: { amount: { trim: true, " + amount + " } }\n";
        return RuleLoader.parse(yaml, Path.of("p.yaml")).rule();
    }

    @Test
    void aLargerColumnMismatchToleranceIsLooserASmallerOneStricterAndItsWarnBandNeutral() {
        Rule tight = columnTolerances("max_mismatch_count: 5", "max_mismatch_rate: 0.01");
        Rule loose = columnTolerances("max_mismatch_count: 10", "max_mismatch_rate: 0.02");
        Rule banded = columnTolerances(
                "max_mismatch_count: 5, warn_mismatch_count: 2", "max_mismatch_rate: 0.01, warn_mismatch_rate: 0.001");

        assertThat(java.util.stream.Stream.of(changes(tight, loose), changes(loose, tight), changes(tight, banded))
                        .flatMap(List::stream))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "checks.columns.max_mismatch_count loosened (5 -> 10)",
                        "columns.amount.max_mismatch_rate loosened (0.01 -> 0.02)",
                        "checks.columns.max_mismatch_count tightened (10 -> 5)",
                        "columns.amount.max_mismatch_rate tightened (0.02 -> 0.01)",
                        "checks.columns.warn_mismatch_count changed (unset -> 2)",
                        "columns.amount.warn_mismatch_rate changed (unset -> 0.001)");
        assertThat(RuleChanges.breaking(RulesFingerprint.canonicalJson(banded), RulesFingerprint.canonicalJson(tight)))
                .isEmpty();
    }

    @Test
    void aColumnMismatchToleranceIsComparedWithTheDefaultItOverridesOrInherits() {
        Rule inheritsFive = columnTolerances("max_mismatch_count: 5", "");
        Rule ownThree = columnTolerances("max_mismatch_count: 5", "max_mismatch_count: 3");
        Rule ownFive = columnTolerances("max_mismatch_count: 5", "max_mismatch_count: 5");

        assertThat(changes(inheritsFive, ownThree))
                .extracting(RuleChange::describe)
                .containsExactly("columns.amount.max_mismatch_count tightened (unset -> 3)");
        assertThat(changes(ownThree, inheritsFive))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.LOOSER);
        assertThat(changes(inheritsFive, ownFive))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.NEUTRAL);
    }

    @Test
    void theSampleIsNeutralAndASourceChangeUnclassified() {
        assertThat(changes(base().sample(5).build(), base().sample(50).build()))
                .extracting(RuleChange::describe)
                .containsExactly("sample.max_rows changed (5 -> 50)");
        List<RuleChange> keyChange =
                changes(base().build(), TestRule.keyed("id", "line").build());
        assertThat(keyChange).extracting(RuleChange::direction).containsExactly(Direction.UNCLASSIFIED);
        assertThat(keyChange.get(0).breaksStreak()).isTrue();
        assertThat(keyChange.get(0).describe())
                .isEqualTo("key changed ([\"id\"] -> [\"id\",\"line\"]), which the gate cannot classify as stricter");
    }

    @Test
    void declaringOrChangingASidesSchemaBreaksTheStreakBecauseItChangesWhatIsCompared() {
        // A declared type decides which texts compare equal ("1.0" and "1.00" as DECIMAL) and
        // turns a value that does not parse into NULL, so it may hide a difference.
        String csv = "pipeline: p\nleft: { format: csv, path: /in%s }\nright: { table: t }\nkey: [id]\n";
        Rule strings = RuleLoader.parse(csv.formatted(""), Path.of("p.yaml")).rule();
        Rule decimal = RuleLoader.parse(csv.formatted(", schema: \"id BIGINT, amt DECIMAL(12,2)\""), Path.of("p.yaml"))
                .rule();
        Rule doubles = RuleLoader.parse(csv.formatted(", schema: \"id BIGINT, amt DOUBLE\""), Path.of("p.yaml"))
                .rule();

        assertThat(changes(strings, decimal))
                .extracting(RuleChange::describe)
                .containsExactly("left.schema changed (unset -> 'id BIGINT, amt DECIMAL(12,2)'), which the gate"
                        + " cannot classify as stricter");
        assertThat(changes(decimal, doubles)).allMatch(RuleChange::breaksStreak).hasSize(1);
        assertThat(changes(decimal, strings)).allMatch(RuleChange::breaksStreak).hasSize(1);
    }

    @Test
    void warnBandsAreNeutralBecauseAWarnDoesNotBreakAStreak() {
        Checks band = new Checks(
                null,
                new Checks.RowCountCheck(null, null, 10L, null, 2L, null),
                null,
                new Checks.KeyDiffCheck(null, null, 100L, null, null, null, null, new BigDecimal("0")),
                null);
        KpiSpec revenueBand = new KpiSpec(
                "revenue",
                List.of("region"),
                Map.of(
                        "total",
                        new KpiSpec.Metric("sum(amount)", null, new BigDecimal("0.01"), null, new BigDecimal("0.001"))),
                null);
        Checks noBand = new Checks(
                null,
                new Checks.RowCountCheck(null, null, 10L, null),
                null,
                new Checks.KeyDiffCheck(null, null, 100L, null, null, null),
                null);
        Rule without = base().checks(noBand).kpi(revenue("0.01")).build();
        Rule with = base().checks(band).kpi(revenueBand).build();

        assertThat(changes(without, with))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "checks.key_diff.warn_mismatch_count changed (unset -> 0)",
                        "checks.key_diff.warn_mismatch_rate changed (unset -> 0)",
                        "checks.row_count.warn_abs_tol changed (unset -> 2)",
                        "checks.row_count.warn_rel_tol changed (unset -> 0)",
                        "kpis[revenue].metrics.total.warn_abs_tol changed (unset -> 0)",
                        "kpis[revenue].metrics.total.warn_rel_tol changed (unset -> 0.001)");
        assertThat(RuleChanges.breaking(RulesFingerprint.canonicalJson(with), RulesFingerprint.canonicalJson(without)))
                .isEmpty();
    }

    private static KpiSpec freshness(String timeTolerance, String warnTimeTolerance) {
        return new KpiSpec(
                "freshness",
                List.of(),
                Map.of("last", KpiSpec.Metric.timed("max(updated_at)", timeTolerance, warnTimeTolerance)),
                null);
    }

    @Test
    void aLargerKpiTimeToleranceIsLooserASmallerOneStricterAndItsWarnBandNeutral() {
        Rule exact = base().kpi(new KpiSpec(
                        "freshness",
                        List.of(),
                        Map.of("last", new KpiSpec.Metric("max(updated_at)", null, null)),
                        null))
                .build();
        Rule millis = base().kpi(freshness("1ms", null)).build();
        Rule second = base().kpi(freshness("PT1S", "500ms")).build();

        assertThat(changes(exact, millis))
                .extracting(RuleChange::describe)
                .containsExactly("kpis[freshness].metrics.last.time_tolerance loosened (unset -> 'PT0.001S')");
        assertThat(changes(millis, second))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "kpis[freshness].metrics.last.time_tolerance loosened ('PT0.001S' -> 'PT1S')",
                        "kpis[freshness].metrics.last.warn_time_tolerance changed (unset -> 'PT0.5S')");
        assertThat(changes(second, millis))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.STRICTER, Direction.NEUTRAL);
        assertThat(changes(millis, exact)).extracting(RuleChange::direction).containsExactly(Direction.STRICTER);
        assertThat(changes(base().kpi(freshness("1000ms", null)).build(), millis))
                .as("1000ms and 1ms differ; PT0.001S and 1ms do not")
                .hasSize(1);
        assertThat(changes(base().kpi(freshness("PT0.001S", null)).build(), millis))
                .isEmpty();
        assertThat(RuleChanges.breaking(
                        RulesFingerprint.canonicalJson(
                                base().kpi(freshness("1s", "100ms")).build()),
                        RulesFingerprint.canonicalJson(
                                base().kpi(freshness("1s", "900ms")).build())))
                .isEmpty();
    }

    @Test
    void breakingKeepsOnlyLooserAndUnclassifiedChanges() {
        Rule older = base().absTol("amount", "0.05").sample(5).build();
        Rule newer = base().absTol("amount", "0.01").sample(50).where("x > 0").build();

        assertThat(RuleChanges.breaking(RulesFingerprint.canonicalJson(older), RulesFingerprint.canonicalJson(newer)))
                .extracting(RuleChange::path)
                .containsExactly("where");
    }

    @Test
    void theKeyDiffModesRankFullThenPrunedThenEstimate() {
        // Estimate fails only when an estimate's lower bound exceeds the allowance, skips duplicate
        // keys and produces no column checks: it can hide what the exact diff would fail on. Pruned
        // counts duplicate keys only where fingerprints differ, so it can hide what full fails on.
        Rule pruned = base().build();
        Rule full = pruned.withKeyDiffMode(Checks.KeyDiffMode.FULL);
        Rule estimate = pruned.withKeyDiffMode(Checks.KeyDiffMode.ESTIMATE);

        assertThat(java.util.stream.Stream.of(
                                changes(pruned, estimate),
                                changes(full, estimate),
                                changes(estimate, pruned),
                                changes(estimate, full),
                                changes(pruned, full),
                                changes(full, pruned))
                        .flatMap(List::stream))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "checks.key_diff.mode loosened ('PRUNED' -> 'ESTIMATE')",
                        "checks.key_diff.mode loosened ('FULL' -> 'ESTIMATE')",
                        "checks.key_diff.mode tightened ('ESTIMATE' -> 'PRUNED')",
                        "checks.key_diff.mode tightened ('ESTIMATE' -> 'FULL')",
                        "checks.key_diff.mode tightened ('PRUNED' -> 'FULL')",
                        "checks.key_diff.mode loosened ('FULL' -> 'PRUNED')");
        assertThat(RuleChanges.breaking(
                        RulesFingerprint.canonicalJson(pruned), RulesFingerprint.canonicalJson(estimate)))
                .extracting(RuleChange::direction)
                .containsExactly(Direction.LOOSER);
    }

    @Test
    void anUnsetKeyDiffModeComparesAsPruned() {
        String unset = "{\"checks\":{\"key_diff\":{}}}";
        String pruned = "{\"checks\":{\"key_diff\":{\"mode\":\"PRUNED\"}}}";
        String estimate = "{\"checks\":{\"key_diff\":{\"mode\":\"ESTIMATE\"}}}";

        assertThat(java.util.stream.Stream.of(
                                RuleChanges.between(unset, estimate),
                                RuleChanges.between(estimate, unset),
                                RuleChanges.between(unset, pruned))
                        .flatMap(List::stream))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "checks.key_diff.mode loosened (unset -> 'ESTIMATE')",
                        "checks.key_diff.mode tightened ('ESTIMATE' -> unset)",
                        "checks.key_diff.mode changed (unset -> 'PRUNED')");
    }

    /** A rule whose left side is a CSV file read with {@code leftOptions} and {@code leftTransforms}. */
    private static Rule csvLeft(String leftOptions, String leftTransforms, String rename) {
        String yaml = "pipeline: p\nleft: { format: csv, path: /in, options: { " + leftOptions + " }, transforms: { "
                + leftTransforms + " } }\nright: { table: t }\nkey: [id]\nrename: { " + rename + " }\n";
        return RuleLoader.parse(yaml, Path.of("p.yaml")).rule();
    }

    @Test
    void aSidesReaderModeIsASourceChangeAndUnclassifiedNotTheNeutralKeyDiffMode() {
        // PERMISSIVE nulls a malformed row's fields and DROPMALFORMED drops the row: what is compared
        // changes, as with any other change of how a side is read.
        Rule failFast = csvLeft("header: \"true\", mode: FAILFAST", "", "");
        Rule permissive = csvLeft("header: \"true\", mode: PERMISSIVE", "", "");
        Rule unset = csvLeft("header: \"true\"", "", "");
        Rule dropMalformed = csvLeft("header: \"true\", mode: DROPMALFORMED", "", "");

        assertThat(java.util.stream.Stream.of(
                                changes(failFast, permissive),
                                changes(permissive, failFast),
                                changes(unset, dropMalformed))
                        .flatMap(List::stream))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "left.options.mode changed ('FAILFAST' -> 'PERMISSIVE'), which the gate cannot classify as"
                                + " stricter",
                        "left.options.mode changed ('PERMISSIVE' -> 'FAILFAST'), which the gate cannot classify as"
                                + " stricter",
                        "left.options.mode changed (unset -> 'DROPMALFORMED'), which the gate cannot classify as"
                                + " stricter");
        assertThat(changes(failFast, permissive)).allMatch(RuleChange::breaksStreak);
    }

    @Test
    void aTransformOrRenameOfAColumnNamedLikeARuleKeyIsUnclassified() {
        Rule older = csvLeft("", "mode: upper(mode), trim: trim(trim)", "segments: seg, enabled: is_on");
        Rule newer = csvLeft("", "mode: lower(mode), trim: trim", "segments: segs, enabled: on_flag");

        assertThat(changes(older, newer))
                .extracting(RuleChange::path, RuleChange::direction)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("left.transforms.mode", Direction.UNCLASSIFIED),
                        org.assertj.core.groups.Tuple.tuple("left.transforms.trim", Direction.UNCLASSIFIED),
                        org.assertj.core.groups.Tuple.tuple("rename.enabled", Direction.UNCLASSIFIED),
                        org.assertj.core.groups.Tuple.tuple("rename.segments", Direction.UNCLASSIFIED));
    }

    @Test
    void aKpiMetricNamedLikeARuleKeyIsComparedAsAMetric() {
        KpiSpec tight = new KpiSpec(
                "customers",
                List.of(),
                Map.of(
                        "distinct", new KpiSpec.Metric("count(distinct customer_id)", null, new BigDecimal("0.01")),
                        "ignore", new KpiSpec.Metric("sum(amount)", null, new BigDecimal("0.01"))),
                null);
        KpiSpec loose = new KpiSpec(
                "customers",
                List.of(),
                Map.of(
                        "distinct", new KpiSpec.Metric("count(distinct customer_id)", null, new BigDecimal("0.02")),
                        "ignore", new KpiSpec.Metric("sum(amount)", null, new BigDecimal("0.02"))),
                null);

        assertThat(changes(base().kpi(tight).build(), base().kpi(loose).build()))
                .extracting(RuleChange::describe)
                .containsExactly(
                        "kpis[customers].metrics.distinct.rel_tol loosened (0.01 -> 0.02)",
                        "kpis[customers].metrics.ignore.rel_tol loosened (0.01 -> 0.02)");
    }

    @Test
    void textThatIsNotAJsonObjectIsRejected() {
        assertThatThrownBy(() -> RuleChanges.between("[1]", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid canonical rule JSON '[1]': expected an object");
    }
}
