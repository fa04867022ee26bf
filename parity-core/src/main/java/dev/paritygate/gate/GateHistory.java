package dev.paritygate.gate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gate reads: every recorded run attempt, the canonical rule JSON of each fingerprint seen,
 * the waivers and the routing history.
 *
 * @param runs run attempts of any pipeline, in any order
 * @param rulesByFingerprint canonical rule JSON per rules fingerprint (from the {@code rules} table)
 * @param waivers every waiver recorded, expired ones included
 * @param routing the append-only routing history
 */
public record GateHistory(
        List<RunRecord> runs, Map<String, String> rulesByFingerprint, List<Waiver> waivers, List<RouteChange> routing) {
    /** A history with nothing in it. */
    public static final GateHistory EMPTY = new GateHistory(List.of(), Map.of(), List.of(), List.of());

    public GateHistory {
        runs = List.copyOf(runs);
        rulesByFingerprint = Map.copyOf(rulesByFingerprint);
        waivers = List.copyOf(waivers);
        routing = List.copyOf(routing);
    }

    /**
     * The history as it stood at the end of {@code asOf} (UTC): only the run attempts that had
     * finished, the waivers that had been recorded and the routing changes that had been made by
     * then.
     *
     * <p>One cut for all three, so that {@code gate --as-of D} answers what {@code gate} run on D
     * answered, whenever it is asked. A cutover or waiver recorded later did not exist on D. A run
     * attempt that finished later did not either, even when it compares a date on or before D: a
     * re-run that repaired a failure on Monday must not clear that failure as of the Friday
     * before. The run of D itself usually finishes after midnight; as of D it is pending, as it
     * was that day. Rule texts are not cut: a fingerprint names its text whenever it was stored.
     */
    public GateHistory asOf(LocalDate asOf) {
        return asOf(asOf, ZoneOffset.UTC);
    }

    /** {@link #asOf(LocalDate)} at the end of {@code asOf} in {@code zone}, a policy's {@code time_zone}. */
    public GateHistory asOf(LocalDate asOf, ZoneId zone) {
        Instant end = asOf.plusDays(1).atStartOfDay(zone).toInstant();
        List<RunRecord> r =
                runs.stream().filter(x -> x.finishedAt().isBefore(end)).toList();
        List<Waiver> w =
                waivers.stream().filter(x -> x.createdAt().isBefore(end)).toList();
        List<RouteChange> c =
                routing.stream().filter(x -> x.changedAt().isBefore(end)).toList();
        // The gate asks once per pipeline; as of today nothing is cut, and the history is not copied.
        if (r.size() == runs.size() && w.size() == waivers.size() && c.size() == routing.size()) {
            return this;
        }
        return new GateHistory(r, rulesByFingerprint, w, c);
    }

    /** The run attempts of one pipeline. */
    public List<RunRecord> runsOf(String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).toList();
    }

    /**
     * The order in which waivers count, the one that counts last: by when they were recorded, and of
     * two recorded at the same instant, the later expiry first, so that the earlier one counts (the
     * tables keep no order of their own, and the stricter reading holds a pipeline rather than
     * cutting it over), then by who and why, so that the order is total.
     */
    private static final Comparator<Waiver> WAIVER_ORDER = Comparator.comparing(Waiver::createdAt)
            .thenComparing(Waiver::expiresOn, Comparator.reverseOrder())
            .thenComparing(w -> w.by() == null ? "" : w.by())
            .thenComparing(Waiver::reason);

    /**
     * The order of routing changes, the one that counts last: by when they were made, and of two made
     * at the same instant, the legacy side last, the side a pipeline stays on when in doubt.
     */
    private static final Comparator<RouteChange> ROUTE_ORDER = Comparator.comparing(RouteChange::changedAt)
            .thenComparing(r -> r.side() == Side.LEGACY)
            .thenComparing(RouteChange::by)
            .thenComparing(RouteChange::reason);

    /** The waivers of one pipeline, in the order they count: the one that counts last. */
    public List<Waiver> waiversOf(String pipeline) {
        return waivers.stream()
                .filter(w -> w.pipeline().equals(pipeline))
                .sorted(WAIVER_ORDER)
                .toList();
    }

    /** The latest routing change of a pipeline, if it was ever routed. */
    public Optional<RouteChange> lastRoute(String pipeline) {
        return routing.stream().filter(r -> r.pipeline().equals(pipeline)).max(ROUTE_ORDER);
    }

    /** The pipeline's authoritative side: that of its latest routing change, legacy when never routed. */
    public Side side(String pipeline) {
        return lastRoute(pipeline).map(RouteChange::side).orElse(Side.LEGACY);
    }
}
