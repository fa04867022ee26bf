package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.SampleRow;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryPrinterTest {
    private static Verdict partitionRows(String partition) {
        return new Verdict("row_count", partition, "rows", Status.PASS, true, "3", "3", 0.0, "abs<=0", "", null);
    }

    private static SampleRow sample(long id) {
        return new SampleRow("mismatched", "{\"id\":" + id + "}", List.of("amt"), "{\"amt\":1}", "{\"amt\":2}");
    }

    private static String print(List<Verdict> verdicts, List<SampleRow> samples) {
        PipelineResult p = new PipelineResult(
                "orders",
                LocalDate.of(2026, 11, 20),
                "parquet:/l",
                "parquet:/r",
                "fp",
                Instant.EPOCH,
                Instant.EPOCH,
                verdicts,
                samples);
        StringWriter out = new StringWriter();
        SummaryPrinter.print(new PrintWriter(out, true), new RunResult("r1", List.of(p)));
        return out.toString();
    }

    @Test
    void oneHiddenVerdictAndOneSampleRowAreSingular() {
        String out = print(List.of(partitionRows("day=2026-11-20")), List.of(sample(1)));

        assertThat(out)
                .contains("  (1 passing verdict of single partitions or KPI groups not shown; all rows are in the"
                        + " verdicts table)\n")
                .contains("  1 sample row of differences kept in the samples table\n");
    }

    @Test
    void aWarningChecksMessageIsPrintedUnderItsRowAsAFailuresIs() {
        Verdict warned = new Verdict(
                "distribution:amt",
                null,
                "ks_distance",
                Status.WARN,
                false,
                "3",
                "3",
                0.5,
                "ks<=0.01",
                "differs",
                null);
        Verdict partition = new Verdict(
                "row_count", "day=2026-11-20", "rows", Status.FAIL, true, "3", "4", 1.0, "abs<=0", "by one", null);
        String out = print(List.of(warned, partition), List.of());

        assertThat(out).contains("ks<=0.01\n         differs\n").doesNotContain("by one");
    }

    @Test
    void severalHiddenVerdictsAndSampleRowsArePlural() {
        String out = print(
                List.of(partitionRows("day=2026-11-19"), partitionRows("day=2026-11-20")),
                List.of(sample(1), sample(2)));

        assertThat(out)
                .contains("  (2 passing verdicts of single partitions or KPI groups not shown; all rows are in the"
                        + " verdicts table)\n")
                .contains("  2 sample rows of differences kept in the samples table\n");
    }
}
