package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;

/** Runs {@code bin/parity} as its own process, the way an orchestrator does, and reads what it wrote. */
final class ParityProcess {
    static final Path HOME =
            Path.of(System.getProperty("parity.home", "..")).toAbsolutePath().normalize();

    /** JVM options for the short-lived processes tests start: the quick JIT tier only. */
    static final String QUICK_JVM = "-XX:TieredStopAtLevel=1";

    record Result(int exitCode, String out) {}

    private ParityProcess() {}

    /** Starts {@code bin/parity ARGS} in {@code workDir}, output to {@code log}, stdin closed. */
    static Process start(Path workDir, Map<String, String> env, Path log, List<String> args) throws IOException {
        return start(workDir, env, log, List.of(), args);
    }

    /** Same, with a launcher prefix such as {@code setpriv ...} in front of {@code bin/parity}. */
    static Process start(Path workDir, Map<String, String> env, Path log, List<String> prefix, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(HOME.resolve("bin/parity").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putIfAbsent("PARITY_DRIVER_MEMORY", "1g");
        pb.environment().putAll(env);
        // These runs are short and read a few thousand rows: C2's compilations cost more CPU than
        // they save (eight runs at once on two cores spent half their CPU time compiling).
        pb.environment().put("PARITY_JAVA_OPTS", (QUICK_JVM + " " + env.getOrDefault("PARITY_JAVA_OPTS", "")).strip());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    static Result await(Process p, Path log) throws Exception {
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("bin/parity finished").isTrue();
        return new Result(p.exitValue(), java.nio.file.Files.readString(log));
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        Path log = java.nio.file.Files.createTempFile(workDir, "parity", ".log");
        return await(start(workDir, env, log, List.of(args)), log);
    }

    /**
     * One run's verdict rows as comparable text (timestamps and sources left out), sorted; duplicates
     * are kept so a test can see them.
     */
    static List<String> verdictRows(Path verdictTable, String runId) {
        return SharedSpark.spark()
                .read()
                .format("delta")
                .load(verdictTable.toString())
                .where(org.apache.spark.sql.functions.col("run_id").equalTo(runId))
                .selectExpr(
                        "pipeline",
                        "check_name",
                        "scope",
                        "metric",
                        "status",
                        "left_value",
                        "right_value",
                        "difference",
                        "message")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }
}
