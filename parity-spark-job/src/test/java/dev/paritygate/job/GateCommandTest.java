package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RuleSet;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateCommandTest {
    private static final Instant SAT = Instant.parse("2026-11-21T10:00:00Z");
    private static final Instant MON = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @AfterEach
    void restoreClock() {
        GateOptions.clock = Clock.systemUTC();
    }

    private String rule(String pipeline, String upstream) {
        String table = dir.resolve(pipeline).toString();
        return "pipeline: " + pipeline + "\n"
                + (upstream == null ? "" : "upstream: [" + upstream + "]\n")
                + "left:\n  table: legacy." + pipeline + "\n"
                + "right:\n  table: lake." + pipeline + "\n"
                + "key: [id]\n"
                + "gate:\n  required_streak: 3\n  views:\n"
                + "    - name: gate_test." + pipeline + "\n"
                + "      legacy_table: delta.`" + table + "_legacy`\n"
                + "      cloud_table: delta.`" + table + "_cloud`\n";
    }

    /** A run that finishes at 20:00 UTC on its business date, so a gate as of that date sees it. */
    private static PipelineResult night(LoadedRule rule, String date, Verdict... verdicts) {
        LocalDate d = LocalDate.parse(date);
        Instant at = d.atTime(20, 0).toInstant(ZoneOffset.UTC);
        return new PipelineResult(
                rule.pipeline(),
                d,
                "legacy",
                "cloud",
                RulesFingerprint.of(rule.rule()),
                at,
                at,
                List.of(verdicts),
                null);
    }

    private static Verdict pass() {
        return new Verdict("row_count", "*", "rows", Status.PASS, true, "3", "3", 0.0, "abs<=0", "3 rows", null);
    }

    private static Verdict kpiFail() {
        return new Verdict(
                "kpi:revenue",
                "region=EU",
                "total",
                Status.FAIL,
                true,
                "100",
                "103",
                3.0,
                "rel<=0.0005",
                "rel diff 0.03 > 0.0005",
                null);
    }

    private CommandRun parity(Instant now, String... args) {
        GateOptions.clock = Clock.fixed(now, ZoneOffset.UTC);
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--rules";
        all[args.length + 1] = dir.resolve("rules").toString();
        all[args.length + 2] = "--warehouse";
        all[args.length + 3] = dir.resolve("wh").toString();
        return CommandRun.of(all);
    }

    @Test
    void gateWaiveRouteAndStatusMoveEachPipelineIndependently() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/customers.yaml"), rule("customers", null));
        Files.writeString(dir.resolve("rules/orders.yaml"), rule("orders", "customers"));
        for (String side : List.of("legacy", "cloud")) {
            for (String p : List.of("customers", "orders")) {
                spark.sql("SELECT '" + side + "' AS side")
                        .write()
                        .format("delta")
                        .save(dir.resolve(p + "_" + side).toString());
            }
        }
        spark.sql("CREATE DATABASE IF NOT EXISTS gate_test");
        RuleSet rules = RuleLoader.load(dir.resolve("rules"));
        LoadedRule customers = rules.get("customers");
        LoadedRule orders = rules.get("orders");
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(customers.rule(), orders.rule()), SAT);
        DeltaVerdictStore verdicts = new DeltaVerdictStore(spark, tables);
        for (String date : List.of("2026-11-18", "2026-11-19", "2026-11-20")) {
            verdicts.write("run-" + date, night(customers, date, pass()));
            verdicts.write("run-" + date, night(orders, date, pass(), date.endsWith("18") ? kpiFail() : pass()));
        }

        CommandRun gate = parity(SAT, "gate", "--as-of", "2026-11-20");
        assertThat(gate.exitCode()).as(gate.err()).isEqualTo(1);
        assertThat(gate.out())
                .contains("customers  READY     3/3 clean dates    READY: parity held for 3 business dates through"
                        + " 2026-11-20; next window Sat 2026-11-21")
                .contains("orders     HOLD      2/3 clean dates    HOLD: 2026-11-18 kpi:revenue FAIL (region=EU: rel"
                        + " diff 0.03 > 0.0005); upstream customers not cut over; next window Sat 2026-11-21");

        CommandRun refused = parity(SAT, "route", "cutover", "orders");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains("Cannot cut over orders: the gate says HOLD (2/3 clean dates; ")
                .contains("upstream customers is still on the legacy side. Cut over customers first.");

        CommandRun waive = parity(
                SAT,
                "waive",
                "--pipeline",
                "orders",
                "--run-date",
                "2026-11-18",
                "--check",
                "kpi:revenue",
                "--reason",
                "EU FX rates fixed late on legacy",
                "--by",
                "alice");
        assertThat(waive.exitCode()).as(waive.err()).isZero();
        CommandRun badWaive = parity(
                SAT,
                "waive",
                "--pipeline",
                "orders",
                "--run-date",
                "2026-11-19",
                "--check",
                "kpi:revenue",
                "--reason",
                "x",
                "--by",
                "alice");
        assertThat(badWaive.exitCode()).isEqualTo(2);
        assertThat(badWaive.err())
                .contains("Cannot waive kpi:revenue of orders on 2026-11-19: that date's run has no check"
                        + " kpi:revenue (failing blocking checks that date: none). Only a failing blocking check can"
                        + " be waived; errors cannot.");

        assertThat(parity(SAT, "route", "cutover", "customers", "--by", "lead").exitCode())
                .isZero();
        CommandRun cutover = parity(SAT, "route", "cutover", "orders", "--by", "lead");
        assertThat(cutover.exitCode()).as(cutover.err()).isZero();
        assertThat(cutover.out())
                .contains("cut over orders: legacy -> cloud by lead")
                .contains("view gate_test.orders")
                .contains("these views end with this command; the routing change is recorded; where your readers'"
                        + " catalog lives, run: CREATE OR REPLACE VIEW gate_test.orders AS SELECT * FROM delta.`");
        assertThat(spark.sql("SELECT side FROM gate_test.orders").first().getString(0))
                .isEqualTo("cloud");

        CommandRun gateAfter = parity(
                SAT,
                "gate",
                "--as-of",
                "2026-11-21",
                "--json",
                dir.resolve("gate.json").toString());
        assertThat(gateAfter.exitCode()).isZero();
        assertThat(gateAfter.out())
                .contains("waiver: 2026-11-18 kpi:revenue waived by alice (EU FX rates fixed late on legacy), expires"
                        + " 2026-12-21");
        assertThat(Files.readString(dir.resolve("gate.json"))).contains("\"answer\" : \"READY\"");

        CommandRun upstreamBack = parity(
                MON,
                "route",
                "rollback",
                "customers",
                "--force-outside-window",
                "--reason",
                "ids wrong",
                "--by",
                "lead");
        assertThat(upstreamBack.exitCode()).as(upstreamBack.err()).isZero();
        assertThat(upstreamBack.out())
                .contains("note: orders reads customers and stays on the cloud side: a rollback concerns one"
                        + " pipeline.");
        assertThat(parity(MON, "gate", "--pipeline", "orders").out())
                .contains("upstream customers rolled back on 2026-11-23; this pipeline stays on the cloud side while"
                        + " its own parity holds");

        CommandRun outside = parity(MON, "route", "rollback", "orders");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err())
                .contains("Cannot roll back orders: Mon 2026-11-23 is outside the change windows (Sat, Sun). Wait for"
                        + " the next window Sat 2026-11-28, or pass --force-outside-window --reason TEXT.");
        CommandRun rollback = parity(
                MON,
                "route",
                "rollback",
                "orders",
                "--force-outside-window",
                "--reason",
                "revenue wrong",
                "--by",
                "lead");
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(spark.sql("SELECT side FROM gate_test.orders").first().getString(0))
                .isEqualTo("legacy");
        assertThat(spark.sql("SELECT side FROM gate_test.customers").first().getString(0))
                .isEqualTo("legacy");
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("wh/routing").toString())
                        .orderBy("changed_at", "pipeline")
                        .select("pipeline", "side", "previous_side", "forced_outside_window")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[customers,cloud,legacy,false], [orders,cloud,legacy,false],"
                        + " [customers,legacy,cloud,true], [orders,legacy,cloud,true]]");

        // As of Friday neither the Saturday cutovers nor the Saturday waiver had happened.
        CommandRun status = parity(MON, "status", "--as-of", "2026-11-20");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out())
                .contains("customers  dual-run  3/3     READY     2026-11-20 PASS")
                .contains("orders     dual-run  2/3     HOLD      2026-11-20 PASS");
        CommandRun gateFriday = parity(MON, "gate", "--as-of", "2026-11-20", "--pipeline", "orders");
        assertThat(gateFriday.exitCode()).as(gateFriday.err()).isEqualTo(1);
        assertThat(gateFriday.out())
                .contains("orders  HOLD      2/3 clean dates    HOLD: 2026-11-18 kpi:revenue FAIL (region=EU: rel diff"
                        + " 0.03 > 0.0005); upstream customers not cut over; next window Sat 2026-11-21");
        // As of Saturday both had cut over, and Monday's rollback of orders had not happened yet.
        CommandRun statusSaturday = parity(MON, "status", "--as-of", "2026-11-21");
        assertThat(statusSaturday.out())
                .contains("customers  cut over  3/3     READY     2026-11-20 PASS")
                .contains("orders     cut over  3/3     READY     2026-11-20 PASS");
    }

    @Test
    void theChangeWindowAndTodayAreJudgedInThePolicysTimeZone() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                dir.resolve("rules/tokyo.yaml"),
                rule("tokyo", null).replace("gate:\n", "gate:\n  time_zone: Asia/Tokyo\n"));
        LoadedRule tokyo = RuleLoader.load(dir.resolve("rules")).get("tokyo");
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(tokyo.rule()), SAT);
        DeltaVerdictStore verdicts = new DeltaVerdictStore(spark, tables);
        for (String date : List.of("2026-11-18", "2026-11-19", "2026-11-20")) {
            verdicts.write("run-" + date, night(tokyo, date, pass()));
        }
        // Sunday 23:00 in UTC is Monday 08:00 in Tokyo, outside the weekend windows there.
        Instant mondayInTokyo = Instant.parse("2026-11-22T23:00:00Z");

        CommandRun gate = parity(mondayInTokyo, "gate");
        CommandRun cutover = parity(mondayInTokyo, "route", "cutover", "tokyo");

        assertThat(gate.out()).startsWith("gate as of Mon 2026-11-23\n");
        assertThat(cutover.exitCode()).as(cutover.out()).isEqualTo(2);
        assertThat(cutover.err())
                .contains("Mon 2026-11-23 is outside the change windows (Sat, Sun). Wait for the next window Sat"
                        + " 2026-11-28, or pass --force-outside-window --reason TEXT");
    }

    @Test
    void aCleanEstimateRunWithSkippedDuplicateKeyMetricsReadsPassInStatusAndTheGateJson() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/estimated.yaml"), rule("estimated", null));
        LoadedRule estimated = RuleLoader.load(dir.resolve("rules")).get("estimated");
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(estimated.rule()), SAT);
        Verdict mismatched = new Verdict(
                "key_diff", "*", "rows_mismatched", Status.PASS, true, "3", "3", 0.0, "count<=0", "estimated 0", null);
        Verdict duplicates = new Verdict(
                "key_diff",
                "*",
                "duplicate_keys_left",
                Status.SKIPPED,
                true,
                null,
                null,
                null,
                null,
                "not computed in estimate mode (needs the exact key diff)",
                null);
        new DeltaVerdictStore(spark, tables)
                .write("run-2026-11-20", night(estimated, "2026-11-20", pass(), mismatched, duplicates));
        Path json = dir.resolve("gate.json");

        CommandRun status = parity(SAT, "status", "--as-of", "2026-11-20");
        CommandRun gate = parity(SAT, "gate", "--as-of", "2026-11-20", "--json", json.toString());

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("2026-11-20 PASS").doesNotContain("SKIPPED");
        assertThat(gate.exitCode()).as(gate.err()).isEqualTo(1);
        assertThat(Files.readString(json)).contains("\"last_run_status\" : \"PASS\"");
    }

    @Test
    void anAuditRunWithFullDiffIsRecordedUnderTheRuleAsWrittenAndKeepsTheStreak() throws IOException {
        // The runs finish now, so the gate is asked today about the three business dates up to today.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<LocalDate> dates = new java.util.ArrayList<>();
        for (LocalDate d = today; dates.size() < 3; d = d.minusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                dates.add(0, d);
            }
        }
        dev.paritygate.testing.TestData data = dev.paritygate.testing.TestData.of("id BIGINT, day DATE, amt INT");
        for (LocalDate d : dates) {
            data.row(1L, java.sql.Date.valueOf(d), 10).row(2L, java.sql.Date.valueOf(d), 20);
        }
        data.df().write().partitionBy("day").parquet(dir.resolve("legacy").toString());
        data.df().write().partitionBy("day").parquet(dir.resolve("cloud").toString());
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(
                dir.resolve("rules/audited.yaml"), """
                pipeline: audited
                left:  { format: parquet, path: %s, filter: "day = '${run_date}'" }
                right: { format: parquet, path: %s, filter: "day = '${run_date}'" }
                key: [id]
                partition_by: [day]
                gate:
                  required_streak: 3
                """.formatted(dir.resolve("legacy"), dir.resolve("cloud")));
        String asWritten = RulesFingerprint.of(
                RuleLoader.load(dir.resolve("rules")).get("audited").rule());

        for (int i = 0; i < dates.size(); i++) {
            CommandRun run = i == 1
                    ? parity(Instant.now(), "run", "--run-date", dates.get(i).toString(), "--full-diff")
                    : parity(Instant.now(), "run", "--run-date", dates.get(i).toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        }
        CommandRun gate = parity(Instant.now(), "gate");

        List<String> fingerprints = SharedSpark.spark()
                .read()
                .format("delta")
                .load(dir.resolve("wh/verdicts").toString())
                .select("rules_fingerprint")
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(fingerprints).containsExactly(asWritten);
        assertThat(gate.exitCode()).as(gate.out() + gate.err()).isZero();
        assertThat(gate.out())
                .contains("audited  READY     3/3 clean dates    READY: parity held for 3 business dates through "
                        + dates.get(2));
    }

    @Test
    void anInvalidRulesFileHoldsOnlyItsOwnPipelineAndRefusesOnlyItsOwnRoute() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/customers.yaml"), rule("customers", null));
        Files.writeString(dir.resolve("rules/payments.yaml"), rule("payments", null) + "keyy: [id]\n");
        for (String side : List.of("legacy", "cloud")) {
            spark.sql("SELECT '" + side + "' AS side")
                    .write()
                    .format("delta")
                    .save(dir.resolve("customers_" + side).toString());
        }
        spark.sql("CREATE DATABASE IF NOT EXISTS gate_test");
        LoadedRule customers = RuleLoader.loadFile(dir.resolve("rules/customers.yaml"));
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(customers.rule()), SAT);
        DeltaVerdictStore verdicts = new DeltaVerdictStore(spark, tables);
        for (String date : List.of("2026-11-18", "2026-11-19", "2026-11-20")) {
            verdicts.write("run-" + date, night(customers, date, pass()));
        }
        String payments = dir.resolve("rules/payments.yaml").toString();

        CommandRun gate = parity(SAT, "gate", "--as-of", "2026-11-20");
        assertThat(gate.exitCode()).as(gate.err()).isEqualTo(2);
        assertThat(gate.out())
                .contains("customers  READY     3/3 clean dates    READY: parity held for 3 business dates")
                .contains("payments   HOLD      -                  HOLD: rules file " + payments + " is invalid (its"
                        + " errors are on standard error): fix it before the gate can judge this pipeline");
        assertThat(gate.err()).startsWith("Invalid rule at " + payments + ":13:1: unknown key 'keyy'.");

        CommandRun one = parity(SAT, "gate", "--as-of", "2026-11-20", "--pipeline", "customers");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.err())
                .isEqualTo("Warning: rules file " + payments + " (pipeline payments) is invalid and left out; parity"
                        + " validate-rules " + dir.resolve("rules") + " lists its errors\n");

        CommandRun refused = parity(SAT, "route", "cutover", "payments");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("Cannot act on pipeline 'payments': its rules file " + payments + " is invalid. Fix it"
                        + " (parity validate-rules " + payments + " lists every error) and run the command"
                        + " again:\nInvalid rule at " + payments + ":13:1: unknown key 'keyy'.");
        CommandRun waive = parity(
                SAT,
                "waive",
                "--pipeline",
                "payments",
                "--run-date",
                "2026-11-18",
                "--check",
                "rules",
                "--reason",
                "x",
                "--by",
                "alice");
        assertThat(waive.exitCode()).isEqualTo(2);
        assertThat(waive.err()).startsWith("Cannot act on pipeline 'payments': its rules file " + payments);

        CommandRun cutover = parity(SAT, "route", "cutover", "customers", "--by", "lead");
        assertThat(cutover.exitCode()).as(cutover.err()).isZero();
        assertThat(cutover.out()).contains("cut over customers: legacy -> cloud by lead");
        assertThat(cutover.err()).contains("Warning: rules file " + payments + " (pipeline payments) is invalid");

        CommandRun status = parity(SAT, "status", "--as-of", "2026-11-20");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.out())
                .contains("customers  dual-run  3/3     READY     2026-11-20 PASS")
                .contains("payments   -         -       HOLD      rules file " + payments + " is invalid");
    }

    @Test
    void routeInSparksInMemoryCatalogCreatesTheViewsDatabaseAndPrintsTheStatementsToRunElsewhere() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        String table = dir.resolve("shipments").toString();
        // A database no other test creates: in the in-memory catalog it cannot exist before the command.
        Files.writeString(
                dir.resolve("rules/shipments.yaml"),
                rule("shipments", null).replace("gate_test.shipments", "route_fresh_db.shipments"));
        for (String side : List.of("legacy", "cloud")) {
            spark.sql("SELECT '" + side + "' AS side").write().format("delta").save(table + "_" + side);
        }
        LoadedRule shipments = RuleLoader.load(dir.resolve("rules")).get("shipments");
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(shipments.rule()), SAT);
        DeltaVerdictStore verdicts = new DeltaVerdictStore(spark, tables);
        for (String date : List.of("2026-11-18", "2026-11-19", "2026-11-20")) {
            verdicts.write("run-" + date, night(shipments, date, pass()));
        }

        CommandRun cutover = parity(SAT, "route", "cutover", "shipments", "--by", "lead");

        assertThat(cutover.exitCode()).as(cutover.err()).isZero();
        assertThat(cutover.out())
                .isEqualTo("cut over shipments: legacy -> cloud by lead (gate READY, 3/3 clean dates)\n"
                        + "  view route_fresh_db.shipments -> delta.`" + table + "_cloud`\n"
                        + "note: Spark's catalog is in memory here (spark.sql.catalogImplementation=in-memory), so"
                        + " these views end with this command; the routing change is recorded; where your readers'"
                        + " catalog lives, run: CREATE OR REPLACE VIEW route_fresh_db.shipments AS SELECT * FROM"
                        + " delta.`" + table + "_cloud`\n");
    }

    @Test
    void reRunningACutoverAfterAViewFailedRePointsOnlyTheViewsNotYetOnTheNewSide() throws IOException {
        SparkSession spark = SharedSpark.spark();
        Files.createDirectories(dir.resolve("rules"));
        String returns = dir.resolve("returns").toString();
        String daily = dir.resolve("returns_daily").toString();
        // The failing view comes first, so the first attempt shows the other view is still re-pointed.
        Files.writeString(
                dir.resolve("rules/returns.yaml"),
                rule("returns", null)
                        .replace(
                                "  views:\n",
                                "  views:\n    - name: gate_test.returns_daily\n      legacy_table: delta.`" + daily
                                        + "_legacy`\n      cloud_table: delta.`" + daily + "_cloud`\n"));
        spark.sql("SELECT 'legacy' AS side").write().format("delta").save(returns + "_legacy");
        spark.sql("SELECT 'cloud' AS side").write().format("delta").save(returns + "_cloud");
        spark.sql("SELECT 'legacy' AS side").write().format("delta").save(daily + "_legacy");
        spark.sql("CREATE DATABASE IF NOT EXISTS gate_test");
        LoadedRule rule = RuleLoader.load(dir.resolve("rules")).get("returns");
        VerdictTables tables = VerdictTables.atPath(dir.resolve("wh"));
        new DeltaGateStore(spark, tables).recordRules(List.of(rule.rule()), SAT);
        DeltaVerdictStore verdicts = new DeltaVerdictStore(spark, tables);
        for (String date : List.of("2026-11-18", "2026-11-19", "2026-11-20")) {
            verdicts.write("run-" + date, night(rule, date, pass()));
        }
        String dailySql = "CREATE OR REPLACE VIEW gate_test.returns_daily AS SELECT * FROM delta.`" + daily + "_cloud`";
        String recovery = "The routing change is recorded: returns is on the cloud side. Fix the table or permissions,"
                + " then re-run 'parity route cutover returns': it re-points only the views not on the cloud side"
                + " yet (or run the statement above by hand).";

        // The daily table's cloud copy is not there yet, so its view cannot be re-pointed.
        CommandRun first = parity(SAT, "route", "cutover", "returns", "--by", "lead");

        assertThat(first.exitCode()).as(first.out()).isEqualTo(3);
        assertThat(first.out())
                .startsWith("cut over returns: legacy -> cloud by lead (gate READY, 3/3 clean dates)\n"
                        + "  view gate_test.returns -> delta.`" + returns + "_cloud`\n");
        assertThat(first.err()).contains("Cannot re-point view gate_test.returns_daily (" + dailySql + "): ");
        assertThat(first.err()).contains(recovery);
        assertThat(spark.sql("SELECT side FROM gate_test.returns").first().getString(0))
                .isEqualTo("cloud");

        // Monday is outside the change windows: a re-run finishes a recorded move without asking again.
        CommandRun stillMissing = parity(MON, "route", "cutover", "returns");
        assertThat(stillMissing.exitCode()).as(stillMissing.out()).isEqualTo(3);
        assertThat(stillMissing.err()).contains("Cannot re-point view gate_test.returns_daily (" + dailySql + "): ");

        spark.sql("SELECT 'cloud' AS side").write().format("delta").save(daily + "_cloud");
        CommandRun repaired = parity(MON, "route", "cutover", "returns");

        String header = "returns is already on the cloud side (cut over by lead at 2026-11-21T10:00:00Z): this re-run"
                + " re-points the views not on that side yet, adds no routing row and checks neither the gate nor the"
                + " change window, which that move passed when it was recorded\n";
        String note = "note: Spark's catalog is in memory here (spark.sql.catalogImplementation=in-memory), so these"
                + " views end with this command; the routing change is recorded; where your readers' catalog lives,"
                + " run: " + dailySql + "; CREATE OR REPLACE VIEW gate_test.returns AS SELECT * FROM delta.`" + returns
                + "_cloud`\n";
        assertThat(repaired.exitCode()).as(repaired.err()).isZero();
        assertThat(repaired.out())
                .isEqualTo(header
                        + "  view gate_test.returns_daily -> delta.`" + daily + "_cloud`\n"
                        + "  view gate_test.returns already points at delta.`" + returns + "_cloud`\n"
                        + note);
        assertThat(spark.sql("SELECT side FROM gate_test.returns_daily").first().getString(0))
                .isEqualTo("cloud");

        CommandRun again = parity(MON, "route", "cutover", "returns");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out())
                .isEqualTo(header
                        + "  view gate_test.returns_daily already points at delta.`" + daily + "_cloud`\n"
                        + "  view gate_test.returns already points at delta.`" + returns + "_cloud`\n"
                        + "nothing to re-point: every view of returns already points at the cloud side\n"
                        + note);
        assertThat(spark.read()
                        .format("delta")
                        .load(dir.resolve("wh/routing").toString())
                        .select("pipeline", "side", "previous_side", "changed_by")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[returns,cloud,legacy,lead]]");

        // The other direction is a new move and is still checked: Monday is outside the windows.
        CommandRun rollback = parity(MON, "route", "rollback", "returns");
        assertThat(rollback.exitCode()).isEqualTo(2);
        assertThat(rollback.err()).contains("Cannot roll back returns: Mon 2026-11-23 is outside the change windows");
    }
}
