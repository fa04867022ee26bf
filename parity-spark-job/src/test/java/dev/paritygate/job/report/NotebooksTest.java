package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paritygate.gate.RouteChange;
import dev.paritygate.gate.Waiver;
import dev.paritygate.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the SQL of every notebook in {@code notebooks/} against the generated verdict history, the way
 * notebooks/README.md says a person runs them: parameter cells first ({@code SET name = value}, with
 * the test's values), then every {@code %%sql} cell in order in one session. Each cell must return
 * exactly the columns its {@code metadata.parity.columns} declares, and rows unless it says it may be
 * empty, so a change of the verdict table that breaks a notebook breaks this test.
 */
class NotebooksTest {
    static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
    static final String MAGIC = "%%sql";
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern DELTA_PATH = Pattern.compile("delta\\.`([^`]*)`");
    static final Pattern SET = Pattern.compile("SET (\\w+) = (\\S+)\\s*");
    static final Pattern ABSOLUTE_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/");

    record Cell(String notebook, int index, String sql, JsonNode parity) {
        List<String> columns() {
            List<String> c = new ArrayList<>();
            parity.path("columns").forEach(n -> c.add(n.asText()));
            return c;
        }

        boolean emptyWithout(String table) {
            for (JsonNode n : parity.path("empty_without")) {
                if (n.asText().equals(table)) {
                    return true;
                }
            }
            return false;
        }

        String where() {
            return notebook + " cell " + index;
        }
    }

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    static List<Cell> sqlCells(Path notebook) throws IOException {
        JsonNode nb = JSON.readTree(notebook.toFile());
        List<Cell> cells = new ArrayList<>();
        JsonNode all = nb.path("cells");
        for (int i = 0; i < all.size(); i++) {
            JsonNode c = all.get(i);
            if (!c.path("cell_type").asText().equals("code")) {
                continue;
            }
            StringBuilder source = new StringBuilder();
            c.path("source").forEach(line -> source.append(line.asText()));
            String text = source.toString();
            assertThat(text).as(notebook.getFileName() + " cell " + i).startsWith(MAGIC + "\n");
            cells.add(new Cell(
                    notebook.getFileName().toString(),
                    i,
                    text.substring(MAGIC.length() + 1),
                    c.path("metadata").path("parity")));
        }
        return cells;
    }

    /**
     * Runs of a notebook, by the values its parameter cells get. The results are checkpointed and
     * read-only and depend only on the notebook and those values, so tests that run the same notebook
     * on the same warehouse share one run whichever of them comes first (a run of the cutover board
     * takes seconds).
     */
    private static final Map<String, List<Dataset<Row>>> RUNS = new HashMap<>();

    /** Runs a notebook's cells in order; the parameter cells get the test's values. */
    static List<Dataset<Row>> run(Path notebook, Map<String, String> parameters) throws IOException {
        List<Cell> cells = sqlCells(notebook);
        Map<String, String> values = new TreeMap<>();
        for (Cell cell : cells) {
            String parameter = cell.parity().path("parameter").asText(null);
            if (parameter != null) {
                assertThat(parameters).as(cell.where()).containsKey(parameter);
                values.put(parameter, parameters.get(parameter));
            }
        }
        String key = notebook + " " + values;
        List<Dataset<Row>> results = RUNS.get(key);
        if (results == null) {
            results = execute(cells, values);
            RUNS.put(key, results);
        }
        return results;
    }

    private static List<Dataset<Row>> execute(List<Cell> cells, Map<String, String> values) {
        SparkSession spark = SharedSpark.spark();
        List<Dataset<Row>> results = new ArrayList<>();
        for (Cell cell : cells) {
            String parameter = cell.parity().path("parameter").asText(null);
            String sql = parameter == null ? cell.sql() : "SET " + parameter + " = " + values.get(parameter);
            Dataset<Row> result = spark.sql(sql);
            assertThat(Arrays.asList(result.columns())).as(cell.where()).isEqualTo(cell.columns());
            results.add(result.localCheckpoint());
        }
        return List.copyOf(results);
    }

    @AfterEach
    void forgetParameters() {
        SharedSpark.spark().sql("RESET warehouse");
        SharedSpark.spark().sql("RESET pipeline");
    }

    @Test
    void everyNotebookRunsAgainstTheVerdictTableAndReturnsRowsWithItsDeclaredColumns() throws IOException {
        List<Path> notebooks = notebooks();
        assertThat(notebooks)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "last_night_failures.ipynb",
                        "pipeline_trend.ipynb",
                        "column_drift.ipynb",
                        "cutover_board.ipynb",
                        "waivers_and_routing.ipynb");
        for (Path nb : notebooks) {
            List<Cell> cells = sqlCells(nb);
            List<Dataset<Row>> results =
                    run(nb, Map.of("warehouse", VerdictHistory.warehouse().toString(), "pipeline", "orders"));
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = cells.get(i);
                if (!cell.columns().isEmpty()
                        && !cell.parity().path("may_be_empty").asBoolean(false)) {
                    assertThat(results.get(i).count()).as(cell.where()).isPositive();
                }
            }
        }
    }

    @Test
    void lastNightShowsTheRetryNotTheErroredAttemptAndTheWorstPipelineFirst() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("last_night_failures.ipynb"),
                Map.of("warehouse", VerdictHistory.warehouse().toString()));

        List<Row> pipelines = r.get(2).collectAsList();
        assertThat(pipelines)
                .extracting(x -> x.getString(0) + " " + x.getString(1) + " " + x.getString(2) + " " + x.getLong(3) + " "
                        + x.getLong(4))
                .containsExactly(
                        "orders " + VerdictHistory.RETRY + " FAIL 2 12", "customers nightly-2026-11-20 PASS 1 0");
        assertThat(r.get(3).collectAsList())
                .extracting(x -> x.getString(2))
                .contains("column:amount", "kpi:revenue")
                .doesNotContain("schema");
    }

    @Test
    void theCutoverBoardCountsAWaivedFailureAndPutsCutOverPipelinesFirst() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("cutover_board.ipynb"),
                Map.of("warehouse", VerdictHistory.warehouse().toString()));

        List<Row> board = r.get(r.size() - 1).collectAsList();
        assertThat(board)
                .extracting(x -> x.getString(0) + " " + x.getString(1) + " " + x.getString(4) + " " + x.getLong(5) + " "
                        + x.getString(7))
                .containsExactly("customers cloud PASS 20 CUT OVER", "orders legacy FAIL 0 HOLD");
    }

    @Test
    void theCutoverBoardFollowsTheGateOnPartlyWaivedExpiredErroredRelapsedAndReruledPipelines() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("cutover_board.ipynb"),
                Map.of("warehouse", BoardHistory.warehouse().toString()));

        List<Row> board = r.get(r.size() - 1).collectAsList();
        assertThat(board)
                .extracting(x -> x.getString(0) + " " + x.getString(1) + " " + x.getString(4) + " " + x.getLong(5) + " "
                        + x.getDate(6) + " " + x.getString(7))
                .containsExactly(
                        // An ERROR is not a failure: the gate holds, it does not roll back.
                        "errored cloud ERROR 0 2026-11-20 HOLD",
                        // A failure since the cutover rolls back, though the latest date passes.
                        "relapsed cloud WARN 3 2026-11-17 ROLLBACK",
                        // A failure before the cutover does not.
                        "recovered cloud WARN 3 2026-11-17 CUT OVER",
                        // Another rule since its cutover: only parity gate can tell whether it is looser.
                        "loosened cloud WARN 5 null HOLD if the rule change is looser",
                        "waived legacy FAIL 5 null READY if the streak is long enough",
                        // Its latest waiver expired on 2026-11-21; the earlier one through 2099 no longer counts.
                        "expired legacy FAIL 0 2026-11-20 HOLD",
                        // row_count failed unwaived next to the waived key_diff.
                        "partly legacy FAIL 0 2026-11-20 HOLD");
    }

    @Test
    void theWaiverAndRoutingCellsReadTheColumnsTheGateWrites() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("waivers_and_routing.ipynb"),
                Map.of("warehouse", VerdictHistory.warehouse().toString()));

        Waiver w = VerdictHistory.WAIVER;
        boolean active = SharedSpark.spark()
                .sql("SELECT current_date() <= DATE '" + w.expiresOn() + "'")
                .first()
                .getBoolean(0);
        List<Row> waivers = r.get(r.size() - 2).collectAsList();
        assertThat(waivers).hasSize(1);
        Row waiver = waivers.get(0);
        assertThat(List.of(
                        waiver.getString(0),
                        waiver.getDate(1).toLocalDate(),
                        waiver.getString(2),
                        waiver.getString(3),
                        waiver.getString(4),
                        waiver.getTimestamp(5).toInstant(),
                        waiver.getDate(6).toLocalDate(),
                        waiver.getBoolean(7),
                        waiver.getLong(8)))
                .containsExactly(
                        w.pipeline(),
                        w.runDate(),
                        w.check(),
                        w.reason(),
                        w.by(),
                        w.createdAt(),
                        w.expiresOn(),
                        active,
                        4L);

        List<String> expected = new ArrayList<>(); // newest first
        for (RouteChange c : VerdictHistory.ROUTES) {
            expected.add(
                    0,
                    String.join(
                            " | ",
                            c.pipeline(),
                            c.changedAt().toString(),
                            c.previous().id(),
                            c.side().id(),
                            c.by(),
                            c.reason()));
        }
        assertThat(r.get(r.size() - 1).collectAsList())
                .extracting(x -> String.join(
                        " | ",
                        x.getString(0),
                        x.getTimestamp(1).toInstant().toString(),
                        x.getString(2),
                        x.getString(3),
                        x.getString(4),
                        x.getString(5)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aWaiverIsActiveOnlyWhileItIsTheLatestRecordedForItsDateAndCheckAndUnexpired() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("waivers_and_routing.ipynb"),
                Map.of("warehouse", BoardHistory.warehouse().toString()));

        assertThat(r.get(r.size() - 2).collectAsList())
                .extracting(x -> x.getString(0) + " " + x.getDate(1) + " " + x.getString(2) + " "
                        + x.getTimestamp(5).toInstant() + " " + x.getDate(6) + " " + x.getBoolean(7) + " "
                        + x.getLong(8))
                .containsExactly(
                        "errored 2026-11-20 schema 2026-11-21T10:00:00Z 2099-12-31 true 0",
                        "expired 2026-11-20 key_diff 2026-11-21T10:00:00Z 2026-11-21 false 1",
                        "partly 2026-11-20 key_diff 2026-11-21T10:00:00Z 2099-12-31 true 1",
                        "waived 2026-11-20 key_diff 2026-11-21T10:00:00Z 2099-12-31 true 1",
                        // Unexpired, but the waiver recorded after it for the same date and check replaced it.
                        "expired 2026-11-20 key_diff 2026-11-21T09:00:00Z 2099-12-31 false 1");
    }

    @Test
    void aWaiverCoversOnlyTheFailingRowsOfABlockingCheckThatDidNotError() throws IOException {
        List<Dataset<Row>> r = run(
                NOTEBOOKS.resolve("waivers_and_routing.ipynb"),
                Map.of("warehouse", BoardHistory.warehouse().toString()));

        assertThat(r.get(r.size() - 2).collectAsList())
                .extracting(x -> x.getString(0) + " " + x.getString(2) + " " + x.getLong(8))
                .containsExactly(
                        // The check's latest attempt errored: no waiver forgives an ERROR, so it covers nothing.
                        "errored schema 0",
                        "expired key_diff 1",
                        "partly key_diff 1",
                        "waived key_diff 1",
                        "expired key_diff 1");
    }

    @Test
    void withoutTheGateTablesTheGateCellsExplainAndReturnEmptyResults() throws IOException {
        Map<String, String> p =
                Map.of("warehouse", VerdictHistory.warehouseWithoutGateTables().toString());
        Path nb = NOTEBOOKS.resolve("waivers_and_routing.ipynb");
        List<Cell> cells = sqlCells(nb);
        List<Dataset<Row>> results = run(nb, p);

        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            String gateTable = cell.parity().path("gate_table").asText(null);
            if (gateTable != null) {
                Row note = results.get(i).first();
                assertThat(note.getBoolean(1)).as(cell.where()).isFalse();
                assertThat(note.getString(2)).as(cell.where()).startsWith("No " + gateTable + " table at ");
            }
            if (cell.emptyWithout("waivers") || cell.emptyWithout("routing")) {
                assertThat(results.get(i).count()).as(cell.where()).isZero();
            }
        }
        List<Dataset<Row>> board = run(NOTEBOOKS.resolve("cutover_board.ipynb"), p);
        assertThat(board.get(board.size() - 1).collectAsList())
                .extracting(x -> x.getString(0) + " " + x.getString(1) + " " + x.getLong(5))
                .containsExactly("customers legacy 20", "orders legacy 0");
    }

    /** Spark reads {@code delta.`path`} only for an absolute path or a URI with a scheme. */
    static boolean absolute(String path) {
        return path.startsWith("/") || ABSOLUTE_URI.matcher(path).lookingAt();
    }

    @Test
    void theNotebooksAndTheReadmesSqlNameDeltaTablesByAbsolutePath() throws IOException {
        for (Path nb : notebooks()) {
            for (Cell cell : sqlCells(nb)) {
                if ("warehouse".equals(cell.parity().path("parameter").asText(null))) {
                    Matcher set = SET.matcher(cell.sql());
                    assertThat(set.matches()).as(cell.where()).isTrue();
                    assertThat(absolute(set.group(2)))
                            .as(cell.where() + ": " + cell.sql())
                            .isTrue();
                }
                Matcher m = DELTA_PATH.matcher(cell.sql());
                while (m.find()) {
                    assertThat(m.group(1)).as(cell.where()).startsWith("${warehouse}/");
                }
            }
        }
        // Every delta.`...` in a code block of either README names its table by an absolute path or URI.
        for (Path readme : List.of(NOTEBOOKS.resolve("README.md"), NOTEBOOKS.resolveSibling("README.md"))) {
            boolean fenced = false;
            for (String line : Files.readAllLines(readme)) {
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                Matcher m = DELTA_PATH.matcher(line);
                while (fenced && m.find()) {
                    assertThat(absolute(m.group(1))).as(readme + ": " + line).isTrue();
                }
            }
            assertThat(fenced).as(readme + " closes every code block").isFalse();
        }
    }

    @Test
    void everyPlaceholderHasAParameterCellAndEveryNotebookIsExplainedInTheReadme() throws IOException {
        String readme = Files.readString(NOTEBOOKS.resolve("README.md"));
        for (Path nb : notebooks()) {
            Set<String> parameters = new LinkedHashSet<>();
            Set<String> used = new LinkedHashSet<>();
            for (Cell cell : sqlCells(nb)) {
                String parameter = cell.parity().path("parameter").asText(null);
                if (parameter != null) {
                    assertThat(used)
                            .as(cell.where() + " sets a parameter after it was used")
                            .doesNotContain(parameter);
                    parameters.add(parameter);
                }
                Matcher m = PLACEHOLDER.matcher(cell.sql());
                while (m.find()) {
                    used.add(m.group(1));
                }
                assertThat(cell.parity().has("columns"))
                        .as(cell.where() + " declares its columns")
                        .isTrue();
            }
            assertThat(parameters).as(nb.getFileName().toString()).containsAll(used);
            assertThat(readme).contains("`" + nb.getFileName() + "`");
        }
    }
}
