package dev.paritygate.gate;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.rules.SourceSpec;
import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Verdict histories built in code: {@code history().clean("orders", from, to).fail(...)}. */
final class GateFixtures {
    /** Fri 2026-11-20. */
    static final LocalDate FRI = LocalDate.parse("2026-11-20");

    static final Rule STRICT = TestRule.keyed("id").absTol("amount", "0.01").build();
    static final Rule LOOSE = TestRule.keyed("id").absTol("amount", "0.05").build();

    private final List<RunRecord> runs = new ArrayList<>();
    private final Map<String, String> rules = new HashMap<>();
    private final List<Waiver> waivers = new ArrayList<>();
    private final List<RouteChange> routing = new ArrayList<>();
    private Rule ruleOfNextRuns = STRICT;
    private boolean nightly;
    private int attempt;

    static GateFixtures history() {
        GateFixtures f = new GateFixtures();
        f.rules.put(RulesFingerprint.of(STRICT), RulesFingerprint.canonicalJson(STRICT));
        f.rules.put(RulesFingerprint.of(LOOSE), RulesFingerprint.canonicalJson(LOOSE));
        return f;
    }

    static Rule pipeline(String name, GatePolicy gate, String... upstream) {
        return new Rule(
                name,
                null,
                null,
                List.of(upstream),
                new SourceSpec(null, null, null, "legacy." + name, null, null, null, null, null, null),
                new SourceSpec(null, null, null, "lake." + name, null, null, null, null, null, null),
                null,
                List.of("id"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Checks.DEFAULT,
                null,
                null,
                gate,
                null,
                null,
                null);
    }

    static GatePolicy streakOf(int n) {
        return new GatePolicy(n, null, null);
    }

    /**
     * Later runs are recorded under this rule's fingerprint, and its text is in the rules table (as
     * {@code run} stores it) unless {@link #forgetRuleText} removed it.
     */
    GateFixtures under(Rule rule) {
        ruleOfNextRuns = rule;
        rules.putIfAbsent(RulesFingerprint.of(rule), RulesFingerprint.canonicalJson(rule));
        return this;
    }

    /**
     * Later runs finish at 02:30 UTC the morning after their business date, as nightly jobs do,
     * instead of on the date itself.
     */
    GateFixtures nightly() {
        nightly = true;
        return this;
    }

    /** Forget the rule text of a fingerprint, as for runs made before the rules table existed. */
    GateFixtures forgetRuleText(Rule rule) {
        rules.remove(RulesFingerprint.of(rule));
        return this;
    }

    /** One passing run per business day (Mon-Fri) from {@code from} to {@code to}. */
    GateFixtures clean(String pipeline, LocalDate from, LocalDate to) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                run(pipeline, d, new CheckOutcome("row_count", Status.PASS, true, ""));
            }
        }
        return this;
    }

    /**
     * An attempt that finishes at 20:00 UTC on its business date (later attempts a second later each),
     * so a gate as of that date sees it, or after {@link #nightly} at 02:30 UTC the next morning;
     * {@link #runFinishedAt} places it elsewhere.
     */
    GateFixtures run(String pipeline, LocalDate date, CheckOutcome... checks) {
        Instant finished = nightly
                ? date.plusDays(1).atTime(2, 30).toInstant(ZoneOffset.UTC)
                : date.atTime(20, 0).toInstant(ZoneOffset.UTC);
        return runFinishedAt(pipeline, date, finished, checks);
    }

    GateFixtures runFinishedAt(String pipeline, LocalDate date, Instant finishedAt, CheckOutcome... checks) {
        attempt++;
        runs.add(new RunRecord(
                pipeline,
                date,
                date + "-attempt-" + attempt,
                finishedAt.plusSeconds(attempt),
                RulesFingerprint.of(ruleOfNextRuns),
                List.of(checks)));
        return this;
    }

    GateFixtures fail(String pipeline, LocalDate date, String check, String detail) {
        return run(
                pipeline,
                date,
                new CheckOutcome("row_count", Status.PASS, true, ""),
                new CheckOutcome(check, Status.FAIL, true, detail));
    }

    /** A waiver recorded at 09:00 UTC the day after the waived date. */
    GateFixtures waive(String pipeline, LocalDate date, String check, LocalDate expiresOn) {
        return waive(pipeline, date, check, expiresOn, date.plusDays(1) + "T09:00:00Z");
    }

    GateFixtures waive(String pipeline, LocalDate date, String check, LocalDate expiresOn, String createdAt) {
        waivers.add(new Waiver(
                pipeline, date, check, "late rows accepted by finance", "alice", Instant.parse(createdAt), expiresOn));
        return this;
    }

    GateFixtures route(String pipeline, Side side, String at) {
        routing.add(new RouteChange(
                pipeline,
                side,
                side == Side.CLOUD ? Side.LEGACY : Side.CLOUD,
                Instant.parse(at),
                "lead",
                "planned",
                false));
        return this;
    }

    GateHistory build() {
        return new GateHistory(runs, rules, waivers, routing);
    }
}
