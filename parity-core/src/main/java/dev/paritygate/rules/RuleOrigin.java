package dev.paritygate.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Where each key of a rule was written, so an error found later (a key column missing from the
 * data, for example) can point at the line that caused it.
 *
 * <p>Key paths join mapping keys with dots and list positions with brackets: {@code pipeline},
 * {@code key[0]}, {@code checks.key_diff.mode}, {@code columns.amount.abs_tol}, {@code
 * left.jdbc.url}.
 *
 * @param file the rules file, as it was named when loaded (relative paths stay relative)
 * @param lines key path to 1-based line number; a list item maps to the line of the item
 * @param columns key path to 1-based column number of the key or list item
 */
public record RuleOrigin(Path file, Map<String, Integer> lines, Map<String, Integer> columns) {
    private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.(inf|nan)", Pattern.CASE_INSENSITIVE);

    public RuleOrigin {
        Objects.requireNonNull(file, "file");
        lines = lines == null ? Map.of() : Map.copyOf(lines);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    /** An origin without line information, for rules built in code rather than read from a file. */
    public static RuleOrigin of(Path file) {
        return new RuleOrigin(file, Map.of(), Map.of());
    }

    /** The line of exactly this key path, if it was written in the file. */
    public OptionalInt line(String keyPath) {
        Integer line = lines.get(keyPath);
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /**
     * Where {@code keyPath} was written, as a line without a column. When the key path itself was
     * not written (a default, or a key the user still has to add), the line is that of the nearest
     * enclosing key that was; empty when none was.
     */
    public Optional<RuleLocation> where(String keyPath) {
        for (String p = keyPath; p != null && !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return Optional.of(new RuleLocation(file.toString(), line, 0));
            }
        }
        return Optional.empty();
    }

    /**
     * A human-readable location such as {@code rules/orders.yaml:12 (key)}: {@link #where} the key
     * path, or only the file when nothing enclosing it was written. The requested key path is
     * always the one shown in parentheses.
     */
    public String locate(String keyPath) {
        return where(keyPath).map(at -> at.describe(keyPath)).orElseGet(() -> unlocated(keyPath));
    }

    /** Like {@link #where(String)} with the key's column, when the key itself was written. */
    Optional<RuleLocation> whereExactly(String keyWritten, String keyPathShown) {
        Integer line = lines.get(keyWritten);
        Integer column = columns.get(keyWritten);
        return line == null || column == null ? where(keyPathShown) : at(line, column);
    }

    /**
     * A place the parser reported, where it knows the exact token; empty for a line before the
     * first, which names no place. A column before the first is unknown.
     */
    Optional<RuleLocation> at(int line, int column) {
        return line < 1 ? Optional.empty() : Optional.of(new RuleLocation(file.toString(), line, Math.max(column, 0)));
    }

    /** The rules error at a place the parser reported: see {@link #at}. */
    ParityException invalidRule(int line, int column, String keyPath, String problem, String fix) {
        return invalidRule(at(line, column), keyPath, problem, fix);
    }

    /**
     * The rules error at {@code keyPath}, named as {@link #locate} names it and located by {@link
     * #where}: what an error found after loading (a column the data lacks, SQL that does not parse)
     * is reported as.
     */
    public ParityException invalidRule(String keyPath, String problem, String fix) {
        return invalidRule(where(keyPath), keyPath, problem, fix);
    }

    /**
     * The rules error at {@code at}, with {@code keyPath} in parentheses; named by the file (and key
     * path) alone, and carrying no location, when {@code at} is empty.
     */
    ParityException invalidRule(Optional<RuleLocation> at, String keyPath, String problem, String fix) {
        return at.map(a -> ParityErrors.invalidRule(a, keyPath, problem, fix))
                .orElseGet(() -> ParityErrors.invalidRule(unlocated(keyPath), problem, fix));
    }

    private String unlocated(String keyPath) {
        return keyPath == null || keyPath.isEmpty() ? file.toString() : file + " (" + keyPath + ")";
    }

    /** The enclosing key path: {@code a.b} for {@code a.b.c} and {@code a.b[2]}; empty at the top. */
    static String parent(String keyPath) {
        int cut = Math.max(keyPath.lastIndexOf('.'), keyPath.lastIndexOf('['));
        return cut <= 0 ? "" : keyPath.substring(0, cut);
    }

    /**
     * Reads every token of one YAML document and records the line of each key and list item.
     * Rejects an empty file, a top level that is not a mapping, a second document, a number that is
     * not finite ({@code .nan}, {@code .inf}) and a YAML alias ({@code *name}).
     *
     * @throws IOException on a YAML syntax error; the caller turns it into a located message
     */
    static RuleOrigin scan(Path file, JsonParser parser) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, Integer> columns = new HashMap<>();
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw ParityErrors.invalidRule(
                    file.toString(), "the file is empty", "Write a rule with at least pipeline, left, right and key");
        }
        if (first != JsonToken.START_OBJECT) {
            throw RuleOrigin.of(file)
                    .invalidRule(
                            parser.currentTokenLocation().getLineNr(),
                            0,
                            "",
                            "the top level is " + (first == JsonToken.START_ARRAY ? "a list" : "a single value")
                                    + ", not a mapping of rule keys",
                            "Start the file with keys such as 'pipeline: orders'");
        }
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            JsonStreamContext context = parser.getParsingContext();
            JsonLocation at = parser.currentTokenLocation();
            String path = null;
            if (token == JsonToken.FIELD_NAME) {
                rejectAlias(file, parser, at);
                path = pathOf(context);
            } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                JsonStreamContext enclosing = context.getParent();
                if (enclosing.inRoot()) {
                    throw secondDocument(file, at.getLineNr());
                }
                if (enclosing.inArray()) {
                    path = pathOf(enclosing);
                }
            } else if (!token.isStructEnd()) {
                if (context.inRoot()) {
                    throw secondDocument(file, at.getLineNr());
                }
                rejectAlias(file, parser, at);
                rejectNonFinite(file, parser, at);
                if (context.inArray()) {
                    path = pathOf(context);
                }
            }
            if (path != null && !lines.containsKey(path)) {
                lines.put(path, at.getLineNr());
                columns.put(path, at.getColumnNr());
            }
        }
        return new RuleOrigin(file, lines, columns);
    }

    /**
     * YAML reads {@code .nan} and {@code .inf} as numbers, which Jackson cannot parse: left alone
     * they fail later, unlocated, as an internal error. No rule setting accepts them.
     */
    private static void rejectNonFinite(Path file, JsonParser parser, JsonLocation at) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
                && NON_FINITE.matcher(parser.getText()).matches()) {
            throw RuleOrigin.of(file)
                    .invalidRule(
                            at.getLineNr(),
                            at.getColumnNr(),
                            pathOf(parser.getParsingContext()),
                            "expected a finite number, got '" + parser.getText() + "'",
                            "YAML reads .nan and .inf as not-a-number and infinity, which no rule setting accepts: write a"
                                    + " finite number, or quote the value if it is text");
        }
    }

    /**
     * The YAML parser reads an alias ({@code *orders}) as the text of its anchor's name, not as the
     * anchored value: {@code table: *orders} would compare the table {@code orders} whatever the
     * anchor holds, and {@code <<: *defaults} would be an unknown key. No rule setting is written so.
     */
    private static void rejectAlias(Path file, JsonParser parser, JsonLocation at) throws IOException {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            String anchor = parser.getText();
            throw RuleOrigin.of(file)
                    .invalidRule(
                            at.getLineNr(),
                            at.getColumnNr(),
                            pathOf(parser.getParsingContext()),
                            "YAML alias '*" + anchor + "' is not supported: the value would be read as the text '"
                                    + anchor + "'",
                            "Write the value out in full instead of the alias");
        }
    }

    private static ParityException secondDocument(Path file, int line) {
        return RuleOrigin.of(file)
                .invalidRule(
                        line,
                        0,
                        "",
                        "the file holds more than one YAML document",
                        "Write one rule per file and remove the '---' separator");
    }

    /** The key path of the parser's current position. */
    static String pathOf(JsonStreamContext context) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            } else if (c.getCurrentName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(c.getCurrentName());
            }
        }
        return path.toString();
    }
}
