package dev.paritygate.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.gate.CheckOutcome;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.gate.RouteChange;
import dev.paritygate.gate.RunRecord;
import dev.paritygate.gate.Side;
import dev.paritygate.gate.Waiver;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.store.VerdictTables.StoredTable;
import dev.paritygate.verdict.Status;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The gate's three Delta tables, next to the verdict table (same directory or catalog database):
 *
 * <ul>
 *   <li>{@value #WAIVERS}: accepted discrepancies, one row per {@code parity waive};
 *   <li>{@value #ROUTING}: every cutover and rollback with who, when, why and the previous side;
 *       the latest row per pipeline is its current side;
 *   <li>{@value #RULES}: the canonical rule JSON of every rules fingerprint a run used, so the gate
 *       can tell a loosened rule from a tightened one.
 * </ul>
 *
 * <p>All three are append-only: rows are never updated or deleted, and every write is a blind
 * append, which concurrent writers never conflict on (retried like verdict commits all the same).
 * Readers take the latest row where the history has several.
 */
public final class DeltaGateStore {
    /** Table of waivers. */
    public static final String WAIVERS = "waivers";
    /** Table of routing changes. */
    public static final String ROUTING = "routing";
    /** Table of canonical rule JSON per fingerprint. */
    public static final String RULES = "rules";

    private static final StructType WAIVER_SCHEMA = new StructType()
            .add("pipeline", DataTypes.StringType)
            .add("run_date", DataTypes.DateType)
            .add("check_name", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("waived_by", DataTypes.StringType)
            .add("created_at", DataTypes.TimestampType)
            .add("expires_on", DataTypes.DateType);
    private static final StructType ROUTING_SCHEMA = new StructType()
            .add("pipeline", DataTypes.StringType)
            .add("side", DataTypes.StringType)
            .add("previous_side", DataTypes.StringType)
            .add("changed_at", DataTypes.TimestampType)
            .add("changed_by", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("forced_outside_window", DataTypes.BooleanType);
    private static final StructType RULES_SCHEMA = new StructType()
            .add("pipeline", DataTypes.StringType)
            .add("fingerprint", DataTypes.StringType)
            .add("canonical_json", DataTypes.StringType)
            .add("first_seen", DataTypes.TimestampType);

    private final SparkSession spark;
    private final VerdictTables tables;
    private final ConflictRetry retry = new ConflictRetry(
            DeltaVerdictStore.MAX_COMMIT_ATTEMPTS,
            DeltaVerdictStore.FIRST_BACKOFF,
            DeltaVerdictStore.MAX_BACKOFF,
            ConflictRetry.THREAD_SLEEP);

    /** The gate tables beside the given verdict tables. Touches no table until used. */
    public DeltaGateStore(SparkSession spark, VerdictTables tables) {
        if (spark == null) {
            throw new IllegalArgumentException("Invalid spark session: null");
        }
        if (tables == null) {
            throw new IllegalArgumentException("Invalid verdict tables: null");
        }
        this.spark = spark;
        this.tables = tables;
    }

    /** Where one of the gate tables lives: the verdict table's location with its last name replaced. */
    public String location(String table) {
        String v = tables.verdicts();
        int cut = tables.kind() == VerdictTables.Kind.PATH ? v.lastIndexOf('/') : v.lastIndexOf('.');
        return cut < 0 ? table : v.substring(0, cut + 1) + table;
    }

    /**
     * Records the canonical JSON of each rule whose fingerprint the rules table does not hold yet.
     * A nightly run calls this beside its comparisons, so a rule that changed costs the night no
     * Spark job when Delta Kernel can read and append to the table.
     */
    public void recordRules(Collection<Rule> rules, Instant now) {
        // Most runs find every rule recorded already: Kernel tells without a Spark job (the table
        // exists if it can read it), and Spark's Delta only creates the table, or appends a changed
        // rule where Kernel cannot.
        RecordedRules recorded = recordedByKernel();
        StoredTable table = recorded != null ? table(RULES) : prepare(RULES, RULES_SCHEMA);
        Set<String> known = new HashSet<>();
        if (recorded != null) {
            known.addAll(recorded.keys());
        } else {
            for (Row r : read(table).select("pipeline", "fingerprint").collectAsList()) {
                known.add(ruleKey(r.getString(0), r.getString(1)));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Rule rule : rules) {
            String fingerprint = RulesFingerprint.of(rule);
            if (known.add(ruleKey(rule.pipeline(), fingerprint))) {
                rows.add(RowFactory.create(
                        rule.pipeline(), fingerprint, RulesFingerprint.canonicalJson(rule), Timestamp.from(now)));
            }
        }
        if (rows.isEmpty() || (recorded != null && recorded.appended(table, rows))) {
            return;
        }
        append(table, RULES_SCHEMA, rows, "rules");
    }

    private static String ruleKey(String pipeline, String fingerprint) {
        return pipeline + "/" + fingerprint;
    }

    /**
     * The rules table as Kernel read it: the recorded {@link #ruleKey}s and the snapshot they were
     * read from, on top of which new rules are appended.
     */
    private record RecordedRules(KernelTable kernel, io.delta.kernel.Snapshot snapshot, Set<String> keys) {
        /**
         * Appends {@code rows} with Kernel in one blind commit (retried by Kernel over commits that
         * land meanwhile); false when Kernel fails, and Spark's Delta appends them instead. Should
         * the commit land and a step after it fail (its checkpoint), the rows are appended twice:
         * harmless here, since readers keep one text per fingerprint.
         */
        boolean appended(StoredTable table, List<Row> rows) {
            try {
                return TableCommitLock.holding(table, () -> {
                    kernel.append(snapshot, RULES_SCHEMA, rows, Map.of());
                    return true;
                });
            } catch (Exception e) {
                return false;
            }
        }
    }

    /**
     * The rules table as Kernel reads it, or null when it cannot tell (a catalog table, no table
     * yet, a layout it does not read); the caller then asks Spark.
     */
    private RecordedRules recordedByKernel() {
        StoredTable table = table(RULES);
        if (!table.isPath()) {
            return null;
        }
        try {
            KernelTable kernel = KernelTable.at(spark, table.location());
            return kernel.snapshot()
                    .filter(s -> KernelTable.columnNames(s).containsAll(List.of("pipeline", "fingerprint"))
                            && s.getPartitionColumnNames().isEmpty())
                    .flatMap(s -> kernel.readStrings(s, List.of("pipeline", "fingerprint"))
                            .map(rows -> {
                                Set<String> pairs = new HashSet<>();
                                rows.forEach(r -> pairs.add(ruleKey(r.get(0), r.get(1))));
                                return new RecordedRules(kernel, s, pairs);
                            }))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null; // Spark's Delta reads it instead, and reports what is wrong
        }
    }

    /** Appends a waiver. */
    public void addWaiver(Waiver w) {
        StoredTable table = prepare(WAIVERS, WAIVER_SCHEMA);
        append(
                table,
                WAIVER_SCHEMA,
                List.of(RowFactory.create(
                        w.pipeline(),
                        Date.valueOf(w.runDate()),
                        w.check(),
                        w.reason(),
                        w.by(),
                        Timestamp.from(w.createdAt()),
                        Date.valueOf(w.expiresOn()))),
                "waiver");
    }

    /** Appends a routing change. */
    public void addRoute(RouteChange c) {
        StoredTable table = prepare(ROUTING, ROUTING_SCHEMA);
        append(
                table,
                ROUTING_SCHEMA,
                List.of(RowFactory.create(
                        c.pipeline(),
                        c.side().id(),
                        c.previous().id(),
                        Timestamp.from(c.changedAt()),
                        c.by(),
                        c.reason(),
                        c.forcedOutsideWindow())),
                "route");
    }

    /**
     * Everything the gate needs about these pipelines (and routing of all pipelines, for upstream
     * checks): run attempts reduced to one outcome per check, rule texts, waivers, routing.
     */
    public GateHistory history(Collection<String> pipelines) {
        List<String> names = List.copyOf(pipelines);
        return new GateHistory(runs(names), ruleTexts(), waivers(names), routing());
    }

    private List<RunRecord> runs(List<String> pipelines) {
        // A check's outcome is its worst row, SKIPPED below PASS: an estimate-mode key diff whose
        // duplicate-key metrics were skipped is as good as its computed metrics, as in the run's status.
        Column rank = when(col("status").equalTo(Status.ERROR.name()), 4)
                .when(col("status").equalTo(Status.FAIL.name()), 3)
                .when(col("status").equalTo(Status.WARN.name()), 2)
                .when(col("status").equalTo(Status.PASS.name()), 1)
                .otherwise(0);
        List<Row> rows;
        try {
            rows = new DeltaVerdictStore(spark, tables)
                    .verdicts()
                    .where(col("pipeline")
                            .isin(pipelines.toArray())
                            .and(col("run_date").isNotNull()))
                    .groupBy("pipeline", "run_id", "run_date", "check_name")
                    .agg(
                            max(struct(rank.as("rank"), col("status"), col("scope"), col("message")))
                                    .as("worst"),
                            max(col("blocking").cast("int")).as("blocking"),
                            max("finished_at").as("finished_at"),
                            max("rules_fingerprint").as("rules_fingerprint"))
                    .orderBy("pipeline", "run_date", "run_id", "check_name")
                    .collectAsList();
        } catch (ParityException e) {
            throw e;
        } catch (Exception e) {
            throw ParityErrors.gateTableUnusable(tables.verdicts(), "read verdict history from", e);
        }
        Map<String, List<Row>> byRun = new LinkedHashMap<>();
        for (Row r : rows) {
            byRun.computeIfAbsent(r.getString(0) + "\u0000" + r.getString(1), k -> new ArrayList<>())
                    .add(r);
        }
        List<RunRecord> out = new ArrayList<>();
        for (List<Row> run : byRun.values()) {
            Row first = run.get(0);
            List<CheckOutcome> checks = new ArrayList<>();
            Instant finished = Instant.EPOCH;
            for (Row r : run) {
                Row worst = r.getStruct(4);
                String scope = worst.getString(2);
                String message = worst.getString(3);
                String detail = message == null || message.isBlank()
                        ? ""
                        : (scope == null || scope.equals("*") ? message : scope + ": " + message);
                Integer blocking = r.isNullAt(5) ? 0 : r.getInt(5);
                checks.add(new CheckOutcome(r.getString(3), Status.valueOf(worst.getString(1)), blocking == 1, detail));
                Instant at = instant(r.get(6));
                finished = at != null && at.isAfter(finished) ? at : finished;
            }
            out.add(new RunRecord(
                    first.getString(0), date(first.get(2)), first.getString(1), finished, first.getString(7), checks));
        }
        return out;
    }

    private Map<String, String> ruleTexts() {
        Map<String, String> texts = new HashMap<>();
        StoredTable table = table(RULES);
        if (!exists(table)) {
            return texts;
        }
        for (Row r : read(table).select("fingerprint", "canonical_json").collectAsList()) {
            texts.putIfAbsent(r.getString(0), r.getString(1));
        }
        return texts;
    }

    private List<Waiver> waivers(List<String> pipelines) {
        List<Waiver> out = new ArrayList<>();
        StoredTable table = table(WAIVERS);
        if (!exists(table)) {
            return out;
        }
        for (Row r :
                read(table).where(col("pipeline").isin(pipelines.toArray())).collectAsList()) {
            out.add(new Waiver(
                    r.getAs("pipeline"),
                    date(r.getAs("run_date")),
                    r.getAs("check_name"),
                    r.getAs("reason"),
                    r.getAs("waived_by"),
                    instant(r.getAs("created_at")),
                    date(r.getAs("expires_on"))));
        }
        return out;
    }

    private List<RouteChange> routing() {
        List<RouteChange> out = new ArrayList<>();
        StoredTable table = table(ROUTING);
        if (!exists(table)) {
            return out;
        }
        for (Row r : read(table).collectAsList()) {
            out.add(new RouteChange(
                    r.getAs("pipeline"),
                    Side.parse(r.getAs("side")),
                    Side.parse(r.getAs("previous_side")),
                    instant(r.getAs("changed_at")),
                    r.getAs("changed_by"),
                    r.getAs("reason"),
                    Boolean.TRUE.equals(r.getAs("forced_outside_window"))));
        }
        return out;
    }

    private StoredTable table(String name) {
        return new StoredTable(tables.kind(), location(name));
    }

    /** Creates the table when missing; losing the race to another creator is not an error. */
    private StoredTable prepare(String name, StructType schema) {
        StoredTable table = table(name);
        for (int attempt = 1; ; attempt++) {
            try {
                if (!exists(table)) {
                    DeltaTableBuilder builder =
                            DeltaTable.createIfNotExists(spark).addColumns(schema);
                    (table.isPath() ? builder.location(table.location()) : builder.tableName(table.location()))
                            .execute();
                }
                return table;
            } catch (Exception e) {
                boolean race = ConflictRetry.isConflict(e) || DeltaVerdictStore.isSetupRace(e);
                if (!race || attempt >= retry.maxAttempts()) {
                    throw ParityErrors.gateTableUnusable(table.toString(), "create", e);
                }
                try {
                    retry.pause(attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ParityErrors.gateTableUnusable(table.toString(), "create", e);
                }
            }
        }
    }

    private void append(StoredTable table, StructType schema, List<Row> rows, String what) {
        if (rows.isEmpty()) {
            return;
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        retry.commit(
                table.toString(),
                what,
                String.valueOf(rows.get(0).get(0)),
                () -> TableCommitLock.holding(
                        table, () -> df.writeTo(table.sqlIdentifier()).append()));
    }

    private boolean exists(StoredTable table) {
        try {
            return table.isPath()
                    ? DeltaTable.isDeltaTable(spark, table.location())
                    : spark.catalog().tableExists(table.location());
        } catch (Exception e) {
            throw ParityErrors.gateTableUnusable(table.toString(), "inspect", e);
        }
    }

    private Dataset<Row> read(StoredTable table) {
        try {
            return table.isPath()
                    ? spark.read().format("delta").load(table.location())
                    : spark.read().table(table.location());
        } catch (Exception e) {
            throw ParityErrors.gateTableUnusable(table.toString(), "read", e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return (Instant) value;
    }

    private static LocalDate date(Object value) {
        if (value instanceof Date d) {
            return d.toLocalDate();
        }
        return (LocalDate) value;
    }
}
