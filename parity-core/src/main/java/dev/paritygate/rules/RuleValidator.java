package dev.paritygate.rules;

import dev.paritygate.ParityException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a deserialised rule for problems a type cannot express; every error names its line.
 *
 * <p>Independent checks each report their own error: the pipeline name, each side, each key
 * column, each duplicate check name, each type change, each time zone and placeholder. Within one
 * side the source checks stop at the first error, since what follows (format, the JDBC
 * settings) depends on which source it is.
 */
final class RuleValidator {
    static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(?<![a-z0-9_])(password|pwd)\\s*=");
    private static final Pattern PASSWORD_VALUE = Pattern.compile("(?i)((?<![a-z0-9_])(?:password|pwd)\\s*=)[^&;]*");
    private static final String ONE_SOURCE = "Set exactly one of path (with format), table, query or jdbc";

    private static final String DDL_EXAMPLE = "'id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING'";
    private static final String CAST_INSTEAD = "To compare a column as another type, cast it in the side's transforms,"
            + " for example 'amount: CAST(amount AS DECIMAL(12,2))'";

    private final Rule rule;
    private final RuleOrigin origin;
    private final SchemaDdl schemaDdl;
    private final Predicate<String> followsFromAnError;
    private final List<ParityException> problems = new ArrayList<>();
    /** Errors at a key whose problem follows from a mapping error already reported: not shown. */
    private final Set<ParityException> hidden = Collections.newSetFromMap(new IdentityHashMap<>());

    private RuleValidator(Rule rule, RuleOrigin origin, SchemaDdl schemaDdl, Predicate<String> followsFromAnError) {
        this.rule = rule;
        this.origin = origin;
        this.schemaDdl = schemaDdl;
        this.followsFromAnError = followsFromAnError;
    }

    /**
     * Every independent problem of the rule, in the order checked. A problem at a key path for
     * which {@code followsFromAnError} holds is left out: the key was dropped after a mapping error.
     */
    static List<ParityException> problems(
            Rule rule, RuleOrigin origin, SchemaDdl schemaDdl, Predicate<String> followsFromAnError) {
        RuleValidator validator = new RuleValidator(rule, origin, schemaDdl, followsFromAnError);
        validator.validate();
        return List.copyOf(validator.problems);
    }

    /** Runs one check, which throws at its first problem, and records that problem. */
    private void check(Runnable check) {
        try {
            check.run();
        } catch (ParityException e) {
            report(e);
        }
    }

    private void report(ParityException e) {
        if (!hidden.contains(e)) {
            problems.add(e);
        }
    }

    private void validate() {
        check(this::pipeline);
        check(() -> source("left", rule.left(), "legacy"));
        check(() -> source("right", rule.right(), "new (cloud)"));
        check(() -> placeholders("where", rule.where()));
        check(this::key);
        uniqueChecks(
                "kpis.name",
                rule.kpis().stream().map(KpiSpec::name).toList(),
                "kpi:",
                "kpi name",
                "Give each KPI its own name");
        uniqueChecks(
                "distributions.column",
                rule.distributions().stream().map(DistributionSpec::column).toList(),
                "distribution:",
                "distribution of column",
                "Keep one entry per column");
        uniqueChecks(
                "distinct.column",
                rule.distinct().stream().map(DistinctSpec::column).toList(),
                "distinct:",
                "distinct count of column",
                "Keep one entry per column");
        check(this::comparesSomething);
        typeChanges();
        for (Map.Entry<String, ColumnOptions> column : rule.columns().entrySet()) {
            String path = "columns." + column.getKey();
            check(() -> zone(path + ".left_time_zone", column.getValue().leftTimeZone()));
            check(() -> zone(path + ".right_time_zone", column.getValue().rightTimeZone()));
            check(() -> mismatchTolerance(column.getKey(), column.getValue()));
        }
    }

    /**
     * A column's mismatch keys, completed by those of {@code checks.columns}, must form a valid
     * tolerance. The error is at the key its message names when the column writes it, else at the
     * column's key that it conflicts with (the defaults alone were checked when they were read).
     */
    private void mismatchTolerance(String column, ColumnOptions options) {
        try {
            rule.checks().columns().mismatchTolerance(column, options);
        } catch (InvalidKeyValue e) {
            String path = "columns." + column + ".";
            String named = e.key();
            String unit = named.substring(named.lastIndexOf('_'));
            String counterpart = (named.startsWith("warn") ? "max_mismatch" : "warn_mismatch") + unit;
            boolean own = origin.line(path + named).isPresent();
            throw error(
                    path + (own ? named : counterpart),
                    MappingErrors.decapitalize(e.getMessage()),
                    own ? null : "This column takes " + named + " from checks.columns; set its own " + named + " too");
        }
    }

