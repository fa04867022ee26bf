package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs killed with SIGKILL at points spread over their whole life leave all of their rows or none. */
@Tag("slow")
class CrashIT {
    @TempDir
    Path dir;

    List<String> args(String runId) {
        return List.of(
                "run", "--rules", dir.resolve("rules").toString(), "--run-date", "2026-11-20", "--run-id", runId);
    }

    long samples(String runId) {
        Path table = dir.resolve("parity-warehouse/samples");
        if (!Files.exists(table)) {
            return 0;
        }
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(table.toString())
                .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
                .count();
    }

    @Test
    void runKilledAtAnyPointLeavesAllOrNoneOfItsRowsAndTheNextRunIsUnaffected() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/crash.yaml"), """
                pipeline: crash
                left:  { query: "SELECT id, sha2(CAST(id AS STRING), 256) AS h FROM range(0, 400000)" }
                right: { query: "SELECT id, CASE WHEN id % 1000 = 0 THEN 'x' ELSE sha2(CAST(id AS STRING), 256) END AS h FROM range(0, 400000)" }
                key: [id]
                sample: { max_rows: 7 }
                """);
        Path verdicts = dir.resolve("parity-warehouse/verdicts");
        Instant started = Instant.now();
        ParityProcess.Result baseline =
                ParityProcess.run(dir, Map.of(), args("baseline").toArray(String[]::new));
        Duration full = Duration.between(started, Instant.now());
        assertThat(baseline.exitCode()).as(baseline.out()).isEqualTo(1);
        List<String> complete = ParityProcess.verdictRows(verdicts, "baseline");
        assertThat(complete).isNotEmpty();
        assertThat(samples("baseline")).isEqualTo(7);

        // Kill points from JVM start-up to the last moments, where the commits happen.
        double[] fractions = {0.15, 0.5, 0.8, 0.9, 0.97};
        int landed = 0;
        for (int i = 0; i < fractions.length; i++) {
            String runId = "crash-" + i;
            Path log = dir.resolve(runId + ".log");
            Process p = ParityProcess.start(dir, Map.of(), log, args(runId));
            boolean finished =
                    p.waitFor((long) (full.toMillis() * fractions[i]), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly().waitFor();
            }

            List<String> rows = ParityProcess.verdictRows(verdicts, runId);
            assertThat(rows)
                    .as("rows of %s killed at %.0f%%", runId, fractions[i] * 100)
                    .satisfiesAnyOf(
                            r -> assertThat(r).isEmpty(), r -> assertThat(r).isEqualTo(complete));
            if (!rows.isEmpty()) {
                landed++;
                assertThat(samples(runId))
                        .as("samples are committed before verdicts")
                        .isEqualTo(7);
            }
        }
        assertThat(landed).as("early kills leave nothing").isLessThan(fractions.length);

        ParityProcess.Result rerun =
                ParityProcess.run(dir, Map.of(), args("crash-0").toArray(String[]::new));

        assertThat(rerun.exitCode()).as(rerun.out()).isEqualTo(1);
        assertThat(ParityProcess.verdictRows(verdicts, "crash-0"))
                .hasSameSizeAs(complete)
                .doesNotHaveDuplicates();
        assertThat(ParityProcess.verdictRows(verdicts, "baseline")).isEqualTo(complete);
        assertThat(samples("crash-0")).isEqualTo(7);
    }
}
