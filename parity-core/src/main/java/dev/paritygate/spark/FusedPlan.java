package dev.paritygate.spark;

import dev.paritygate.rules.DistinctSpec;
import dev.paritygate.rules.DistributionSpec;
import dev.paritygate.rules.KpiSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fused pass computes besides fingerprints, already checked against the data: the KPIs,
 * distributions and distinct counts that can be evaluated (the others became ERROR verdicts) and
 * whether key-overlap sketches are wanted; per KPI and side, the floating-point columns whose
 * unconvertible values the pass counts ({@link KpiFloatInputs}). Grouping sets: 0 is the
 * fingerprint grain, then one per distinct KPI {@code group_by} list, then the table-wide set for
 * sketches.
 */
record FusedPlan(
        List<KpiSpec> kpis,
        KpiFloatInputs floatInputs,
        List<DistributionSpec> distributions,
        List<DistinctSpec> distinct,
        boolean keyOverlap,
        List<List<String>> groupings) {

    static FusedPlan of(
            List<KpiSpec> kpis,
            KpiFloatInputs floatInputs,
            List<DistributionSpec> distributions,
            List<DistinctSpec> distinct,
            boolean keyOverlap) {
        List<List<String>> groupings = new ArrayList<>();
        for (KpiSpec k : kpis) {
            if (!groupings.contains(k.groupBy())) {
                groupings.add(k.groupBy());
            }
        }
        if ((!distributions.isEmpty() || !distinct.isEmpty() || keyOverlap) && !groupings.contains(List.of())) {
            groupings.add(List.of());
        }
        return new FusedPlan(kpis, floatInputs, distributions, distinct, keyOverlap, groupings);
    }

    /** The same plan without its KPIs: what is left to compute when their arithmetic fails. */
    FusedPlan withoutKpis() {
        return of(List.of(), KpiFloatInputs.NONE, distributions, distinct, keyOverlap);
    }

    /** The grouping set of a KPI group list (1-based; 0 is the grain). */
    int set(List<String> groupBy) {
        return groupings.indexOf(groupBy) + 1;
    }

    /** The set in which table-wide sketches are computed. */
    int globalSet() {
        return set(List.of());
    }

    int sets() {
        return groupings.size() + 1;
    }

    int groupWidth() {
        int w = 0;
        for (List<String> g : groupings) {
            w = Math.max(w, g.size());
        }
        return w;
    }

    static Map<String, Map<String, Map<String, String>>> emptyKpis(List<KpiSpec> kpis) {
        Map<String, Map<String, Map<String, String>>> m = new LinkedHashMap<>();
        kpis.forEach(k -> m.put(k.name(), new LinkedHashMap<>()));
        return m;
    }
}
