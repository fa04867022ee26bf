package dev.paritygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the time goes: reads a Spark event log and prints each completed stage's start (seconds
 * since the application started), name, task count, wall time, its tasks' run time and CPU time
 * (summed over tasks), rows read and shuffle volume. Gaps in the start column are driver-side work
 * (planning, Delta log reads and commits). Task CPU is what a change to per-row work moves; wall
 * and run time also hold waiting for a core, which on a shared two-core machine is much of them.
 *
 * <p>Usage: {@code BenchStages EVENT_LOG} (a file, or Spark 4's event log directory)
 */
public final class BenchStages {
    private BenchStages() {}

    /** Reads an event log file, decompressing Spark's default zstd codec (zstd-jni ships with Spark). */
    static List<String> read(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".zstd")) {
            return Files.readAllLines(file);
        }
        try (java.io.InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
    }

    public static void main(String[] args) throws IOException {
        Path log = Path.of(args[0]);
        List<String> lines = new java.util.ArrayList<>();
        if (Files.isDirectory(log)) {
            // Spark 4 writes event logs as a directory of rolling files.
            try (java.util.stream.Stream<Path> files = Files.list(log)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("events_"))
                        .sorted()
                        .toList()) {
                    lines.addAll(read(f));
                }
            }
        } else {
            lines.addAll(read(log));
        }
        report(lines).forEach(System.out::println);
    }

    /** The report's lines for the events of one application, in the order the log holds them. */
    static List<String> report(List<String> lines) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> out = new java.util.ArrayList<>();
        out.add(String.format(
                "  %-6s %7s %-50s %6s %8s %8s %8s %12s %11s",
                "stage", "at s", "name", "tasks", "wall s", "run s", "CPU s", "rows read", "shuffle MB"));
        long appStart = 0;
        for (String line : lines) {
            JsonNode e = mapper.readTree(line);
            String event = e.path("Event").asText();
            if ("SparkListenerApplicationStart".equals(event)) {
                appStart = e.path("Timestamp").asLong();
            } else if ("SparkListenerApplicationEnd".equals(event)) {
                out.add(String.format(
                        "  %-6s %7.2f application end", "", (e.path("Timestamp").asLong() - appStart) / 1000.0));
            }
            if (!"SparkListenerStageCompleted".equals(e.path("Event").asText())) {
                continue;
            }
            JsonNode s = e.get("Stage Info");
            long wall = s.path("Completion Time").asLong()
                    - s.path("Submission Time").asLong();
            long rows = 0;
            double shuffle = 0;
            double run = 0;
            double cpu = 0;
            for (JsonNode a : s.path("Accumulables")) {
                String name = a.path("Name").asText();
                switch (name) {
                    case "internal.metrics.input.recordsRead" ->
                        rows = a.path("Value").asLong();
                    case "internal.metrics.shuffle.write.bytesWritten" ->
                        shuffle = a.path("Value").asDouble() / 1e6;
                    case "internal.metrics.executorRunTime" ->
                        run = a.path("Value").asDouble() / 1e3;
                    case "internal.metrics.executorCpuTime" ->
                        cpu = a.path("Value").asDouble() / 1e9;
                    default -> {}
                }
            }
            String name = s.path("Stage Name").asText();
            out.add(String.format(
                    "  %-6d %7.2f %-50s %6d %8.2f %8.2f %8.2f %12d %11.1f",
                    s.path("Stage ID").asInt(),
                    (s.path("Submission Time").asLong() - appStart) / 1000.0,
                    name.length() > 50 ? name.substring(0, 50) : name,
                    s.path("Number of Tasks").asInt(),
                    wall / 1000.0,
                    run,
                    cpu,
                    rows,
                    shuffle));
        }
        return out;
    }
}
