package dev.paritygate.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the single aggregation pass over one side produced: a fingerprint per grain and the number
 * of rows whose key has a NULL.
 */
public record SideProfile(Map<Grain, Fingerprint> grains, long nullKeys) {
    public SideProfile {
        grains = Map.copyOf(grains);
    }

    public long rows() {
        return grains.values().stream().mapToLong(Fingerprint::rows).sum();
    }

    /** Row counts per partition, sorted by partition spec. */
    public Map<String, Long> rowsByPartition() {
        Map<String, Long> m = new TreeMap<>();
        grains.forEach((g, f) -> m.merge(g.partition(), f.rows(), Long::sum));
        return m;
    }

    /** Fingerprints per partition (segments combined), sorted by partition spec. */
    public Map<String, Fingerprint> fingerprintsByPartition() {
        Map<String, Fingerprint> m = new TreeMap<>();
        grains.forEach((g, f) -> m.merge(g.partition(), f, Fingerprint::plus));
        return m;
    }
}
