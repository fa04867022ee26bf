package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster on loopback: a master and a worker started from the
 * Maven-resolved Spark jars, the job submitted through {@code bin/parity} with a {@code spark://}
 * master. Verdicts must equal those of local mode, also when an executor JVM is killed mid-run.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /** Rows of the generated pipeline: enough that the scan outlives the executor kill. */
    static final long BIG_ROWS = 2_000_000;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static final List<Process> daemons = new ArrayList<>();
    static String master;
    static Path sparkHome;

    @BeforeAll
    static void startClusterAndWriteRules() throws Exception {
        writeRules();
        sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Path jars = Files.createDirectories(sparkHome.resolve("jars"));
        String classpath = Files.readString(ParityProcess.HOME.resolve("parity-spark-job/target/spark-classpath.txt"))
                .strip();
        for (String jar : classpath.split(":")) {
            Path source = Path.of(jar);
            Path link = jars.resolve(source.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, source);
            }
        }
        int masterPort = freePort();
        master = "spark://127.0.0.1:" + masterPort;
        Path masterLog = dir.resolve("master.log");
        daemons.add(daemon(
                masterLog,
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(masterPort),
                "--webui-port",
                String.valueOf(freePort())));
        waitFor(masterLog, "I have been elected leader", Duration.ofMinutes(2));
        daemons.add(daemon(
                dir.resolve("worker.log"),
                "org.apache.spark.deploy.worker.Worker",
                "--host",
                "127.0.0.1",
                "--cores",
                "2",
                "--memory",
                "2g",
                "--webui-port",
                String.valueOf(freePort()),
                master));
        waitFor(masterLog, "Registering worker", Duration.ofMinutes(2));
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static void writeRules() throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/small.yaml"), """
                pipeline: small
                left:  { query: "SELECT * FROM VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'c', 3.5) AS t(id, name, amt)" }
                right: { query: "SELECT * FROM VALUES (1, 'a', 1.5), (2, 'B', 2.5), (4, 'd', 4.5) AS t(id, name, amt)" }
                key: [id]
                """);
        // 20 rows differ on the right: id divisible by 100000.
        Files.writeString(dir.resolve("rules/big.yaml"), """
                pipeline: big
                left:
                  query: >-
                    SELECT id, id %% 97 AS grp, sha2(CAST(id AS STRING), 256) AS h
                    FROM range(0, %d, 1, 12)
                right:
                  query: >-
                    SELECT id, id %% 97 AS grp,
                      CASE WHEN id %% 100000 = 0 THEN 'changed' ELSE sha2(CAST(id AS STRING), 256) END AS h
                    FROM range(0, %d, 1, 12)
                key: [id]
                buckets: 8
                """.formatted(BIG_ROWS, BIG_ROWS));
    }

    static Process daemon(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                javaBin(), "-Xmx512m", ParityProcess.QUICK_JVM, "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(clusterEnv());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    static Map<String, String> clusterEnv() {
        // Without SPARK_SCALA_VERSION every executor launch fails ("Cannot find any build directories").
        return Map.of(
                "SPARK_HOME",
                sparkHome.toString(),
                "SPARK_SCALA_VERSION",
                "2.13",
                "SPARK_LOCAL_IP",
                "127.0.0.1",
                "SPARK_WORKER_DIR",
                dir.resolve("work").toString());
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitFor(Path log, String line, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + line + "' not in " + log + " after " + timeout + ":\n" + Files.readString(log));
    }

    static List<String> run(String master, String runId, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "run", "--rules", dir.resolve("rules").toString(), "--run-date", "2026-11-20", "--run-id", runId));
        args.addAll(List.of(extra));
        ParityProcess.Result r = ParityProcess.run(dir, Map.of("PARITY_MASTER", master), args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        return ParityProcess.verdictRows(dir.resolve("parity-warehouse/verdicts"), runId);
    }

    static List<String> local;

    static List<String> localVerdicts() throws Exception {
        if (local == null) {
            local = run("local[2]", "local");
        }
        return local;
    }

    static Set<Long> executorPids() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Test
    @Order(1)
    void verdictsOnAStandaloneClusterEqualThoseOfLocalMode() throws Exception {
        List<String> cluster = run(master, "cluster", "--pipeline", "small");

        assertThat(cluster)
                .isNotEmpty()
                .doesNotHaveDuplicates()
                .isEqualTo(localVerdicts().stream()
                        .filter(v -> v.startsWith("[small,"))
                        .toList());
        assertThat(cluster).anyMatch(v -> v.startsWith("[small,key_diff,*,rows_mismatched,FAIL,3,3,1.0,"));
    }

    @Test
    @Order(2)
    void executorKilledMidComparisonIsReplacedAndTheVerdictsAreUnchanged() throws Exception {
        Set<Long> before = executorPids();
        Path log = dir.resolve("killed.log");
        int uiPort = freePort();
        Process job = ParityProcess.start(
                dir,
                Map.of(
                        "PARITY_MASTER",
                        master,
                        "PARITY_JAVA_OPTS",
                        "-Dspark.ui.enabled=true -Dspark.ui.port=" + uiPort),
                log,
                List.of(
                        "run",
                        "--rules",
                        dir.resolve("rules").toString(),
                        "--run-date",
                        "2026-11-20",
                        "--run-id",
                        "killed"));

        // Killed while it runs tasks of a stage that still has tasks to hand out, so a task is lost
        // whatever the machine's speed: an executor killed between jobs loses none (a CI run once
        // killed it while the driver was planning, and no task failed).
        ProcessHandle executor = null;
        List<String> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (executor == null && Instant.now().isBefore(deadline) && job.isAlive()) {
            executor = busyExecutorId(uiPort, seen)
                    .flatMap(id -> ProcessHandle.allProcesses()
                            .filter(p -> !before.contains(p.pid()))
                            .filter(p -> {
                                String cmd = p.info().commandLine().orElse("");
                                return cmd.contains("CoarseGrainedExecutorBackend")
                                        && cmd.contains("--executor-id " + id + " ");
                            })
                            .findFirst())
                    .orElse(null);
            Thread.sleep(100);
        }
        assertThat(executor)
                .as(
                        "an executor running tasks while the job runs; the driver's status API said:\n%s\n%s",
                        String.join("\n", seen.subList(Math.max(0, seen.size() - 20), seen.size())),
                        Files.readString(log))
                .isNotNull();
        long killed = executor.pid();
        executor.destroyForcibly();

        ParityProcess.Result r = ParityProcess.await(job, log);

        assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("ExecutorLostFailure");
        Optional<ProcessHandle> stillThere = ProcessHandle.of(killed);
        assertThat(stillThere).isEmpty();
        List<String> afterKill = ParityProcess.verdictRows(dir.resolve("parity-warehouse/verdicts"), "killed");
        assertThat(afterKill).isNotEmpty().doesNotHaveDuplicates().isEqualTo(localVerdicts());
        assertThat(afterKill)
                .anyMatch(v -> v.startsWith("[big,key_diff,*,rows_mismatched,FAIL,") && v.contains(",20.0,"));
    }

    /**
     * The id of an executor running tasks of a stage with at least two tasks not yet started, read from
     * the driver's status API; empty while the driver is not up or no stage is that far from its end.
     */
    static Optional<String> busyExecutorId(int uiPort, List<String> seen) {
        try {
            JsonNode apps = status(uiPort, "");
            if (!apps.isArray() || apps.isEmpty()) {
                return Optional.empty();
            }
            String app = apps.get(0).get("id").asText();
            boolean tasksToHandOut = false;
            JsonNode stages = status(uiPort, "/" + app + "/stages?status=active");
            JsonNode executors = status(uiPort, "/" + app + "/executors");
            seen.add("stages " + stages + "\nexecutors " + executors);
            for (JsonNode stage : stages) {
                int waiting = stage.get("numTasks").asInt()
                        - stage.get("numActiveTasks").asInt()
                        - stage.get("numCompleteTasks").asInt();
                tasksToHandOut |= waiting >= 2;
            }
            if (!tasksToHandOut) {
                return Optional.empty();
            }
            for (JsonNode executor : executors) {
                if (!executor.get("id").asText().equals("driver")
                        && executor.get("activeTasks").asInt() > 0) {
                    return Optional.of(executor.get("id").asText());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            seen.add(e.toString()); // the driver's UI is not listening yet, or has stopped
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static JsonNode status(int uiPort, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/api/v1/applications" + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("status " + response.statusCode() + " for " + path);
        }
        return JSON.readTree(response.body());
    }
}
