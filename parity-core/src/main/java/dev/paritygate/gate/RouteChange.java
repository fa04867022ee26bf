package dev.paritygate.gate;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the append-only routing history: a pipeline's authoritative side changed.
 *
 * @param pipeline pipeline name
 * @param side the side that became authoritative
 * @param previous the side that was authoritative before
 * @param changedAt when
 * @param by who
 * @param reason why, in words
 * @param forcedOutsideWindow whether the change was forced outside a change window
 */
public record RouteChange(
        String pipeline,
        Side side,
        Side previous,
        Instant changedAt,
        String by,
        String reason,
        boolean forcedOutsideWindow) {
    public RouteChange {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(changedAt, "changedAt");
        reason = reason == null ? "" : reason;
        by = by == null ? "" : by;
    }
}
