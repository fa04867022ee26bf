package dev.paritygate.job.report;

import dev.paritygate.gate.RouteChange;
import dev.paritygate.gate.Side;
import dev.paritygate.gate.Waiver;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A warehouse with three weeks of nightly verdicts for two pipelines, written once per test JVM.
 *
 * <p>{@code customers} passes every date from 2026-11-01 to 2026-11-20. {@code orders} runs on
 * weekdays only (2026-11-01 is a Sunday: no run on 11-01, 11-07, 11-08, 11-14, 11-15), fails on 11-06 and on 11-10 (waived), and on
 * 11-20 errors in the nightly run and fails in a later retry ({@value #RETRY}), which is the most
 * recent run of all. The failing runs carry the demo's numbers: 37 rows only in legacy, 23 only in
 * cloud, 60 mismatched, amount 41 and region 19 mismatching, 3 of 7 partitions differing.
 */
final class VerdictHistory {
    static final String RETRY = "retry-2026-11-20";
    static final LocalDate FIRST = LocalDate.of(2026, 11, 1);
    static final LocalDate LAST = LocalDate.of(2026, 11, 20);
    static final Set<LocalDate> ORDERS_FAILED = Set.of(LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 10));
    static final LocalDate ORDERS_WAIVED = LocalDate.of(2026, 11, 10);
    /** The one waiver: the key_diff failure of orders on {@link #ORDERS_WAIVED}. */
    static final Waiver WAIVER = new Waiver(
            "orders",
            ORDERS_WAIVED,
            "key_diff",
            "legacy re-delivered late rows; confirmed by the data owner",
            "lead@example.com",
            Instant.parse("2026-11-11T10:00:00Z"),
            LocalDate.of(2026, 12, 31));
    /** The routing history, oldest first: orders cut over and rolled back, customers cut over. */
    static final List<RouteChange> ROUTES = List.of(
            new RouteChange(
                    "orders",
                    Side.CLOUD,
                    Side.LEGACY,
                    Instant.parse("2026-10-31T09:00:00Z"),
                    "lead@example.com",
                    "parity held 10 business days",
                    false),
            new RouteChange(
                    "orders",
                    Side.LEGACY,
                    Side.CLOUD,
                    Instant.parse("2026-11-07T09:00:00Z"),
                    "lead@example.com",
                    "row_count failed on 2026-11-06",
                    false),
            new RouteChange(
                    "customers",
                    Side.CLOUD,
                    Side.LEGACY,
                    Instant.parse("2026-11-14T09:00:00Z"),
                    "lead@example.com",
                    "parity held 10 business days",
                    false));
    /** A message with markup in it, to prove the report escapes what it shows. */
    static final String HOSTILE_MESSAGE = "41 rows differ in <amount> & \"region\" <script>alert(1)</script>";

    /**
     * Written on first use, so tests that only need the builders start no Spark, and shared by the
     * test JVMs (see {@link FixtureDirectory}): no test writes into it.
     */
    private static final class Written {
        static final Path ROOT = FixtureDirectory.of("verdict-history", VerdictHistory.class, VerdictHistory::create);
        static final Path WAREHOUSE = ROOT.resolve("warehouse");
        static final Path WITHOUT_GATE_TABLES = ROOT.resolve("without-gate-tables");
    }

    private VerdictHistory() {}

    /** The warehouse with verdicts, samples and the gate's waivers and routing tables. */
    static Path warehouse() {
        return Written.WAREHOUSE;
    }

    /** The same verdicts and samples, but no waivers or routing table: the gate has not run yet. */
    static Path warehouseWithoutGateTables() {
        return Written.WITHOUT_GATE_TABLES;
    }

    static VerdictTables tables() {
        return VerdictTables.atPath(warehouse());
    }

    static String nightly(LocalDate d) {
        return "nightly-" + d;
    }

    /** Writes the warehouse, and its copy without the gate tables, into {@code root}. */
    private static void create(Path root) {
        Path dir = root.resolve("warehouse");
        write(dir);
        copyWithoutGateTables(dir, root.resolve("without-gate-tables"));
    }

    private static void write(Path dir) {
        SparkSession spark = SharedSpark.spark();
        List<String> runIds = new ArrayList<>();
        List<PipelineResult> results = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            runIds.add(nightly(d));
            results.add(customers(d));
            boolean weekend = d.getDayOfWeek().getValue() >= 6;
            if (!weekend) {
                runIds.add(nightly(d));
                results.add(d.equals(LAST) ? ordersError(d) : orders(d, ORDERS_FAILED.contains(d), finish(d, 2, 20)));
            }
        }
        runIds.add(RETRY);
        results.add(orders(LAST, true, finish(LAST, 9, 30)));

        // One write through the store creates both tables with their schema version; the rest is
        // appended in one commit per table, which keeps the fixture fast.
        DeltaVerdictStore store = new DeltaVerdictStore(spark, VerdictTables.atPath(dir));
        store.write(runIds.get(0), results.get(0));
        List<Row> verdicts = new ArrayList<>();
        List<Row> samples = new ArrayList<>();
        for (int i = 1; i < results.size(); i++) {
            verdicts.addAll(DeltaVerdictStore.verdictRows(runIds.get(i), results.get(i)));
            samples.addAll(DeltaVerdictStore.sampleRows(
                    runIds.get(i), results.get(i), results.get(i).finishedAt()));
        }
        append(spark, verdicts, DeltaVerdictStore.verdictSchema(), dir.resolve("verdicts"));
        append(spark, samples, DeltaVerdictStore.sampleSchema(), dir.resolve("samples"));
        writeGateTables(spark, dir);
    }

    private static void append(SparkSession spark, List<Row> rows, StructType schema, Path table) {
        spark.createDataFrame(rows, schema)
                .write()
                .format("delta")
                .mode("append")
                .save(table.toString());
    }

    /**
     * The gate's waivers and routing tables, written by the store that {@code parity waive} and
     * {@code parity route} write through, so they have exactly the schema a real warehouse has.
     * {@code orders} cut over once and was rolled back after its failure on 11-06.
     */
    private static void writeGateTables(SparkSession spark, Path dir) {
        DeltaGateStore gate = new DeltaGateStore(spark, VerdictTables.atPath(dir));
        gate.addWaiver(WAIVER);
        for (RouteChange change : ROUTES) {
            gate.addRoute(change);
        }
    }

    private static void copyWithoutGateTables(Path warehouse, Path dir) {
        try {
            for (String table : List.of("verdicts", "samples")) {
                Path from = warehouse.resolve(table);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path to = dir.resolve(table).resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant finish(LocalDate d, int hour, int minute) {
        return d.plusDays(1).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    static PipelineResult customers(LocalDate d) {
        List<Verdict> v = List.of(
                pass("schema", "*", "columns", "6", "6", 0.0),
                pass("row_count", "*", "rows", "1200", "1200", 0.0),
                pass("key_diff", "*", "rows_only_in_left", "0", "0", 0.0),
                pass("key_diff", "*", "rows_only_in_right", "0", "0", 0.0),
                pass("key_diff", "*", "rows_mismatched", "0", "0", 0.0),
                pass("column:email", "*", "mismatches", null, null, 0.0),
                pass("column:segment", "*", "mismatches", null, null, 0.0));
        Instant end = finish(d, 2, 5);
        return new PipelineResult(
                "customers",
                d,
                "jdbc:postgresql://legacy/crm.customers",
                "delta:/lake/crm/customers",
                "fp-c1",
                end.minusSeconds(40),
                end,
                v,
                List.of());
    }

    static PipelineResult orders(LocalDate d, boolean failing, Instant end) {
        List<Verdict> v = new ArrayList<>();
        v.add(pass("schema", "*", "columns", "12", "12", 0.0));
        v.add(new Verdict(
                "row_count",
                "*",
                "rows",
                failing ? Status.FAIL : Status.PASS,
                true,
                "5000",
                failing ? "4986" : "5000",
                failing ? -14.0 : 0.0,
                "abs<=0 rel<=0",
                failing ? "cloud has 14 fewer rows" : "",
                "{}"));
        List<Integer> differing = failing ? List.of(15, 17, 20) : List.of();
        for (int day = 14; day <= 20; day++) {
            String scope = "order_date=2026-11-" + day;
            boolean bad = differing.contains(day);
            v.add(new Verdict(
                    "row_count",
                    scope,
                    "rows",
                    bad ? Status.FAIL : Status.PASS,
                    true,
                    "714",
                    bad ? "710" : "714",
                    bad ? -4.0 : 0.0,
                    "abs<=0 rel<=0",
                    "",
                    "{}"));
            v.add(new Verdict(
                    "partition_hash",
                    scope,
                    "fingerprint",
                    bad ? Status.WARN : Status.PASS,
                    false,
                    "a1b2c3",
                    bad ? "d4e5f6" : "a1b2c3",
                    null,
                    null,
                    bad ? "fingerprints differ" : "",
                    "{}"));
        }
        v.add(new Verdict(
                "partition_hash",
                "*",
                "mismatched_partitions",
                failing ? Status.WARN : Status.PASS,
                false,
                null,
                null,
                (double) differing.size(),
                null,
                failing ? "3 of 7 partitions differ" : "",
                "{}"));
        v.add(keyDiff("rows_only_in_left", failing ? 37 : 0));
        v.add(keyDiff("rows_only_in_right", failing ? 23 : 0));
        v.add(keyDiff("rows_mismatched", failing ? 60 : 0));
        v.add(keyDiff("duplicate_keys_right", failing ? 11 : 0));
        v.add(new Verdict(
                "column:amount",
                "*",
                "mismatches",
                failing ? Status.FAIL : Status.PASS,
                true,
                null,
                null,
                failing ? 41.0 : 0.0,
                "abs<=0.01",
                failing ? HOSTILE_MESSAGE : "",
                "{}"));
        v.add(new Verdict(
                "column:region",
                "*",
                "mismatches",
                failing ? Status.FAIL : Status.PASS,
                true,
                null,
                null,
                failing ? 19.0 : 0.0,
                "exact",
                "",
                "{}"));
        v.add(pass("column:discount_rate", "*", "mismatches", null, null, 0.0));
        v.add(pass("column:status", "*", "mismatches", null, null, 0.0));
        for (String region : List.of("APAC", "EU", "NA")) {
            boolean off = failing && region.equals("EU");
            v.add(new Verdict(
                    "kpi:revenue",
                    "region=" + region,
                    "sum_amount",
                    off ? Status.FAIL : Status.PASS,
                    true,
                    "120500.00",
                    off ? "119980.25" : "120500.00",
                    off ? -519.75 : 0.0,
                    "rel<=0.001",
                    "",
                    "{}"));
        }
        v.add(new Verdict(
                "kpi:order_count",
                "*",
                "count",
                failing ? Status.FAIL : Status.PASS,
                true,
                "5000",
                failing ? "4986" : "5000",
                failing ? -14.0 : 0.0,
                "abs<=0",
                "",
                "{}"));
        List<SampleRow> samples = failing
                ? List.of(
                        new SampleRow(
                                "mismatched",
                                "{\"order_id\":100000042,\"line_no\":1}",
                                List.of("amount"),
                                "{\"order_id\":100000042,\"amount\":19.99,\"customer_email\":\"***\"}",
                                "{\"order_id\":100000042,\"amount\":21.99,\"customer_email\":\"***\"}"),
                        new SampleRow(
                                "mismatched",
                                "{\"order_id\":100000077,\"line_no\":2}",
                                List.of("region"),
                                "{\"order_id\":100000077,\"region\":\"EU\"}",
                                "{\"order_id\":100000077,\"region\":\"NA\"}"),
                        new SampleRow(
                                "only_in_left",
                                "{\"order_id\":100000101,\"line_no\":1}",
                                List.of(),
                                "{\"order_id\":100000101,\"amount\":5.00}",
                                null))
                : List.of();
        return new PipelineResult(
                "orders",
                d,
                "parquet:demo/data/legacy/orders",
                "parquet:demo/data/cloud/orders",
                "fp-o1",
                end.minusSeconds(95),
                end,
                v,
                samples);
    }

    private static PipelineResult ordersError(LocalDate d) {
        Instant end = finish(d, 2, 10);
        return new PipelineResult(
                "orders",
                d,
                "parquet:demo/data/legacy/orders",
                "parquet:demo/data/cloud/orders",
                "fp-o1",
                end.minusSeconds(12),
                end,
                List.of(Verdict.error("schema", true, "Cannot read the right side (parquet:demo/data/cloud/orders)")),
                List.of());
    }

    private static Verdict keyDiff(String metric, long count) {
        return new Verdict(
                "key_diff",
                "*",
                metric,
                count == 0 ? Status.PASS : Status.FAIL,
                true,
                null,
                null,
                (double) count,
                "count<=0",
                "",
                "{}");
    }

    private static Verdict pass(String check, String scope, String metric, String l, String r, Double diff) {
        return new Verdict(check, scope, metric, Status.PASS, true, l, r, diff, null, "", "{}");
    }
}
