package dev.paritygate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the time goes: reads a Spark event log and prints each completed stage's start (seconds
 * since the application started), name, task count, wall time and input/shuffle volumes. Gaps in
 * the start column are driver-side work (planning, Delta log reads and commits).
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
        ObjectMapper mapper = new ObjectMapper();
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
        System.out.printf(
                "  %-6s %7s %-60s %6s %9s %12s %12s%n",
                "stage", "at s", "name", "tasks", "wall s", "input MB", "shuffle MB");
        long appStart = 0;
        for (String line : lines) {
            JsonNode e = mapper.readTree(line);
            String event = e.path("Event").asText();
            if ("SparkListenerApplicationStart".equals(event)) {
                appStart = e.path("Timestamp").asLong();
            } else if ("SparkListenerApplicationEnd".equals(event)) {
                System.out.printf(
                        "  %-6s %7.2f application end%n",
                        "", (e.path("Timestamp").asLong() - appStart) / 1000.0);
            }
            if (!"SparkListenerStageCompleted".equals(e.path("Event").asText())) {
                continue;
            }
            JsonNode s = e.get("Stage Info");
            long wall = s.path("Completion Time").asLong()
                    - s.path("Submission Time").asLong();
            double input = 0;
            double shuffle = 0;
            for (JsonNode a : s.path("Accumulables")) {
                String name = a.path("Name").asText();
                if (name.equals("internal.metrics.input.bytesRead")) {
                    input = a.path("Value").asDouble() / 1e6;
                } else if (name.equals("internal.metrics.shuffle.write.bytesWritten")) {
                    shuffle = a.path("Value").asDouble() / 1e6;
                }
            }
            String name = s.path("Stage Name").asText();
            System.out.printf(
                    "  %-6d %7.2f %-60s %6d %9.2f %12.1f %12.1f%n",
                    s.path("Stage ID").asInt(),
                    (s.path("Submission Time").asLong() - appStart) / 1000.0,
                    name.length() > 60 ? name.substring(0, 60) : name,
                    s.path("Number of Tasks").asInt(),
                    wall / 1000.0,
                    input,
                    shuffle);
        }
    }
}
