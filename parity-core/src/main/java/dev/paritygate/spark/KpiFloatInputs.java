package dev.paritygate.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per KPI, the floating-point columns its metrics read on each side, in the side's column order:
 * the columns whose values the KPI context ({@link SparkPreparedSide}) may have turned into NULL.
 * A KPI that reads none has no entry, so that a rule whose KPIs read only exact types gets no
 * extra aggregate.
 */
record KpiFloatInputs(Map<String, List<String>> left, Map<String, List<String>> right) {
    static final KpiFloatInputs NONE = new KpiFloatInputs(Map.of(), Map.of());

    KpiFloatInputs {
        left = copy(left);
        right = copy(right);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.put(k, List.copyOf(v));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The floating-point columns KPI {@code kpi} reads on {@code side}; empty when none. */
    List<String> of(String kpi, Side side) {
        return (side == Side.LEFT ? left : right).getOrDefault(kpi, List.of());
    }

    /** Every floating-point column some KPI reads on {@code side}, once each: one count aggregate each. */
    List<String> columns(Side side) {
        List<String> out = new ArrayList<>();
        for (List<String> cs : (side == Side.LEFT ? left : right).values()) {
            for (String c : cs) {
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
