package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the two sides' grain fingerprints. Grains whose fingerprints differ are the only ones
 * the key diff needs to examine; matching grains hold the same multiset of canonical rows.
 */
public record FingerprintComparison(Set<Grain> mismatchedGrains, int grainsTotal, SideProfile left, SideProfile right) {
    public static final String CHECK = "partition_hash";
    private static final int DETAIL_LIMIT = 100;

    public FingerprintComparison {
        mismatchedGrains = Set.copyOf(mismatchedGrains);
    }

    public static FingerprintComparison of(SideProfile left, SideProfile right) {
        Set<Grain> all = new HashSet<>(left.grains().keySet());
        all.addAll(right.grains().keySet());
        Set<Grain> mismatched = new HashSet<>();
        for (Grain g : all) {
            if (!Objects.equals(left.grains().get(g), right.grains().get(g))) {
                mismatched.add(g);
            }
        }
        return new FingerprintComparison(mismatched, all.size(), left, right);
    }

    /** Rows, on both sides together, in the grains whose fingerprints differ: what a key diff reads. */
    public long rowsInMismatchedGrains() {
        long rows = 0;
        for (Grain g : mismatchedGrains) {
            rows += left.grains().getOrDefault(g, Fingerprint.EMPTY).rows();
            rows += right.grains().getOrDefault(g, Fingerprint.EMPTY).rows();
        }
        return rows;
    }

    /** Partition specs with at least one mismatching grain, sorted. */
    public Set<String> mismatchedPartitions() {
        Set<String> s = new TreeSet<>();
        mismatchedGrains.forEach(g -> s.add(g.partition()));
        return s;
    }

    /**
     * Whether the key diff shows every fingerprint difference to be within the tolerances, so that
     * the differing fingerprints are no reason to warn. It must have been exact and judged
     * ({@code key_diff} enabled, in pruned or full mode: estimate mode joins nothing), have examined
     * every grain whose fingerprints differ, and have found no row only on one side, no row
     * mismatched and no column beyond its tolerance (both counts are beyond tolerance already), no
     * duplicate key (its rows are never compared) and no NULL key (never matched) on either side.
     *
     * @param keyDiff the rule's key diff
     * @param counts what the key diff found, or null when it did not run
     */
    public boolean toleratedBy(Checks.KeyDiffCheck keyDiff, KeyDiffCounts counts) {
        return counts != null
                && keyDiff.enabled()
                && keyDiff.mode() != Checks.KeyDiffMode.ESTIMATE
                && counts.grainsExamined() >= mismatchedGrains.size()
                && counts.rowsDiffering() == 0
                && counts.duplicateKeysLeft() == 0
                && counts.duplicateKeysRight() == 0
                && counts.columnMismatches().values().stream().allMatch(n -> n == 0)
                && left.nullKeys() == 0
                && right.nullKeys() == 0;
    }

    /** One table-level row, then one row per partition; differing fingerprints warn (or fail). */
    public List<Verdict> verdicts(Checks.PartitionHashCheck check) {
        return verdicts(check, false);
    }

    /**
     * One table-level row, then one row per partition.
     *
     * @param tolerated whether the key diff found every difference within the tolerances ({@link
     *     #toleratedBy}): differing fingerprints then pass, still counted and named
     */
    public List<Verdict> verdicts(Checks.PartitionHashCheck check, boolean tolerated) {
        boolean blocking = check.severity().blocking();
        Status failStatus = tolerated ? Status.PASS : blocking ? Status.FAIL : Status.WARN;
        Map<String, Fingerprint> lp = left.fingerprintsByPartition();
        Map<String, Fingerprint> rp = right.fingerprintsByPartition();
        Set<String> partitions = new TreeSet<>(lp.keySet());
        partitions.addAll(rp.keySet());
        Set<String> bad = mismatchedPartitions();
        List<Verdict> out = new ArrayList<>();
        List<String> shown = bad.stream().limit(DETAIL_LIMIT).toList();
        String details = Details.of(
                "partitions",
                partitions.size(),
                "mismatched_partitions",
                shown,
                "segments",
                grainsTotal,
                "mismatched_segments",
                mismatchedGrains.size());
        out.add(new Verdict(
                CHECK,
                Verdict.TABLE_SCOPE,
                "mismatched_partitions",
                bad.isEmpty() ? Status.PASS : failStatus,
                blocking,
                Integer.toString(lp.size()),
                Integer.toString(rp.size()),
                (double) bad.size(),
                "fingerprints equal",
                bad.isEmpty()
                        ? Counted.all(partitions.size(), "partition has", "partitions have") + " equal fingerprints"
                        : tolerated
                                ? "fingerprints of " + bad.size() + " of "
                                        + Counted.of(partitions.size(), "partition", "partitions") + " differ ("
                                        + segments() + "); the key diff found every difference within tolerance"
                                : bad.size() + " of "
                                        + Counted.of(partitions.size(), "partition differs", "partitions differ")
                                        + " (" + segments() + "), sent to the key diff",
                details));
        for (String p : partitions) {
            Fingerprint l = lp.get(p);
            Fingerprint r = rp.get(p);
            boolean same = !bad.contains(p);
            out.add(new Verdict(
                    CHECK,
                    p,
                    "fingerprint",
                    same ? Status.PASS : failStatus,
                    blocking,
                    l == null ? null : l.hex(),
                    r == null ? null : r.hex(),
                    null,
                    "fingerprints equal",
                    same
                            ? "fingerprints equal"
                            : tolerated
                                    ? "fingerprints differ; every difference within tolerance"
                                    : "fingerprints differ",
                    null));
        }
        return out;
    }

    /** The differing segments of all, as in {@code 2 of 3 segments}. */
    private String segments() {
        return mismatchedGrains.size() + " of " + Counted.of(grainsTotal, "segment", "segments");
    }
}
