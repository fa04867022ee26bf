package dev.paritygate.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads rules files: one YAML file per pipeline, keys in {@code snake_case}.
 *
 * <p>Loading is strict. An unknown key, a value of the wrong type (a tolerance written as text,
 * a number where {@code true}/{@code false} is expected), a YAML syntax error, a missing required
 * key and every semantic problem (two sources on one side, a bad time zone, a password in a JDBC
 * URL, an unknown {@code ${...}} placeholder) are reported as a {@link dev.paritygate.ParityException}
 * of kind {@code USAGE} whose message names the file, the line, the key path and the fix:
 *
 * <pre>
 * Invalid rule at rules/orders.yaml:14:5 (checks.key_diff): unknown key 'max_mismatch_rat'.
 * Did you mean 'max_mismatch_rate'? Valid keys: allow_duplicates, enabled, ...
 * </pre>
 *
 * <p>A file with several errors names each of them on a line of its own, in file order; an error
 * that only follows from another (the required key a misspelt key was meant to be) is left out.
 *
 * <p>Enum values are case-insensitive ({@code blocking}, {@code pruned}, {@code saturday}).
 *
 * <p>Loading needs no Spark. A side's {@code schema} (Spark DDL) is checked by a {@link SchemaDdl}:
 * the forms given one use it ({@code parity validate-rules DIR} is {@link #load(Path, SchemaDdl)}
 * with {@code SparkSchemaDdl.PARSER}, which parses without a session); the forms given none, such as
 * {@link #load(Path)}, use the parser installed as a {@link java.util.ServiceLoader} provider of
 * {@code SchemaDdl}, which is Spark's whenever Spark is on the classpath, and otherwise
 * {@link SchemaDdl#UNCHECKED}, so that a schema that does not parse fails only when its side is read.
 */
public final class RuleLoader {
    private static final YAMLMapper MAPPER = newMapper();
    /**
     * Project-wide defaults in a rules directory: today the {@code gate:} policy. A rule's own
     * {@code gate} keys win; keys it does not write come from this file, then from the built-in
     * defaults. Files whose name starts with {@code _} are not rules.
     */
    public static final String DEFAULTS_FILE = "_defaults.yaml";

    /**
     * Errors listed per file at most; one more line counts the rest. A file that far off is
     * better fixed from the top than read error by error.
     */
    public static final int MAX_ERRORS_PER_FILE = 20;

    /**
     * The order a file's rules errors are listed in: by line, then column (unknown first); an error
     * that names no line comes first.
     */
    public static final Comparator<ParityException> FILE_ORDER = Comparator.comparing(
            (ParityException e) -> e.location().orElse(null),
            Comparator.nullsFirst(Comparator.comparingInt(RuleLocation::line).thenComparingInt(RuleLocation::column)));

    private RuleLoader() {}

    /**
     * Loads a single rules file, or every {@code *.yaml} and {@code *.yml} file directly inside a
     * directory (sorted by file name).
     *
     * <p>A single file takes the {@value #DEFAULTS_FILE} beside it, when there is one, as the files
     * of its directory do: naming one file changes which rules are loaded, not what they say.
     *
     * <p>For a directory, every pipeline name must be unique and every {@code upstream} must name
     * a pipeline of the directory. Upstream cycles are rejected in both cases; a single file's
     * upstream pipelines live elsewhere and are not checked.
     *
     * <p>Every file of a directory is read before any error is thrown, so one error names every
     * problem of each bad file (at most {@link #MAX_ERRORS_PER_FILE}), one per line, file by file;
     * the checks across files run only when every file is valid on its own.
     *
     * <p>Each side's {@code schema} is checked by Spark's DDL parser when Spark is on the classpath
     * (see the class comment); pass {@link SchemaDdl#UNCHECKED} to {@link #load(Path, SchemaDdl)}
     * for no check.
     */
    public static RuleSet load(Path fileOrDirectory) {
        return load(fileOrDirectory, InstalledSchemaDdl.INSTANCE);
    }

    /**
     * As {@link #load(Path)}, and each side's {@code schema} is checked by {@code schemaDdl}, so
     * that a schema the engine cannot parse is an error at its line.
     */
    public static RuleSet load(Path fileOrDirectory, SchemaDdl schemaDdl) {
        requireExists(fileOrDirectory);
        if (!Files.isDirectory(fileOrDirectory)) {
            // The policy a rule inherits is that of its directory, however the file was named.
            ProjectDefaults defaults = loadDefaults(fileOrDirectory.resolveSibling(DEFAULTS_FILE));
            return new RuleSet(List.of(defaults.applyTo(loadFile(fileOrDirectory, schemaDdl))));
        }
        List<ParityException> problems = new ArrayList<>();
        ProjectDefaults defaults = ProjectDefaults.NONE;
        try {
            defaults = loadDefaults(fileOrDirectory.resolve(DEFAULTS_FILE));
        } catch (ParityException e) {
            problems.add(e);
        }
        List<LoadedRule> rules = new ArrayList<>();
        for (Path file : rulesFiles(fileOrDirectory)) {
            try {
                rules.add(defaults.applyTo(loadFile(file, schemaDdl)));
            } catch (ParityException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw ParityErrors.invalidRulesFiles(problems);
        }
        RuleSet.requireUniquePipelines(rules);
        RuleSet.requireKnownUpstreams(rules);
        RuleSet.requireUniqueViews(rules, fileOrDirectory.resolve(DEFAULTS_FILE));
        return new RuleSet(rules);
    }

    private static void requireExists(Path fileOrDirectory) {
        if (!Files.exists(fileOrDirectory)) {
            throw ParityErrors.cannotReadRules(
                    fileOrDirectory.toString(),
                    "no such file or directory",
                    "Pass a rules file (*.yaml) or a directory of rules files",
                    null);
        }
    }

    /**
     * Loads a rules file or directory file by file: an invalid file is set aside with its errors
     * instead of failing the rest, so that one team's typo costs only its own pipeline.
     *
     * <p>Each file is read as {@link #load(Path, SchemaDdl)} reads it, then checked by {@code
     * moreChecks} (the rule's SQL, say), whose problems make the file invalid too. The checks across
     * files then apply to the valid ones:
     *
     * <ul>
     *   <li>a pipeline name that two files give (an invalid file's readable {@code pipeline:}
     *       included) makes every file giving it invalid: which one is meant is unknown;
     *   <li>an {@code upstream} naming no pipeline makes its file invalid, unless an invalid file's
     *       pipeline could not be read (it may be that one; the check runs once that file is fixed);
     *       an upstream whose own file is invalid is known, and its downstream stays valid;
     *   <li>a view two rules route makes both invalid, each naming the other;
     *   <li>a rule on an upstream cycle is invalid.
     * </ul>
     *
     * @throws ParityException (USAGE) when the path does not exist, or a directory holds no rules
     *     files or cannot be listed
     */
    public static RuleFiles loadEach(
            Path fileOrDirectory, SchemaDdl schemaDdl, Function<LoadedRule, List<ParityException>> moreChecks) {
        requireExists(fileOrDirectory);
        boolean directory = Files.isDirectory(fileOrDirectory);
        Path defaultsFile =
                directory ? fileOrDirectory.resolve(DEFAULTS_FILE) : fileOrDirectory.resolveSibling(DEFAULTS_FILE);
        ProjectDefaults defaults = ProjectDefaults.NONE;
        Optional<ParityException> defaultsError = Optional.empty();
        try {
            defaults = loadDefaults(defaultsFile);
        } catch (ParityException e) {
            defaultsError = Optional.of(e);
        }
        List<LoadedRule> rules = new ArrayList<>();
        Map<Path, InvalidRuleFile> invalid = new LinkedHashMap<>();
        for (Path file : directory ? rulesFiles(fileOrDirectory) : List.of(fileOrDirectory)) {
            try {
                LoadedRule rule = defaults.applyTo(loadFile(file, schemaDdl));
                List<ParityException> problems = moreChecks.apply(rule);
                if (problems.isEmpty()) {
                    rules.add(rule);
                } else {
                    invalid.put(
                            file,
                            new InvalidRuleFile(
                                    file,
                                    Optional.of(rule.pipeline()),
                                    ParityErrors.invalidRuleFile(file.toString(), problems, MAX_ERRORS_PER_FILE)));
                }
            } catch (ParityException e) {
                invalid.put(file, new InvalidRuleFile(file, pipelineNamedIn(file), e));
            }
        }
        CrossFileChecks checks = new CrossFileChecks(rules, invalid.values(), defaultsFile);
        if (directory) {
            checks.uniquePipelines();
            checks.knownUpstreams();
            checks.uniqueViews();
        }
        checks.noCycles();
        Map<Path, InvalidRuleFile> all = new java.util.TreeMap<>(invalid);
        checks.invalid().forEach(f -> all.merge(f.file(), f, (a, b) -> a));
        List<LoadedRule> valid =
                rules.stream().filter(r -> !all.containsKey(r.origin().file())).toList();
        List<InvalidRuleFile> inFileOrder = all.values().stream()
                .sorted(Comparator.comparing(f -> f.file().getFileName().toString()))
                .toList();
        return new RuleFiles(new RuleSet(valid), inFileOrder, defaultsError);
    }

    /**
     * The pipeline an invalid file names, when its YAML reads and its {@code pipeline:} is a valid
     * name: its night can then be recorded as a rules error rather than as a missing date. Lines too
     * long for a rule are left out first: the YAML reader would take seconds over them.
     */
    private static Optional<String> pipelineNamedIn(Path file) {
        try {
            Optional<String> yaml = RuleText.withoutLongLines(RuleText.read(file));
            if (yaml.isEmpty()) {
                return Optional.empty();
            }
            JsonNode name = MAPPER.readTree(yaml.get()).get("pipeline");
            return name != null
                            && name.isTextual()
                            && RuleValidator.PIPELINE_NAME
                                    .matcher(name.asText())
                                    .matches()
                    ? Optional.of(name.asText())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Loads and validates one rules file, each side's {@code schema} checked by Spark's DDL parser
     * when Spark is on the classpath.
     */
    public static LoadedRule loadFile(Path file) {
        return loadFile(file, InstalledSchemaDdl.INSTANCE);
    }

    /** Loads and validates one rules file, each side's {@code schema} checked by {@code schemaDdl}. */
    public static LoadedRule loadFile(Path file, SchemaDdl schemaDdl) {
        return parse(read(file), file, schemaDdl);
    }

    /**
     * Parses and validates rule text. {@code file} only names the text in error messages and in
     * the returned origin; nothing is read from it. Each side's {@code schema} is checked by Spark's
     * DDL parser when Spark is on the classpath.
     */
    public static LoadedRule parse(String yaml, Path file) {
        return parse(yaml, file, InstalledSchemaDdl.INSTANCE);
    }

    /**
     * As {@link #parse(String, Path)}, each side's {@code schema} checked by {@code schemaDdl}.
     *
     * <p>Every independent error of the text is reported, one per line in file order (by line,
     * then column), at most {@link #MAX_ERRORS_PER_FILE}. A YAML syntax error, an empty file, a top
     * level that is not a mapping, a second document or a value that is not finite is reported
     * alone: the rest of the text cannot be read as rule keys.
     */
    public static LoadedRule parse(String yaml, Path file, SchemaDdl schemaDdl) {
        requireNone(RuleText.problems(yaml, file), file);
        RuleOrigin origin = scan(yaml, file);
        RuleMapping<Rule> mapping = RuleMapping.map(MAPPER, yaml, tree(yaml, file), origin, Rule.class);
        List<ParityException> problems = new ArrayList<>(mapping.problems());
        if (mapping.value() != null) {
            problems.addAll(RuleValidator.problems(mapping.value(), origin, schemaDdl, mapping::followsFromAnError));
        }
        requireNone(problems, file);
        return new LoadedRule(mapping.value(), origin);
    }

    private static ProjectDefaults loadDefaults(Path file) {
        if (!Files.isRegularFile(file)) {
            return ProjectDefaults.NONE;
        }
        String yaml = read(file);
        requireNone(RuleText.problems(yaml, file), file);
        // Scanned first: the scan reports a syntax error at its line; tree() expects text that parses.
        RuleOrigin origin = scan(yaml, file);
        RuleMapping<ProjectDefaults> mapping =
                RuleMapping.map(MAPPER, yaml, tree(yaml, file), origin, ProjectDefaults.class);
        requireNone(mapping.problems(), file);
        return mapping.value();
    }

    /** Throws the problems of one file, if any, in file order: by line, then column. */
    private static void requireNone(List<ParityException> problems, Path file) {
        if (problems.isEmpty()) {
            return;
        }
        List<ParityException> inOrder = problems.stream().sorted(FILE_ORDER).toList();
        throw ParityErrors.invalidRuleFile(file.toString(), inOrder, MAX_ERRORS_PER_FILE);
    }

    private static String read(Path file) {
        return RuleText.read(file);
    }

    /** The YAML tree of text that {@link #scan} has already parsed. */
    private static JsonNode tree(String yaml, Path file) {
        try {
            return MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            // scan() parsed the same text without error, so this is a bug, not a user error.
            throw new IllegalStateException("Cannot re-read " + file + " after scanning it", e);
        }
    }

    private static RuleOrigin scan(String yaml, Path file) {
        try (JsonParser parser = MAPPER.getFactory().createParser(yaml)) {
            try {
                return RuleOrigin.scan(file, parser);
            } catch (JsonProcessingException e) {
                throw MappingErrors.syntaxError(
                        e, RuleOrigin.pathOf(parser.getParsingContext()), parser.currentLocation(), file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read rule text of " + file + " from memory", e);
        }
    }

    private static List<Path> rulesFiles(Path directory) {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return !name.startsWith("_") && (name.endsWith(".yaml") || name.endsWith(".yml"));
                    })
                    .sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw ParityErrors.cannotReadRules(
                    directory.toString(), "the directory cannot be listed", "Check its permissions", e);
        }
        if (files.isEmpty()) {
            throw ParityErrors.cannotReadRules(
                    directory.toString(),
                    "the directory holds no *.yaml or *.yml files",
                    "Add one rules file per pipeline, or pass the right directory",
                    null);
        }
        return files;
    }

    private static YAMLMapper newMapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                // YAML silently keeps the last of two equal keys; a rules file must not.
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("parity-rules").addDeserializer(boolean.class, new PrimitiveBoolean()))
                .build();
        // A number or a boolean written as text ("10", "true") is a mistake, not a value.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Primitive {@code boolean} components ({@code ColumnOptions.trim}): an absent key is false,
     * an explicit empty value is an error. Jackson's own deserializer, with
     * FAIL_ON_NULL_FOR_PRIMITIVES, also rejects the absent key.
     */
    private static final class PrimitiveBoolean extends StdScalarDeserializer<Boolean> {
        PrimitiveBoolean() {
            super(Boolean.TYPE);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            if (p.currentToken() == JsonToken.VALUE_FALSE) {
                return Boolean.FALSE;
            }
            return (Boolean) ctxt.handleUnexpectedToken(Boolean.TYPE, p);
        }

        @Override
        public Boolean getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return ctxt.reportInputMismatch(this, "Cannot map `null` into type `boolean`");
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return Boolean.FALSE;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Boolean;
        }
    }
}
