package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eight nightly runs, each its own {@code bin/parity} process, writing one verdict table at once. */
@Tag("slow")
class ConcurrentRunsIT {
    static final int PIPELINES = 8;

    @TempDir
    Path dir;

    Path rulesOf(int i) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules-" + i));
        // Pipeline i differs in i rows, so each process's rows are told apart by their values too.
        Files.writeString(rules.resolve("p" + i + ".yaml"), """
                pipeline: p%d
                left:  { query: "SELECT id, id * 2 AS v FROM range(0, 5000)" }
                right: { query: "SELECT id, CASE WHEN id < %d THEN -1 ELSE id * 2 END AS v FROM range(0, 5000)" }
                key: [id]
                buckets: 4
                """.formatted(i, i));
        return rules;
    }

    List<String> args(int i) throws Exception {
        return List.of("run", "--rules", rulesOf(i).toString(), "--run-date", "2026-11-20", "--run-id", "night-1");
    }

    @Test
    void eightProcessesWritingOneTableAllLandExactlyOnceAndARetryReplacesItsRows() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < PIPELINES; i++) {
            processes.add(ParityProcess.start(dir, Map.of(), dir.resolve("p" + i + ".log"), args(i)));
        }
        for (int i = 0; i < PIPELINES; i++) {
            ParityProcess.Result r = ParityProcess.await(processes.get(i), dir.resolve("p" + i + ".log"));
            assertThat(r.exitCode()).as(r.out()).isEqualTo(i == 0 ? 0 : 1);
            assertThat(r.out()).doesNotContain("Cannot write");
        }

        Path verdicts = dir.resolve("parity-warehouse/verdicts");
        List<String> rows = ParityProcess.verdictRows(verdicts, "night-1");
        assertThat(rows).doesNotHaveDuplicates();
        List<String> perPipeline = IntStream.range(0, PIPELINES)
                .mapToObj(i ->
                        rows.stream().filter(r -> r.startsWith("[p" + i + ",")).count())
                .map(String::valueOf)
                .toList();
        assertThat(perPipeline).hasSize(PIPELINES).allMatch(c -> c.equals(perPipeline.get(0)) && !c.equals("0"));
        for (int i = 1; i < PIPELINES; i++) {
            String mismatched = "[p" + i + ",key_diff,*,rows_mismatched,FAIL,5000,5000," + (double) i + ",";
            assertThat(rows).anyMatch(r -> r.startsWith(mismatched));
        }

        ParityProcess.Result retry = ParityProcess.run(dir, Map.of(), args(3).toArray(String[]::new));

        assertThat(retry.exitCode()).as(retry.out()).isEqualTo(1);
        assertThat(ParityProcess.verdictRows(verdicts, "night-1")).isEqualTo(rows);
    }
}
