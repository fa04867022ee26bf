package dev.paritygate.check;

import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code unconvertible_values} row of a KPI group: how many floating-point values its metrics'
 * columns held that the engine's exact decimal type could not (NaN, infinities, magnitudes beyond
 * 1e26), so that its aggregates skipped them as NULLs. Without this row two sides differing only
 * in such values would pass, and a side holding 1e30 would under-report its sum with no sign.
 */
final class UnconvertibleValues {
    static final String METRIC = "unconvertible_values";
    private static final String WHAT = " NaN, infinite or beyond +/-1e26";

    private UnconvertibleValues() {}

    /**
     * @param left per column, the left side's count in this group (absent: 0); likewise {@code right}
     * @param fail the status of counts that differ: FAIL, or WARN for a non-blocking KPI
     * @return null when both sides lost nothing, so such a KPI's verdicts are what they always were
     */
    static Verdict of(
            String check,
            String group,
            boolean blocking,
            Status fail,
            Map<String, Long> left,
            Map<String, Long> right) {
        TreeSet<String> columns = new TreeSet<>(left.keySet());
        columns.addAll(right.keySet());
        long l = 0;
        long r = 0;
        boolean differ = false;
        List<String> named = new ArrayList<>();
        for (String c : columns) {
            long lc = left.getOrDefault(c, 0L);
            long rc = right.getOrDefault(c, 0L);
            l += lc;
            r += rc;
            differ |= lc != rc;
            if (lc != 0 || rc != 0) {
                named.add(c + ": " + lc + " left, " + rc + " right");
            }
        }
        if (l == 0 && r == 0) {
            return null;
        }
        // Counted per column: the same total made of different columns is still a difference.
        String perColumn = (named.size() == 1 ? "column " : "columns ") + String.join("; ", named);
        String message = differ
                ? values(l) + " on the left and " + r + " on the right were" + WHAT
                        + ", so the aggregates left them out and cannot show this difference; " + perColumn
                : values(l) + " on each side " + (l == 1 ? "was" : "were") + WHAT
                        + " and so left out of the aggregates; " + perColumn;
        return new Verdict(
                check,
                group,
                METRIC,
                differ ? fail : Status.WARN,
                blocking,
                Long.toString(l),
                Long.toString(r),
                (double) (r - l),
                "same counts",
                message,
                null);
    }

    private static String values(long n) {
        return n + (n == 1 ? " value" : " values");
    }
}
