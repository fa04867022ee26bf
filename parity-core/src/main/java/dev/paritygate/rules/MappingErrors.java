package dev.paritygate.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Turns Jackson's exceptions into located, actionable {@link ParityException}s. */
final class MappingErrors {
    /** Mappings whose values are user data (not rule keys): an empty value there has no default. */
    private static final Set<String> FREE_MAPPINGS =
            Set.of("rename", "columns", "left.options", "left.transforms", "right.options", "right.transforms");

    /** A KPI's {@code metrics}: named by the user like a free mapping, so an empty value has no default. */
    private static final java.util.regex.Pattern KPI_METRICS =
            java.util.regex.Pattern.compile("kpis\\[\\d+]\\.metrics");

    /** The parser's nesting limit (Jackson's default): a rules file comes nowhere near it. */
    private static final int MAX_NESTING = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    private MappingErrors() {}

    /**
     * The rules error of text that does not parse, at the place the parser names, else at {@code
     * parsedTo}: where the parser stopped (a limit it enforces names no place of its own).
     */
    static ParityException syntaxError(JsonProcessingException e, String keyPath, JsonLocation parsedTo, Path file) {
        String problem;
        int line;
        int column;
        org.yaml.snakeyaml.error.MarkedYAMLException yaml = yamlCause(e);
        if (yaml != null && yaml.getProblemMark() != null) {
            problem = (yaml.getContext() == null ? "" : yaml.getContext() + ": ") + yaml.getProblem();
            line = yaml.getProblemMark().getLine() + 1;
            column = yaml.getProblemMark().getColumn() + 1;
        } else {
            problem = decapitalize(e.getOriginalMessage());
            JsonLocation at = e.getLocation() != null && e.getLocation().getLineNr() >= 1 ? e.getLocation() : parsedTo;
            line = at == null ? 0 : at.getLineNr();
            column = at == null ? 0 : at.getColumnNr();
        }
        if (e instanceof StreamConstraintsException && problem.startsWith("document nesting depth")) {
            // The key path would be the outer key followed by a thousand [0]s: name the outer key.
            String outer = keyPath.split("[.\\[]", 2)[0];
            return RuleOrigin.of(file)
                    .invalidRule(
                            line,
                            column,
                            outer,
                            "lists and mappings nested more than " + MAX_NESTING + " deep",
                            "A rule nests a few levels at most: check for '[' or '{' that are not closed");
        }
        if (problem.startsWith("expected a field name")) {
            // A '? [a, b]' key: the parser's words name its own event classes.
            return RuleOrigin.of(file)
                    .invalidRule(
                            line,
                            column,
                            keyPath,
                            "YAML syntax error: a key is a list or a mapping",
                            "Write each key as a name, such as 'amount:'; '? ' starts a key of another kind, which"
                                    + " no rule setting takes");
        }
        if (problem.startsWith("duplicate field ")) {
            return RuleOrigin.of(file)
                    .invalidRule(
                            line,
                            column,
                            keyPath,
                            "duplicate key " + problem.substring("duplicate field ".length()),
                            "Write each key once");
        }
        return RuleOrigin.of(file)
                .invalidRule(
                        line,
                        column,
                        keyPath,
                        "YAML syntax error: " + problem,
                        "Check the indentation and quoting on this line and the one before it");
    }

    private static org.yaml.snakeyaml.error.MarkedYAMLException yamlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    /**
     * A mapping error as the user reads it, and where the mapping can go on past it.
     *
     * @param error the located message
     * @param node the key path, as segments (a key name or a list position), of the node whose
     *     removal lets the rest of the file be mapped; null when none can be removed
     * @param suggested the key path of the key an unknown key was probably meant to be, or null:
     *     its absence follows from the typo and is not an error of its own
     * @param unknownKey whether the error is an unknown key, which no earlier removal can cause
     */
    record Found(ParityException error, List<Object> node, String suggested, boolean unknownKey) {}

    /**
     * Every {@code - } list item and empty value in a free mapping, which have no default, in the
     * order they are written.
     */
    static List<Found> emptyItems(JsonNode node, RuleOrigin origin) {
        List<Found> found = new ArrayList<>();
        emptyItems(node, new ArrayList<>(), origin, found);
        return found;
    }

