package dev.paritygate.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.ParityVersion;
import dev.paritygate.store.VerdictTables.StoredTable;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Verdict;
import dev.paritygate.verdict.VerdictSink;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes verdicts and samples to two Delta tables, partitioned by pipeline.
 *
 * <p>Each {@link #write} makes one Delta commit per table for its (run id, pipeline): an overwrite
 * restricted to {@code run_id = <id> AND pipeline = <pipeline>}, or a blind append for a run's
 * first attempt (none when it has no rows for the table, as a clean run has no samples). A retried
 * run with the same id replaces its rows instead of duplicating them, and a crash leaves all of a
 * table's rows for the run or none. Samples are committed before verdicts, so a verdict row means
 * the run's samples are complete. Commits that conflict with concurrent writers are retried with
 * backoff.
 *
 * <p>Tables are created on first use with the {@link #SCHEMA_VERSION} in the table property
 * {@value #SCHEMA_VERSION_PROPERTY}. A table of an older version gains the missing columns in place
 * (additive upgrade); a table of a newer version is refused.
 *
 * <p>The session needs Delta's SQL extension and catalog ({@code spark.sql.extensions} and {@code
 * spark.sql.catalog.spark_catalog}).
 */
public final class DeltaVerdictStore implements VerdictSink {
    /** Version of the table layout this release writes. Bump it with every added column. */
    public static final int SCHEMA_VERSION = 1;
    /** Table property holding the layout version. */
    public static final String SCHEMA_VERSION_PROPERTY = "parity.schema.version";
    /** Attempts of one commit before a conflict with concurrent writers becomes an error. */
    public static final int MAX_COMMIT_ATTEMPTS = 10;
    /** The column both tables are partitioned by. */
    public static final String PARTITION_COLUMN = "pipeline";

    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final StructType VERDICT_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("pipeline", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("check_name", DataTypes.StringType)
            .add("scope", DataTypes.StringType)
            .add("metric", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("blocking", DataTypes.BooleanType)
            .add("left_value", DataTypes.StringType)
            .add("right_value", DataTypes.StringType)
            .add("difference", DataTypes.DoubleType)
            .add("tolerance", DataTypes.StringType)
            .add("message", DataTypes.StringType)
            .add("details", DataTypes.StringType)
            .add("left_source", DataTypes.StringType)
            .add("right_source", DataTypes.StringType)
            .add("rules_fingerprint", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType)
            .add("finished_at", DataTypes.TimestampType)
            .add("parity_version", DataTypes.StringType)
            .add("run_status", DataTypes.StringType);

    private static final StructType SAMPLE_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("pipeline", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("sample_index", DataTypes.IntegerType)
            .add("kind", DataTypes.StringType)
            .add("key", DataTypes.StringType)
            .add("columns", DataTypes.createArrayType(DataTypes.StringType))
            .add("left_row", DataTypes.StringType)
            .add("right_row", DataTypes.StringType)
            .add("rules_fingerprint", DataTypes.StringType)
            .add("written_at", DataTypes.TimestampType);

    /**
     * Error conditions of losing a race to create or upgrade a table; the next attempt finds it done.
     * {@code DELTA_TABLE_NOT_FOUND} is what a creator sees while another process has made the
     * directory but not yet committed the table's first version.
     */
    private static final Set<String> SETUP_RACES = Set.of(
            "DELTA_TABLE_NOT_FOUND",
            "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION",
            "DELTA_TABLE_ALREADY_EXISTS",
            "DELTA_LOG_ALREADY_EXISTS",
            "DELTA_FILE_ALREADY_EXISTS",
            "DELTA_DUPLICATE_COLUMNS_FOUND",
            "TABLE_OR_VIEW_ALREADY_EXISTS",
            "FIELD_ALREADY_EXISTS");

    private final SparkSession spark;
    private final VerdictTables tables;
    private final Clock clock;
    private final ConflictRetry retry;
    private volatile boolean prepared;

    /** A store writing to the given tables with the given session. Touches no table until used. */
    public DeltaVerdictStore(SparkSession spark, VerdictTables tables) {
        this(
                spark,
                tables,
                Clock.systemUTC(),
                new ConflictRetry(MAX_COMMIT_ATTEMPTS, FIRST_BACKOFF, MAX_BACKOFF, ConflictRetry.THREAD_SLEEP));
    }

    DeltaVerdictStore(SparkSession spark, VerdictTables tables, Clock clock, ConflictRetry retry) {
        if (spark == null) {
            throw new IllegalArgumentException("Invalid spark session: null");
        }
        if (tables == null) {
            throw new IllegalArgumentException("Invalid verdict tables: null");
        }
        this.spark = spark;
        this.tables = tables;
        this.clock = clock;
        this.retry = retry;
    }

    /** The verdict table's columns, in order. */
    public static StructType verdictSchema() {
        return VERDICT_SCHEMA;
    }

    /** The sample table's columns, in order. */
    public static StructType sampleSchema() {
        return SAMPLE_SCHEMA;
    }

    /** Where this store writes. */
    public VerdictTables tables() {
        return tables;
    }

    /**
     * Replaces the rows of {@code (runId, result.pipeline())} in both tables: samples first, then
     * verdicts, one Delta commit each (none in the samples table for a run's first attempt without
     * sample rows: there is nothing to add and nothing to replace). A run id whose rows of the
     * pipeline are of another business date is refused, and nothing is written.
     *
     * @throws ParityException when a table cannot be created, upgraded or written, or is of a newer
     *     schema version
     */
    @Override
    public void write(String runId, PipelineResult result) {
        if (runId == null || runId.isBlank()) {
            throw ParityErrors.invalidArgument("run id", String.valueOf(runId), "a non-blank identifier");
        }
        if (result == null || result.pipeline() == null || result.pipeline().isBlank()) {
            throw ParityErrors.invalidArgument(
                    "pipeline", result == null ? "null" : String.valueOf(result.pipeline()), "a non-blank name");
        }
        if (result.runDate() == null) {
            // The gate, the reports and the views find a run by its business date: a row without one
            // would be written and then silently never read.
            throw ParityErrors.invalidArgument(
                    "run date",
                    "null",
                    "a business date, by which the gate, the reports and the views find every verdict row;"
                            + " compare with new ComparisonContext(runDate, ...) rather than"
                            + " ComparisonContext.adHoc to write the result");
        }
        prepare();
        String pipeline = result.pipeline();
        // A Column, not a SQL string: no quoting of the run id or pipeline name can go wrong.
        Column thisRun =
                col("run_id").equalTo(lit(runId)).and(col(PARTITION_COLUMN).equalTo(lit(pipeline)));

        List<Row> sampleRows = sampleRows(runId, result, clock.instant());
        List<Row> verdictRows = verdictRows(runId, result);
        // A retry whose first attempt had no samples finds none in the samples table: it must learn
        // from the verdicts table that it is a retry before appending samples, or Spark's overwrite
        // below would replace them in a second commit.
        boolean firstAttempt = sampleRows.isEmpty() || !mayHoldRun(tables.verdictsTable(), runId, pipeline);
        if (firstAttempt
                && appendedWithKernel(tables.samplesTable(), SAMPLE_SCHEMA, sampleRows, runId, pipeline)
                && appendedWithKernel(tables.verdictsTable(), VERDICT_SCHEMA, verdictRows, runId, pipeline)) {
            return;
        }
        // An earlier attempt of this run is in a table, Kernel could not write it, or the tables are
        // in a catalog: Spark's Delta replaces the run's rows (whatever Kernel appended included).
        // Those rows must be of the same business date: a run id reused for another night would
        // replace that night's verdicts, history the gate counts.
        List<Row> otherDate = verdicts()
                .where(thisRun.and(col("run_date").notEqual(lit(java.sql.Date.valueOf(result.runDate())))))
                .select("run_date")
                .limit(1)
                .collectAsList();
        if (!otherDate.isEmpty()) {
            Object held = otherDate.get(0).get(0);
            throw ParityErrors.runIdOfAnotherDate(
                    runId,
                    pipeline,
                    held instanceof java.time.LocalDate d ? d : ((java.sql.Date) held).toLocalDate(),
                    result.runDate());
        }
        Dataset<Row> samples = spark.createDataFrame(sampleRows, SAMPLE_SCHEMA);
        StoredTable samplesTable = tables.samplesTable();
        retry.commit(
                samplesTable.toString(),
                runId,
                pipeline,
                () -> TableCommitLock.holding(
                        samplesTable,
                        () -> samples.writeTo(samplesTable.sqlIdentifier()).overwrite(thisRun)));

        Dataset<Row> verdicts = spark.createDataFrame(verdictRows, VERDICT_SCHEMA);
        StoredTable verdictsTable = tables.verdictsTable();
        retry.commit(
                verdictsTable.toString(),
                runId,
                pipeline,
                () -> TableCommitLock.holding(
                        verdictsTable,
                        () -> verdicts.writeTo(verdictsTable.sqlIdentifier()).overwrite(thisRun)));
    }

    /**
     * Appends the run's rows with Delta Kernel when no file of the table can hold rows of this run
     * (by partition and file statistics): the common case, a run's first attempt. Returns false
     * when the run may have rows already (they must be replaced), the table is not a path table
     * partitioned by pipeline, or Kernel fails; the caller's overwrite then replaces whatever this
     * appended before failing (a commit whose checkpoint could not be written, say).
     */
    private boolean appendedWithKernel(
            StoredTable table, StructType schema, List<Row> rows, String runId, String pipeline) {
        if (!table.isPath()) {
            return false;
        }
        try {
            return TableCommitLock.holding(table, () -> {
                KernelTable kernel = KernelTable.at(spark, table.location());
                Optional<io.delta.kernel.Snapshot> snapshot = withoutRun(kernel, runId, pipeline);
                if (snapshot.isEmpty()) {
                    return false;
                }
                // A first attempt with nothing to add leaves the table alone: an empty commit would
                // only lengthen the log (every clean night, every pipeline, in the samples table).
                if (!rows.isEmpty()) {
                    kernel.append(snapshot.get(), schema, rows, Map.of(PARTITION_COLUMN, pipeline));
                }
                return true;
            });
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Whether {@code table} may hold rows of the run, by Delta Kernel ({@link #withoutRun}); true
     * when it cannot tell (not a path table, no table, or Kernel fails), so the caller replaces rows.
     */
    private boolean mayHoldRun(StoredTable table, String runId, String pipeline) {
        if (!table.isPath()) {
            return true;
        }
        try {
            return withoutRun(KernelTable.at(spark, table.location()), runId, pipeline)
                    .isEmpty();
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * The table's latest snapshot when Kernel can tell that no file of it holds rows of the run (a
     * table partitioned by pipeline, judged by partition and {@code run_id} statistics); empty when
     * there is no table, another partitioning, or a file that may hold them.
     */
    private static Optional<io.delta.kernel.Snapshot> withoutRun(KernelTable kernel, String runId, String pipeline) {
        return kernel.snapshot()
                .filter(s -> s.getPartitionColumnNames().equals(List.of(PARTITION_COLUMN))
                        && !kernel.mayHold(s, Map.of(PARTITION_COLUMN, pipeline, "run_id", runId)));
    }

    /** All verdict rows, with this release's columns (nulls where an older table lacks one). */
    public Dataset<Row> verdicts() {
        return read(tables.verdictsTable(), VERDICT_SCHEMA);
    }

    /** All sample rows, with this release's columns (nulls where an older table lacks one). */
    public Dataset<Row> samples() {
        return read(tables.samplesTable(), SAMPLE_SCHEMA);
    }

    /**
     * The {@code verdicts} rows {@link #write} stores for one pipeline run, in {@link
     * #verdictSchema()}'s column order: the one place the table's row layout is defined (fixtures
     * that append history in bulk use it too).
     */
    public static List<Row> verdictRows(String runId, PipelineResult r) {
        String runStatus = r.status().name();
        String version = ParityVersion.current();
        List<Row> rows = new ArrayList<>(r.verdicts().size());
        for (Verdict v : r.verdicts()) {
            rows.add(RowFactory.create(
                    runId,
                    r.pipeline(),
                    r.runDate(),
                    v.check(),
                    v.scope(),
                    v.metric(),
                    v.status().name(),
                    v.blocking(),
                    v.leftValue(),
                    v.rightValue(),
                    v.difference(),
                    v.tolerance(),
                    v.message(),
                    v.details(),
                    r.leftSource(),
                    r.rightSource(),
                    r.rulesFingerprint(),
                    r.startedAt(),
                    r.finishedAt(),
                    version,
                    runStatus));
        }
        return rows;
    }

    /** The {@code samples} rows {@link #write} stores for one pipeline run, in {@link #sampleSchema()}'s order. */
    public static List<Row> sampleRows(String runId, PipelineResult r, Instant writtenAt) {
        List<Row> rows = new ArrayList<>(r.samples().size());
        for (int i = 0; i < r.samples().size(); i++) {
            SampleRow s = r.samples().get(i);
            rows.add(RowFactory.create(
                    runId,
                    r.pipeline(),
                    r.runDate(),
                    i,
                    s.kind(),
                    s.key(),
                    s.columns(),
                    s.leftRow(),
                    s.rightRow(),
                    r.rulesFingerprint(),
                    writtenAt));
        }
        return rows;
    }

    private Dataset<Row> read(StoredTable table, StructType schema) {
        try {
            if (!exists(table)) {
                return spark.createDataFrame(List.of(), schema);
            }
            Dataset<Row> df = load(table);
            for (StructField f : missing(List.of(df.schema().fieldNames()), schema)) {
                df = df.withColumn(f.name(), lit(null).cast(f.dataType()));
            }
            return df;
        } catch (ParityException e) {
            throw e;
        } catch (Exception e) {
            throw ParityErrors.verdictTableUnusable(table.toString(), e);
        }
    }

    /**
     * Creates or upgrades both tables now instead of at the first {@link #write}. A job calls it on
     * a separate thread while the comparisons run, so that the Delta log reads are off the critical
     * path. Idempotent and safe to call concurrently with {@code write}.
     *
     * @throws ParityException when a table cannot be created or upgraded, or is of a newer schema version
     */
    public void prepare() {
        if (prepared) {
            return;
        }
        synchronized (this) {
            if (!prepared) {
                prepare(tables.samplesTable(), SAMPLE_SCHEMA);
                prepare(tables.verdictsTable(), VERDICT_SCHEMA);
                prepared = true;
            }
        }
    }

    /**
     * Creates the table or brings it to {@link #SCHEMA_VERSION}. Every step re-reads the table, so
     * losing a race to another process doing the same (it created the table or added the column
     * first) only means the next attempt finds nothing left to do.
     */
    private void prepare(StoredTable table, StructType schema) {
        if (currentByKernel(table, schema)) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                createOrUpgrade(table, schema);
                return;
            } catch (ParityException e) {
                throw e;
            } catch (Exception e) {
                // Spark's AnalysisException is checked in Java, hence Exception, not RuntimeException.
                boolean race = ConflictRetry.isConflict(e) || isSetupRace(e);
                if (attempt >= retry.maxAttempts() || !(race || isCurrent(table, schema))) {
                    throw ParityErrors.verdictTableUnusable(table.toString(), e);
                }
                if (race) {
                    try {
                        retry.pause(attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw ParityErrors.verdictTableUnusable(table.toString(), e);
                    }
                }
            }
        }
    }

    /**
     * Whether another writer was creating or upgrading the same table at the same moment: it had
     * started the table's log but not committed it yet, had just created the table, or had just added
     * the same column.
     */
    static boolean isSetupRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkThrowable st && SETUP_RACES.contains(st.getCondition())) {
                return true;
            }
            if (t.getClass().getSimpleName().equals("FileAlreadyExistsException")) {
                return true;
            }
        }
        return false;
    }

    private void createOrUpgrade(StoredTable table, StructType schema) {
        if (!exists(table)) {
            DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark)
                    .addColumns(schema)
                    .partitionedBy(PARTITION_COLUMN)
                    .property(SCHEMA_VERSION_PROPERTY, Integer.toString(SCHEMA_VERSION));
            (table.isPath() ? builder.location(table.location()) : builder.tableName(table.location())).execute();
        }
        int version = schemaVersion(table);
        if (version > SCHEMA_VERSION) {
            throw ParityErrors.newerVerdictSchema(table.toString(), version, SCHEMA_VERSION);
        }
        List<StructField> missing = missingColumns(table, schema);
        if (!missing.isEmpty()) {
            String columns = missing.stream()
                    .map(f -> "`" + f.name() + "` " + f.dataType().sql())
                    .collect(Collectors.joining(", "));
            spark.sql("ALTER TABLE " + table.sqlIdentifier() + " ADD COLUMNS (" + columns + ")");
        }
        if (version < SCHEMA_VERSION) {
            spark.sql("ALTER TABLE " + table.sqlIdentifier() + " SET TBLPROPERTIES ('" + SCHEMA_VERSION_PROPERTY
                    + "' = '" + SCHEMA_VERSION + "')");
        }
    }

    /**
     * Whether Kernel finds the table already at this release's layout (its version property and
     * every column): then nothing needs Spark's Delta. Any other answer, or a failure, leaves the
     * decision (and the error message) to the Spark path.
     */
    private boolean currentByKernel(StoredTable table, StructType schema) {
        if (!table.isPath()) {
            return false;
        }
        try {
            Optional<io.delta.kernel.Snapshot> snapshot =
                    KernelTable.at(spark, table.location()).snapshot();
            if (snapshot.isEmpty()) {
                return false;
            }
            return schemaVersion(table, snapshot.get().getTableProperties().get(SCHEMA_VERSION_PROPERTY))
                            == SCHEMA_VERSION
                    && missing(KernelTable.columnNames(snapshot.get()), schema).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean isCurrent(StoredTable table, StructType schema) {
        try {
            return exists(table)
                    && schemaVersion(table) == SCHEMA_VERSION
                    && missingColumns(table, schema).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** The table's layout version; 0 for a table without the property (made before versioning). */
    private int schemaVersion(StoredTable table) {
        // SHOW TBLPROPERTIES reads the table's metadata only. DESCRIBE DETAIL (DeltaTable.detail)
        // also counts the table's files, which reconstructs and caches its whole state: a Spark job
        // that took a fifth of the verdict store's test time.
        String value = spark.sql("SHOW TBLPROPERTIES " + table.sqlIdentifier()).collectAsList().stream()
                .filter(r -> SCHEMA_VERSION_PROPERTY.equals(r.getString(0)))
                .map(r -> r.getString(1))
                .findFirst()
                .orElse(null);
        return schemaVersion(table, value);
    }

    /** The layout version the property's {@code value} names; 0 when it is absent. */
    private static int schemaVersion(StoredTable table, String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ParityErrors.invalidVerdictSchemaVersion(table.toString(), SCHEMA_VERSION_PROPERTY, value);
        }
    }

    private List<StructField> missingColumns(StoredTable table, StructType schema) {
        return missing(List.of(load(table).schema().fieldNames()), schema);
    }

    /** The fields of {@code schema} that {@code present} lacks, names compared as Delta does (ignoring case). */
    private static List<StructField> missing(List<String> present, StructType schema) {
        Set<String> names =
                present.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<StructField> missing = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (!names.contains(f.name().toLowerCase(Locale.ROOT))) {
                missing.add(f);
            }
        }
        return missing;
    }

    private boolean exists(StoredTable table) {
        return table.isPath()
                ? DeltaTable.isDeltaTable(spark, table.location())
                : spark.catalog().tableExists(table.location());
    }

    private Dataset<Row> load(StoredTable table) {
        return table.isPath()
                ? spark.read().format("delta").load(table.location())
                : spark.read().table(table.location());
    }
}
