package dev.paritygate.job.report;

import dev.paritygate.gate.RouteChange;
import dev.paritygate.gate.Side;
import dev.paritygate.gate.Waiver;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.DeltaVerdictStore;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * A warehouse whose pipelines each pin one case where the cutover board must follow {@code parity
 * gate}: weekday runs from Mon 2026-11-16 to Fri 2026-11-20, written once per test JVM.
 *
 * <ul>
 *   <li>{@code partly}, legacy: fails row_count and key_diff on 11-20; only key_diff is waived.
 *   <li>{@code expired}, legacy: fails key_diff on 11-20; waived through 2099 at 09:00 on 11-21, then
 *       waived again at 10:00 to expire on 11-21: the latest recorded waiver wins, so it has expired.
 *   <li>{@code waived}, legacy: fails key_diff on 11-20; its waiver runs through 2099.
 *   <li>{@code errored}, cut over on 11-16: passes, then errors on 11-20; a waiver of its schema check
 *       on 11-20 (as recorded for an earlier attempt's failure) forgives no ERROR.
 *   <li>{@code relapsed}, cut over on 11-16: fails (unwaived) on 11-17, passes since.
 *   <li>{@code recovered}, cut over on 11-18: failed on 11-17, before its cutover, passes since.
 *   <li>{@code loosened}, cut over at 10:00 on 11-18: passes throughout, but under another rules
 *       fingerprint from 11-18 on. The 11-18 run finished on 11-19, after the cutover, so the rule that
 *       earned the cutover is 11-17's, whose run finished before it.
 * </ul>
 */
final class BoardHistory {
    static final LocalDate FIRST = LocalDate.of(2026, 11, 16);
    static final LocalDate LAST = LocalDate.of(2026, 11, 20);
    static final LocalDate FAILED_BEFORE_CUTOVER = LocalDate.of(2026, 11, 17);

    /** Per pipeline, the blocking checks that fail on a date. */
    private static final Map<String, Map<LocalDate, Set<String>>> FAILURES = Map.of(
            "partly", Map.of(LAST, Set.of("row_count", "key_diff")),
            "expired", Map.of(LAST, Set.of("key_diff")),
            "waived", Map.of(LAST, Set.of("key_diff")),
            "errored", Map.of(),
            "relapsed", Map.of(FAILED_BEFORE_CUTOVER, Set.of("row_count")),
            "recovered", Map.of(FAILED_BEFORE_CUTOVER, Set.of("row_count")),
            "loosened", Map.of());

    /** From this date on, {@code loosened} runs under another rule than the one that earned its cutover. */
    static final LocalDate RULE_CHANGED = LocalDate.of(2026, 11, 18);

    static final List<Waiver> WAIVERS = List.of(
            waiver("partly", "key_diff", LocalDate.of(2099, 12, 31)),
            waiver("expired", "key_diff", LocalDate.of(2099, 12, 31), 9),
            waiver("expired", "key_diff", LocalDate.of(2026, 11, 21)),
            waiver("waived", "key_diff", LocalDate.of(2099, 12, 31)),
            waiver("errored", "schema", LocalDate.of(2099, 12, 31)));

    static final List<RouteChange> ROUTES = List.of(
            cutover("errored", Instant.parse("2026-11-16T09:00:00Z")),
            cutover("relapsed", Instant.parse("2026-11-16T10:00:00Z")),
            cutover("recovered", Instant.parse("2026-11-18T09:00:00Z")),
            cutover("loosened", Instant.parse("2026-11-18T10:00:00Z")));

    /** Written on first use and shared by the test JVMs (see {@link FixtureDirectory}): no test writes into it. */
    private static final class Written {
        static final Path WAREHOUSE = FixtureDirectory.of("board-history", BoardHistory.class, BoardHistory::create);
    }

    private BoardHistory() {}

    static Path warehouse() {
        return Written.WAREHOUSE;
    }

    private static void create(Path dir) {
        List<Row> verdicts = new ArrayList<>();
        DeltaVerdictStore store = new DeltaVerdictStore(SharedSpark.spark(), VerdictTables.atPath(dir));
        boolean first = true;
        for (String pipeline : List.of("partly", "expired", "waived", "errored", "relapsed", "recovered", "loosened")) {
            for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
                PipelineResult result = result(pipeline, d);
                String runId = "nightly-" + d;
                if (first) {
                    // One write through the store creates the tables; the rest is appended in one commit.
                    store.write(runId, result);
                    first = false;
                } else {
                    verdicts.addAll(DeltaVerdictStore.verdictRows(runId, result));
                }
            }
        }
        SharedSpark.spark()
                .createDataFrame(verdicts, DeltaVerdictStore.verdictSchema())
                .write()
                .format("delta")
                .mode("append")
                .save(dir.resolve("verdicts").toString());
        DeltaGateStore gate = new DeltaGateStore(SharedSpark.spark(), VerdictTables.atPath(dir));
        WAIVERS.forEach(gate::addWaiver);
        ROUTES.forEach(gate::addRoute);
    }

    private static PipelineResult result(String pipeline, LocalDate d) {
        Instant end = d.plusDays(1).atTime(2, 0).toInstant(ZoneOffset.UTC);
        List<Verdict> v = new ArrayList<>();
        if (pipeline.equals("errored") && d.equals(LAST)) {
            v.add(Verdict.error("schema", true, "Cannot read the right side"));
        } else {
            Set<String> failing = FAILURES.get(pipeline).getOrDefault(d, Set.of());
            for (String check : List.of("row_count", "key_diff")) {
                Status s = failing.contains(check) ? Status.FAIL : Status.PASS;
                v.add(new Verdict(
                        check, "*", "rows", s, true, "100", s == Status.FAIL ? "99" : "100", null, "abs<=0", "", "{}"));
            }
            // A non-blocking check that fails every night: it warns, and never holds the gate.
            v.add(new Verdict(
                    "partition_hash", "*", "fingerprint", Status.WARN, false, "a", "b", null, null, "", "{}"));
        }
        String fingerprint = pipeline.equals("loosened") && !d.isBefore(RULE_CHANGED) ? "fp-2" : "fp-1";
        return new PipelineResult(pipeline, d, "legacy", "cloud", fingerprint, end.minusSeconds(60), end, v, List.of());
    }

    private static Waiver waiver(String pipeline, String check, LocalDate expiresOn) {
        return waiver(pipeline, check, expiresOn, 10);
    }

    private static Waiver waiver(String pipeline, String check, LocalDate expiresOn, int hour) {
        return new Waiver(
                pipeline,
                LAST,
                check,
                "accepted by the data owner",
                "lead@example.com",
                LAST.plusDays(1).atTime(hour, 0).toInstant(ZoneOffset.UTC),
                expiresOn);
    }

    private static RouteChange cutover(String pipeline, Instant at) {
        return new RouteChange(pipeline, Side.CLOUD, Side.LEGACY, at, "lead@example.com", "parity held", false);
    }
}
