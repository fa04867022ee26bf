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

    /**
     * A run's status after one more of its checks or verdicts: the worst of the blocking ones, an
     * {@code ERROR} of any counting, and a non-blocking failure or warning making it {@code WARN}.
     * {@code SKIPPED} proves nothing either way and leaves the status as it was, so a clean run in
     * estimate mode is {@code PASS}, and so is one whose every verdict was skipped. Folded from
     * {@code PASS}, this is the one definition {@code run}, {@code status} and the gate share.
     */
    public Status withCheck(Status check, boolean blocking) {
        if (check == SKIPPED) {
            return this;
        }
        if (blocking || check == ERROR) {
            return worse(check);
        }
        return check == FAIL || check == WARN ? worse(WARN) : this;
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
