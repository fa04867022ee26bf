package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpiRulesTest {
    private static final String BASE = """
            pipeline: orders
            left: {table: a}
            right: {table: b}
            key: [id]
            """;

    @Test
    void aKpiWarnBandWiderThanItsToleranceIsRejectedAtItsMetricsLine() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    metrics:\n      revenue:\n        expr: sum(amount)\n"
                                + "        abs_tol: 10\n        warn_abs_tol: 12\n",
                        Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:11 (kpis[0].metrics.revenue.warn_abs_tol): invalid kpi"
                        + " metric warn_abs_tol 12: must be between 0 and the abs tolerance 10, since a warn band"
                        + " lies inside the tolerance");
        KpiSpec.Metric band = RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    metrics:\n      revenue: {expr: sum(amount), rel_tol: 0.01,"
                                + " warn_rel_tol: 0.001}\n",
                        Path.of("orders.yaml"))
                .rule()
                .kpis()
                .get(0)
                .metrics()
                .get("revenue");
        assertThat(band.warnAbsTol()).isEqualByComparingTo("0");
        assertThat(band.warnRelTol()).isEqualByComparingTo("0.001");
    }

    private static String timed(String keys) {
        return BASE + "kpis:\n  - name: freshness\n    metrics:\n      last:\n        expr: max(updated_at)\n" + keys;
    }

    @Test
    void aKpiMetricTakesATimeToleranceAndAWarnBandWrittenAsAColumnsTimeToleranceIs() {
        KpiSpec.Metric m = RuleLoader.parse(
                        timed("        time_tolerance: 1ms\n        warn_time_tolerance: PT0.0005S\n"),
                        Path.of("orders.yaml"))
                .rule()
                .kpis()
                .get(0)
                .metrics()
                .get("last");

        assertThat(m.hasTimeTolerance()).isTrue();
        assertThat(m.timeToleranceMicros()).isEqualTo(1_000L);
        assertThat(m.warnTimeToleranceMicros()).isEqualTo(500L);
        assertThat(RuleLoader.parse(timed("        time_tolerance: 1d\n"), Path.of("orders.yaml"))
                        .rule()
                        .kpis()
                        .get(0)
                        .metrics()
                        .get("last")
                        .timeToleranceMicros())
                .isEqualTo(86_400_000_000L);
    }

    @Test
    void aNegativeOrUnparsableKpiTimeToleranceIsRejectedAtItsLine() {
        assertThatThrownBy(() -> RuleLoader.parse(timed("        time_tolerance: -1ms\n"), Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:10 (kpis[0].metrics.last.time_tolerance): invalid"
                        + " time_tolerance '-1ms': must not be negative");
        assertThatThrownBy(() -> RuleLoader.parse(timed("        time_tolerance: PT-1S\n"), Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:10 (kpis[0].metrics.last.time_tolerance): invalid"
                        + " time_tolerance 'PT-1S': must not be negative");
        assertThatThrownBy(() -> RuleLoader.parse(
                        timed("        time_tolerance: 1s\n        warn_time_tolerance: 5 sec\n"),
                        Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:11 (kpis[0].metrics.last.warn_time_tolerance): invalid"
                        + " warn_time_tolerance '5 sec': use ISO-8601 (PT1S) or a number with us, ms, s, m, h or d");
    }

    @Test
    void aKpiTimeWarnBandWiderThanItsToleranceIsRejectedAtItsLine() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        timed("        time_tolerance: 1ms\n        warn_time_tolerance: 2ms\n"),
                        Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:11 (kpis[0].metrics.last.warn_time_tolerance): invalid kpi"
                        + " metric warn_time_tolerance '2ms': must be between 0 and the time tolerance '1ms', since a"
                        + " warn band lies inside the tolerance");
        assertThatThrownBy(() -> RuleLoader.parse(timed("        warn_time_tolerance: 1ms\n"), Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:10 (kpis[0].metrics.last.warn_time_tolerance): invalid kpi"
                        + " metric warn_time_tolerance '1ms': must be between 0 and the time tolerance 0 (the metric"
                        + " sets no time tolerance), since a warn band lies inside the tolerance");
    }

    @Test
    void aKpiMetricWithBothANumericAndATimeToleranceIsRejected() {
        // A metric's values are numbers or instants: one of the two keys would be ignored without a word.
        assertThatThrownBy(() -> RuleLoader.parse(
                        timed("        abs_tol: 1\n        time_tolerance: 1ms\n"), Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:8 (kpis[0].metrics.last): invalid kpi metric: abs_tol and"
                        + " time_tolerance cannot both be set, since abs_tol applies to numbers and time_tolerance to"
                        + " timestamps and dates, and a metric's values are one or the other. Keep the keys that fit"
                        + " the values its expr returns");
    }

    @Test
    void kpisDistributionsAndDistinctChecksLoadWithTheirDefaults() {
        Rule r = RuleLoader.parse(BASE + """
                kpis:
                  - name: revenue_by_region
                    group_by: [region]
                    metrics:
                      revenue: { expr: "sum(amount)", rel_tol: 0.0005 }
                      orders: { expr: "count(*)" }
                distributions:
                  - column: amount
                    max_distance: 0.02
                distinct:
                  - column: customer_id
                    rel_tol: 0.01
                """, Path.of("orders.yaml")).rule();

        KpiSpec k = r.kpis().get(0);
        assertThat(k.groupBy()).containsExactly("region");
        assertThat(k.metrics().keySet()).containsExactly("revenue", "orders");
        assertThat(k.metrics().get("revenue").relTol()).isEqualByComparingTo("0.0005");
        assertThat(k.severity()).isEqualTo(Severity.BLOCKING);
        assertThat(r.distributions())
                .containsExactly(new DistributionSpec("amount", new BigDecimal("0.02"), 200, Severity.WARNING));
        assertThat(r.distinct().get(0).lgK()).isEqualTo(14);
        assertThat(r.distinct().get(0).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void kpiWithoutMetricsNamesFileLineAndKey() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: empty\n    group_by: [region]\n", Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("orders.yaml:6")
                .hasMessageContaining("metrics must name at least one aggregate");
    }

    @Test
    void unknownKpiKeySuggestsTheNearestOne() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    group: [region]\n    metrics: {n: {expr: \"count(*)\"}}\n",
                        Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("unknown key 'group'. Did you mean 'group_by'?");
    }

    @Test
    void twoKpisWithTheSameNameAreRejectedNamingTheFirst() {
        assertThatThrownBy(() -> RuleLoader.parse(BASE + """
                        kpis:
                          - name: revenue
                            metrics: {total: {expr: "sum(amount)"}}
                          - name: revenue
                            metrics: {total: {expr: "sum(amount)"}}
                        """, Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:8 (kpis[1].name): duplicate kpi name 'revenue': kpis[0].name"
                        + " at line 6 has it too, and both would report as check 'kpi:revenue'. Give each KPI its own"
                        + " name");
    }

    @Test
    void kpiNamesDifferingOnlyInCaseAreDistinctChecks() {
        Rule r = RuleLoader.parse(BASE + """
                kpis:
                  - name: revenue
                    metrics: {total: {expr: "sum(amount)"}}
                  - name: Revenue
                    metrics: {total: {expr: "sum(amount)"}}
                """, Path.of("orders.yaml")).rule();

        assertThat(r.kpis()).extracting(KpiSpec::name).containsExactly("revenue", "Revenue");
    }

    @Test
    void twoMetricsWithTheSameNameInOneKpiAreADuplicateKey() {
        assertThatThrownBy(() -> RuleLoader.parse(BASE + """
                        kpis:
                          - name: revenue
                            metrics:
                              total: {expr: "sum(amount)"}
                              total: {expr: "sum(net)"}
                        """, Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:9:12 (kpis[0].metrics.total): duplicate key 'total'. Write"
                        + " each key once");
    }

    @Test
    void twoDistributionsOfTheSameColumnAreRejectedNamingTheFirst() {
        assertThatThrownBy(() -> RuleLoader.parse(BASE + """
                        distributions:
                          - column: amount
                          - column: customer_id
                          - column: amount
                            max_distance: 0.05
                        """, Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:8 (distributions[2].column): duplicate distribution of column"
                        + " 'amount': distributions[0].column at line 6 has it too, and both would report as check"
                        + " 'distribution:amount'. Keep one entry per column");
    }

    @Test
    void twoDistinctCountsOfTheSameColumnAreRejectedNamingTheFirst() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "distinct: [{column: customer_id}, {column: customer_id, rel_tol: 0.01}]\n",
                        Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:5 (distinct[1].column): duplicate distinct count of column"
                        + " 'customer_id': distinct[0].column at line 5 has it too, and both would report as check"
                        + " 'distinct:customer_id'. Keep one entry per column");
    }

    @Test
    void aDistributionAndADistinctCountOfOneColumnAreDifferentChecks() {
        Rule r = RuleLoader.parse(
                        BASE + "distributions: [{column: amount}]\ndistinct: [{column: amount}]\n",
                        Path.of("orders.yaml"))
                .rule();

        assertThat(r.distributions()).extracting(DistributionSpec::column).containsExactly("amount");
        assertThat(r.distinct()).extracting(DistinctSpec::column).containsExactly("amount");
    }

    @Test
    void misspeltRequiredKpiKeyIsAnUnknownKeyWithASuggestionNotAMissingOne() {
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    metrcs: {n: {expr: \"count(*)\"}}\n", Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:7:5 (kpis[0]): unknown key 'metrcs'. Did you mean 'metrics'?"
                        + " Valid keys: group_by, metrics, name, severity");
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    metrics: {n: {exp: \"count(*)\"}}\n", Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:7:19 (kpis[0].metrics.n): unknown key 'exp'. Did you mean"
                        + " 'expr'? Valid keys: abs_tol, expr, rel_tol, time_tolerance, warn_abs_tol, warn_rel_tol,"
                        + " warn_time_tolerance");
    }

    @Test
    void aMetricWithoutAValueIsRejectedAtItsLineNotLeftToFailTheRun() {
        // `revenue:` with nothing after it loaded as a metric of null, passed validate-rules, and
        // failed the run with a NullPointerException as that KPI's ERROR verdict.
        assertThatThrownBy(() -> RuleLoader.parse(
                        BASE + "kpis:\n  - name: k\n    metrics:\n      revenue:\n", Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:8 (kpis[0].metrics.revenue): empty value for 'revenue'."
                        + " Give the metric an expr, such as 'revenue: { expr: \"sum(amount)\" }', or remove it");
        Map<String, KpiSpec.Metric> metrics = new LinkedHashMap<>();
        metrics.put("revenue", null);
        assertThatThrownBy(() -> new KpiSpec("k", List.of(), metrics, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid kpi 'k': metric 'revenue' is null; give it an expression, for example"
                        + " new KpiSpec.Metric(\"sum(amount)\", null, null)");
        assertThatThrownBy(() -> new KpiSpec(
                        "k",
                        Arrays.asList("region", null),
                        Map.of("n", new KpiSpec.Metric("count(*)", null, null)),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid kpi 'k': group_by [region, null] holds a null or blank column name");
    }

    @Test
    void misspeltSketchColumnKeyIsAnUnknownKeyWithASuggestion() {
        assertThatThrownBy(() -> RuleLoader.parse(BASE + "distinct: [{colum: customer_id}]\n", Path.of("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:5:13 (distinct[0]): unknown key 'colum'. Did you mean"
                        + " 'column'? Valid keys: column, lg_k, rel_tol, severity");
    }

    @Test
    void examplesInTheRulesFolderDeclareKpis() {
        List<LoadedRule> rules = RuleLoader.load(Path.of("../rules")).rules();
        assertThat(rules.stream().filter(l -> !l.rule().kpis().isEmpty())).isNotEmpty();
    }
}
