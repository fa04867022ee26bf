package dev.paritygate.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paritygate.ParityException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a rules file's tree to its record and collects every mapping error, not only the first.
 *
 * <p>After each error the offending node is removed from a copy of the tree, so that its default
 * applies, and the copy is mapped again: an unknown key is dropped, a value of the wrong type is
 * dropped, and a record its constructor rejects loses the key its message names, or the record
 * itself. An error that only follows from such a removal (a KPI whose one metric was dropped now
 * has none) is not reported. A list item is removed only when it is the list's last, so that the
 * positions of the items before it, which the messages name, stay as written; otherwise the whole
 * list goes, and errors later in it wait for the next run.
 *
 * <p>The first mapping reads the text, exactly as a file with one error always has been read; only
 * the re-mappings read the tree, located through the positions of the values in the text.
 */
final class RuleMapping<T> {
    /** Re-mappings per file at most: each removes a node, so this bounds the work on a huge bad file. */
    private static final int MAX_ATTEMPTS = 1000;

    private final List<ParityException> problems = new ArrayList<>();
    /** Key paths removed from the tree. */
    private final List<String> removed = new ArrayList<>();
    /** Key paths removed, and keys an unknown key was probably meant to be: absent because of an error. */
    private final List<String> affected = new ArrayList<>();

    private T value;

    private RuleMapping() {}

    /** Maps {@code tree}, the tree of {@code yaml}, to {@code type}, collecting every error. */
    static <T> RuleMapping<T> map(ObjectMapper mapper, String yaml, JsonNode tree, RuleOrigin origin, Class<T> type) {
        RuleMapping<T> mapping = new RuleMapping<>();
        mapping.run(mapper, yaml, tree.deepCopy(), origin, type);
        return mapping;
    }

    /** The mapped record, or null when an error left nothing that could be mapped. */
    T value() {
        return value;
    }

    /** Every error found, in the order found. */
    List<ParityException> problems() {
        return List.copyOf(problems);
    }

    /**
     * Whether a problem at {@code keyPath} could follow from an error already reported: the key, a
     * key inside it or the key around it was removed, or is the key a misspelt key meant.
     */
    boolean followsFromAnError(String keyPath) {
        return affected.stream().anyMatch(a -> within(keyPath, a) || within(a, keyPath));
    }

    private void run(ObjectMapper mapper, String yaml, JsonNode working, RuleOrigin origin, Class<T> type) {
        boolean modified = false;
        for (MappingErrors.Found empty : MappingErrors.emptyItems(working, origin)) {
            problems.add(empty.error());
            modified |= remove(working, empty.node());
        }
        Map<String, JsonLocation> values = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                value = modified ? mapper.readValue(mapper.treeAsTokens(working), type) : mapper.readValue(yaml, type);
                return;
            } catch (JsonProcessingException e) {
                if (values == null) {
                    values = valuePositions(mapper, yaml);
                }
                MappingErrors.Found found = MappingErrors.translate(e, working, origin, values);
                List<Object> node = found.node();
                if (!found.unknownKey() && causedByRemoval(e)) {
                    // Not an error of its own: drop what it is about, unreported.
                    node = MappingErrors.segments(((JsonMappingException) e).getPath());
                } else {
                    problems.add(found.error());
                    if (found.suggested() != null) {
                        affected.add(found.suggested());
                    }
                }
                if (node == null || node.isEmpty() || !remove(working, node)) {
                    return;
                }
                modified = true;
            } catch (IOException e) {
                throw new IllegalStateException("Cannot map rule text from memory", e);
            }
        }
    }

    /**
     * Whether a record's constructor failed only because of an earlier error: the one key its
     * message names was removed (or was what a removed unknown key meant), or, when it names no key
     * or several, any key inside the record was removed.
     */
    private boolean causedByRemoval(JsonProcessingException e) {
        if (!(e instanceof ValueInstantiationException failed)) {
            return false;
        }
        String record = MappingErrors.keyPath(failed.getPath());
        List<String> named = MappingErrors.keysNamed(failed);
        if (named.size() == 1) {
            String key = record.isEmpty() ? named.get(0) : record + "." + named.get(0);
            return affected.stream().anyMatch(a -> within(key, a) || within(a, key));
        }
        return !record.isEmpty() && removed.stream().anyMatch(r -> within(r, record));
    }

    /**
     * Removes the node at {@code node} from the tree; a list item that is not its list's last takes
     * the whole list with it. False when the node is not in the tree (already removed) or is the root.
     */
    private boolean remove(JsonNode tree, List<Object> node) {
        List<Object> at = node;
        while (!at.isEmpty()) {
            JsonNode parent = tree;
            for (Object segment : at.subList(0, at.size() - 1)) {
                parent = segment instanceof Integer i ? parent.get(i) : parent.get((String) segment);
                if (parent == null) {
                    return false;
                }
            }
            Object last = at.get(at.size() - 1);
            if (parent instanceof ObjectNode object && last instanceof String key && object.has(key)) {
                object.remove(key);
                return removed(at);
            }
            if (parent instanceof ArrayNode list && last instanceof Integer index && index < list.size()) {
                if (index == list.size() - 1) {
                    list.remove((int) index);
                    return removed(at);
                }
                at = at.subList(0, at.size() - 1);
                continue;
            }
            return false;
        }
        return false;
    }

    private boolean removed(List<Object> node) {
        String path = MappingErrors.keyPathOf(node);
        removed.add(path);
        affected.add(path);
        return true;
    }

    /** Whether {@code path} is {@code outer} or a key or item inside it. */
    private static boolean within(String path, String outer) {
        return path.equals(outer) || outer.isEmpty() || path.startsWith(outer + ".") || path.startsWith(outer + "[");
    }

    /** Where each value starts in the text, by key path: what the text's parser reports for it. */
    private static Map<String, JsonLocation> valuePositions(ObjectMapper mapper, String yaml) {
        Map<String, JsonLocation> positions = new HashMap<>();
        try (JsonParser parser = mapper.getFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isStructEnd()) {
                    continue;
                }
                boolean opens = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
                String path =
                        RuleOrigin.pathOf(opens ? parser.getParsingContext().getParent() : parser.getParsingContext());
                positions.putIfAbsent(path, parser.currentTokenLocation());
            }
        } catch (IOException e) {
            // The text was scanned without error before; positions found so far still locate.
        }
        return positions;
    }
}
