package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiRulesTest {
    private static final String BASE = """
            pipeline: orders
            left: {table: a}
            right: {table: b}
            key: [id]
            """;

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
    void examplesInTheRulesFolderDeclareKpis() {
        List<LoadedRule> rules = RuleLoader.load(Path.of("../rules")).rules();
        assertThat(rules.stream().filter(l -> !l.rule().kpis().isEmpty())).isNotEmpty();
    }
}
