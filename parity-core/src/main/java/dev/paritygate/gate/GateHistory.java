package dev.paritygate.gate;

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

    /** The run attempts of one pipeline. */
    public List<RunRecord> runsOf(String pipeline) {
        return runs.stream().filter(r -> r.pipeline().equals(pipeline)).toList();
    }

    /** The waivers of one pipeline, latest recorded last. */
    public List<Waiver> waiversOf(String pipeline) {
        return waivers.stream()
                .filter(w -> w.pipeline().equals(pipeline))
                .sorted(Comparator.comparing(Waiver::createdAt))
                .toList();
    }

    /** The latest routing change of a pipeline, if it was ever routed. */
    public Optional<RouteChange> lastRoute(String pipeline) {
        return routing.stream()
                .filter(r -> r.pipeline().equals(pipeline))
                .max(Comparator.comparing(RouteChange::changedAt));
    }

    /** The pipeline's authoritative side: that of its latest routing change, legacy when never routed. */
    public Side side(String pipeline) {
        return lastRoute(pipeline).map(RouteChange::side).orElse(Side.LEGACY);
    }
}
