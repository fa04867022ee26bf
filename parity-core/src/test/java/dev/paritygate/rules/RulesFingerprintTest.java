package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesFingerprintTest {
    private static final String RULE = """
            pipeline: orders
            owner: sales@example.com
            left:
              format: parquet
              path: /data/legacy/orders
            right:
              table: sales.orders
            key: [order_id]
            columns:
              amount:
                abs_tol: 0.01
              status:
                trim: true
            checks:
              row_count:
                rel_tol: 0.001
            """;

    private static Rule rule(String yaml) {
        return RuleLoader.parse(yaml, Path.of("orders.yaml")).rule();
    }

    @Test
    void fingerprintIsSixteenHexDigitsOfTheCanonicalJson() {
        String fingerprint = RulesFingerprint.of(rule(RULE));

        assertThat(fingerprint).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(RulesFingerprint.of(rule(RULE))).isEqualTo(fingerprint);
    }

    @Test
    void aRuleWrittenBeforeTheUnicodeOptionKeepsItsFingerprint() {
        // The fingerprint this rule had before column options gained `unicode`: an upgrade must not
        // make every pipeline look as if its rule changed.
        assertThat(RulesFingerprint.of(rule(RULE))).isEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(RULE))).doesNotContain("unicode");
        assertThat(RulesFingerprint.of(rule(RULE.replace("trim: true", "trim: true\n    unicode: NFC"))))
                .isNotEqualTo("db4f1c853f7c2645");
    }

    @Test
    void aRuleWithoutTheSignOptionsKeepsTheFingerprintItHadBeforeTheyExisted() {
        // RULE's fingerprint from before columns gained signed_zero_equal and opposite_infinities_equal.
        String restated = RULE.replace(
                "abs_tol: 0.01\n",
                "abs_tol: 0.01\n    signed_zero_equal: true\n    opposite_infinities_equal: false\n");

        assertThat(RulesFingerprint.of(rule(RULE))).isEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(RULE)))
                .doesNotContain("signed_zero_equal")
                .doesNotContain("opposite_infinities_equal");
        // Written out, a default restates what an unset key means.
        assertThat(RulesFingerprint.of(rule(restated))).isEqualTo("db4f1c853f7c2645");
        // The defaults of a column that sets nothing else are dropped with the column.
        String onlyDefaults =
                RULE.replace("    trim: true\n", "    trim: true\n  price:\n    signed_zero_equal: true\n");
        assertThat(RulesFingerprint.of(rule(onlyDefaults))).isEqualTo("db4f1c853f7c2645");
        String signed = RULE.replace("abs_tol: 0.01\n", "abs_tol: 0.01\n    signed_zero_equal: false\n");
        String unsigned = RULE.replace("abs_tol: 0.01\n", "abs_tol: 0.01\n    opposite_infinities_equal: true\n");
        assertThat(RulesFingerprint.canonicalJson(rule(signed))).contains("\"signed_zero_equal\":false");
        assertThat(RulesFingerprint.of(rule(signed))).isNotEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(unsigned))).contains("\"opposite_infinities_equal\":true");
        assertThat(RulesFingerprint.of(rule(unsigned))).isNotEqualTo("db4f1c853f7c2645");
    }

    @Test
    void aRuleWithoutWarnBandsKeepsTheFingerprintItHadBeforeWarnBands() {
        // Computed before row_count, key_diff and KPI metrics gained warn bands: an upgrade must not
        // reset every pipeline's gate streak.
        String rule = RULE
                + "  key_diff:\n    max_mismatch_count: 100\n    max_mismatch_rate: 0.01\n"
                + "kpis:\n  - name: totals\n    metrics:\n"
                + "      revenue: { expr: \"sum(amount)\", abs_tol: 5, rel_tol: 0.001 }\n";

        assertThat(RulesFingerprint.of(rule(rule))).isEqualTo("970ec9ef1156a568");
        assertThat(RulesFingerprint.canonicalJson(rule(rule)))
                .contains("\"row_count\":{\"abs_tol\":0,\"enabled\":true,\"rel_tol\":0.001,\"severity\":\"BLOCKING\"}")
                .contains("\"metrics\":{\"revenue\":{\"abs_tol\":5,\"expr\":\"sum(amount)\",\"rel_tol\":0.001}}")
                .doesNotContain("warn_");
        assertThat(RulesFingerprint.of(rule(rule.replace("rel_tol: 0.001\n", "rel_tol: 0.001\n    warn_rel_tol: 0\n"))))
                .isNotEqualTo("970ec9ef1156a568");
    }

    @Test
    void aRuleWithoutColumnMismatchTolerancesKeepsTheFingerprintItHadBeforeTheKeysExisted() {
        // RULE's fingerprint from before column checks gained max_mismatch_count and the other three
        // keys, under checks.columns and per column: an upgrade must not reset every gate streak.
        String defaults = RULE + "  columns:\n    max_mismatch_count: 0\n";
        String own = RULE.replace("trim: true\n", "trim: true\n    warn_mismatch_rate: 0\n");

        assertThat(RulesFingerprint.of(rule(RULE))).isEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(RULE)))
                .contains("\"columns\":{\"enabled\":true,\"severity\":\"BLOCKING\"}")
                .contains("\"status\":{\"abs_tol\":null,")
                .doesNotContain("mismatch_count\":null")
                .doesNotContain("mismatch_rate\":null");
        // Written, even as 0, a key overrides what a column would inherit, so it counts.
        assertThat(RulesFingerprint.canonicalJson(rule(defaults))).contains("\"max_mismatch_count\":0");
        assertThat(RulesFingerprint.of(rule(defaults))).isNotEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(own))).contains("\"warn_mismatch_rate\":0");
        assertThat(RulesFingerprint.of(rule(own))).isNotEqualTo("db4f1c853f7c2645");
    }

    @Test
    void aKpiMetricWithoutATimeToleranceKeepsTheFingerprintItHadBeforeTheKeyExisted() {
        // The rule, metric over timestamps included, and its fingerprint from before KPI metrics
        // gained time_tolerance: an upgrade must not reset every pipeline's gate streak.
        String rule = RULE + "kpis:\n  - name: freshness\n    metrics:\n      last: { expr: \"max(updated_at)\" }\n";
        String before = "6eb25b1a77c03123";

        assertThat(RulesFingerprint.of(rule(rule))).isEqualTo(before);
        assertThat(RulesFingerprint.canonicalJson(rule(rule)))
                .contains("\"metrics\":{\"last\":{\"abs_tol\":0,\"expr\":\"max(updated_at)\",\"rel_tol\":0}}");
        String millis = rule.replace("\"max(updated_at)\" }", "\"max(updated_at)\", time_tolerance: 1ms }");
        String iso = rule.replace("\"max(updated_at)\" }", "\"max(updated_at)\", time_tolerance: PT0.001S }");
        assertThat(RulesFingerprint.of(rule(millis)))
                .isNotEqualTo(before)
                .as("1ms and PT0.001S are one tolerance")
                .isEqualTo(RulesFingerprint.of(rule(iso)));
        assertThat(RulesFingerprint.canonicalJson(rule(millis))).contains("\"time_tolerance\":\"PT0.001S\"");
        String banded = rule.replace(
                "\"max(updated_at)\" }", "\"max(updated_at)\", time_tolerance: 1ms, warn_time_tolerance: 500us }");
        assertThat(RulesFingerprint.canonicalJson(rule(banded))).contains("\"warn_time_tolerance\":\"PT0.0005S\"");
    }

    private static final String CSV_AND_JSON = """
            pipeline: orders
            left:
              format: csv
              path: /data/legacy/orders.csv
              options: { header: "true" }
            right:
              format: json
              path: /data/cloud/orders.json
            key: [order_id]
            columns:
              amount:
                abs_tol: 0.01
            """;

    @Test
    void aCsvOrJsonSideWithoutSchemaKeepsTheFingerprintItHadBeforeSchemaExisted() {
        // Computed before a path side gained `schema`: an upgrade must not reset every gate streak.
        assertThat(RulesFingerprint.of(rule(CSV_AND_JSON))).isEqualTo("e32cedc7c9516e4b");
        assertThat(RulesFingerprint.canonicalJson(rule(CSV_AND_JSON))).doesNotContain("schema\":null");
        assertThat(RulesFingerprint.of(rule(RULE))).isEqualTo("db4f1c853f7c2645");
    }

    @Test
    void declaringOrChangingASidesSchemaChangesTheFingerprint() {
        String declared = CSV_AND_JSON.replace(
                "  options: { header: \"true\" }\n",
                "  options: { header: \"true\" }\n  schema: \"order_id BIGINT, amount DECIMAL(12,2)\"\n");
        String retyped = declared.replace("DECIMAL(12,2)", "DOUBLE");

        assertThat(RulesFingerprint.canonicalJson(rule(declared)))
                .contains("\"schema\":\"order_id BIGINT, amount DECIMAL(12,2)\"");
        assertThat(RulesFingerprint.of(rule(declared))).isNotEqualTo("e32cedc7c9516e4b");
        assertThat(RulesFingerprint.of(rule(retyped)))
                .isNotEqualTo(RulesFingerprint.of(rule(declared)))
                .isNotEqualTo("e32cedc7c9516e4b");
    }

    @Test
    void keyOrderCommentsAndExplicitDefaultsDoNotChangeTheFingerprint() {
        String reordered = """
                # The same rule, written differently.
                checks:
                  row_count:
                    rel_tol: 0.0010   # trailing zero
                    abs_tol: 0
                    enabled: true
                    severity: BLOCKING
                  key_diff:
                    mode: pruned
                columns:
                  status: {trim: true, ignore_case: false, nan_equal: true}
                  amount: {abs_tol: 0.010}
                  unchanged: {trim: false}
                key: [order_id]
                right: {table: sales.orders}
                left: {path: /data/legacy/orders, format: parquet}
                segments: 1024
                sample: {max_rows: 20}
                pipeline: orders
                """;

        assertThat(RulesFingerprint.of(rule(reordered))).isEqualTo(RulesFingerprint.of(rule(RULE)));
        assertThat(RulesFingerprint.canonicalJson(rule(reordered)))
                .isEqualTo(RulesFingerprint.canonicalJson(rule(RULE)));
    }

    @Test
    void columnTolerancesWrittenOutAsZeroDoNotChangeTheFingerprint() {
        String zeros = RULE.replace("trim: true", "trim: true\n    abs_tol: 0\n    rel_tol: 0.0")
                .replace("columns:\n", "columns:\n  quantity: {abs_tol: 0, rel_tol: 0}\n");

        assertThat(RulesFingerprint.of(rule(zeros))).isEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(zeros))).isEqualTo(RulesFingerprint.canonicalJson(rule(RULE)));
    }

    @Test
    void ownerDescriptionUpstreamAndGateDoNotChangeTheFingerprint() {
        String bookkeeping = RULE.replace("owner: sales@example.com", "owner: someone-else@example.com")
                + "description: Orders per day\nupstream: [customers]\ngate:\n  required_streak: 3\n";

        assertThat(RulesFingerprint.of(rule(bookkeeping))).isEqualTo(RulesFingerprint.of(rule(RULE)));
    }

    @Test
    void aGateTimeZoneLeavesTheFingerprintAsItWasWithoutIt() {
        String tokyo = RULE + "gate:\n  time_zone: Asia/Tokyo\n";

        assertThat(RulesFingerprint.of(rule(tokyo))).isEqualTo("db4f1c853f7c2645");
        assertThat(RulesFingerprint.canonicalJson(rule(tokyo))).isEqualTo(RulesFingerprint.canonicalJson(rule(RULE)));
    }

    @Test
    void equalTimeTolerancesInDifferentUnitsHaveTheSameFingerprint() {
        String millis = RULE.replace("columns:\n", "columns:\n  ts:\n    time_tolerance: 500ms\n");
        String seconds = RULE.replace("columns:\n", "columns:\n  ts:\n    time_tolerance: PT0.5S\n");

        assertThat(RulesFingerprint.of(rule(millis))).isEqualTo(RulesFingerprint.of(rule(seconds)));
        assertThat(RulesFingerprint.canonicalJson(rule(millis))).contains("\"time_tolerance\":\"PT0.5S\"");
        assertThat(RulesFingerprint.of(rule(millis))).isNotEqualTo(RulesFingerprint.of(rule(RULE)));
    }

    @Test
    void loosenedToleranceChangesTheFingerprint() {
        String loosened = RULE.replace("abs_tol: 0.01", "abs_tol: 0.02");

        assertThat(RulesFingerprint.of(rule(loosened))).isNotEqualTo(RulesFingerprint.of(rule(RULE)));
    }

    @Test
    void changedSourceKeyOrCheckChangesTheFingerprint() {
        String base = RulesFingerprint.of(rule(RULE));

        assertThat(RulesFingerprint.of(rule(RULE.replace("sales.orders", "sales.orders_v2"))))
                .isNotEqualTo(base);
        assertThat(RulesFingerprint.of(rule(RULE.replace("key: [order_id]", "key: [order_id, line_no]"))))
                .isNotEqualTo(base);
        assertThat(RulesFingerprint.of(rule(RULE + "  key_diff:\n    allow_duplicates: true\n")))
                .isNotEqualTo(base);
        assertThat(RulesFingerprint.of(rule(RULE.replace("trim: true", "trim: true\n    ignore_case: true"))))
                .isNotEqualTo(base);
    }

    @Test
    void canonicalJsonHasSortedSnakeCaseKeysAndLeavesOutBookkeeping() {
        String json = RulesFingerprint.canonicalJson(rule(RULE));

        assertThat(json)
                .startsWith("{\"buckets\":16,\"case_sensitive\":false,\"checks\":{\"columns\":")
                .contains("\"columns\":{\"amount\":{\"abs_tol\":0.01,\"empty_equals_null\":false,")
                .contains("\"row_count\":{\"abs_tol\":0,\"enabled\":true,\"rel_tol\":0.001,\"severity\":\"BLOCKING\"}")
                .contains("\"key\":[\"order_id\"]")
                .doesNotContain("owner", "sales@example.com", "upstream", "required_streak", "description");
    }

    @Test
    void ruleBuiltInCodeHasTheSameFingerprintAsTheSameRuleInYaml() {
        Rule parsed = rule("""
                pipeline: p
                left: {table: a}
                right: {table: b}
                key: [id]
                """);
        SourceSpec left = new SourceSpec(null, null, null, "a", null, null, null, null, null, null);
        SourceSpec right = new SourceSpec(null, null, null, "b", null, null, null, null, null, null);
        Rule built = new Rule(
                "p",
                null,
                null,
                null,
                left,
                right,
                null,
                java.util.List.of("id"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(RulesFingerprint.of(built)).isEqualTo(RulesFingerprint.of(parsed));
    }
}
