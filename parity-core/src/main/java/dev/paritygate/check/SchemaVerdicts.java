package dev.paritygate.check;

import dev.paritygate.rules.Checks;
import dev.paritygate.rules.TypeChange;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code schema}: a summary row, then one row per added, dropped or retyped column (scope is the
 * column name). A type change passes only when the rule lists it in {@code allow_type_changes}.
 */
public final class SchemaVerdicts {
    public static final String CHECK = "schema";

    private SchemaVerdicts() {}

    public static List<Verdict> evaluate(Checks.SchemaCheck check, List<SchemaColumn> left, List<SchemaColumn> right) {
        boolean blocking = check.severity().blocking();
        Status fail = blocking ? Status.FAIL : Status.WARN;
        Map<String, SchemaColumn> l = byName(left);
        Map<String, SchemaColumn> r = byName(right);
        List<Verdict> rows = new ArrayList<>();
        int added = 0;
        int dropped = 0;
        int retyped = 0;
        for (SchemaColumn c : left) {
            SchemaColumn other = r.get(c.name());
            if (other == null) {
                dropped++;
                rows.add(new Verdict(
                        CHECK,
                        c.name(),
                        "dropped",
                        check.allowDropped() ? Status.PASS : fail,
                        blocking,
                        c.type(),
                        null,
                        null,
                        check.allowDropped() ? "dropped columns allowed" : "same columns",
                        "column only on the left side (dropped)",
                        null));
            } else if (!c.type().equalsIgnoreCase(other.type())) {
                retyped++;
                boolean ok = allowed(check.allowTypeChanges(), c, other);
                rows.add(new Verdict(
                        CHECK,
                        c.name(),
                        "type",
                        ok ? Status.PASS : fail,
                        blocking,
                        c.type(),
                        other.type(),
                        null,
                        "allow_type_changes " + check.allowTypeChanges(),
                        ok
                                ? "type changed " + c.type() + " -> " + other.type() + " (allowed)"
                                : "type changed " + c.type() + " -> " + other.type()
                                        + "; allow it with allow_type_changes: [\"" + c.baseType() + "->"
                                        + other.baseType() + "\"]",
                        null));
            }
        }
        for (SchemaColumn c : right) {
            if (!l.containsKey(c.name())) {
                added++;
                rows.add(new Verdict(
                        CHECK,
                        c.name(),
                        "added",
                        check.allowAdded() ? Status.PASS : fail,
                        blocking,
                        null,
                        c.type(),
                        null,
                        check.allowAdded() ? "added columns allowed" : "same columns",
                        "column only on the right side (added)",
                        null));
            }
        }
        Status summary = Status.worst(rows.stream().map(Verdict::status).toList());
        String message = added + dropped + retyped == 0
                ? "same " + Counted.of(left.size(), "column and type", "columns and types")
                : added + " added, " + dropped + " dropped, " + retyped + " retyped";
        List<Verdict> out = new ArrayList<>();
        out.add(new Verdict(
                CHECK,
                Verdict.TABLE_SCOPE,
                "columns",
                summary,
                blocking,
                Integer.toString(left.size()),
                Integer.toString(right.size()),
                (double) (added + dropped + retyped),
                tolerance(check),
                message,
                Details.of("added", added, "dropped", dropped, "retyped", retyped)));
        out.addAll(rows);
        return out;
    }

    /** Whether one of the rule's {@code allow_type_changes} entries accepts this change. */
    static boolean allowed(List<String> changes, SchemaColumn from, SchemaColumn to) {
        return changes.stream()
                .flatMap(change -> TypeChange.parse(change).stream())
                .anyMatch(change -> change.allows(from.type(), to.type()));
    }

    private static Map<String, SchemaColumn> byName(List<SchemaColumn> cols) {
        Map<String, SchemaColumn> m = new LinkedHashMap<>();
        cols.forEach(c -> m.put(c.name(), c));
        return m;
    }

    /** The summary row's tolerance: what a passing schema may still differ in, so DIFF 2 with PASS reads. */
    private static String tolerance(Checks.SchemaCheck check) {
        List<String> allowed = new ArrayList<>();
        if (check.allowAdded()) {
            allowed.add("added columns");
        }
        if (check.allowDropped()) {
            allowed.add("dropped columns");
        }
        if (!check.allowTypeChanges().isEmpty()) {
            allowed.add("type changes " + check.allowTypeChanges());
        }
        return allowed.isEmpty()
                ? "same columns and types"
                : "same columns and types, allowing " + String.join(", ", allowed);
    }
}
