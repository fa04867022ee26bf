package dev.paritygate.verdict;

import java.util.Collection;

/** Outcome of one check, ordered from best to worst. */
public enum Status {
    PASS,
    SKIPPED,
    WARN,
    FAIL,
    /** The check could not be evaluated. It never counts as a pass. */
    ERROR;

    /** The worse of two statuses. */
    public Status worse(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The worst of the given statuses, {@code PASS} when there are none. */
    public static Status worst(Collection<Status> statuses) {
        Status w = PASS;
        for (Status s : statuses) {
            w = w.worse(s);
        }
        return w;
    }
}
