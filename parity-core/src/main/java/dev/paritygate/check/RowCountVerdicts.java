package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * {@code row_count}: total rows, then rows per partition, each within the rule's tolerance. A count
 * within the tolerance but outside the rule's warn band is a WARN.
 */
public final class RowCountVerdicts {
    public static final String CHECK = "row_count";

    private RowCountVerdicts() {}

    public static List<Verdict> evaluate(Checks.RowCountCheck check, SideProfile left, SideProfile right) {
        return evaluate(check, left, right, OptionalLong.empty());
    }

    /**
     * Like {@link #evaluate(Checks.RowCountCheck, SideProfile, SideProfile)}, the table-level verdict's
     * details holding {@code recent_keys_excluded} when the rule sets {@code exclude_recent}.
     *
     * @param recentKeysExcluded how many keys {@code exclude_recent} left out of both sides' counts
     */
    public static List<Verdict> evaluate(
            Checks.RowCountCheck check, SideProfile left, SideProfile right, OptionalLong recentKeysExcluded) {
        Tolerance tol = Tolerance.of(check);
        Tolerance band = Tolerance.bandOf(check);
        boolean blocking = check.severity().blocking();
        List<Verdict> out = new ArrayList<>();
        long l = left.rows();
        long r = right.rows();
        String message;
        if (l == 0 && r == 0) {
            message = "both sides are empty";
        } else if (l == 0 || r == 0) {
            message = (l == 0 ? "left" : "right") + " side is empty";
        } else if (l == r) {
            message = "row counts agree";
        } else {
            message = "row counts differ by " + (r - l);
        }
        String details = recentKeysExcluded.isPresent()
                ? Details.of("recent_keys_excluded", recentKeysExcluded.getAsLong())
                : null;
        out.add(verdict(Verdict.TABLE_SCOPE, l, r, tol, band, blocking, oneEmpty(l, r), message, details));
        Map<String, Long> lp = left.rowsByPartition();
        Map<String, Long> rp = right.rowsByPartition();
        for (String partition : new TreeSet<>(union(lp, rp))) {
            long pl = lp.getOrDefault(partition, 0L);
            long pr = rp.getOrDefault(partition, 0L);
            String m = pl == pr
                    ? "row counts agree"
                    : !lp.containsKey(partition)
                            ? "partition only on the right side"
                            : !rp.containsKey(partition)
                                    ? "partition only on the left side"
                                    : "row counts differ by " + (pr - pl);
            out.add(verdict(partition, pl, pr, tol, band, blocking, false, m, null));
        }
        return out;
    }

    private static boolean oneEmpty(long l, long r) {
        return (l == 0) != (r == 0);
    }

    private static java.util.Set<String> union(Map<String, Long> a, Map<String, Long> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static Verdict verdict(
            String scope,
            long l,
            long r,
            Tolerance tol,
            Tolerance band,
            boolean blocking,
            boolean forceFail,
            String message,
            String details) {
        boolean ok = !forceFail && tol.allows(l, r);
        boolean overBand = ok && band != null && !band.allows(l, r);
        Status status = overBand ? Status.WARN : ok ? Status.PASS : blocking ? Status.FAIL : Status.WARN;
        return new Verdict(
                CHECK,
                scope,
                "rows",
                status,
                blocking,
                Long.toString(l),
                Long.toString(r),
                (double) (r - l),
                Tolerance.describe(tol, band),
                overBand ? message + ": " + Tolerance.overBand(band) : message,
                details);
    }
}
