package dev.paritygate.rules;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Identifies what a rule compares, so the gate can tell whether two runs were judged by the same
 * rules: a streak of passing runs breaks when a tolerance is loosened.
 *
 * <p>The fingerprint covers the effective rule (defaults filled in) as canonical JSON: keys sorted,
 * numbers without trailing zeros, time tolerances as ISO-8601 durations, column entries that only
 * restate the defaults dropped. Key order,
 * comments and explicitly written defaults therefore do not change it. It leaves out the keys that
 * cannot change a comparison's outcome: {@code owner}, {@code description}, {@code upstream} and
 * {@code gate}. Keys added after the first release (a column's {@code unicode}, the column checks'
 * mismatch tolerance, under {@code checks.columns} and per column, a column's {@code
 * signed_zero_equal} and {@code opposite_infinities_equal}, left out at their defaults, the warn
 * bands, a KPI metric's {@code time_tolerance} and {@code warn_time_tolerance}, a side's {@code schema}) are
 * left out while unset, so a rule that does not use them keeps its
 * fingerprint and the gate's streak.
 */
public final class RulesFingerprint {
    /** Top-level keys left out of the fingerprint. */
    public static final List<String> EXCLUDED_KEYS = List.of("owner", "description", "upstream", "gate");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Column options added after the first release, in snake case. */
    private static final List<String> LATER_OPTIONS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("unicode"), MismatchTolerance.KEYS.stream())
            .toList();

    /**
     * Boolean column options added after the first release: left out while at their default (that of
     * {@link ColumnOptions#DEFAULT}), written or not, as a restated default is left out.
     */
    private static final List<String> LATER_FLAGS = List.of("signed_zero_equal", "opposite_infinities_equal");

    /** Warn band keys of row_count, key_diff and KPI metrics, added after the first release. */
    private static final List<String> WARN_KEYS =
            List.of("warn_abs_tol", "warn_rel_tol", "warn_mismatch_count", "warn_mismatch_rate");

    /** KPI metric keys added after the first release. */
    private static final List<String> LATER_METRIC_KEYS = List.of("time_tolerance", "warn_time_tolerance");

    /** Source keys added after the first release. */
    private static final List<String> LATER_SOURCE_KEYS = List.of("schema");

    private static final List<String> SIDES = List.of("left", "right");

    /** Column options whose unset value compares as 0, in snake case. */
    private static final List<String> ZERO_WHEN_UNSET = List.of("abs_tol", "rel_tol");

    private RulesFingerprint() {}

    /** The first 16 hex digits of the SHA-256 of {@link #canonicalJson(Rule)}. */
    public static String of(Rule rule) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(rule).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /**
     * The JSON the fingerprint is computed from, on one line, for storing next to verdicts so that
     * a later reader can show how two fingerprints' rules differ.
     */
    public static String canonicalJson(Rule rule) {
        ObjectNode tree = MAPPER.valueToTree(rule);
        tree.remove(EXCLUDED_KEYS);
        ObjectNode defaults = (ObjectNode) canonical(MAPPER.valueToTree(ColumnOptions.DEFAULT));
        defaults.remove(LATER_OPTIONS);
        ObjectNode flagDefaults = defaults.deepCopy().retain(LATER_FLAGS);
        defaults.remove(LATER_FLAGS);
        JsonNode canonical = canonical(tree);
        ObjectNode columns = (ObjectNode) canonical.get("columns");
        List<String> restatingDefaults = new ArrayList<>();
        columns.fieldNames().forEachRemaining(name -> {
            ObjectNode options = (ObjectNode) columns.get(name);
            // Options added after the first release are left out while unset, so that a rule
            // written before them keeps its fingerprint (and the gate sees no rule change).
            LATER_OPTIONS.forEach(o -> {
                if (options.path(o).isNull()) {
                    options.remove(o);
                }
            });
            LATER_FLAGS.forEach(o -> {
                if (options.path(o).equals(flagDefaults.get(o))) {
                    options.remove(o);
                }
            });
            // An unset numeric tolerance means 0, so abs_tol: 0 written out restates the default.
            ZERO_WHEN_UNSET.forEach(o -> {
                if (options.path(o).isNumber() && options.get(o).decimalValue().signum() == 0) {
                    options.putNull(o);
                }
            });
            isoDuration(options, "time_tolerance");
            if (options.equals(defaults)) {
                restatingDefaults.add(name);
            }
        });
        columns.remove(restatingDefaults);
        // Likewise warn bands: a rule without one keeps the fingerprint it had before bands existed.
        withoutUnsetWarnKeys(canonical.path("checks").path("row_count"));
        withoutUnsetWarnKeys(canonical.path("checks").path("key_diff"));
        // And the column checks' mismatch tolerance, whose unset keys defer to checks.columns.
        withoutUnset(canonical.path("checks").path("columns"), MismatchTolerance.KEYS);
        canonical
                .path("kpis")
                .forEach(kpi -> kpi.path("metrics").forEach(metric -> {
                    withoutUnsetWarnKeys(metric);
                    // A metric's time tolerances too, and when set, written like a column's.
                    withoutUnset(metric, LATER_METRIC_KEYS);
                    LATER_METRIC_KEYS.forEach(k -> isoDuration((ObjectNode) metric, k));
                }));
        // And a side's declared schema: a side without one keeps its fingerprint from before it existed.
        SIDES.forEach(side -> withoutUnset(canonical.path(side), LATER_SOURCE_KEYS));
        try {
            return MAPPER.writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a rule tree as JSON", e);
        }
    }

    /** A duration key as ISO-8601: 500ms, 0.5s and PT0.5S are the same tolerance. */
    private static void isoDuration(ObjectNode node, String key) {
        JsonNode duration = node.get(key);
        if (duration != null && duration.isTextual()) {
            long micros = DurationText.parseMicros(duration.asText());
            node.put(key, Duration.ofNanos(micros * 1_000L).toString());
        }
    }

    private static void withoutUnsetWarnKeys(JsonNode node) {
        withoutUnset(node, WARN_KEYS);
    }

    private static void withoutUnset(JsonNode node, List<String> keys) {
        if (node instanceof ObjectNode object) {
            keys.forEach(k -> {
                if (object.path(k).isNull()) {
                    object.remove(k);
                }
            });
        }
    }

    /** A copy with object keys sorted and decimals stripped of trailing zeros. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                sorted.set(name, canonical(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                array.add(canonical(it.next()));
            }
            return array;
        }
        if (node.isBigDecimal()) {
            return DecimalNode.valueOf(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }
}
