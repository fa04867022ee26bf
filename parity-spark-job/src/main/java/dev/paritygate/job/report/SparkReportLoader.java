package dev.paritygate.job.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityVersion;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what a report shows from the verdict, sample and (when it exists) waiver tables. Only the
 * selected runs' rows and one small aggregate per (pipeline, run) reach the driver.
 */
final class SparkReportLoader {
    /** Dates shown on the calendar strip, ending at the run date. */
    static final int HISTORY_DAYS = 30;
    /** Name of the gate's waiver table next to the verdict table. */
    static final String WAIVERS = "waivers";

    private static final List<String> CHECK_ORDER = List.of("schema", "row_count", "partition_hash", "key_diff");

    private final SparkSession spark;
    private final VerdictTables tables;
    private final DeltaVerdictStore store;
    private final Clock clock;

    SparkReportLoader(SparkSession spark, VerdictTables tables, Clock clock) {
        this.spark = spark;
        this.tables = tables;
        this.store = new DeltaVerdictStore(spark, tables);
        this.clock = clock;
    }

    /**
     * One attempt of one pipeline: a (pipeline, run id) pair of the verdict table, with the checks
     * whose blocking failure a waiver has to cover for the date to count as waived.
     */
    record RunRef(
            String pipeline,
            String runId,
            LocalDate runDate,
            Instant finishedAt,
            String runStatus,
            Set<String> blockingFailures) {
        RunRef {
            blockingFailures = blockingFailures == null ? Set.of() : Set.copyOf(blockingFailures);
        }

        static final Comparator<RunRef> NEWEST_LAST = Comparator.comparing(
                        RunRef::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(RunRef::runId);
    }

    ReportModel load(ReportRequest request) {
        Dataset<Row> verdicts = store.verdicts();
        if (!request.pipelines().isEmpty()) {
            verdicts = verdicts.where(col("pipeline").isin(request.pipelines().toArray()));
        }
        List<RunRef> runs = runs(verdicts);
        if (runs.isEmpty() && !request.pipelines().isEmpty()) {
            List<String> known =
                    store.verdicts().select("pipeline").distinct().orderBy("pipeline").collectAsList().stream()
                            .map(r -> r.getString(0))
                            .toList();
            if (!known.isEmpty()) {
                throw ParityErrors.pipelinesNotInTable(request.pipelines(), tables.verdicts(), known);
            }
        }
        List<RunRef> selected = select(runs, request);
        Column selection = lit(false);
        for (RunRef r : selected) {
            selection = selection.or(
                    col("pipeline").equalTo(lit(r.pipeline())).and(col("run_id").equalTo(lit(r.runId()))));
        }
        Map<String, List<Row>> verdictRows =
                byPipeline(verdicts.where(selection).collectAsList());
        Dataset<Row> samples = store.samples().where(selection).orderBy("pipeline", "sample_index");
        Map<String, List<Row>> sampleRows = byPipeline(samples.collectAsList());
        Map<String, Set<String>> waived = waivedChecks(selected);

        List<PipelineReport> reports = new ArrayList<>();
        for (RunRef ref :
                selected.stream().sorted(Comparator.comparing(RunRef::pipeline)).toList()) {
            List<Row> rows = verdictRows.getOrDefault(ref.pipeline(), List.of());
            PipelineResult result = result(ref, rows, sampleRows.getOrDefault(ref.pipeline(), List.of()));
            reports.add(new PipelineReport(
                    ref.runId(), result, history(ref, runs, waived.getOrDefault(ref.pipeline(), Set.of()))));
        }
        // Worst first: what a reader has to act on leads the page.
        reports.sort(Comparator.comparing((PipelineReport p) -> p.status().ordinal())
                .reversed()
                .thenComparing(PipelineReport::pipeline));
        return new ReportModel(
                request.describe(), tables.verdicts(), reports, clock.instant(), ParityVersion.current());
    }

    private static List<RunRef> runs(Dataset<Row> verdicts) {
        return verdicts
                .groupBy("pipeline", "run_id", "run_date")
                .agg(
                        max("finished_at").as("finished_at"),
                        max("run_status").as("run_status"),
                        collect_set(when(
                                        col("blocking").and(col("status").equalTo(Status.FAIL.name())),
                                        col("check_name")))
                                .as("blocking_failures"))
                .collectAsList()
                .stream()
                .map(r -> new RunRef(
                        r.getString(0),
                        r.getString(1),
                        r.isNullAt(2) ? null : r.getDate(2).toLocalDate(),
                        r.isNullAt(3) ? null : r.getTimestamp(3).toInstant(),
                        r.isNullAt(4) ? null : r.getString(4),
                        new HashSet<>(r.<String>getList(5))))
                .sorted(RunRef.NEWEST_LAST)
                .toList();
    }

    private List<RunRef> select(List<RunRef> runs, ReportRequest request) {
        List<RunRef> selected;
        if (request.runId() != null) {
            selected =
                    runs.stream().filter(r -> r.runId().equals(request.runId())).toList();
        } else if (request.runDate() != null) {
            Map<String, RunRef> latest = new TreeMap<>();
            runs.stream().filter(r -> request.runDate().equals(r.runDate())).forEach(r -> latest.put(r.pipeline(), r));
            selected = List.copyOf(latest.values());
        } else {
            Optional<String> newest = runs.isEmpty()
                    ? Optional.empty()
                    : Optional.of(runs.get(runs.size() - 1).runId());
            selected = newest.map(id ->
                            runs.stream().filter(r -> r.runId().equals(id)).toList())
                    .orElse(List.of());
        }
        Set<String> found = selected.stream().map(RunRef::pipeline).collect(Collectors.toSet());
        boolean missingPipeline = request.pipelines().stream().anyMatch(p -> !found.contains(p));
        if (selected.isEmpty() || missingPipeline) {
            // Newest first: the run a user most likely meant leads the list.
            List<String> recent = new ArrayList<>();
            for (int i = runs.size() - 1; i >= 0 && recent.size() < 5; i--) {
                RunRef r = runs.get(i);
                recent.add(r.runId() + " (" + r.pipeline() + ", " + r.runDate() + ")");
            }
            throw ParityErrors.runNotFound(request.describe(), tables.verdicts(), recent);
        }
        return selected;
    }

    private static PipelineResult result(RunRef ref, List<Row> rows, List<Row> sampleRows) {
        List<Verdict> verdicts = rows.stream()
                .map(SparkReportLoader::verdict)
                .sorted(Comparator.comparingInt((Verdict v) -> checkRank(v.check()))
                        .thenComparing(Verdict::check)
                        .thenComparing(Verdict::scope)
                        .thenComparing(Verdict::metric))
                .toList();
        List<SampleRow> samples = sampleRows.stream()
                .map(r -> new SampleRow(
                        r.getAs("kind"),
                        r.getAs("key"),
                        r.isNullAt(r.fieldIndex("columns")) ? List.of() : r.getList(r.fieldIndex("columns")),
                        r.getAs("left_row"),
                        r.getAs("right_row")))
                .toList();
        Row first = rows.isEmpty() ? null : rows.get(0);
        return new PipelineResult(
                ref.pipeline(),
                ref.runDate(),
                first == null ? null : first.getAs("left_source"),
                first == null ? null : first.getAs("right_source"),
                first == null ? null : first.getAs("rules_fingerprint"),
                first == null ? null : instant(first.getAs("started_at")),
                ref.finishedAt(),
                verdicts,
                samples);
    }

    private static Verdict verdict(Row r) {
        int diff = r.fieldIndex("difference");
        return new Verdict(
                r.getAs("check_name"),
                r.getAs("scope"),
                r.getAs("metric"),
                status(r.getAs("status")),
                !r.isNullAt(r.fieldIndex("blocking")) && r.<Boolean>getAs("blocking"),
                r.getAs("left_value"),
                r.getAs("right_value"),
                r.isNullAt(diff) ? null : r.getDouble(diff),
                r.getAs("tolerance"),
                r.getAs("message"),
                r.getAs("details"));
    }

    /** A status this release does not know (written by a newer one) is shown as an error, never a pass. */
    private static Status status(String s) {
        try {
            return s == null ? Status.ERROR : Status.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Status.ERROR;
        }
    }

    private static int checkRank(String check) {
        int i = CHECK_ORDER.indexOf(check);
        if (i >= 0) {
            return i;
        }
        return check.startsWith(PipelineReport.COLUMN_PREFIX)
                ? 10
                : check.startsWith(PipelineReport.KPI_PREFIX) ? 20 : 30;
    }

    /** The last {@link #HISTORY_DAYS} dates up to the run's date, each with its latest attempt. */
    static List<DayStatus> history(RunRef ref, List<RunRef> runs, Set<String> waived) {
        if (ref.runDate() == null) {
            return List.of();
        }
        LocalDate from = ref.runDate().minusDays(HISTORY_DAYS - 1);
        Map<LocalDate, RunRef> latest = new TreeMap<>();
        runs.stream()
                .filter(r -> r.pipeline().equals(ref.pipeline()) && r.runDate() != null)
                .filter(r -> !r.runDate().isBefore(from) && !r.runDate().isAfter(ref.runDate()))
                .forEach(r -> latest.put(r.runDate(), r));
        // The report's own run is the date's attempt even if a later one exists.
        latest.put(ref.runDate(), ref);
        List<DayStatus> days = new ArrayList<>(HISTORY_DAYS);
        for (LocalDate d = from; !d.isAfter(ref.runDate()); d = d.plusDays(1)) {
            RunRef r = latest.get(d);
            days.add(
                    r == null
                            ? new DayStatus(d, DayOutcome.NO_RUN, null)
                            : new DayStatus(d, outcome(r, waived), r.runId()));
        }
        return days;
    }

    private static DayOutcome outcome(RunRef r, Set<String> waived) {
        if (r.runStatus() == null) {
            return DayOutcome.UNKNOWN;
        }
        return switch (status(r.runStatus())) {
            case PASS, SKIPPED -> DayOutcome.PASS;
            case WARN -> DayOutcome.WARN;
            case FAIL -> waivesAll(r, waived) ? DayOutcome.WAIVED : DayOutcome.FAIL;
            case ERROR -> DayOutcome.ERROR;
        };
    }

    /**
     * Whether waivers cover every blocking failure of the attempt, as the gate requires before it
     * counts the date as a pass: a waiver of one check leaves the date failed while another fails.
     */
    private static boolean waivesAll(RunRef r, Set<String> waived) {
        return !r.blockingFailures().isEmpty()
                && r.blockingFailures().stream().allMatch(check -> waived.contains(waiverKey(r.runDate(), check)));
    }

    /** {@code 2026-11-10 key_diff}: one waived check of one date. */
    static String waiverKey(LocalDate runDate, String check) {
        return runDate + " " + check;
    }

    /**
     * Waived checks ({@link #waiverKey}), per pipeline, from the gate's {@code waivers} table next to the verdict
     * table: only those the gate honours today, the day the report is made. As in the gate, the latest
     * recorded waiver of a date and check wins, and counts through its {@code expires_on}. Reads only
     * the {@code pipeline}, {@code run_date}, {@code check_name}, {@code created_at} and {@code
     * expires_on} columns; no table means no waivers.
     */
    private Map<String, Set<String>> waivedChecks(List<RunRef> selected) {
        Map<String, Set<String>> waived = new LinkedHashMap<>();
        Optional<Dataset<Row>> table = sibling(WAIVERS);
        if (table.isEmpty()) {
            return waived;
        }
        LocalDate today = LocalDate.now(clock);
        Object[] pipelines = selected.stream().map(RunRef::pipeline).distinct().toArray();
        Map<String, Row> latest = new HashMap<>();
        for (Row r : table.get()
                .where(col("pipeline").isin(pipelines))
                .select(
                        col("pipeline"),
                        col("run_date").cast("date"),
                        col("check_name"),
                        col("created_at"),
                        col("expires_on").cast("date"))
                .collectAsList()) {
            if (!r.isNullAt(1) && !r.isNullAt(2)) {
                String key = r.getString(0) + "\u0000" + waiverKey(((Date) r.get(1)).toLocalDate(), r.getString(2));
                latest.merge(key, r, (a, b) -> countsAfter(b, a) ? b : a);
            }
        }
        for (Row r : latest.values()) {
            if (!r.isNullAt(4) && !today.isAfter(((Date) r.get(4)).toLocalDate())) {
                waived.computeIfAbsent(r.getString(0), p -> new HashSet<>())
                        .add(waiverKey(((Date) r.get(1)).toLocalDate(), r.getString(2)));
            }
        }
        return waived;
    }

    /**
     * Whether waiver {@code b} counts over {@code a} of the same date and check, as in the gate: the
     * later recorded, and of two recorded at the same instant, the one that expires first.
     */
    private static boolean countsAfter(Row b, Row a) {
        int recorded = createdAt(b).compareTo(createdAt(a));
        if (recorded != 0) {
            return recorded > 0;
        }
        return !b.isNullAt(4) && (a.isNullAt(4) || ((Date) b.get(4)).before((Date) a.get(4)));
    }

    private static Instant createdAt(Row waiver) {
        return waiver.isNullAt(3) ? Instant.MIN : ((Timestamp) waiver.get(3)).toInstant();
    }

    /** A table of the gate (waivers, routing) that lives next to the verdict table, if it exists. */
    Optional<Dataset<Row>> sibling(String name) {
        String location = siblingLocation(tables, name);
        try {
            if (tables.kind() == VerdictTables.Kind.PATH) {
                return DeltaTable.isDeltaTable(spark, location)
                        ? Optional.of(spark.read().format("delta").load(location))
                        : Optional.empty();
            }
            return spark.catalog().tableExists(location) ? Optional.of(spark.table(location)) : Optional.empty();
        } catch (Exception e) {
            throw ParityErrors.verdictTableUnusable(location, e);
        }
    }

    /** {@code <warehouse>/<name>} for a path warehouse, {@code <database>.<name>} for a catalog one. */
    static String siblingLocation(VerdictTables tables, String name) {
        String verdicts = tables.verdicts();
        char separator = tables.kind() == VerdictTables.Kind.PATH ? '/' : '.';
        int cut = verdicts.lastIndexOf(separator);
        return cut < 0 ? name : verdicts.substring(0, cut + 1) + name;
    }

    private static Map<String, List<Row>> byPipeline(List<Row> rows) {
        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (Row r : rows) {
            by.computeIfAbsent(r.getAs("pipeline"), p -> new ArrayList<>()).add(r);
        }
        return by;
    }

    private static Instant instant(Object ts) {
        return ts instanceof Timestamp t ? t.toInstant() : null;
    }
}
