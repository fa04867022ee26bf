package dev.paritygate.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.paritygate.gate.RuleChange.Direction;
import dev.paritygate.rules.ColumnOptions;
import dev.paritygate.rules.RulesFingerprint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Classifies the differences between two canonical rule JSONs ({@link RulesFingerprint#canonicalJson})
 * as looser, stricter or neutral.
 *
 * <p>Looser: a larger tolerance ({@code abs_tol}, {@code rel_tol}, {@code max_mismatch_count},
 * {@code max_mismatch_rate}, {@code max_distance}, a column's or KPI metric's {@code
 * time_tolerance}), a column added to {@code ignore}, a type change allowed, a check disabled or
 * made non-blocking, a KPI, metric, distribution or distinct check removed, a normalisation switched
 * on ({@code trim}, {@code ignore_case}, {@code empty_equals_null}, {@code nan_equal}, {@code
 * signed_zero_equal}, {@code opposite_infinities_equal}, {@code unicode}, where {@code NFKC}/{@code
 * NFKD} is looser than {@code NFC}/{@code NFD}), duplicates or added/dropped columns allowed, a
 * coarser timestamp truncation, more recent rows excluded, a smaller sketch, {@code
 * checks.key_diff.mode} switched to {@code estimate}, or from {@code full} to {@code pruned}, and any
 * change of {@code where}. The opposite of each is stricter. The sample, {@code segments} and the
 * warn bands ({@code warn_abs_tol}, {@code warn_rel_tol}, {@code warn_mismatch_count}, {@code
 * warn_mismatch_rate}, {@code warn_time_tolerance}) are neutral: a band only turns a PASS into a
 * WARN, and WARN does not break a streak. Anything else (sources, a side's reader options and transforms, key, renames) is
 * unclassified, and counts as looser. Keys are classified by their full path: an entry of a map
 * keyed by the author's names ({@code left.options}, {@code left.transforms}, {@code rename}, a KPI's
 * {@code metrics}) is never taken for the rule key of the same name. A column's severity or mismatch
 * key that it does not set compares as the one it inherits from {@code checks.columns}; an unset
 * key-diff mode compares as {@code pruned}.
 */
public final class RuleChanges {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Set<String> TOLERANCES =
            Set.of("abs_tol", "rel_tol", "max_mismatch_count", "max_mismatch_rate", "max_distance", "minutes");
    private static final Set<String> ACCURACY = Set.of("k", "lg_k");
    private static final Set<String> RELAXING_FLAGS = Set.of(
            "trim",
            "ignore_case",
            "empty_equals_null",
            "nan_equal",
            "signed_zero_equal",
            "opposite_infinities_equal",
            "allow_duplicates",
            "allow_added",
            "allow_dropped");
    private static final Set<String> ACCEPTING_SETS = Set.of("ignore", "allow_type_changes");
    /**
     * Neutral keys named by their full path: a leaf name alone is ambiguous ({@code mode} is also a
     * reader option, {@code segments} a column name).
     */
    private static final Set<String> NEUTRAL_PATHS = Set.of("sample.max_rows", "sample.mask", "segments");
    /** Warn bands, wherever a rule sets one (row_count, key_diff, checks.columns, columns, KPI metrics). */
    private static final Set<String> WARN_BANDS =
            Set.of("warn_abs_tol", "warn_rel_tol", "warn_mismatch_count", "warn_mismatch_rate", "warn_time_tolerance");

    private static final String KEY_DIFF_MODE = "checks.key_diff.mode";
    private static final String KEY_DIFF_MODE_DEFAULT = "PRUNED";
    /** The key diff's modes, strictest first ({@link #keyDiffMode}). */
    private static final List<String> KEY_DIFF_MODES = List.of("FULL", "PRUNED", "ESTIMATE");

    /**
     * Maps keyed by names the author chooses (reader options, column names), compared entry by entry as
     * opaque text: their keys are not rule keys, so {@code left.options.mode} or a transform of a
     * column named {@code trim} must not be classified as the rule keys of that name.
     */
    private static final Set<String> OPAQUE_MAPS =
            Set.of("left.options", "right.options", "left.transforms", "right.transforms", "rename");

    private static final Map<String, String> KEYED_LISTS =
            Map.of("kpis", "name", "distributions", "column", "distinct", "column");
    private static final Map<String, String> CHECK_PREFIX =
            Map.of("kpis", "kpi:", "distributions", "distribution:", "distinct", "distinct:");
    private static final List<String> TRUNCATION = List.of("", "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY");

    private final JsonNode olderRoot;
    private final JsonNode newerRoot;
    private final List<RuleChange> changes = new ArrayList<>();

    private RuleChanges(JsonNode olderRoot, JsonNode newerRoot) {
        this.olderRoot = olderRoot;
        this.newerRoot = newerRoot;
    }

    /**
     * Every difference from the older to the newer rule, in path order; empty when they are equal.
     *
     * @throws IllegalArgumentException when either text is not a JSON object
     */
    public static List<RuleChange> between(String olderCanonicalJson, String newerCanonicalJson) {
        JsonNode older = parse(olderCanonicalJson);
        JsonNode newer = parse(newerCanonicalJson);
        RuleChanges diff = new RuleChanges(older, newer);
        diff.object("", older, newer);
        return List.copyOf(diff.changes);
    }

    /** The changes that could hide a difference, so break a parity streak. */
    public static List<RuleChange> breaking(String olderCanonicalJson, String newerCanonicalJson) {
        return between(olderCanonicalJson, newerCanonicalJson).stream()
                .filter(RuleChange::breaksStreak)
                .toList();
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json == null ? "" : json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("Invalid canonical rule JSON '" + json + "': expected an object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Invalid canonical rule JSON '" + json + "': " + e.getOriginalMessage(), e);
        }
    }

    private void object(String path, JsonNode older, JsonNode newer) {
        Set<String> names = new TreeSet<>();
        older.fieldNames().forEachRemaining(names::add);
        newer.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            node(join(path, name), name, path, older.get(name), newer.get(name));
        }
    }

    private void node(String path, String field, String parentPath, JsonNode older, JsonNode newer) {
        older = older == null || older.isNull() ? null : older;
        newer = newer == null || newer.isNull() ? null : newer;
        if (java.util.Objects.equals(older, newer)) {
            return;
        }
        if (OPAQUE_MAPS.contains(path)) {
            opaqueMap(path, older, newer);
        } else if (parentPath.equals("columns")) {
            // Entries that only restate the defaults are left out of the canonical JSON, and so are
            // options added later while at their defaults: each side is compared with them filled in.
            object(path, withDefaults(older), withDefaults(newer));
        } else if (field.equals("metrics") || field.equals("columns")) {
            members(path, field, older, newer);
        } else if (KEYED_LISTS.containsKey(field)) {
            keyedList(path, field, older, newer);
        } else if (ACCEPTING_SETS.contains(field)) {
            acceptingSet(path, older, newer);
        } else if (field.equals("exclude_recent") && (older == null || newer == null)) {
            add(path, older == null ? Direction.LOOSER : Direction.STRICTER, text(older) + " -> " + text(newer));
        } else if (older != null && newer != null && older.isObject() && newer.isObject()) {
            object(path, older, newer);
        } else {
            add(path, leaf(path, field, older, newer), text(older) + " -> " + text(newer));
        }
    }

    /** A column's canonical options with every option it leaves out set to its default. */
    private static JsonNode withDefaults(JsonNode options) {
        com.fasterxml.jackson.databind.node.ObjectNode filled = MAPPER.valueToTree(ColumnOptions.DEFAULT);
        if (options != null && options.isObject()) {
            options.fields().forEachRemaining(e -> filled.set(e.getKey(), e.getValue()));
        }
        return filled;
    }

    /** Map entries that may appear or disappear: a removed KPI metric is looser, an added one stricter. */
    private void members(String path, String field, JsonNode older, JsonNode newer) {
        if (older == null || newer == null || !older.isObject() || !newer.isObject()) {
            add(path, older == null ? Direction.STRICTER : Direction.LOOSER, text(older) + " -> " + text(newer));
            return;
        }
        Set<String> names = new TreeSet<>();
        older.fieldNames().forEachRemaining(names::add);
        newer.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode o = older.get(name);
            JsonNode n = newer.get(name);
            if (field.equals("metrics") && o == null) {
                add(join(path, name), Direction.STRICTER, "metric added");
            } else if (field.equals("metrics") && n == null) {
                add(join(path, name), Direction.LOOSER, "metric removed");
            } else if (field.equals("metrics") && o.isObject() && n.isObject()) {
                // By its keys, not its name: a metric may be called "distinct" or "ignore".
                object(join(path, name), o, n);
            } else {
                node(join(path, name), name, path, o, n);
            }
        }
    }

    /**
     * A reader option, transform or rename changes what a side reads or which columns meet, in ways
     * the gate cannot rank (PERMISSIVE nulls malformed fields, DROPMALFORMED drops their rows), so
     * each changed entry is unclassified, like any other change of a source.
     */
    private void opaqueMap(String path, JsonNode older, JsonNode newer) {
        if ((older != null && !older.isObject()) || (newer != null && !newer.isObject())) {
            add(path, Direction.UNCLASSIFIED, text(older) + " -> " + text(newer));
            return;
        }
        JsonNode o = older == null ? MAPPER.createObjectNode() : older;
        JsonNode n = newer == null ? MAPPER.createObjectNode() : newer;
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        n.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode oe = o.get(name);
            JsonNode ne = n.get(name);
            if (!java.util.Objects.equals(oe, ne)) {
                add(join(path, name), Direction.UNCLASSIFIED, text(oe) + " -> " + text(ne));
            }
        }
    }

    private void keyedList(String path, String field, JsonNode older, JsonNode newer) {
        String key = KEYED_LISTS.get(field);
        Map<String, JsonNode> o = byKey(older, key);
        Map<String, JsonNode> n = byKey(newer, key);
        Set<String> ids = new TreeSet<>(o.keySet());
        ids.addAll(n.keySet());
        for (String id : ids) {
            String itemPath = path + "[" + id + "]";
            if (!n.containsKey(id)) {
                add(itemPath, Direction.LOOSER, "check " + CHECK_PREFIX.get(field) + id + " removed");
            } else if (!o.containsKey(id)) {
                add(itemPath, Direction.STRICTER, "check " + CHECK_PREFIX.get(field) + id + " added");
            } else if (!o.get(id).equals(n.get(id))) {
                object(itemPath, o.get(id), n.get(id));
            }
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (list != null) {
            for (JsonNode item : list) {
                out.put(item.path(key).asText(), item);
            }
        }
        return out;
    }

    private void acceptingSet(String path, JsonNode older, JsonNode newer) {
        Set<String> o = strings(older);
        Set<String> n = strings(newer);
        for (String added : n) {
            if (!o.contains(added)) {
                add(path, Direction.LOOSER, "added '" + added + "'");
            }
        }
        for (String removed : o) {
            if (!n.contains(removed)) {
                add(path, Direction.STRICTER, "removed '" + removed + "'");
            }
        }
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            list.forEach(item -> out.add(item.asText()));
        }
        return out;
    }

    private Direction leaf(String path, String field, JsonNode older, JsonNode newer) {
        if (NEUTRAL_PATHS.contains(path) || WARN_BANDS.contains(field)) {
            return Direction.NEUTRAL;
        }
        if (path.equals(KEY_DIFF_MODE)) {
            return keyDiffMode(older, newer);
        }
        if (TOLERANCES.contains(field)) {
            return grows(
                    number(inherited(path, field, older, olderRoot)),
                    number(inherited(path, field, newer, newerRoot)),
                    Direction.LOOSER);
        }
        if (ACCURACY.contains(field)) {
            return grows(number(older), number(newer), Direction.STRICTER);
        }
        if (field.equals("time_tolerance")) {
            return grows(BigDecimal.valueOf(micros(older)), BigDecimal.valueOf(micros(newer)), Direction.LOOSER);
        }
        if (field.equals("truncate")) {
            return grows(
                    BigDecimal.valueOf(TRUNCATION.indexOf(upper(older))),
                    BigDecimal.valueOf(TRUNCATION.indexOf(upper(newer))),
                    Direction.LOOSER);
        }
        if (field.equals("unicode")) {
            return grows(unicodeRank(older), unicodeRank(newer), Direction.LOOSER);
        }
        if (field.equals("enabled")) {
            return flag(newer) ? Direction.STRICTER : Direction.LOOSER;
        }
        if (RELAXING_FLAGS.contains(field)) {
            return flag(newer) ? Direction.LOOSER : Direction.STRICTER;
        }
        if (field.equals("severity")) {
            String o = upper(inherited(path, field, older, olderRoot));
            String n = upper(inherited(path, field, newer, newerRoot));
            if (o.equals(n)) {
                return Direction.NEUTRAL;
            }
            return n.equals("BLOCKING") ? Direction.STRICTER : Direction.LOOSER;
        }
        if (field.equals("where")) {
            // A different predicate may compare fewer rows; only an identical one is safe.
            return Direction.LOOSER;
        }
        return Direction.UNCLASSIFIED;
    }

    /**
     * From strictest to loosest: {@code full} counts every duplicate key; {@code pruned} gives the
     * same verdicts except that it counts duplicates only in the grains whose fingerprints differ
     * (a key duplicated identically on both sides reads 0); {@code estimate} fails only beyond an
     * estimate's lower bound, skips duplicate keys and has no column checks. An unset mode is the
     * default, {@code pruned}; a mode the gate does not know is unclassified.
     */
    private static Direction keyDiffMode(JsonNode older, JsonNode newer) {
        int o = KEY_DIFF_MODES.indexOf(upper(older).isEmpty() ? KEY_DIFF_MODE_DEFAULT : upper(older));
        int n = KEY_DIFF_MODES.indexOf(upper(newer).isEmpty() ? KEY_DIFF_MODE_DEFAULT : upper(newer));
        if (o < 0 || n < 0) {
            return Direction.UNCLASSIFIED;
        }
        return o == n ? Direction.NEUTRAL : n > o ? Direction.LOOSER : Direction.STRICTER;
    }

    /**
     * A column's unset severity or mismatch key inherits {@code checks.columns}': from a column that
     * did not set it, a key set to the default's value is no change, and one set below it is
     * stricter.
     */
    private static JsonNode inherited(String path, String field, JsonNode value, JsonNode root) {
        if (value == null && path.startsWith("columns.")) {
            return root.path("checks").path("columns").path(field);
        }
        return value;
    }

    private static Direction grows(BigDecimal older, BigDecimal newer, Direction whenLarger) {
        int c = newer.compareTo(older);
        if (c == 0) {
            return Direction.NEUTRAL;
        }
        Direction opposite = whenLarger == Direction.LOOSER ? Direction.STRICTER : Direction.LOOSER;
        return c > 0 ? whenLarger : opposite;
    }

    private static BigDecimal number(JsonNode node) {
        return node == null || !node.isNumber() ? BigDecimal.ZERO : node.decimalValue();
    }

    private static long micros(JsonNode node) {
        return node == null ? 0L : Duration.parse(node.asText()).toNanos() / 1_000L;
    }

    private static boolean flag(JsonNode node) {
        return node != null && node.asBoolean();
    }

    /** None, then NFC and NFD (the same strings equal), then NFKC and NFKD (more strings equal). */
    private static BigDecimal unicodeRank(JsonNode form) {
        String f = upper(form);
        return BigDecimal.valueOf(f.isEmpty() ? 0 : f.startsWith("NFK") ? 2 : 1);
    }

    private static String upper(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode()
                ? ""
                : node.asText().toUpperCase(Locale.ROOT);
    }

    private static String text(JsonNode node) {
        if (node == null) {
            return "unset";
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
    }

    private void add(String path, Direction direction, String description) {
        changes.add(new RuleChange(path, direction, description));
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
