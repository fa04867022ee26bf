package dev.paritygate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchStagesTest {
    private static String stage(
            int id, long submitted, long completed, String name, long rows, long runMs, long cpuNs) {
        return """
                {"Event":"SparkListenerStageCompleted","Stage Info":{"Stage ID":%d,"Stage Name":"%s",\
                "Number of Tasks":4,"Submission Time":%d,"Completion Time":%d,"Accumulables":[\
                {"Name":"internal.metrics.executorRunTime","Value":%d},\
                {"Name":"internal.metrics.executorCpuTime","Value":%d},\
                {"Name":"internal.metrics.input.recordsRead","Value":%d},\
                {"Name":"internal.metrics.shuffle.write.bytesWritten","Value":2500000}]}}""".formatted(id, name, submitted, completed, runMs, cpuNs, rows);
    }

    @Test
    void reportsEachStagesStartWallRunAndCpuSecondsRowsAndShuffleFromTheApplicationsStart() throws Exception {
        List<String> log = List.of(
                "{\"Event\":\"SparkListenerApplicationStart\",\"Timestamp\":1000}",
                stage(3, 5_500, 17_750, "runJob at SparkGrainPass.java:93", 10_000_000, 11_120, 6_850_000_000L),
                "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":19000}");

        List<String> report = BenchStages.report(log);

        assertThat(report).hasSize(3);
        assertThat(report.get(1).trim().split("\\s+"))
                .containsExactly(
                        "3",
                        "4.50",
                        "runJob",
                        "at",
                        "SparkGrainPass.java:93",
                        "4",
                        "12.25",
                        "11.12",
                        "6.85",
                        "10000000",
                        "2.5");
        assertThat(report.get(2).trim()).isEqualTo("18.00 application end");
    }
}