    /** A rule whose run would give no verdict would pass every night having compared nothing. */
    private void comparesSomething() {
        if (!rule.comparesNothing()) {
            return;
        }
        if (rule.checks().columns().enabled()) {
            throw error(
                    "checks.key_diff.mode",
                    "the only enabled checks are the column checks, which key_diff.mode 'estimate' never computes"
                            + " (it joins nothing), so a run would compare nothing and pass",
                    "Set key_diff.mode to pruned or full, or enable another check");
        }
        throw error(
                "checks",
                "every check is disabled, so a run would compare nothing and pass",
                "Enable at least one check, or add a kpi, distribution or distinct check");
    }

    private void pipeline() {
        String name = rule.pipeline();
        if (name == null || name.isBlank()) {
            throw error(
                    "pipeline", "missing required key 'pipeline'", "Name the pipeline, for example 'pipeline: orders'");
        }
        if (!PIPELINE_NAME.matcher(name).matches()) {
            throw error(
                    "pipeline",
                    "invalid pipeline name '" + name + "'",
                    "Use only letters, digits, '_', '.' and '-', for example 'sales.orders_daily'");
        }
    }

    private void source(String side, SourceSpec source, String role) {
        if (source == null) {
            throw error(side, "missing required key '" + side + "'", "Describe the " + role + " side. " + ONE_SOURCE);
        }
        List<String> set = new ArrayList<>();
        addIfSet(set, side, "path", source.path());
        addIfSet(set, side, "table", source.table());
        addIfSet(set, side, "query", source.query());
        if (source.jdbc() != null) {
            set.add("jdbc");
        }
        if (set.isEmpty()) {
            throw error(side, "the " + side + " side sets none of path, table, query, jdbc", ONE_SOURCE);
        }
        if (set.size() > 1) {
            throw error(side + "." + set.get(1), "the " + side + " side sets " + quotedList(set), ONE_SOURCE);
        }
        if (source.path() != null) {
            if (source.format() == null) {
                throw error(
                        side + ".format",
                        "missing 'format' for the path source",
                        "Set format to one of " + String.join(", ", SourceSpec.FILE_FORMATS));
            }
            if (!SourceSpec.FILE_FORMATS.contains(source.format())) {
                throw error(
                        side + ".format",
                        "unknown format '" + source.format() + "'",
                        Suggestions.didYouMean(source.format(), SourceSpec.FILE_FORMATS) + "Allowed: "
                                + String.join(", ", SourceSpec.FILE_FORMATS));
            }
        } else if (source.format() != null) {
            throw error(
                    side + ".format",
                    "'format' applies only to a path source, not to " + set.get(0),
                    "Remove format, or read a path instead");
        }
        String kind = set.get(0);
        check(() -> schema(side, source, kind));
        check(() -> placeholders(side + ".path", source.path()));
        check(() -> placeholders(side + ".table", source.table()));
        check(() -> placeholders(side + ".query", source.query()));
        check(() -> placeholders(side + ".filter", source.filter()));
        check(() -> zone(side + ".time_zone", source.timeZone()));
        if (source.jdbc() != null) {
            check(() -> jdbc(side + ".jdbc", source.jdbc()));
        }
    }

    private void schema(String side, SourceSpec source, String kind) {
        String ddl = source.schema();
        if (ddl == null) {
            return;
        }
        String key = side + ".schema";
        String only = "'schema' applies only to a " + String.join(" or ", SourceSpec.SCHEMA_FORMATS) + " path, not to ";
        if (ddl.isBlank()) {
            throw error(key, "'schema' is empty", "Give it a value or remove it");
        }
        if (kind.equals("jdbc")) {
            throw error(
                    key,
                    only + "a jdbc source",
                    "Remove schema: to choose the types Spark reads, set the JDBC reader's option instead, for"
                            + " example 'options: { customSchema: \"id BIGINT\" }'");
        }
        if (!kind.equals("path")) {
            throw error(
                    key,
                    only + "a " + kind + " source",
                    "Remove schema: a " + kind + " carries its own column types. " + CAST_INSTEAD);
        }
        if (!SourceSpec.SCHEMA_FORMATS.contains(source.format())) {
            throw error(
                    key,
                    only + "format " + source.format(),
                    "Remove schema: " + source.format() + " files carry their own column types. " + CAST_INSTEAD);
        }
        schemaDdl.problem(ddl).ifPresent(reason -> {
            throw error(
                    key,
                    "invalid schema '" + ddl + "': " + reason,
                    "Write Spark DDL column definitions separated by commas, for example " + DDL_EXAMPLE);
        });
    }

