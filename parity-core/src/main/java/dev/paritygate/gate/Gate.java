package dev.paritygate.gate;

import dev.paritygate.ParityErrors;
import dev.paritygate.check.Counted;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleSet;
import dev.paritygate.verdict.Status;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides, per pipeline, whether it may cut over, must wait or must roll back.
 *
 * <p>The streak counts business dates (the policy's {@code business_days}) back from the as-of
 * date. Only the latest attempt per date counts. A date counts as clean when that attempt has no
 * blocking failure and no error, a blocking failure being forgiven by an unexpired waiver for that
 * date and check. The streak stops at a missing date, an error, an unwaived failure, or a rule
 * change between two counted dates that could hide a difference ({@link RuleChanges}); a stricter
 * change does not stop it. The newest business date on or before the as-of date may still lack its
 * run on that date and the day after (its nightly run finishes in the night between): it is pending,
 * not missing. From the second day after it, as on the Sunday after a Friday, it is missing. The
 * gate sees only what was recorded by the end of the as-of date (runs finished, waivers recorded,
 * routing changes made), so a past date is answered as it was then.
 *
 * <p>A pipeline on the legacy side is {@code READY} once its streak reaches the policy's {@code
 * required_streak} and every upstream pipeline has cut over. A pipeline that has cut over is {@code
 * ROLLBACK} when a business date since its cutover has an unwaived blocking failure, {@code HOLD} when
 * a date since then is missing or in error, or was compared under a rule looser than the one that
 * earned the cutover (the rule of the last run finished when it cut over; the same classification
 * as the streak's), and {@code READY} otherwise. A date compared under a looser rule stops holding
 * once a re-run under a rule no looser replaces it, or after a rollback and a new cutover.
 */
public final class Gate {
    private Gate() {}

    /** Decisions for every pipeline of the set, upstream pipelines first. */
    public static List<GateDecision> decide(RuleSet rules, GateHistory history, LocalDate asOf) {
        return rules.topologicalOrder().stream()
                .map(LoadedRule::rule)
                .map(rule -> decide(rule, history, asOf))
                .toList();
    }

    /**
     * The decision for one pipeline on {@code asOf}, from the history recorded by the end of that
     * date in the policy's time zone ({@link GateHistory#asOf(LocalDate, java.time.ZoneId)}): an
     * earlier date is answered as it was then, not with hindsight.
     */
    public static GateDecision decide(Rule rule, GateHistory history, LocalDate asOf) {
        return new PipelineGate(rule, history.asOf(asOf, rule.gate().zone()), asOf).decide();
    }

    /** The first day on or after {@code from} that is one of the policy's change windows. */
    public static LocalDate nextWindow(GatePolicy policy, LocalDate from) {
        LocalDate d = from;
        while (!policy.changeWindows().contains(d.getDayOfWeek())) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * Checks that a routing change is allowed, and throws one error naming every reason it is not.
     *
     * <p>A cutover needs the gate's {@code READY} and every upstream on the cloud side; cutover and
     * rollback both need a change window on {@code today}, unless forced with a reason. Moving to the
     * side a pipeline is already on is refused: a caller re-running a move whose views were not all
     * re-pointed asks {@link #recordedMove} first.
     *
     * @param decision the gate's decision for the pipeline on {@code today}
     * @param forceOutsideWindow whether the caller overrides the change window
     * @param reason why the change is made; required when forcing
     * @throws dev.paritygate.ParityException (USAGE) saying why and what would allow the change
     */
    public static void checkRoute(
            Rule rule,
            GateHistory history,
            GateDecision decision,
            Side target,
            LocalDate today,
            boolean forceOutsideWindow,
            String reason) {
        String pipeline = rule.pipeline();
        String action = target == Side.CLOUD ? "cut over" : "roll back";
        if (forceOutsideWindow && (reason == null || reason.isBlank())) {
            throw ParityErrors.missingArgument(
                    "--reason", "--force-outside-window needs a reason, which is recorded in the routing table");
        }
        Side current = history.side(pipeline);
        if (current == target) {
            throw ParityErrors.routeRefused(
                    action,
                    pipeline,
                    List.of("it is already on the " + target.id() + " side; nothing to change"
                            + (target == Side.CLOUD
                                    ? " (roll back with 'parity route rollback " + pipeline + "')"
                                    : "")));
        }
        List<String> problems = new ArrayList<>();
        if (target == Side.CLOUD) {
            if (decision.answer() != GateAnswer.READY) {
                problems.add("the gate says " + decision.answer() + " (" + decision.streakText() + "; "
                        + String.join("; ", decision.reasons())
                        + "). Cut over once 'parity gate --pipeline " + pipeline + "' says READY");
            }
            for (String up : rule.upstream()) {
                if (history.side(up) != Side.CLOUD) {
                    problems.add("upstream " + up + " is still on the legacy side. Cut over " + up + " first");
                }
            }
        }
        GatePolicy policy = rule.gate();
        if (!policy.changeWindows().contains(today.getDayOfWeek()) && !forceOutsideWindow) {
            String windows = policy.changeWindows().stream()
                    .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                    .collect(Collectors.joining(", "));
            problems.add(GateDecision.day(today) + " is outside the change windows (" + windows
                    + "). Wait for the next window " + GateDecision.day(nextWindow(policy, today))
                    + ", or pass --force-outside-window --reason TEXT");
        }
        if (!problems.isEmpty()) {
            throw ParityErrors.routeRefused(action, pipeline, problems);
        }
    }

    /**
     * The pipelines of {@code rules} that list {@code pipeline} in {@code upstream} and are on the
     * cloud side: what a rollback of {@code pipeline} leaves reading from a side that is no longer
     * authoritative for it. They stay where they are (a rollback concerns one pipeline); the gate
     * notes it in their answers.
     */
    public static List<String> cloudDownstream(RuleSet rules, GateHistory history, String pipeline) {
        return rules.rules().stream()
                .map(LoadedRule::rule)
                .filter(r -> r.upstream().contains(pipeline) && history.side(r.pipeline()) == Side.CLOUD)
                .map(Rule::pipeline)
                .sorted()
                .toList();
    }

    /**
     * The routing change that already moved the pipeline to {@code target}, when its latest one did.
     *
     * <p>Re-running that move then only finishes it: the routing row is written before the views are
     * re-pointed, so a view that failed leaves the table saying {@code target} while that view still
     * reads the other side. The gate and the change window were checked when the row was written and
     * are not asked again, since the answer may since have changed (a weekday, a newer failing run)
     * and would otherwise leave the views split between the sides. A pipeline never routed has no
     * such change, even for {@link Side#LEGACY}: nothing was ever decided for it.
     */
    public static Optional<RouteChange> recordedMove(GateHistory history, String pipeline, Side target) {
        return history.lastRoute(pipeline).filter(c -> c.side() == target);
    }

    /**
     * Whether a view whose defining query is {@code viewText} already reads {@code side}'s table, as
     * {@link #viewSql} would have made it. Spacing and keyword case may differ (a statement typed by
     * hand); the table name may not, since a path differing in case is another path on an object
     * store. Anything else, a missing view ({@code null}) included, is not on the side.
     */
    public static boolean viewIsOn(GatePolicy.ViewSpec view, Side side, String viewText) {
        if (viewText == null) {
            return false;
        }
        return viewText.strip()
                .matches("(?is)select\\s+\\*\\s+from\\s+(?-i:" + java.util.regex.Pattern.quote(viewTable(view, side))
                        + ")");
    }

    /** {@code CREATE OR REPLACE VIEW <name> AS SELECT * FROM <table of the side>}. */
    public static String viewSql(GatePolicy.ViewSpec view, Side side) {
        return "CREATE OR REPLACE VIEW " + view.name() + " AS SELECT * FROM " + viewTable(view, side);
    }

    /** The table {@code view} reads when {@code side} is authoritative. */
    public static String viewTable(GatePolicy.ViewSpec view, Side side) {
        return side == Side.CLOUD ? view.cloudTable() : view.legacyTable();
    }

    /** The gate's work for one pipeline. */
    private static final class PipelineGate {
        private final Rule rule;
        private final GatePolicy policy;
        private final GateHistory history;
        private final LocalDate asOf;
        private final TreeMap<LocalDate, RunRecord> latestByDate = new TreeMap<>();
        private final Map<String, Waiver> waivers = new HashMap<>();
        private final List<Waiver> applied = new ArrayList<>();

        PipelineGate(Rule rule, GateHistory history, LocalDate asOf) {
            this.rule = rule;
            this.policy = rule.gate();
            this.history = history;
            this.asOf = asOf;
            for (RunRecord r : history.runsOf(rule.pipeline())) {
                if (!r.runDate().isAfter(asOf)) {
                    latestByDate.merge(r.runDate(), r, (a, b) -> RunRecord.ATTEMPT_ORDER.compare(a, b) >= 0 ? a : b);
                }
            }
            // The latest recorded waiver for a date and check wins.
            for (Waiver w : history.waiversOf(rule.pipeline())) {
                waivers.put(w.runDate() + " " + w.check(), w);
            }
        }

        GateDecision decide() {
            Streak streak = streak();
            Side side = history.side(rule.pipeline());
            LocalDate window = nextWindow(policy, asOf);
            List<String> reasons = new ArrayList<>();
            GateAnswer answer;
            if (side == Side.CLOUD) {
                answer = afterCutover(reasons);
                upstreamBackOnLegacy().ifPresent(reasons::add);
            } else {
                if (streak.count() < policy.requiredStreak()) {
                    reasons.add(streak.stop());
                }
                List<String> legacyUpstream = upstreamOnLegacy();
                if (!legacyUpstream.isEmpty()) {
                    reasons.add("upstream " + String.join(", ", legacyUpstream) + " not cut over");
                }
                answer = reasons.isEmpty() ? GateAnswer.READY : GateAnswer.HOLD;
                if (answer == GateAnswer.READY) {
                    reasons.add("parity held for " + Counted.of(streak.count(), "business date", "business dates")
                            + " through " + streak.newest());
                }
            }
            reasons.add(windowText(window));
            Optional<RunRecord> last =
                    Optional.ofNullable(latestByDate.lastEntry()).map(Map.Entry::getValue);
            return new GateDecision(
                    rule.pipeline(),
                    answer,
                    side,
                    streak.count(),
                    policy.requiredStreak(),
                    reasons,
                    window,
                    List.copyOf(new java.util.LinkedHashSet<>(applied)),
                    last);
        }

        /**
         * For a pipeline on the cloud side, its upstream pipelines that are on the legacy side: they
         * can only have rolled back since, as a cutover needs every upstream on the cloud side. The
         * rollback concerns them only (SPEC: "a failure recommends ROLLBACK for that pipeline
         * only"), so this pipeline's answer stays its own parity's; its nightly comparison against
         * the retained legacy output is what would show a difference the upstream passed on. The
         * gate says so, so that nobody reads READY as "every upstream is on the cloud side".
         */
        private Optional<String> upstreamBackOnLegacy() {
            List<String> back = new ArrayList<>();
            for (String up : upstreamOnLegacy()) {
                back.add(up
                        + history.lastRoute(up)
                                .map(r -> " rolled back on "
                                        + r.changedAt().atZone(policy.zone()).toLocalDate())
                                .orElse(" on the legacy side"));
            }
            return back.isEmpty()
                    ? Optional.empty()
                    : Optional.of("upstream " + String.join(", ", back)
                            + "; this pipeline stays on the cloud side while its own parity holds");
        }

        /** This pipeline's upstream pipelines not on the cloud side, in the rule's order. */
        private List<String> upstreamOnLegacy() {
            return rule.upstream().stream()
                    .filter(up -> history.side(up) != Side.CLOUD)
                    .toList();
        }

        private String windowText(LocalDate window) {
            return window.equals(asOf)
                    ? "change window open today " + GateDecision.day(window)
                    : "next window " + GateDecision.day(window);
        }

        /** Counts clean business dates back from the as-of date, and says why the count stopped. */
        private Streak streak() {
            int count = 0;
            LocalDate d = lastBusinessDate(asOf);
            RunRecord newer = null;
            LocalDate newest = null;
            LocalDate first = latestByDate.isEmpty() ? null : latestByDate.firstKey();
            while (count < policy.requiredStreak()) {
                RunRecord run = latestByDate.get(d);
                if (run == null) {
                    if (pending(d)) {
                        d = previousBusinessDate(d);
                        continue;
                    }
                    if (first == null) {
                        // Said with the date: asked as of a past date, runs recorded later are not counted.
                        return new Streak(count, newest, "no parity run recorded up to " + asOf);
                    }
                    if (d.isBefore(first)) {
                        return new Streak(
                                count,
                                newest,
                                "parity runs began on " + first + ", "
                                        + Counted.of(
                                                policy.requiredStreak() - count,
                                                "more clean business date needed",
                                                "more clean business dates needed"));
                    }
                    return new Streak(count, newest, d + " missing: no parity run for this business date");
                }
                Optional<String> failure = failure(run);
                if (failure.isPresent()) {
                    return new Streak(count, newest, failure.get());
                }
                if (newer != null && !newer.rulesFingerprint().equals(run.rulesFingerprint())) {
                    List<RuleChange> breaking = breakingChanges(run.rulesFingerprint(), newer.rulesFingerprint());
                    if (!breaking.isEmpty()) {
                        String more = breaking.size() > 1
                                ? " and " + Counted.of(breaking.size() - 1, "more change", "more changes")
                                : "";
                        return new Streak(
                                count,
                                newest,
                                "rule changed between " + run.runDate() + " and " + newer.runDate() + ": "
                                        + breaking.get(0).describe() + more);
                    }
                }
                waivedFailures(run).forEach(applied::add);
                count++;
                newest = newest == null ? d : newest;
                newer = run;
                d = previousBusinessDate(d);
            }
            return new Streak(count, newest, "");
        }

        /** Dates since the cutover: a failure means rollback, an error or a gap means the answer is unknown. */
        private GateAnswer afterCutover(List<String> reasons) {
            RouteChange cutover = history.lastRoute(rule.pipeline()).orElseThrow();
            LocalDate since = cutover.changedAt().atZone(policy.zone()).toLocalDate();
            List<String> failed = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            // Dates since the cutover compared under a rule looser than the cutover's, or not classifiable.
            TreeMap<LocalDate, List<RuleChange>> looser = new TreeMap<>();
            Optional<String> cutoverRule = cutoverRule(cutover, since);
            LocalDate newestRun = null;
            int confirmed = 0;
            for (LocalDate d = lastBusinessDate(asOf); !d.isBefore(since); d = previousBusinessDate(d)) {
                RunRecord run = latestByDate.get(d);
                if (run == null) {
                    if (!pending(d)) {
                        unknown.add(d + " missing: no parity run against the retained legacy output");
                    }
                    continue;
                }
                newestRun = newestRun == null ? d : newestRun;
                List<CheckOutcome> fails = unwaived(run).stream()
                        .filter(c -> c.status() == Status.FAIL)
                        .toList();
                if (!fails.isEmpty()) {
                    failed.add(describe(run, fails));
                } else if (!unwaived(run).isEmpty()) {
                    unknown.add(describe(run, unwaived(run)));
                } else {
                    waivedFailures(run).forEach(applied::add);
                    confirmed++;
                }
                // The same fingerprint is the same rule, even when its text is not in the rules table.
                if (cutoverRule.isPresent() && !cutoverRule.get().equals(run.rulesFingerprint())) {
                    List<RuleChange> breaking = breakingChanges(cutoverRule.get(), run.rulesFingerprint());
                    if (!breaking.isEmpty()) {
                        looser.put(d, breaking);
                    }
                }
            }
            String cutText = "cut over on " + since;
            if (!failed.isEmpty()) {
                reasons.add(failed.get(0) + " after " + cutText);
                if (failed.size() > 1) {
                    reasons.add(Counted.of(failed.size() - 1, "more failing date", "more failing dates")
                            + " since cutover");
                }
                return GateAnswer.ROLLBACK;
            }
            if (!unknown.isEmpty()) {
                reasons.add("parity since cutover unconfirmed: " + unknown.get(0));
            }
            if (!looser.isEmpty()) {
                reasons.add(looserSinceCutover(since, looser, looser.lastKey().equals(newestRun)));
            }
            if (!unknown.isEmpty() || !looser.isEmpty()) {
                return GateAnswer.HOLD;
            }
            // Nothing failed, but say how much was checked: right after a cutover (or with tonight's
            // run pending) no business date since has a run yet.
            reasons.add(
                    confirmed == 0
                            ? cutText + "; no parity run since the cutover yet"
                            : cutText + "; parity held on "
                                    + Counted.all(confirmed, "business date", "business dates")
                                    + " since the cutover");
            return GateAnswer.READY;
        }

        /**
         * The fingerprint of the rule that earned the cutover: that of the latest attempt, among those
         * finished when the pipeline cut over, of the newest date on or before the cutover's. A re-run
         * of such a date made after the cutover does not move it, so it cannot carry a looser rule into
         * the comparison. Without a run before the cutover, the first run to finish since sets it: the
         * first attempt, not its date's latest, so a re-run of that date cannot loosen it either.
         */
        private Optional<String> cutoverRule(RouteChange cutover, LocalDate since) {
            List<RunRecord> runs = history.runsOf(rule.pipeline());
            Optional<RunRecord> before = runs.stream()
                    .filter(r -> !r.runDate().isAfter(since) && r.finishedAt().isBefore(cutover.changedAt()))
                    .max(Comparator.comparing(RunRecord::runDate).thenComparing(RunRecord.ATTEMPT_ORDER));
            if (before.isPresent()) {
                return before.map(RunRecord::rulesFingerprint);
            }
            return runs.stream()
                    .filter(r -> !r.finishedAt().isBefore(cutover.changedAt()))
                    .min(RunRecord.ATTEMPT_ORDER)
                    .map(RunRecord::rulesFingerprint);
        }

        /**
         * Why a cut-over pipeline holds on a rule looser than its cutover's. While the newest run since
         * the cutover is still compared under it, the changes in force are named from the first date
         * compared so. Once the rule is no looser again, the dates compared under the looser one still
         * hold the gate until a re-run replaces them: they could have hidden the failures that roll a
         * pipeline back.
         *
         * @param looser per date since the cutover, the changes that make its rule looser, oldest first
         * @param inForce whether the newest run since the cutover is one of them
         */
        private static String looserSinceCutover(
                LocalDate since, TreeMap<LocalDate, List<RuleChange>> looser, boolean inForce) {
            List<RuleChange> changes = inForce
                    ? looser.lastEntry().getValue()
                    : looser.firstEntry().getValue();
            boolean classified = changes.get(0).direction() == RuleChange.Direction.LOOSER;
            String more =
                    changes.size() > 1 ? " and " + Counted.of(changes.size() - 1, "more change", "more changes") : "";
            // An unclassified change's description ends with the gate's doubt: a comma sets the date off.
            String head = "rule " + (classified ? "loosened" : "changed") + " since the cutover on " + since + ": "
                    + changes.get(0).describe() + more + (classified ? "" : ",");
            String rule = (classified ? "a looser rule than" : "a rule the gate cannot classify as no looser than")
                    + " the one that earned the cutover";
            LocalDate first = looser.firstKey();
            if (inForce) {
                return head + " from " + first + "; parity since then is measured under " + rule;
            }
            if (looser.size() == 1) {
                return head + " on " + first + ", which was compared under " + rule
                        + ": re-run that date now that the rule is no looser";
            }
            return head + " on " + first + " and "
                    + Counted.of(looser.size() - 1, "more business date", "more business dates")
                    + ", which were compared under " + rule + ": re-run those dates now that the rule is no looser";
        }

        private Optional<String> failure(RunRecord run) {
            List<CheckOutcome> open = unwaived(run);
            return open.isEmpty() ? Optional.empty() : Optional.of(describe(run, open));
        }

        private String describe(RunRecord run, List<CheckOutcome> open) {
            CheckOutcome first = open.stream()
                    .filter(c -> c.status() == Status.ERROR)
                    .findFirst()
                    .orElse(open.get(0));
            StringBuilder s = new StringBuilder(run.runDate() + " " + first.check() + " " + first.status());
            if (!first.detail().isEmpty()) {
                s.append(" (").append(first.detail()).append(')');
            }
            Waiver expired = waivers.get(run.runDate() + " " + first.check());
            if (expired != null && first.status() == Status.FAIL && !expired.activeOn(asOf)) {
                s.append(", waiver by ")
                        .append(expired.by())
                        .append(" expired ")
                        .append(expired.expiresOn());
            }
            if (open.size() > 1) {
                s.append(" and ").append(Counted.of(open.size() - 1, "more failing check", "more failing checks"));
            }
            return s.toString();
        }

        /** The failures a waiver does not forgive; an error is never forgiven. */
        private List<CheckOutcome> unwaived(RunRecord run) {
            return run.failures().stream()
                    .filter(c -> waiverFor(run, c).isEmpty())
                    .toList();
        }

        private List<Waiver> waivedFailures(RunRecord run) {
            List<Waiver> out = new ArrayList<>();
            for (CheckOutcome c : run.failures()) {
                waiverFor(run, c).ifPresent(out::add);
            }
            return out;
        }

        private Optional<Waiver> waiverFor(RunRecord run, CheckOutcome c) {
            if (c.status() != Status.FAIL) {
                return Optional.empty();
            }
            Waiver w = waivers.get(run.runDate() + " " + c.check());
            return w != null && w.activeOn(asOf) ? Optional.of(w) : Optional.empty();
        }

        private List<RuleChange> breakingChanges(String olderFingerprint, String newerFingerprint) {
            String older = history.rulesByFingerprint().get(olderFingerprint);
            String newer = history.rulesByFingerprint().get(newerFingerprint);
            if (older == null || newer == null) {
                String missing = older == null ? olderFingerprint : newerFingerprint;
                return List.of(new RuleChange(
                        "rules fingerprint",
                        RuleChange.Direction.UNCLASSIFIED,
                        olderFingerprint + " -> " + newerFingerprint + "; the rule text of " + missing
                                + " is not in the rules table"));
            }
            return RuleChanges.breaking(older, newer);
        }

        /**
         * Whether a business date without a run may still get one: only the newest business date on
         * or before the as-of date, and only on that date or the calendar day after it, the night its
         * run takes. From the second day on, a Friday run missing over the weekend included, it is
         * missing.
         */
        private boolean pending(LocalDate d) {
            return d.equals(lastBusinessDate(asOf)) && !asOf.isAfter(d.plusDays(1));
        }

        private LocalDate lastBusinessDate(LocalDate d) {
            while (!policy.businessDays().contains(d.getDayOfWeek())) {
                d = d.minusDays(1);
            }
            return d;
        }

        private LocalDate previousBusinessDate(LocalDate d) {
            return lastBusinessDate(d.minusDays(1));
        }
    }

    /** How many clean dates, the newest of them, and why counting stopped (empty when it reached the goal). */
    private record Streak(int count, LocalDate newest, String stop) {}
}
