package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkReportLoaderTest {
    private static ReportModel load(Path warehouse, ReportRequest request) {
        return new SparkReportLoader(SharedSpark.spark(), VerdictTables.atPath(warehouse), Clock.systemUTC())
                .load(request);
    }

    private static PipelineReport section(ReportModel m, String pipeline) {
        return m.pipelines().stream()
                .filter(p -> p.pipeline().equals(pipeline))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void withoutSelectionTheMostRecentlyFinishedRunIsShown() {
        ReportModel m = load(VerdictHistory.warehouse(), ReportRequest.latest());

        assertThat(m.runIds()).containsExactly(VerdictHistory.RETRY);
        assertThat(m.pipelines()).extracting(PipelineReport::pipeline).containsExactly("orders");
        assertThat(m.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aRunDateShowsTheLatestAttemptOfEachPipelineWorstFirst() {
        ReportModel m = load(VerdictHistory.warehouse(), new ReportRequest(List.of(), null, VerdictHistory.LAST));

        assertThat(m.pipelines())
                .extracting(PipelineReport::pipeline, PipelineReport::runId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders", VerdictHistory.RETRY),
                        org.assertj.core.groups.Tuple.tuple("customers", VerdictHistory.nightly(VerdictHistory.LAST)));
    }

    @Test
    void aRunIdShowsThatAttemptEvenWhenALaterOneReplacedIt() {
        ReportModel m = load(
                VerdictHistory.warehouse(),
                new ReportRequest(List.of("orders"), VerdictHistory.nightly(VerdictHistory.LAST), null));

        PipelineReport orders = section(m, "orders");
        assertThat(orders.status()).isEqualTo(Status.ERROR);
        assertThat(orders.history().get(orders.history().size() - 1).outcome()).isEqualTo(DayOutcome.ERROR);
    }

    @Test
    void theFailingRunCarriesItsCountsPartitionsKpisAndSamples() {
        PipelineReport orders =
                section(load(VerdictHistory.warehouse(), ReportRequest.ofRun(VerdictHistory.RETRY)), "orders");

        assertThat(orders.columnMismatches())
                .extracting(PipelineReport.ColumnCount::column, PipelineReport.ColumnCount::mismatches)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("amount", 41L),
                        org.assertj.core.groups.Tuple.tuple("region", 19L),
                        org.assertj.core.groups.Tuple.tuple("discount_rate", 0L),
                        org.assertj.core.groups.Tuple.tuple("status", 0L));
        Map<String, Status> partitions = orders.partitions().stream()
                .collect(Collectors.toMap(PipelineReport.PartitionCell::label, PipelineReport.PartitionCell::status));
        assertThat(partitions).hasSize(7);
        assertThat(partitions)
                .containsEntry("2026-11-15", Status.FAIL)
                .containsEntry("2026-11-17", Status.FAIL)
                .containsEntry("2026-11-20", Status.FAIL)
                .containsEntry("2026-11-14", Status.PASS);
        assertThat(orders.kpis()).containsOnlyKeys("revenue", "order_count");
        assertThat(orders.kpis().get("revenue"))
                .extracting(v -> v.scope())
                .containsExactly("region=APAC", "region=EU", "region=NA");
        assertThat(orders.result().samples())
                .extracting(s -> s.kind())
                .containsExactly("mismatched", "mismatched", "only_in_left");
        assertThat(orders.checks())
                .extracting(v -> v.check())
                .startsWith("schema", "row_count", "partition_hash", "key_diff");
    }

    @Test
    void historyShowsTheLatestAttemptPerDatePartlyWaivedFailuresAndDaysWithoutARun() {
        ReportModel m = load(
                VerdictHistory.warehouse(), new ReportRequest(List.of("orders"), null, LocalDate.of(2026, 11, 19)));

        PipelineReport orders = section(m, "orders");
        Map<LocalDate, DayOutcome> days =
                orders.history().stream().collect(Collectors.toMap(DayStatus::date, DayStatus::outcome));
        assertThat(orders.history()).hasSize(SparkReportLoader.HISTORY_DAYS);
        assertThat(orders.history().get(0).date()).isEqualTo(LocalDate.of(2026, 10, 21));
        assertThat(days)
                .containsEntry(LocalDate.of(2026, 11, 6), DayOutcome.FAIL)
                // The one waiver covers key_diff, while row_count and two columns failed too: the gate
                // holds on this date, so the report must not show it waived.
                .containsEntry(LocalDate.of(2026, 11, 10), DayOutcome.FAIL)
                .containsEntry(LocalDate.of(2026, 11, 14), DayOutcome.NO_RUN)
                .containsEntry(LocalDate.of(2026, 11, 19), DayOutcome.PASS);
        assertThat(orders.streak()).isEqualTo(7);
    }

    @Test
    void aWaiverCountsOnlyThroughItsExpiryAsOfTheDayTheReportIsMade() {
        ReportRequest request = new ReportRequest(List.of("expired", "waived"), null, BoardHistory.LAST);
        // The expired pipeline's latest waiver ran through 2026-11-21: the gate no longer honours it today.
        ReportModel today = load(BoardHistory.warehouse(), request);
        ReportModel onTheLastDay = new SparkReportLoader(
                        SharedSpark.spark(),
                        VerdictTables.atPath(BoardHistory.warehouse()),
                        Clock.fixed(Instant.parse("2026-11-21T23:00:00Z"), ZoneOffset.UTC))
                .load(request);

        assertThat(lastDay(section(today, "expired"))).isEqualTo(DayOutcome.FAIL);
        assertThat(section(today, "expired").streak()).isZero();
        assertThat(lastDay(section(today, "waived"))).isEqualTo(DayOutcome.WAIVED);
        assertThat(section(today, "waived").streak()).isEqualTo(5);
        assertThat(lastDay(section(onTheLastDay, "expired"))).isEqualTo(DayOutcome.WAIVED);
        assertThat(section(onTheLastDay, "expired").streak()).isEqualTo(5);
    }

    private static DayOutcome lastDay(PipelineReport p) {
        return p.history().get(p.history().size() - 1).outcome();
    }

    @Test
    void aFailedDateIsWaivedOnlyWhenWaiversCoverEveryBlockingFailure() {
        LocalDate d = LocalDate.of(2026, 11, 10);
        SparkReportLoader.RunRef run = new SparkReportLoader.RunRef(
                "orders", "r1", d, Instant.parse("2026-11-11T02:00:00Z"), "FAIL", Set.of("key_diff", "row_count"));

        DayOutcome partly = SparkReportLoader.history(run, List.of(run), Set.of("2026-11-10 key_diff"))
                .get(SparkReportLoader.HISTORY_DAYS - 1)
                .outcome();
        DayOutcome fully = SparkReportLoader.history(
                        run, List.of(run), Set.of("2026-11-10 key_diff", "2026-11-10 row_count"))
                .get(SparkReportLoader.HISTORY_DAYS - 1)
                .outcome();

        assertThat(partly).isEqualTo(DayOutcome.FAIL);
        assertThat(fully).isEqualTo(DayOutcome.WAIVED);
    }

    @Test
    void withoutAWaiverTableAWaivedDateIsAPlainFailureAndTheStreakIsShorter() {
        ReportModel m = load(
                VerdictHistory.warehouseWithoutGateTables(),
                new ReportRequest(List.of("orders"), null, LocalDate.of(2026, 11, 19)));

        PipelineReport orders = section(m, "orders");
        assertThat(orders.history())
                .filteredOn(d -> d.date().equals(VerdictHistory.ORDERS_WAIVED))
                .extracting(DayStatus::outcome)
                .containsExactly(DayOutcome.FAIL);
        assertThat(orders.streak()).isEqualTo(7);
    }

    @Test
    void anUnknownRunIsAnErrorListingTheMostRecentRuns() {
        assertThatThrownBy(() -> load(VerdictHistory.warehouse(), ReportRequest.ofRun("no-such-run")))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Cannot find a run for run 'no-such-run' in ")
                .hasMessageContaining(VerdictHistory.RETRY + " (orders, 2026-11-20)")
                .hasMessageEndingWith("Pick one of these with --run-id or --run-date.");
    }

    @Test
    void aPipelineMissingFromTheSelectedRunIsAnError() {
        assertThatThrownBy(() -> load(
                        VerdictHistory.warehouse(),
                        new ReportRequest(List.of("customers"), VerdictHistory.RETRY, null)))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith(
                        "Cannot find a run for run '" + VerdictHistory.RETRY + "' and pipeline 'customers' in ");
    }

    @Test
    void anEmptyWarehouseSaysToRunFirst(@TempDir Path empty) {
        assertThatThrownBy(() -> load(empty, ReportRequest.latest()))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("the table holds no verdicts yet. Run `parity run` (or `parity demo`) first.");
    }

    @Test
    void gateTablesAreFoundNextToPathAndCatalogVerdictTables() {
        assertThat(SparkReportLoader.siblingLocation(VerdictTables.atLocation("s3a://bucket/parity"), "waivers"))
                .isEqualTo("s3a://bucket/parity/waivers");
        assertThat(SparkReportLoader.siblingLocation(VerdictTables.parse("lake.parity"), "routing"))
                .isEqualTo("lake.parity.routing");
    }
}
