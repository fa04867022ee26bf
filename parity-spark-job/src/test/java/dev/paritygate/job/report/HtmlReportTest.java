package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    private static List<DayStatus> history(DayOutcome... lastDays) {
        List<DayStatus> days = new ArrayList<>();
        LocalDate from = D.minusDays(SparkReportLoader.HISTORY_DAYS - 1);
        for (int i = 0; i < SparkReportLoader.HISTORY_DAYS; i++) {
            int fromEnd = SparkReportLoader.HISTORY_DAYS - 1 - i;
            DayOutcome o = fromEnd < lastDays.length ? lastDays[lastDays.length - 1 - fromEnd] : DayOutcome.NO_RUN;
            days.add(new DayStatus(from.plusDays(i), o, o == DayOutcome.NO_RUN ? null : "r" + i));
        }
        return days;
    }

    private static String render(PipelineReport... sections) {
        return HtmlReport.render(new ReportModel(
                "run 'r'", "/wh/verdicts", List.of(sections), Instant.parse("2026-11-21T10:00:00Z"), "0.1.0"));
    }

    private static PipelineReport failingOrders(List<DayStatus> history) {
        return new PipelineReport("r", VerdictHistory.orders(D, true, Instant.parse("2026-11-21T09:30:00Z")), history);
    }

    @Test
    void everyValueFromTheVerdictTableIsEscaped() {
        String html = render(failingOrders(List.of()));

        assertThat(html)
                .doesNotContain("<script>alert(1)</script>")
                .contains(
                        "41 rows differ in &lt;amount&gt; &amp; &quot;region&quot; &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(Pattern.compile("<script").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void thePageNeedsNoNetwork() {
        String html = render(failingOrders(history(DayOutcome.PASS, DayOutcome.FAIL)));

        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)<link|@import|url\\(");
        assertThat(html).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theOverallVerdictComesFirstAndEachPartOfASectionIsThere() {
        String html = render(failingOrders(history(DayOutcome.PASS, DayOutcome.WAIVED, DayOutcome.FAIL)));

        assertThat(html.indexOf("id=\"overall\"")).isLessThan(html.indexOf("<section"));
        assertThat(html)
                .contains("<body data-status=\"FAIL\">")
                .contains("<h1>Parity FAIL</h1>")
                .contains("A blocking check failed: the data differs beyond tolerance.")
                .contains("<table class=\"checks\">")
                .contains("4 of 7 partitions matched")
                .contains("data-scope=\"order_date=2026-11-15\" data-status=\"FAIL\"")
                .contains("<svg class=\"column-chart\"")
                .contains("data-column=\"amount\" data-mismatches=\"41\"")
                .contains("data-column=\"region\" data-mismatches=\"19\"")
                .contains("data-kpi=\"revenue\"")
                .contains("<td class=\"num\">119980.25</td>")
                .contains("<table class=\"samples\">")
                .contains("amount=19.99")
                .contains("amount=21.99")
                .contains("class=\"strip calendar-strip\"")
                .contains("data-date=\"2026-11-19\" data-outcome=\"WAIVED\"")
                .contains("data-streak=\"0\"");
        assertThat(html.indexOf("data-column=\"amount\"")).isLessThan(html.indexOf("data-column=\"region\""));
    }

    @Test
    void theCalendarWaitsForHistoryOfMoreThanOneDate() {
        String html = render(failingOrders(history(DayOutcome.FAIL)));

        assertThat(html).contains("calendar-empty").doesNotContain("class=\"strip calendar-strip\"");
    }

    @Test
    void theStreakCountsPassesAndWaiversBackToTheLastFailureSkippingDatesWithoutARun() {
        PipelineReport p = failingOrders(history(
                DayOutcome.FAIL,
                DayOutcome.PASS,
                DayOutcome.NO_RUN,
                DayOutcome.WAIVED,
                DayOutcome.WARN,
                DayOutcome.PASS));

        assertThat(p.streak()).isEqualTo(4);
        assertThat(render(p)).contains("data-streak=\"4\"");
    }

    @Test
    void aPassingPipelineWithoutPartitionsOrKpisSaysSoInsteadOfDrawingEmptyCharts() {
        PipelineResult customers = VerdictHistory.customers(D);
        String html = render(new PipelineReport("r", customers, List.of()));

        assertThat(html)
                .contains("<body data-status=\"PASS\">")
                .contains("partition-strip-empty")
                .contains("kpis-empty")
                .contains("samples-empty")
                .doesNotContain("<table class=\"kpis\">");
    }

    @Test
    void oneOfEachCountIsWrittenInTheSingular() {
        PipelineResult onePartition = new PipelineResult(
                "orders",
                D,
                "parquet:/legacy",
                "parquet:/cloud",
                "fp",
                Instant.parse("2026-11-21T09:00:00Z"),
                Instant.parse("2026-11-21T09:01:00Z"),
                List.of(
                        new Verdict(
                                "row_count",
                                "order_date=2026-11-20",
                                "rows",
                                Status.PASS,
                                true,
                                "3",
                                "3",
                                0.0,
                                "",
                                "",
                                null),
                        new Verdict(
                                "column:amount",
                                "*",
                                "mismatches",
                                Status.FAIL,
                                true,
                                null,
                                null,
                                1.0,
                                "exact",
                                "1 row differs (exact)",
                                null)),
                List.of(new SampleRow(
                        "mismatched", "{\"id\":2}", List.of("amount"), "{\"amount\":1}", "{\"amount\":2}")));

        String html = render(new PipelineReport("r", onePartition, List.of()));

        assertThat(html)
                .contains(" · 1 pipeline</p>")
                .contains(">1 of 1 partition matched (row count and fingerprint).</p>")
                .contains("<title>amount: 1 mismatching row (FAIL)</title>")
                .contains(">1 row, sensitive columns masked as the rule says.</p>");
    }

    @Test
    void differingColumnsOfASampleRowAreShownAsNameAndValue() {
        assertThat(HtmlReport.shown("{\"a\":1,\"b\":\"x\",\"c\":null}", List.of("b", "c")))
                .isEqualTo("b=x, c=null");
        assertThat(HtmlReport.shown("{\"a\":1}", List.of())).isEqualTo("{\"a\":1}");
        assertThat(HtmlReport.shown(null, List.of("a"))).isEqualTo("—");
    }

    @Test
    void aDifferingDuplicatedKeysSidesAreShownAsTheirRowCounts() {
        SampleRow duplicate =
                new SampleRow("duplicate_differing", "{\"id\":20}", List.of(), "{\"rows\":2}", "{\"rows\":1}");

        assertThat(HtmlReport.side(duplicate, duplicate.leftRow())).isEqualTo("2 rows");
        assertThat(HtmlReport.side(duplicate, duplicate.rightRow())).isEqualTo("1 row");
        SampleRow oneSided = new SampleRow("only_in_left", "{\"id\":3}", List.of(), "{\"rows\":2}", null);
        assertThat(HtmlReport.side(oneSided, oneSided.leftRow())).isEqualTo("{\"rows\":2}");
        assertThat(HtmlReport.side(oneSided, oneSided.rightRow())).isEqualTo("—");
    }
}
