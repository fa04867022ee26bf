package dev.paritygate.job.report;

import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pipeline's section of the report: the run's verdicts and samples, and the pipeline's recent
 * history for the calendar strip.
 *
 * @param runId the run the verdicts come from
 * @param result the verdicts and samples as the run wrote them
 * @param history the last dates up to the run date, oldest first; empty when not loaded
 */
record PipelineReport(String runId, PipelineResult result, List<DayStatus> history) {
    static final String KPI_PREFIX = "kpi:";
    static final String COLUMN_PREFIX = "column:";

    PipelineReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(result, "result");
        history = history == null ? List.of() : List.copyOf(history);
    }

    String pipeline() {
        return result.pipeline();
    }

    Status status() {
        return result.status();
    }

    /** Table-level verdicts of every check but the KPIs, which have their own section. */
    List<Verdict> checks() {
        return result.verdicts().stream()
                .filter(v -> Verdict.TABLE_SCOPE.equals(v.scope()))
                .filter(v -> !v.check().startsWith(KPI_PREFIX))
                .toList();
    }

    /** Per partition, the worst status of its row-count and fingerprint verdicts, in partition order. */
    List<PartitionCell> partitions() {
        Map<String, List<Verdict>> byScope = new LinkedHashMap<>();
        result.verdicts().stream()
                .filter(v -> v.check().equals("row_count") || v.check().equals("partition_hash"))
                .filter(v -> !Verdict.TABLE_SCOPE.equals(v.scope()))
                .sorted(Comparator.comparing(Verdict::scope))
                .forEach(v -> byScope.computeIfAbsent(v.scope(), s -> new ArrayList<>())
                        .add(v));
        List<PartitionCell> cells = new ArrayList<>();
        byScope.forEach((scope, vs) -> cells.add(new PartitionCell(scope, vs)));
        return cells;
    }

    /** Mismatch counts of the {@code column:<name>} checks, largest first. */
    List<ColumnCount> columnMismatches() {
        return result.verdicts().stream()
                .filter(v -> v.check().startsWith(COLUMN_PREFIX) && v.metric().equals("mismatches"))
                .map(v -> new ColumnCount(
                        v.check().substring(COLUMN_PREFIX.length()),
                        v.difference() == null ? 0L : Math.round(v.difference()),
                        v.status()))
                .sorted(Comparator.comparingLong(ColumnCount::mismatches)
                        .reversed()
                        .thenComparing(ColumnCount::column))
                .toList();
    }

    /** KPI verdicts ({@code kpi:<name>}), grouped by KPI name in first-seen order, then by group. */
    Map<String, List<Verdict>> kpis() {
        Map<String, List<Verdict>> byKpi = new LinkedHashMap<>();
        for (Verdict v : result.verdicts()) {
            if (v.check().startsWith(KPI_PREFIX)) {
                byKpi.computeIfAbsent(v.check().substring(KPI_PREFIX.length()), k -> new ArrayList<>())
                        .add(v);
            }
        }
        byKpi.replaceAll((k, vs) -> vs.stream()
                .sorted(Comparator.comparing(Verdict::scope).thenComparing(Verdict::metric))
                .toList());
        return byKpi;
    }

    /** Partition- and group-level verdicts other than KPIs that did not pass. */
    List<Verdict> scopedProblems() {
        return result.verdicts().stream()
                .filter(v -> !Verdict.TABLE_SCOPE.equals(v.scope()))
                .filter(v -> !v.check().startsWith(KPI_PREFIX))
                .filter(v -> v.status() != Status.PASS)
                .toList();
    }

    /**
     * Consecutive dates with a run, counting back from the newest, whose latest attempt passed (or
     * failed and was waived). Dates without a run are skipped: only the gate knows the pipeline's
     * business-day calendar.
     */
    int streak() {
        int n = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            DayStatus d = history.get(i);
            if (d.outcome() == DayOutcome.NO_RUN) {
                continue;
            }
            if (!d.outcome().keepsStreak()) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Dates in the history that had a run. */
    long datesWithRuns() {
        return history.stream().filter(d -> d.outcome() != DayOutcome.NO_RUN).count();
    }

    /** One partition of the strip. */
    record PartitionCell(String scope, List<Verdict> verdicts) {
        PartitionCell {
            verdicts = List.copyOf(verdicts);
        }

        Status status() {
            return Status.worst(verdicts.stream().map(Verdict::status).toList());
        }

        /** The partition value without the column name: {@code 2026-11-20} of {@code order_date=2026-11-20}. */
        String label() {
            int eq = scope.indexOf('=');
            return eq < 0 || scope.indexOf('/') >= 0 ? scope : scope.substring(eq + 1);
        }
    }

    /** One bar of the column chart. */
    record ColumnCount(String column, long mismatches, Status status) {}
}