    private void addIfSet(List<String> set, String side, String key, String value) {
        if (value == null) {
            return;
        }
        if (value.isBlank()) {
            throw error(side + "." + key, "'" + key + "' is empty", "Give it a value or remove it");
        }
        set.add(key);
    }

    private void jdbc(String path, JdbcSpec jdbc) {
        if (jdbc.url() == null || jdbc.url().isBlank()) {
            throw error(
                    path + ".url",
                    "missing required key 'url' of the jdbc source",
                    "Give the JDBC URL, for example 'url: jdbc:postgresql://db:5432/dwh'");
        }
        if (PASSWORD_IN_URL.matcher(jdbc.url()).find()) {
            throw error(
                    path + ".url",
                    "the JDBC URL contains a password ("
                            + PASSWORD_VALUE.matcher(jdbc.url()).replaceAll("$1***") + ")",
                    "A password must never be in a rules file: remove it from the URL and name an environment"
                            + " variable in password_env, or a file in password_file");
        }
        if (jdbc.table() == null && jdbc.query() == null) {
            throw error(path, "the jdbc source sets neither 'table' nor 'query'", "Set exactly one of them");
        }
        if (jdbc.table() != null && jdbc.query() != null) {
            throw error(path + ".query", "the jdbc source sets both 'table' and 'query'", "Set exactly one of them");
        }
        placeholders(path + ".table", jdbc.table());
        placeholders(path + ".query", jdbc.query());
        if (jdbc.passwordEnv() != null && jdbc.passwordFile() != null) {
            throw error(
                    path + ".password_file",
                    "the jdbc source sets both 'password_env' and 'password_file'",
                    "Set only one of them");
        }
        if (jdbc.partitionColumn() != null) {
            List<String> missing = new ArrayList<>();
            if (jdbc.lowerBound() == null) {
                missing.add("lower_bound");
            }
            if (jdbc.upperBound() == null) {
                missing.add("upper_bound");
            }
            if (jdbc.numPartitions() == null) {
                missing.add("num_partitions");
            }
            if (!missing.isEmpty()) {
                throw error(
                        path + ".partition_column",
                        "partition_column '" + jdbc.partitionColumn() + "' needs lower_bound, upper_bound and"
                                + " num_partitions; missing: " + String.join(", ", missing),
                        "Set all three, or remove partition_column to read through one connection");
            }
        } else if (jdbc.lowerBound() != null || jdbc.upperBound() != null) {
            throw error(
                    path + (jdbc.lowerBound() != null ? ".lower_bound" : ".upper_bound"),
                    "lower_bound and upper_bound apply only with partition_column",
                    "Add partition_column, or remove the bounds");
        }
        positive(path + ".num_partitions", jdbc.numPartitions());
        positive(path + ".fetch_size", jdbc.fetchSize());
    }

    private void positive(String path, Integer value) {
        if (value != null && value < 1) {
            throw error(path, "invalid value " + value, "Use a number of at least 1");
        }
    }

    private void key() {
        List<String> key = rule.key();
        if (key.isEmpty()) {
            throw error(
                    "key",
                    origin.line("key").isPresent() ? "'key' is empty" : "missing required key 'key'",
                    "List the columns that identify a row, for example 'key: [order_id]'");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < key.size(); i++) {
            String column = key.get(i);
            if (column.isBlank()) {
                report(error("key[" + i + "]", "empty key column name", "Name a column or remove the item"));
                continue;
            }
            Integer first = seen.putIfAbsent(normalise(column), i);
            if (first != null) {
                report(error(
                        "key[" + i + "]",
                        "key column '" + column + "' is listed twice (also as key[" + first + "] '" + key.get(first)
                                + "')",
                        rule.caseSensitive()
                                ? "Remove the duplicate"
                                : "Remove the duplicate; column names match case-insensitively unless"
                                        + " case_sensitive: true"));
            }
        }
        for (String column : key) {
            String written = rule.columnKey(column).orElse(null);
            String tolerance = written == null
                    ? null
                    : rule.columns().get(written).toleranceKey().orElse(null);
            if (tolerance != null) {
                report(error(
                        "columns." + written + "." + tolerance,
                        "key column '" + column + "' has a tolerance, and rows are joined on equal keys",
                        "Remove " + tolerance + " from columns." + written + "; tolerances apply to compared"
                                + " columns"));
            }
        }
        List<String> ignore = rule.ignore();
        for (int i = 0; i < ignore.size(); i++) {
            Integer keyIndex = seen.get(normalise(ignore.get(i)));
            if (keyIndex != null) {
                report(error(
                        "ignore[" + i + "]",
                        "key column '" + key.get(keyIndex) + "' is also in ignore",
                        "A key column is always compared; remove it from ignore"));
            }
        }
    }

