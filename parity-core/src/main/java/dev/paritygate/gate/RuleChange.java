package dev.paritygate.gate;

import java.util.Objects;

/**
 * One difference between two versions of a rule's comparison-relevant part.
 *
 * @param path where in the rule, such as {@code columns.amount.abs_tol} or {@code kpis[revenue]}
 * @param direction whether it could hide a difference
 * @param description what changed, in words ({@code 0.01 -> 0.05})
 */
public record RuleChange(String path, Direction direction, String description) {
    /** How a change affects what a comparison can detect. */
    public enum Direction {
        /** Could hide a difference: a larger tolerance, an ignored column, a check removed. */
        LOOSER,
        /** Can only reveal more differences: a smaller tolerance, a check added. */
        STRICTER,
        /** Does not change any verdict: sample size, key diff pruned or full, fingerprint grain. */
        NEUTRAL,
        /** The gate cannot tell; it counts as looser. */
        UNCLASSIFIED
    }

    public RuleChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(description, "description");
    }

    /** Whether the change breaks a parity streak. */
    public boolean breaksStreak() {
        return direction == Direction.LOOSER || direction == Direction.UNCLASSIFIED;
    }

    /** The change in words, for the gate's reason. */
    public String describe() {
        return switch (direction) {
            case LOOSER -> path + " loosened (" + description + ")";
            case STRICTER -> path + " tightened (" + description + ")";
            case NEUTRAL -> path + " changed (" + description + ")";
            case UNCLASSIFIED -> path + " changed (" + description + "), which the gate cannot classify as stricter";
        };
    }
}