    private static void emptyItems(JsonNode node, List<Object> at, RuleOrigin origin, List<Found> found) {
        String path = keyPathOf(at);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> item = append(at, i);
                if (node.get(i).isNull()) {
                    found.add(new Found(
                            origin.invalidRule(
                                    keyPathOf(item), "empty list item", "Give the item a value or remove it"),
                            item,
                            null,
                            false));
                }
                emptyItems(node.get(i), item, origin, found);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                List<Object> fieldAt = append(at, field.getKey());
                boolean metrics = KPI_METRICS.matcher(path).matches();
                if (field.getValue().isNull() && (FREE_MAPPINGS.contains(path) || metrics)) {
                    found.add(new Found(
                            origin.invalidRule(
                                    keyPathOf(fieldAt),
                                    "empty value for '" + field.getKey() + "'",
                                    path.equals("columns")
                                            ? "Give the column at least one option, such as 'abs_tol: 0.01', or"
                                                    + " remove it"
                                            : metrics
                                                    ? "Give the metric an expr, such as '" + field.getKey()
                                                            + ": { expr: \"sum(amount)\" }', or remove it"
                                                    : "Give it a value or remove it"),
                            fieldAt,
                            null,
                            false));
                }
                emptyItems(field.getValue(), fieldAt, origin, found);
            }
        }
    }

    /**
     * The error Jackson reports, located. {@code values} gives the line and column of each value by
     * key path, for errors from mapping a tree, which carries no locations of its own.
     */
    static Found translate(
            JsonProcessingException e, JsonNode tree, RuleOrigin origin, Map<String, JsonLocation> values) {
        if (!(e instanceof JsonMappingException mapping)) {
            return new Found(
                    origin.invalidRule(at(e, origin, "", values), "", decapitalize(e.getOriginalMessage()), null),
                    null,
                    null,
                    false);
        }
        List<JsonMappingException.Reference> refs = mapping.getPath();
        String keyPath = keyPath(refs);
        List<Object> node = segments(refs);
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<Object> parent = node.subList(0, Math.max(0, node.size() - 1));
            return unknownKey(
                    parent,
                    unknown.getPropertyName(),
                    unknown.getKnownPropertyIds().stream().map(String::valueOf).toList(),
                    origin);
        }
        if (e instanceof ValueInstantiationException failed) {
            // Jackson reports a record's unknown keys only after its constructor ran, so a misspelt
            // required key ('colum') would surface as "column is required": name the misspelling.
            List<String> valid = recordKeys(failed.getType().getRawClass());
            JsonNode object = node(tree, refs);
            if (!valid.isEmpty() && object != null && object.isObject()) {
                for (String key : (Iterable<String>) object::fieldNames) {
                    if (!valid.contains(key)) {
                        return unknownKey(node, key, valid, origin);
                    }
                }
            }
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            // A compact constructor rejected the values; point at the key its message names.
            String message = e.getCause().getMessage() == null
                    ? e.getCause().getClass().getSimpleName()
                    : e.getCause().getMessage();
            String named = namedChild(message, node(tree, refs));
            List<Object> refined = named == null ? node : append(node, named);
            return new Found(
                    origin.invalidRule(keyPathOf(refined), decapitalize(message), null),
                    refined.isEmpty() ? null : refined,
                    null,
                    false);
        }
        String got = describe(node(tree, refs));
        if (e.getCause() instanceof InputCoercionException range) {
            return found(
                    origin.invalidRule(
                            at(e, origin, keyPath, values),
                            keyPath,
                            "expected " + expected(range.getTargetType()) + ", got " + got + ", which is out of range",
                            "Use a smaller number"),
                    node);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            String fix = null;
            if (target.isEnum() && e instanceof InvalidFormatException bad) {
                List<String> names = enumNames(target);
                fix = Suggestions.didYouMean(String.valueOf(bad.getValue()), names)
                        .strip();
                fix = fix.isEmpty() ? null : fix;
            }
            return found(
                    origin.invalidRule(
                            at(e, origin, keyPath, values),
                            keyPath,
                            "expected " + expected(target) + (got == null ? "" : ", got " + got),
                            fix),
                    node);
        }
        return found(
                origin.invalidRule(
                        at(e, origin, keyPath, values), keyPath, decapitalize(mapping.getOriginalMessage()), null),
                node);
    }

    private static Found found(ParityException error, List<Object> node) {
        return new Found(error, node.isEmpty() ? null : node, null, false);
    }

    private static Found unknownKey(List<Object> parent, String key, Collection<String> knownKeys, RuleOrigin origin) {
        List<String> valid = new ArrayList<>(new TreeSet<>(knownKeys));
        String parentPath = keyPathOf(parent);
        // Jackson reports unknown keys of records at the end of the mapping; the scan knows the key.
        String written = parentPath.isEmpty() ? key : parentPath + "." + key;
        ParityException error = origin.invalidRule(
                origin.whereExactly(written, parentPath),
                parentPath,
                "unknown key '" + key + "'",
                Suggestions.didYouMean(key, valid) + "Valid keys: " + String.join(", ", valid));
        String suggested = Suggestions.nearest(key, valid)
                .map(s -> parentPath.isEmpty() ? s : parentPath + "." + s)
                .orElse(null);
        return new Found(error, append(parent, key), suggested, true);
    }

    /**
     * The keys of the record a constructor rejected that its message names, written or not: "metrics
     * must name at least one aggregate" names {@code metrics} and {@code name}.
     */
    static List<String> keysNamed(ValueInstantiationException e) {
        if (e.getCause() instanceof InvalidKeyValue invalid) {
            return List.of(invalid.key());
        }
        String message = e.getCause() == null ? null : e.getCause().getMessage();
        if (message == null) {
            return List.of();
        }
        return recordKeys(e.getType().getRawClass()).stream()
                .filter(key -> Pattern.compile("\\b" + Pattern.quote(key) + "\\b")
                        .matcher(message)
                        .find())
                .toList();
    }

    /** The keys of a rules record, as a file writes them; empty for any other type. */
    private static List<String> recordKeys(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return List.of();
        }
        PropertyNamingStrategies.NamingBase snakeCase = new PropertyNamingStrategies.SnakeCaseStrategy();
        return Arrays.stream(type.getRecordComponents())
                .map(c -> snakeCase.translate(c.getName()))
                .toList();
    }

    private static Optional<RuleLocation> at(
            JsonProcessingException e, RuleOrigin origin, String keyPath, Map<String, JsonLocation> values) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            // Mapped from a tree: the value's place in the text, as the text's parser reports it.
            location = values.get(keyPath);
        }
        if (location == null || location.getLineNr() < 1) {
            return origin.where(keyPath);
        }
        return origin.at(location.getLineNr(), location.getColumnNr());
    }

    /** Jackson's reference path as key names (String) and list positions (Integer). */
    static List<Object> segments(List<JsonMappingException.Reference> refs) {
        List<Object> segments = new ArrayList<>();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                segments.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                segments.add(ref.getIndex());
            }
        }
        return segments;
    }

    /** {@code checks.key_diff}, {@code kpis[0].name}: the key path of segments. */
    static String keyPathOf(List<Object> segments) {
        StringBuilder path = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(segment);
            }
        }
        return path.toString();
    }

    private static List<Object> append(List<Object> segments, Object last) {
        List<Object> longer = new ArrayList<>(segments);
        longer.add(last);
        return longer;
    }

    static String keyPath(List<JsonMappingException.Reference> refs) {
        return keyPathOf(segments(refs));
    }

    private static JsonNode node(JsonNode tree, List<JsonMappingException.Reference> refs) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : refs) {
            if (node == null) {
                return null;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    /**
     * The one child key that an exception message names, for example {@code buckets} in "Invalid
     * buckets 0"; null when it names none or several.
     */
    private static String namedChild(String message, JsonNode object) {
        if (object == null || !object.isObject()) {
            return null;
        }
        List<String> named = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b")
                    .matcher(message)
                    .find()) {
                named.add(name);
            }
        });
        return named.size() == 1 ? named.get(0) : null;
    }

    /** How a YAML value looks to its author: {@code 'ten'}, {@code 1.5}, {@code a list}. */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return "an empty value";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.asText();
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class || type == Float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", enumNames(type));
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a mapping";
    }

    private static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .toList();
    }

    static String decapitalize(String message) {
        if (message == null || message.isEmpty()) {
            return "unknown problem";
        }
        String first = message.lines().findFirst().orElse(message);
        return Character.toLowerCase(first.charAt(0)) + first.substring(1);
    }
}
