package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.testing.SharedSpark;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaGateStoreTest {
    private static final SparkSession SPARK = SharedSpark.spark();

    @TempDir
    Path warehouse;

    private static Rule rule(String pipeline, int sampleRows) {
        String yaml = "pipeline: " + pipeline + "\n"
                + "left:\n  table: legacy." + pipeline + "\n"
                + "right:\n  table: lake." + pipeline + "\n"
                + "key: [id]\n"
                + "sample:\n  max_rows: " + sampleRows + "\n";
        return RuleLoader.parse(yaml, Path.of(pipeline + ".yaml")).rule();
    }

    @Test
    void aChangedRuleIsAppendedByKernelWithoutASparkJobAndAnUnchangedOneIsNotRecordedAgain() {
        DeltaGateStore store = new DeltaGateStore(SPARK, VerdictTables.atPath(warehouse));
        Rule orders = rule("orders", 20);
        Rule customers = rule("customers", 20);
        Rule ordersLooser = rule("orders", 5);
        Instant first = Instant.parse("2026-11-20T02:00:00Z");
        Instant changed = Instant.parse("2026-11-22T02:00:00Z");

        store.recordRules(List.of(orders, customers), first);
        store.recordRules(List.of(orders, customers), Instant.parse("2026-11-21T02:00:00Z"));
        store.recordRules(List.of(ordersLooser, customers), changed);

        // The table's creation and first rows are Spark's; the nights after add only what changed.
        assertThat(engines()).containsExactly("Apache-Spark", "Apache-Spark", "Kernel");
        List<String> recorded = SPARK.read()
                .format("delta")
                .load(warehouse.resolve(DeltaGateStore.RULES).toString())
                .orderBy("first_seen", "pipeline")
                .select(functions.concat_ws(
                        " ", functions.col("pipeline"), functions.col("fingerprint"), functions.col("first_seen")))
                .as(Encoders.STRING())
                .collectAsList();
        assertThat(recorded)
                .containsExactly(
                        "customers " + RulesFingerprint.of(customers) + " 2026-11-20 02:00:00",
                        "orders " + RulesFingerprint.of(orders) + " 2026-11-20 02:00:00",
                        "orders " + RulesFingerprint.of(ordersLooser) + " 2026-11-22 02:00:00");
        String text = SPARK.read()
                .format("delta")
                .load(warehouse.resolve(DeltaGateStore.RULES).toString())
                .where(functions.col("fingerprint").equalTo(RulesFingerprint.of(ordersLooser)))
                .select("canonical_json")
                .as(Encoders.STRING())
                .first();
        assertThat(text).isEqualTo(RulesFingerprint.canonicalJson(ordersLooser));
    }

    /** Which engine made each commit of the rules table, oldest first. */
    private List<String> engines() {
        return DeltaTable.forPath(SPARK, warehouse.resolve(DeltaGateStore.RULES).toString())
                .history()
                .orderBy("version")
                .select(functions.regexp_extract(functions.col("engineInfo"), "^(Apache-Spark|Kernel)", 1))
                .as(Encoders.STRING())
                .collectAsList();
    }
}