    /**
     * Rejects two entries of a list whose verdicts would carry the same check name: the fused pass
     * keys their results by that name, so the second entry's numbers would be reported for both,
     * and {@code waive --check} could not tell them apart. The check name is the prefix plus the
     * value exactly as written, so only exactly equal values collide. {@code listDotField} is
     * {@code kpis.name}: the list's key and the item key holding the value.
     */
    private void uniqueChecks(String listDotField, List<String> values, String prefix, String what, String fix) {
        int dot = listDotField.indexOf('.');
        String list = listDotField.substring(0, dot);
        String field = listDotField.substring(dot);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            Integer first = seen.putIfAbsent(values.get(i), i);
            if (first != null) {
                String firstPath = list + "[" + first + "]" + field;
                OptionalInt firstLine = origin.line(firstPath);
                report(error(
                        list + "[" + i + "]" + field,
                        "duplicate " + what + " '" + values.get(i) + "': " + firstPath
                                + (firstLine.isPresent() ? " at line " + firstLine.getAsInt() : "")
                                + " has it too, and both would report as check '" + prefix + values.get(i) + "'",
                        fix));
            }
        }
    }

    /** An entry the schema check cannot read, or whose type no column can have, would never apply. */
    private void typeChanges() {
        List<String> changes = rule.checks().schema().allowTypeChanges();
        for (int i = 0; i < changes.size(); i++) {
            String path = "checks.schema.allow_type_changes[" + i + "]";
            String entry = changes.get(i);
            check(() -> typeChange(path, entry));
        }
    }

    private void typeChange(String path, String entry) {
        TypeChange change = TypeChange.parse(entry)
                .orElseThrow(() -> error(
                        path,
                        "invalid type change '" + entry + "'",
                        respeltTypeChange(entry)
                                        .map(s -> "Did you mean '" + s + "'? ")
                                        .orElse("") + "Write it as from->to, for example int->bigint"));
        for (String type : List.of(change.from(), change.to())) {
            if (!SchemaTypes.isKnown(type)) {
                throw error(
                        path,
                        "unknown type '" + type + "' in type change '" + entry + "'",
                        Suggestions.didYouMean(type, SchemaTypes.names()) + "Use a type name ("
                                + String.join(", ", SchemaTypes.baseTypes()) + ", with or without parameters"
                                + " such as decimal(12,2)), a family (" + String.join(", ", SchemaTypes.families())
                                + "), numeric or *");
            }
        }
    }

    /** {@code int->string} for {@code int=>string} or {@code int to string}, when both names are known. */
    private static Optional<String> respeltTypeChange(String entry) {
        for (String arrow : List.of("=>", "→", ">", "=", ":", ",", " to ", "-")) {
            String[] parts = entry.strip().split(Pattern.quote(arrow), -1);
            if (parts.length == 2) {
                String from = parts[0].strip().toLowerCase(Locale.ROOT);
                String to = parts[1].strip().toLowerCase(Locale.ROOT);
                if (SchemaTypes.isKnown(from) && SchemaTypes.isKnown(to)) {
                    return Optional.of(from + "->" + to);
                }
            }
        }
        return Optional.empty();
    }

    private String normalise(String column) {
        return rule.caseSensitive() ? column : column.toLowerCase(Locale.ROOT);
    }

    private void placeholders(String path, String text) {
        if (text == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!m.group(1).equals("run_date")) {
                throw error(
                        path,
                        "unknown placeholder '" + m.group() + "'",
                        "The only placeholder is ${run_date}, replaced by the run's --run-date (YYYY-MM-DD)");
            }
        }
    }

    private void zone(String path, String zone) {
        if (zone == null) {
            return;
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw error(
                    path,
                    "unknown time zone '" + zone + "'",
                    Suggestions.didYouMean(zone, ZoneId.getAvailableZoneIds())
                            + "Use a region such as Europe/Paris, UTC, or an offset such as +01:00");
        }
    }

    private static String quotedList(List<String> keys) {
        List<String> quoted = keys.stream().map(k -> "'" + k + "'").toList();
        if (quoted.size() == 2) {
            return "both " + quoted.get(0) + " and " + quoted.get(1);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    private ParityException error(String keyPath, String problem, String fix) {
        ParityException error = origin.invalidRule(keyPath, problem, fix);
        if (followsFromAnError.test(keyPath)) {
            hidden.add(error);
        }
        return error;
    }
}
