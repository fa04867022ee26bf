package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.ParityException;
import dev.paritygate.ParityVersion;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaVerdictStoreTest {
    private static final SparkSession SPARK = SharedSpark.spark();
    private static final LocalDate RUN_DATE = LocalDate.of(2026, 11, 20);
    private static final Instant STARTED = Instant.parse("2026-11-21T02:00:00Z");
    private static final Instant FINISHED = Instant.parse("2026-11-21T02:03:30Z");
    private static final Instant WRITTEN = Instant.parse("2026-11-21T02:04:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path warehouse;

    private DeltaVerdictStore store() {
        return store(VerdictTables.atPath(warehouse));
    }

    private static DeltaVerdictStore store(VerdictTables tables) {
        return new DeltaVerdictStore(
                SPARK,
                tables,
                Clock.fixed(WRITTEN, ZoneOffset.UTC),
                new ConflictRetry(
                        DeltaVerdictStore.MAX_COMMIT_ATTEMPTS,
                        Duration.ofMillis(20),
                        Duration.ofMillis(200),
                        ConflictRetry.THREAD_SLEEP));
    }

    /** {@code result} as if it compared business date {@code runDate} (null: no business date). */
    private static PipelineResult onDate(PipelineResult result, LocalDate runDate) {
        return new PipelineResult(
                result.pipeline(),
                runDate,
                result.leftSource(),
                result.rightSource(),
                result.rulesFingerprint(),
                result.startedAt(),
                result.finishedAt(),
                result.verdicts(),
                result.samples());
    }

    /** Two verdicts (one failing blocking key-diff metric) and one sample. */
    private static PipelineResult ordersWithOneMismatch(String pipeline) {
        return new PipelineResult(
                pipeline,
                RUN_DATE,
                "legacy.orders",
                "cloud.orders",
                "fp-1",
                STARTED,
                FINISHED,
                List.of(
                        new Verdict(
                                "row_count",
                                "*",
                                "rows",
                                Status.PASS,
                                true,
                                "100",
                                "100",
                                0.0,
                                "abs<=0 rel<=0",
                                "row counts agree",
                                null),
                        new Verdict(
                                "key_diff",
                                "*",
                                "rows_mismatched",
                                Status.FAIL,
                                true,
                                "0",
                                "1",
                                1.0,
                                "count<=0",
                                "1 row differs",
                                "{\"columns\":[\"amt\"]}")),
                List.of(new SampleRow(
                        "mismatched",
                        "{\"id\":7}",
                        List.of("amt"),
                        "{\"id\":7,\"amt\":1.00}",
                        "{\"id\":7,\"amt\":1.01}")));
    }

    private static PipelineResult ordersAllPassing(String pipeline) {
        return new PipelineResult(
                pipeline,
                RUN_DATE,
                "legacy.orders",
                "cloud.orders",
                "fp-2",
                STARTED,
                FINISHED,
                List.of(new Verdict(
                        "row_count", "*", "rows", Status.PASS, true, "100", "100", 0.0, "abs<=0", "rerun", null)),
                List.of());
    }

    /** Rows as lists of plain Java values, sorted, with dates and timestamps as java.time values. */
    private static List<List<Object>> rows(Dataset<Row> df, String... orderBy) {
        List<List<Object>> out = new ArrayList<>();
        for (Row row : df.orderBy(orderBy[0], Arrays.copyOfRange(orderBy, 1, orderBy.length))
                .collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Object v = row.get(i);
                if (v instanceof Date d) {
                    v = d.toLocalDate();
                } else if (v instanceof Timestamp t) {
                    v = t.toInstant();
                } else if (v instanceof scala.collection.Seq<?>) {
                    v = row.getList(i);
                }
                values.add(v);
            }
            out.add(values);
        }
        return out;
    }

    private static List<Object> verdictRow(
            String runId,
            String check,
            String metric,
            String status,
            String left,
            String right,
            double diff,
            String tolerance,
            String message,
            String details,
            String runStatus) {
        return Arrays.asList(
                runId,
                "orders",
                RUN_DATE,
                check,
                "*",
                metric,
                status,
                true,
                left,
                right,
                diff,
                tolerance,
                message,
                details,
                "legacy.orders",
                "cloud.orders",
                "fp-1",
                STARTED,
                FINISHED,
                ParityVersion.current(),
                runStatus);
    }

    /** Which engine made each commit: Apache-Spark (Spark's Delta) or Kernel (Delta Kernel). */
    private List<String> engines(String table) {
        return history(table, "engineInfo").stream()
                .map(engine -> engine.replaceFirst("^(Apache-Spark|Kernel).*", "$1"))
                .toList();
    }

    private List<String> operations(String table) {
        return history(table, "operation");
    }

    /**
     * One field of each commit's commitInfo, oldest first, read from the table's log files: what
     * DeltaTable.history() shows, without the Spark job (about a second each under CI's load) it
     * runs to show it.
     */
    private List<String> history(String table, String field) {
        Path log = warehouse.resolve(table).resolve("_delta_log");
        try (var files = java.nio.file.Files.list(log)) {
            List<Path> commits = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json"))
                    .sorted()
                    .toList();
            List<String> out = new ArrayList<>();
            for (Path commit : commits) {
                String info = null;
                for (String line : java.nio.file.Files.readAllLines(commit)) {
                    JsonNode action = JSON.readTree(line);
                    if (action.has("commitInfo")) {
                        info = action.get("commitInfo").path(field).asText(null);
                    }
                }
                out.add(info);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void writtenVerdictsReadBackAsExactRowsInSchemaOrder() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));

        Dataset<Row> verdicts = store.verdicts();
        assertThat(verdicts.schema().fieldNames())
                .containsExactly(DeltaVerdictStore.verdictSchema().fieldNames());
        assertThat(rows(verdicts, "check_name"))
                .containsExactly(
                        verdictRow(
                                "run-1",
                                "key_diff",
                                "rows_mismatched",
                                "FAIL",
                                "0",
                                "1",
                                1.0,
                                "count<=0",
                                "1 row differs",
                                "{\"columns\":[\"amt\"]}",
                                "FAIL"),
                        verdictRow(
                                "run-1",
                                "row_count",
                                "rows",
                                "PASS",
                                "100",
                                "100",
                                0.0,
                                "abs<=0 rel<=0",
                                "row counts agree",
                                "{}",
                                "FAIL"));
        assertThat(ParityVersion.current()).isNotEqualTo(ParityVersion.UNKNOWN);
    }

    @Test
    void samplesRoundTripWithIndexKindColumnsAndWriteTime() {
        DeltaVerdictStore store = store();
        PipelineResult result = new PipelineResult(
                "orders",
                RUN_DATE,
                "l",
                "r",
                "fp-1",
                STARTED,
                FINISHED,
                List.of(),
                List.of(
                        new SampleRow("only_in_left", "{\"id\":1}", List.of(), "{\"id\":1}", null),
                        new SampleRow("mismatched", "{\"id\":2}", List.of("amt", "qty"), "{\"a\":1}", "{\"a\":2}")));
        store.write("run-1", result);

        Dataset<Row> samples = store.samples();
        assertThat(samples.schema().fieldNames())
                .containsExactly(DeltaVerdictStore.sampleSchema().fieldNames());
        assertThat(rows(samples, "sample_index"))
                .containsExactly(
                        Arrays.asList(
                                "run-1",
                                "orders",
                                RUN_DATE,
                                0,
                                "only_in_left",
                                "{\"id\":1}",
                                List.of(),
                                "{\"id\":1}",
                                null,
                                "fp-1",
                                WRITTEN),
                        Arrays.asList(
                                "run-1",
                                "orders",
                                RUN_DATE,
                                1,
                                "mismatched",
                                "{\"id\":2}",
                                List.of("amt", "qty"),
                                "{\"a\":1}",
                                "{\"a\":2}",
                                "fp-1",
                                WRITTEN));
    }

    @Test
    void rewritingTheSameRunReplacesItsRowsAndTheSecondContentWins() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-1", ordersAllPassing("orders"));

        assertThat(rows(store.verdicts().select("run_id", "check_name", "message", "rules_fingerprint"), "check_name"))
                .containsExactly(List.of("run-1", "row_count", "rerun", "fp-2"));
        assertThat(store.samples().count()).isZero();
    }

    @Test
    void rewritingOneRunLeavesOtherRunsAndPipelinesAlone() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-1", ordersAllPassing("payments"));
        store.write("run-2", ordersWithOneMismatch("orders"));
        store.write("run-1", ordersAllPassing("orders"));

        assertThat(rows(store.verdicts().groupBy("run_id", "pipeline").count(), "run_id", "pipeline"))
                .containsExactly(
                        List.of("run-1", "orders", 1L),
                        List.of("run-1", "payments", 1L),
                        List.of("run-2", "orders", 2L));
        assertThat(rows(store.samples().select("run_id", "pipeline"), "run_id"))
                .containsExactly(List.of("run-2", "orders"));
    }

    @Test
    void aRunIdReusedForAnotherDateIsRefusedAndTheFirstDatesVerdictsStay() {
        DeltaVerdictStore store = store();
        store.write("nightly", ordersWithOneMismatch("orders"));
        PipelineResult nextNight = onDate(ordersAllPassing("orders"), RUN_DATE.plusDays(1));

        assertThatThrownBy(() -> store.write("nightly", nextNight))
                .isInstanceOf(ParityException.class)
                .hasMessage("Run id 'nightly' already holds pipeline 'orders''s verdicts of 2026-11-20, not"
                        + " 2026-11-21: a run id names one night's run, and writing 2026-11-21 under it would"
                        + " replace 2026-11-20's verdicts. Give this run its own --run-id (by default it is made"
                        + " from the run date), or re-run 2026-11-20 under it.");
        assertThat(rows(store.verdicts().groupBy("run_id", "run_date").count(), "run_id"))
                .containsExactly(List.of("nightly", RUN_DATE, 2L));
        assertThat(store.samples().count()).isEqualTo(1);
        // Another pipeline under the same run id, or the same date again, is not a reuse.
        store.write("nightly", ordersAllPassing("payments"));
        store.write("nightly", ordersAllPassing("orders"));
        assertThat(store.verdicts().count()).isEqualTo(2);
    }

    @Test
    void runIdsAndPipelinesWithQuotesAreMatchedLiterally() {
        DeltaVerdictStore store = store();
        String runId = "it's a \"run\" \\ 1' OR '1'='1";
        store.write(runId, ordersWithOneMismatch("o'rders"));
        store.write("other", ordersWithOneMismatch("o'rders"));
        store.write(runId, ordersWithOneMismatch("o'rders"));

        assertThat(rows(store.verdicts().groupBy("run_id", "pipeline").count(), "run_id"))
                .containsExactly(
                        List.of("it's a \"run\" \\ 1' OR '1'='1", "o'rders", 2L), List.of("other", "o'rders", 2L));
    }

    @Test
    void eachWriteIsExactlyOneCommitPerTable() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-2", ordersWithOneMismatch("payments"));

        assertThat(operations(VerdictTables.VERDICTS)).containsExactly("CREATE TABLE", "WRITE", "WRITE", "WRITE");
        assertThat(operations(VerdictTables.SAMPLES)).containsExactly("CREATE TABLE", "WRITE", "WRITE", "WRITE");
    }

    @Test
    void aFirstAttemptWithoutSamplesAddsNoCommitToTheSamplesTableAndItsRetriesStillReplaceIt() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-2", ordersAllPassing("orders"));
        store.write("run-3", ordersAllPassing("payments"));

        assertThat(operations(VerdictTables.SAMPLES)).containsExactly("CREATE TABLE", "WRITE");
        assertThat(operations(VerdictTables.VERDICTS)).containsExactly("CREATE TABLE", "WRITE", "WRITE", "WRITE");

        store.write("run-2", ordersWithOneMismatch("orders"));
        // The retry is one commit per table, both Spark's replacing overwrite: no Kernel append of
        // the retry's samples first.
        assertThat(engines(VerdictTables.SAMPLES)).containsExactly("Apache-Spark", "Kernel", "Apache-Spark");
        assertThat(engines(VerdictTables.VERDICTS))
                .containsExactly("Apache-Spark", "Kernel", "Kernel", "Kernel", "Apache-Spark");
        assertThat(rows(store.samples().groupBy("run_id").count(), "run_id"))
                .containsExactly(List.of("run-1", 1L), List.of("run-2", 1L));
        store.write("run-2", ordersAllPassing("orders"));
        assertThat(rows(store.samples().groupBy("run_id").count(), "run_id")).containsExactly(List.of("run-1", 1L));
        assertThat(rows(store.verdicts().groupBy("run_id").count(), "run_id"))
                .containsExactly(List.of("run-1", 2L), List.of("run-2", 1L), List.of("run-3", 1L));
    }

    @Test
    void aRunsFirstWriteIsAppendedByDeltaKernelAndARetryIsReplacedBySparksDelta() {
        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));
        store.write("run-2", ordersWithOneMismatch("orders"));
        store.write("run-1", ordersAllPassing("orders"));

        // Tables are created by Spark's Delta; a run's first rows are a Kernel append (no Spark job);
        // a retry of run-1 must replace its rows, which is Spark's overwrite.
        assertThat(engines(VerdictTables.VERDICTS)).containsExactly("Apache-Spark", "Kernel", "Kernel", "Apache-Spark");
        assertThat(engines(VerdictTables.SAMPLES)).containsExactly("Apache-Spark", "Kernel", "Kernel", "Apache-Spark");
        assertThat(rows(store.verdicts().groupBy("run_id").count(), "run_id"))
                .containsExactly(List.of("run-1", 1L), List.of("run-2", 2L));
    }

    @Test
    void kernelAppendedRowsReadBackExactlyAsSparkWroteThem() {
        DeltaVerdictStore kernelStore = store();
        kernelStore.write("run-0", ordersAllPassing("seed")); // creates the tables
        kernelStore.write("run-1", ordersWithOneMismatch("orders"));
        Path other = warehouse.resolveSibling(warehouse.getFileName() + "-spark");
        DeltaVerdictStore sparkStore = new DeltaVerdictStore(SPARK, VerdictTables.atPath(other));
        sparkStore.write("run-1", ordersWithOneMismatch("orders")); // first write: creates, Kernel appends
        sparkStore.write("run-1", ordersWithOneMismatch("orders")); // retry: Spark's overwrite

        assertThat(engines(VerdictTables.VERDICTS)).last().isEqualTo("Kernel");
        assertThat(kernelStore.verdicts().filter("run_id = 'run-1'").collectAsList())
                .containsExactlyInAnyOrderElementsOf(sparkStore.verdicts().collectAsList());
        assertThat(kernelStore
                        .samples()
                        .filter("run_id = 'run-1'")
                        .drop("written_at")
                        .collectAsList())
                .containsExactlyInAnyOrderElementsOf(
                        sparkStore.samples().drop("written_at").collectAsList());
    }

    @Test
    void newTablesCarryTheSchemaVersionAndArePartitionedByPipeline() {
        store().write("run-1", ordersWithOneMismatch("orders"));

        for (String table : List.of(VerdictTables.VERDICTS, VerdictTables.SAMPLES)) {
            Row detail = DeltaTable.forPath(SPARK, warehouse.resolve(table).toString())
                    .detail()
                    .first();
            Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
            assertThat(properties).containsEntry(DeltaVerdictStore.SCHEMA_VERSION_PROPERTY, "1");
            assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns")))
                    .containsExactly("pipeline");
        }
    }

    @Test
    void readingBeforeAnyWriteGivesEmptyFramesWithTheTableSchemas() {
        DeltaVerdictStore store = store();

        assertThat(store.verdicts().schema()).isEqualTo(DeltaVerdictStore.verdictSchema());
        assertThat(store.verdicts().count()).isZero();
        assertThat(store.samples().schema()).isEqualTo(DeltaVerdictStore.sampleSchema());
        assertThat(store.samples().count()).isZero();
    }

    @Test
    void anOlderTableGainsTheMissingColumnsInPlaceAndKeepsItsRows() {
        // A table as an imagined earlier release wrote it: no run_status column, no version property.
        StructType older =
                new StructType(Arrays.stream(DeltaVerdictStore.verdictSchema().fields())
                        .filter(f -> !f.name().equals("run_status"))
                        .toArray(StructField[]::new));
        Row current = DeltaVerdictStore.verdictRows("run-0", ordersAllPassing("orders"))
                .get(0);
        Object[] oldRow = new Object[older.size()];
        for (int i = 0; i < oldRow.length; i++) {
            oldRow[i] = current.get(i);
        }
        SPARK.createDataFrame(List.of(RowFactory.create(oldRow)), older)
                .write()
                .format("delta")
                .partitionBy("pipeline")
                .save(warehouse.resolve(VerdictTables.VERDICTS).toString());

        DeltaVerdictStore store = store();
        store.write("run-1", ordersWithOneMismatch("orders"));

        DeltaTable table = DeltaTable.forPath(
                SPARK, warehouse.resolve(VerdictTables.VERDICTS).toString());
        Row detail = table.detail().first();
        assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
                .containsEntry(DeltaVerdictStore.SCHEMA_VERSION_PROPERTY, "1");
        assertThat(table.toDF().schema().fieldNames()).contains("run_status");
        assertThat(rows(store.verdicts().select("run_id", "check_name", "run_status"), "run_id", "check_name"))
                .containsExactly(
                        Arrays.asList("run-0", "row_count", null),
                        List.of("run-1", "key_diff", "FAIL"),
                        List.of("run-1", "row_count", "FAIL"));
    }

    @Test
    void aTableOfANewerSchemaVersionIsRefused() {
        DeltaTable.create(SPARK)
                .location(warehouse.resolve(VerdictTables.VERDICTS).toString())
                .addColumns(DeltaVerdictStore.verdictSchema())
                .property(DeltaVerdictStore.SCHEMA_VERSION_PROPERTY, "3")
                .execute();

        assertThatThrownBy(() -> store().write("run-1", ordersWithOneMismatch("orders")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot write verdicts to Delta table at " + warehouse.resolve(VerdictTables.VERDICTS)
                        + ": its schema version 3 is newer than this release supports (1); upgrade parity-gate,"
                        + " or point the run at another warehouse.");
        assertThat(DeltaTable.forPath(
                                SPARK, warehouse.resolve(VerdictTables.VERDICTS).toString())
                        .toDF()
                        .count())
                .isZero();
    }

    @Test
    void aNonNumericSchemaVersionIsRefused() {
        DeltaTable.create(SPARK)
                .location(warehouse.resolve(VerdictTables.SAMPLES).toString())
                .addColumns(DeltaVerdictStore.sampleSchema())
                .property(DeltaVerdictStore.SCHEMA_VERSION_PROPERTY, "two")
                .execute();

        assertThatThrownBy(() -> store().write("run-1", ordersWithOneMismatch("orders")))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid table property parity.schema.version 'two' on Delta table at "
                        + warehouse.resolve(VerdictTables.SAMPLES));
    }

    /**
     * Writes run {@code runId} of each pipeline, one thread and one store from {@code newStore} per
     * pipeline, all released at the same moment; returns when every write has finished.
     */
    private static void writeAtOnce(
            String runId, List<String> pipelines, java.util.function.Supplier<DeltaVerdictStore> newStore)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(pipelines.size());
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (String pipeline : pipelines) {
                DeltaVerdictStore store = newStore.get();
                writes.add(pool.submit(() -> {
                    start.await();
                    store.write(runId, ordersWithOneMismatch(pipeline));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> write : writes) {
                write.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightPipelinesCommittingAtOnceToExistingTablesEachLandExactlyOnce() throws Exception {
        // Kernel's log store for local paths checks that a version is absent and then renames, with
        // a lock per log store instance and one instance per commit: without a lock of our own, two
        // pipelines of one run could both write the same version, and one commit would be lost.
        store().prepare();
        List<String> pipelines = List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8");
        // Two rounds: the first races onto the tables as prepare() left them (version 0), the second
        // onto tables already holding every pipeline's files, and across version 10, where a
        // committer also writes a checkpoint while the others wait. A third round added neither case.
        int rounds = 2;
        for (int round = 1; round <= rounds; round++) {
            writeAtOnce("run-" + round, pipelines, this::store);
        }

        DeltaVerdictStore reader = store();
        assertThat(reader.verdicts().count()).isEqualTo(2L * pipelines.size() * rounds);
        assertThat(reader.samples().count()).isEqualTo((long) pipelines.size() * rounds);
        assertThat(operations(VerdictTables.VERDICTS).stream().filter("WRITE"::equals))
                .hasSize(pipelines.size() * rounds);
        assertThat(java.nio.file.Files.exists(warehouse
                        .resolve(VerdictTables.VERDICTS)
                        .resolve("_delta_log/00000000000000000010.checkpoint.parquet")))
                .isTrue();
    }

    @Test
    void fourWritersOfFourPipelinesAtOnceEachLandExactlyOnce() throws Exception {
        List<String> pipelines = List.of("orders", "payments", "refunds", "customers");
        // One store per writer, as separate processes would have: they also race to create the tables.
        writeAtOnce(
                "run-1",
                pipelines,
                () -> new DeltaVerdictStore(
                        SPARK,
                        VerdictTables.atPath(warehouse),
                        Clock.systemUTC(),
                        new ConflictRetry(
                                DeltaVerdictStore.MAX_COMMIT_ATTEMPTS,
                                Duration.ofMillis(20),
                                Duration.ofMillis(200),
                                ConflictRetry.THREAD_SLEEP)));

        DeltaVerdictStore reader = store();
        assertThat(rows(reader.verdicts().groupBy("pipeline").count(), "pipeline"))
                .containsExactly(
                        List.of("customers", 2L),
                        List.of("orders", 2L),
                        List.of("payments", 2L),
                        List.of("refunds", 2L));
        assertThat(rows(reader.samples().groupBy("pipeline").count(), "pipeline"))
                .containsExactly(
                        List.of("customers", 1L),
                        List.of("orders", 1L),
                        List.of("payments", 1L),
                        List.of("refunds", 1L));
        assertThat(operations(VerdictTables.VERDICTS).stream().filter("WRITE"::equals))
                .hasSize(pipelines.size());
    }

    @Test
    void catalogTablesAreCreatedAndWrittenUnderADatabasePrefix() {
        String db = "parity_store_test_" + Long.toHexString(System.nanoTime());
        SPARK.sql("CREATE DATABASE " + db + " LOCATION '" + warehouse.toUri() + "'");
        try {
            DeltaVerdictStore store = store(VerdictTables.parse(db));
            store.write("run-1", ordersWithOneMismatch("orders"));
            store.write("run-1", ordersWithOneMismatch("orders"));

            assertThat(SPARK.table(db + ".verdicts").count()).isEqualTo(2);
            assertThat(SPARK.table(db + ".samples").count()).isEqualTo(1);
            assertThat(store.verdicts().schema().fieldNames())
                    .containsExactly(DeltaVerdictStore.verdictSchema().fieldNames());
        } finally {
            SPARK.sql("DROP DATABASE IF EXISTS " + db + " CASCADE");
        }
    }

    @Test
    void aResultWithoutABusinessDateIsRefusedAndNothingIsWritten() {
        PipelineResult adHoc = onDate(ordersAllPassing("orders"), null);

        assertThatThrownBy(() -> store().write("adhoc-1", adHoc))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid run date 'null': a business date");
        assertThat(store().verdicts().where("run_id = 'adhoc-1'").count()).isZero();
    }

    @Test
    void aBlankRunIdIsRejected() {
        assertThatThrownBy(() -> store().write(" ", ordersAllPassing("orders")))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid run id ' ': a non-blank identifier");
    }
}
