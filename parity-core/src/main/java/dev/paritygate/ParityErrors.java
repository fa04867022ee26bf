package dev.paritygate;

import dev.paritygate.ParityException.Kind;
import dev.paritygate.check.Counted;
import java.util.List;

/**
 * The only place {@link ParityException}s are created. Each message states the problem, its cause
 * and the fix.
 */
public final class ParityErrors {
    /** Longest reason quoted: a root cause can hold a whole file listing or plan on one line. */
    private static final int REASON_MAX = 500;

    /** Longest rule SQL quoted back in a message. */
    private static final int SQL_MAX = 200;

    /** How Spark's generic wrappers start: they say a task or thread failed, not why. */
    private static final java.util.List<String> WRAPPER_MESSAGES =
            java.util.List.of("Job aborted due to stage failure", "Exception thrown in awaitResult");

    /**
     * Spark 4's failed read that names only the file, in its {@code path} parameter; the reason is
     * its cause, such as a malformed record under mode FAILFAST
     * ({@code MALFORMED_RECORD_IN_PARSING.*}) or a CSV header that is not the declared schema's.
     */
    private static final String READ_FAILED_NO_HINT = "FAILED_READ_FILE.NO_HINT";

    /** Spark 4.1's CSV header check ({@code CSVHeaderChecker}, under {@code enforceSchema=false}). */
    private static final String CSV_HEADER_CONDITION = "_LEGACY_ERROR_TEMP_3241";

    /** How the CSV header check's message starts, in Spark 3 and 4.1 alike: see {@link #isCsvHeaderMismatch}. */
    private static final String CSV_HEADER_TEXT = "CSV header does not conform to the schema";

    private ParityErrors() {}

    /**
     * A rules file is invalid where {@code location} says, in words: the file, perhaps with a key
     * path ({@code rules/orders.yaml (pipeline)}). The error carries no {@link RuleLocation}; use
     * {@link #invalidRule(RuleLocation, String, String, String)} when the line is known.
     */
    public static ParityException invalidRule(String location, String problem, String fix) {
        return new ParityException(Kind.USAGE, invalidRuleMessage(location, problem, fix), null);
    }

    /**
     * A rules file is invalid at a known line: the message names {@code at} and then {@code
     * keyPath} in parentheses ({@code rules/orders.yaml:14:5 (checks.key_diff)}; no parentheses for
     * an empty key path), and the error carries {@code at} as its {@link ParityException#location()}.
     */
    public static ParityException invalidRule(RuleLocation at, String keyPath, String problem, String fix) {
        return new ParityException(Kind.USAGE, invalidRuleMessage(at.describe(keyPath), problem, fix), null, at);
    }

    private static String invalidRuleMessage(String location, String problem, String fix) {
        return "Invalid rule at " + location + ": " + problem + (fix == null ? "" : ". " + fix);
    }

    /**
     * One rules file has several errors: each on a line of its own, in the order given (file order),
     * at most {@code shown} of them, then one line counting the rest. One error is returned unchanged.
     */
    public static ParityException invalidRuleFile(String file, java.util.List<ParityException> errors, int shown) {
        if (errors.size() == 1) {
            return errors.get(0);
        }
        java.util.List<String> lines = new java.util.ArrayList<>();
        errors.stream().limit(shown).forEach(e -> lines.add(oneLine(e)));
        int more = errors.size() - Math.min(shown, errors.size());
        if (more > 0) {
            lines.add("... and " + Counted.of(more, "more error", "more errors") + " in " + file);
        }
        ParityException all = new ParityException(Kind.USAGE, String.join("\n", lines), null);
        errors.forEach(all::addSuppressed);
        return all;
    }

    /**
     * Several rules files are invalid: each file's errors on lines of their own, file by file, so a
     * directory is fixed in one pass rather than one file per run. One file's errors are returned
     * unchanged.
     */
    public static ParityException invalidRulesFiles(java.util.List<ParityException> perFile) {
        if (perFile.size() == 1) {
            return perFile.get(0);
        }
        // A file's several errors (from invalidRuleFile) are already one per line.
        String message = String.join(
                "\n",
                perFile.stream()
                        .map(e -> e.getSuppressed().length > 0 ? e.getMessage() : oneLine(e))
                        .toList());
        ParityException all = new ParityException(Kind.USAGE, message, null);
        perFile.forEach(all::addSuppressed);
        return all;
    }

    private static String oneLine(ParityException e) {
        return e.getMessage().replace('\n', ' ');
    }

    /** A command-line argument is invalid. */
    public static ParityException invalidArgument(String argument, String value, String allowed) {
        return new ParityException(Kind.USAGE, "Invalid " + argument + " '" + value + "': " + allowed, null);
    }

    /**
     * A rule built in code has no key columns. Rules files cannot (the loader rejects them with the
     * file and line), but a rule passed straight to the comparison API could, and without a key no
     * row can be matched to its counterpart.
     */
    public static ParityException ruleWithoutKey(String pipeline) {
        return new ParityException(
                Kind.USAGE,
                "Invalid rule of pipeline '" + pipeline + "': it has no key columns, so no row can be matched"
                        + " to the other side's. List the columns that identify a row, for example key: [order_id]",
                null);
    }

    /**
     * A rule built in code that would give no verdict (every check disabled, or only the column
     * checks under estimate mode): its run would pass having compared nothing. A rules file is
     * refused for this at its line when it loads.
     */
    public static ParityException ruleComparingNothing(String pipeline) {
        return new ParityException(
                Kind.USAGE,
                "Invalid rule of pipeline '" + pipeline + "': it enables no check that gives a verdict, so a"
                        + " comparison would pass having compared nothing. Enable at least one check (the column"
                        + " checks need key_diff.mode pruned or full), or add a kpi, distribution or distinct check",
                null);
    }

    /** A command-line argument that another one requires is missing or blank. */
    public static ParityException missingArgument(String argument, String why) {
        return new ParityException(Kind.USAGE, "Missing " + argument + ": " + why, null);
    }

    /**
     * A column the rule names under {@code keyPath} (such as {@code key[0]} or {@code
     * partition_by[1]}) does not exist on one side. A rules error, not the data's: the rule cannot be
     * evaluated against any data of that shape, and its author fixes it.
     *
     * @param role what the column is to the rule, such as {@code key} or {@code partition}
     * @param available the side's columns; the nearest is suggested
     * @param origin where the rule was written, so that the message names the file and line of
     *     {@code keyPath}; null for a rule built in code
     */
    public static ParityException missingColumn(
            String side,
            String column,
            String role,
            String keyPath,
            java.util.Collection<String> available,
            dev.paritygate.rules.RuleOrigin origin) {
        String problem =
                "find " + role + " column '" + column + "' on the " + side + " side; available columns: " + available;
        String fix = dev.paritygate.rules.Suggestions.didYouMean(column, available)
                + (headerless(available) ? HEADERLESS_CSV : "Fix the rule or the rename map.");
        return ruleColumnError(origin, keyPath, problem, fix);
    }

    /**
     * SQL that the rule holds under {@code keyPath} (a {@code where}, a side's {@code filter},
     * {@code query}, {@code table} or transform, a KPI's {@code expr}) does not parse: a rules error
     * at the key's line, found before any data is read.
     *
     * @param reason the parser's reason, with its position in {@code sql}
     * @param fix what to write instead, such as an example of the kind of SQL the key holds
     */
    public static ParityException unparsableRuleSql(
            dev.paritygate.rules.RuleOrigin origin, String keyPath, String sql, String reason, String fix) {
        return origin.invalidRule(keyPath, "invalid SQL '" + abbreviate(sql, SQL_MAX) + "': " + reason, fix);
    }

    private static final String HEADERLESS_CSV = "The side reads like CSV without its header line: Spark names"
            + " such columns _c0, _c1, ...; if the files start with a header, set options: {header: \"true\"}"
            + " on the side, else fix the rule or the rename map.";

    /** Whether every column has the name Spark gives the columns of a CSV read without a header. */
    private static boolean headerless(java.util.Collection<String> columns) {
        return !columns.isEmpty() && columns.stream().allMatch(c -> c.matches("_c[0-9]+"));
    }

    /**
     * A column the rule names under {@code keyPath} (such as {@code sample.mask[0]}) is on neither
     * side. Such a name would otherwise do nothing, silently: an unmasked sample, a column still
     * compared, a tolerance never applied. A rules error, like {@link #missingColumn}.
     *
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException unknownRuleColumn(
            String keyPath,
            String column,
            java.util.Collection<String> left,
            java.util.Collection<String> right,
            dev.paritygate.rules.RuleOrigin origin) {
        java.util.Set<String> all = new java.util.TreeSet<>(left);
        all.addAll(right);
        String columns = " either side; left columns: " + left + ", right columns: " + right;
        String fix = dev.paritygate.rules.Suggestions.didYouMean(column, all) + "Fix the column name in the rule.";
        return ruleColumnError(
                origin,
                keyPath,
                "Cannot find column '" + column + "' named by " + keyPath + " on" + columns + ". " + fix,
                "cannot find column '" + column + "' on" + columns,
                fix);
    }

    /**
     * A {@code rename} entry names a left column that the left side does not have. It would rename
     * nothing, silently: the legacy column then shows as dropped and the cloud one as added, a
     * data failure paged to the data owner for a rule's typo. A rules error, like {@link #missingColumn}.
     *
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException unknownRenamedColumn(
            String column, java.util.Collection<String> left, dev.paritygate.rules.RuleOrigin origin) {
        return unknownRenameColumn(column, column, "left", left, origin);
    }

    /**
     * A {@code rename} entry renames a left column to a name the right side does not have. The
     * renamed column would be reported dropped and the right one added: a data failure paged to the
     * data owner for a rule's typo. A rules error at the entry, like {@link #unknownRenamedColumn}.
     *
     * @param column the left name, the entry's key
     * @param target the right name the entry gives
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException unknownRenameTarget(
            String column, String target, java.util.Collection<String> right, dev.paritygate.rules.RuleOrigin origin) {
        return unknownRenameColumn(column, target, "right", right, origin);
    }

    /** A name of {@code rename.<entry>} missing on {@code side}: the left name or the right one. */
    private static ParityException unknownRenameColumn(
            String entry,
            String name,
            String side,
            java.util.Collection<String> columns,
            dev.paritygate.rules.RuleOrigin origin) {
        String keyPath = "rename." + entry;
        String fix = dev.paritygate.rules.Suggestions.didYouMean(name, columns)
                + "rename maps left (legacy) names to right names: fix the " + side + " name in the rule.";
        return ruleColumnError(
                origin,
                keyPath,
                "Cannot find column '" + name + "' named by " + keyPath + " on the " + side + " side; " + side
                        + " columns: " + columns + ". " + fix,
                "cannot find column '" + name + "' on the " + side + " side; " + side + " columns: " + columns,
                fix);
    }

    /**
     * A column option under {@code keyPath} does not apply to the column's types, so it would be
     * silently ignored (a tolerance on a string column, a time tolerance on a number). A rules error:
     * the option or the column name in the rule is wrong.
     *
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException inapplicableColumnOption(
            String keyPath,
            String column,
            String appliesTo,
            String leftType,
            String rightType,
            dev.paritygate.rules.RuleOrigin origin) {
        String problem = "apply " + keyPath + " to column '" + column + "': it applies to " + appliesTo + ", and '"
                + column + "' is " + leftType + " on the left and " + rightType + " on the right";
        String fix = "Remove the option, or fix the column name.";
        return ruleColumnError(origin, keyPath, problem, fix);
    }

    /**
     * A KPI metric's tolerance key under {@code keyPath} met values it does not apply to, so it would
     * be silently ignored: a {@code time_tolerance} (or {@code warn_time_tolerance}) values that are
     * not instants or dates, a numeric one ({@code abs_tol}, {@code rel_tol}, their warn bands) an
     * instant or a date. A rules error: the tolerance or the expr in the rule is wrong.
     *
     * @param leftKind what the left value is, such as {@code a number}; likewise {@code rightKind}
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException inapplicableKpiOption(
            String keyPath,
            String kpi,
            String metric,
            String leftKind,
            String rightKind,
            dev.paritygate.rules.RuleOrigin origin) {
        String key = keyPath.substring(keyPath.lastIndexOf('.') + 1);
        String head = "apply " + keyPath + " to kpi metric '" + kpi + "." + metric + "': it applies to ";
        String values = ", and the metric's value is " + leftKind + " on the left and " + rightKind + " on the right";
        String problem;
        String fix;
        if (!key.endsWith("time_tolerance")) {
            problem = head + "numbers" + values;
            fix = "Use time_tolerance for timestamps and dates instead of " + key + ".";
        } else {
            boolean numbers = leftKind.equals("a number") && rightKind.equals("a number");
            problem = head + "timestamps and dates" + values;
            fix = numbers
                    ? "Use abs_tol or rel_tol for numbers instead of " + key + "."
                    : "Remove " + key + ", or make the expr return a timestamp or date on both sides.";
        }
        return ruleColumnError(origin, keyPath, problem, fix);
    }

    /**
     * A {@code distributions} entry under {@code keyPath} names a column whose values are neither
     * numbers nor timestamps, which a quantile sketch cannot order. A rules error.
     *
     * @param type the column's type as compared, such as {@code string}
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException inapplicableDistributionColumn(
            String keyPath, String column, String type, dev.paritygate.rules.RuleOrigin origin) {
        String need = "distributions need numeric or timestamp columns";
        String fix = "Name one, or remove the distribution.";
        return ruleColumnError(
                origin,
                keyPath,
                "Invalid distribution column '" + column + "': its values are " + type + "; " + need + ". " + fix,
                "column '" + column + "' is " + type + "; " + need,
                fix);
    }

    /**
     * A rules error about a column the rule names, found once the data's columns are known: {@code
     * "Invalid rule at <line> (<keyPath>): cannot <problem>. <fix>"} when the rule came from a file,
     * else {@code "Cannot <problem>. <fix>"} for a rule built in code.
     */
    public static ParityException ruleColumnError(
            dev.paritygate.rules.RuleOrigin origin, String keyPath, String problem, String fix) {
        return ruleColumnError(origin, keyPath, "Cannot " + problem + ". " + fix, "cannot " + problem, fix);
    }

    /**
     * A rules error about a column the rule names, whose two wordings differ by more than the
     * location: at {@code keyPath}'s line as {@code located} and {@code fix} when the rule came from a
     * file, else {@code unlocated}, the whole message, for a rule built in code. Either way {@link
     * Kind#USAGE}: the rule, not the data, has to change.
     */
    private static ParityException ruleColumnError(
            dev.paritygate.rules.RuleOrigin origin, String keyPath, String unlocated, String located, String fix) {
        if (origin == null) {
            return new ParityException(Kind.USAGE, unlocated, null);
        }
        return origin.invalidRule(keyPath, located, fix);
    }

    /** A source could not be read; wraps the engine's exception with the side and source. */
    public static ParityException unreadableSource(String side, String source, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot read the " + side + " side (" + source + "): " + reason(cause)
                        + ". Check that the source exists and is readable for this run date.",
                cause);
    }

    /** A side with {@code format: delta} names a directory that exists but holds no Delta table. */
    public static ParityException notADeltaTable(String side, String source, String path, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot read the " + side + " side (" + source + "): " + path
                        + " exists but is not a Delta table (it has no _delta_log). Set the side's format to that of"
                        + " its files (parquet, orc, csv, json, avro), or point path at the Delta table's root"
                        + " directory.",
                cause);
    }

    /** A side's path exists but holds no files of its format (empty, or only markers such as _SUCCESS). */
    public static ParityException noDataFiles(String side, String source, String path, String format, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot read the " + side + " side (" + source + "): " + path + " holds no " + format
                        + " data files (it is empty, or holds only empty or hidden files such as _SUCCESS), so"
                        + " Spark cannot tell its columns: " + reason(cause) + ". Check that this run date's output"
                        + " was written there.",
                cause);
    }

    /**
     * A side's path holds only empty files: Spark reads CSV and JSON files of 0 bytes as no columns
     * and no rows, rather than failing as it does for a directory without files.
     */
    public static ParityException noColumns(String side, String source, String path, String format) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot read the " + side + " side (" + source + "): " + path + " holds no " + format
                        + " data: its files are empty, so Spark finds no columns in them. Check that this run"
                        + " date's output was written there.",
                null);
    }

    /**
     * A JDBC url that no driver on the classpath accepts. Only the PostgreSQL and MariaDB drivers
     * ship in the job jar, and {@code DriverManager} finds any other only when told its class.
     */
    public static ParityException missingJdbcDriver(String side, String source, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot read the " + side + " side (" + source + "): " + reason(cause)
                        + ". Only the PostgreSQL and MariaDB drivers are bundled: put the driver's jar on the"
                        + " classpath (spark-submit --jars) and name its class in the side's options,"
                        + " for example options: { driver: com.example.jdbc.Driver }.",
                cause);
    }

    /**
     * SQL written in the rule (a {@code where}, a side's {@code filter} or {@code query}, a KPI
     * expression) does not parse when the comparison applies it: a rule built in code, since a rules
     * file's SQL is parsed when it loads ({@link #unparsableRuleSql}). A rules error, like SQL that
     * parses but does not analyse ({@link #unresolvedSql}): the rule, not the data, has to change.
     *
     * @param keyPath the rule key that holds the SQL, such as {@code left.filter}
     */
    public static ParityException invalidSql(String keyPath, String sql, Throwable cause) {
        return new ParityException(
                Kind.USAGE,
                "Invalid SQL in " + keyPath + " '" + abbreviate(sql, SQL_MAX) + "': " + reason(cause)
                        + ". Fix the SQL in the rule's " + keyPath + ".",
                cause);
    }

    /**
     * The rule's {@code where} parses but does not analyse against one side: it names a column that
     * side lacks, gives a function values of a type it does not take, or calls a function Spark does
     * not know. A rules error at the key's line, like {@link #missingColumn}: the rule cannot narrow
     * data of that shape, and its author fixes it. A {@code where} applies to both sides alike, so a
     * column that only the other side has is named as such rather than matched to a look-alike.
     *
     * @param columns the side's columns, to show what the SQL may name; the nearest to a column it
     *     does not know is suggested
     * @param otherColumns the other side's columns
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException unresolvedWhere(
            dev.paritygate.rules.RuleOrigin origin,
            String sql,
            String side,
            java.util.Collection<String> columns,
            java.util.Collection<String> otherColumns,
            Throwable cause) {
        String both = "The rule's where applies to both sides alike: name only columns both sides have, or narrow"
                + " one side with its own filter.";
        String unknown = unresolvedColumn(cause);
        boolean otherSideOnly = unknown != null
                && otherColumns.stream().anyMatch(c -> c.equalsIgnoreCase(unknown))
                && columns.stream().noneMatch(c -> c.equalsIgnoreCase(unknown));
        String fix = otherSideOnly
                ? "Only the " + other(side) + " side has '" + unknown + "'. " + both
                : suggestion(unknown, columns) + both;
        return unresolvedSql(origin, "where", sql, side, columns, fix, cause);
    }

    /**
     * SQL of one side in the rule (its {@code filter} or a {@code transforms} entry) parses but does
     * not analyse against that side, as {@link #unresolvedWhere} describes: a rules error at the key's
     * line.
     *
     * @param keyPath the rule key that holds the SQL, such as {@code left.filter} or {@code
     *     right.transforms.amount}
     * @param columns the side's columns, to show what the SQL may name; the nearest to a column it
     *     does not know is suggested
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException unresolvedSql(
            dev.paritygate.rules.RuleOrigin origin,
            String keyPath,
            String sql,
            String side,
            java.util.Collection<String> columns,
            Throwable cause) {
        String fix = suggestion(unresolvedColumn(cause), columns) + "Fix the SQL in the rule's " + keyPath + ".";
        return unresolvedSql(origin, keyPath, sql, side, columns, fix, cause);
    }

    private static ParityException unresolvedSql(
            dev.paritygate.rules.RuleOrigin origin,
            String keyPath,
            String sql,
            String side,
            java.util.Collection<String> columns,
            String fix,
            Throwable cause) {
        String sqlOnSide = "'" + abbreviate(sql, SQL_MAX) + "' on the " + side + " side: " + reason(cause) + ". The "
                + side + " side's columns: " + columns;
        return ruleColumnError(
                origin,
                keyPath,
                "Invalid SQL in " + keyPath + " " + sqlOnSide + ". " + fix,
                "invalid SQL " + sqlOnSide,
                fix);
    }

    /** The column an analysis error says it cannot resolve ({@code UNRESOLVED_COLUMN.*}), or null. */
    private static String unresolvedColumn(Throwable cause) {
        return SparkErrorCondition.of(cause)
                .filter(c -> c.name().startsWith("UNRESOLVED_COLUMN"))
                .map(c -> c.parameters().get("objectName"))
                .map(name -> {
                    // Spark quotes each part of the name: `t`.`amout`
                    String[] parts = name.split("`\\.`");
                    return parts[parts.length - 1].replace("`", "");
                })
                .orElse(null);
    }

    private static String suggestion(String unknown, java.util.Collection<String> columns) {
        return unknown == null ? "" : dev.paritygate.rules.Suggestions.didYouMean(unknown, columns);
    }

    private static String other(String side) {
        return side.equals("left") ? "right" : "left";
    }

    /**
     * SQL of the rule (a {@code where}, a side's {@code filter} or a {@code transforms} entry)
     * analyses, but a value of the side's data makes it fail: an ANSI cast of a malformed string, a
     * division by zero. Not a rules error: only this run's data shows it, and the same SQL may hold
     * for every other night's.
     *
     * @param origin where the rule was written, to name the key's line; null for a rule built in code
     */
    public static ParityException ruleSqlFailedOnData(
            dev.paritygate.rules.RuleOrigin origin, String keyPath, String sql, String side, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot evaluate " + keyPath + " ('" + abbreviate(sql, SQL_MAX) + "') on the " + side + " side's data: "
                        + reason(cause) + ". The SQL analyses, but a value of this run's data makes it fail: have the"
                        + " expression give such values a result (try_cast, try_divide and the like give NULL instead"
                        + " of failing), or fix the data."
                        + (origin == null ? "" : " (" + origin.locate(keyPath) + ")"),
                cause);
    }

    /**
     * The KPIs' arithmetic failed while the pass over one side ran (a sum past its decimal type, a
     * division by zero under ANSI mode). The KPIs share that pass, so which one failed is known only
     * from the engine's reason, which names the expression where it can.
     */
    public static ParityException kpiArithmetic(String side, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot evaluate the KPIs on the " + side + " side: " + reason(cause) + ". The KPIs share one pass"
                        + " over the side, so each is marked; the other checks ran without them. Fix the KPI's expr"
                        + " in the rule's kpis: try_sum(...) or try_divide(...) give NULL where the arithmetic"
                        + " would fail.",
                cause);
    }

    /**
     * A KPI parses but does not analyse on one side for a reason other than a missing column: an
     * {@code expr} that is not an aggregate, calls a function Spark does not know, or gives one
     * values of a type it does not take. A rules error at the key's line, like {@link
     * #unresolvedSql}: no data can make it evaluate, and the rule's author fixes it.
     *
     * @param keyPath the rule key, such as {@code kpis[0].metrics.total.expr} or {@code
     *     kpis[0].group_by}
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException kpiFailed(
            String kpi, String keyPath, String side, dev.paritygate.rules.RuleOrigin origin, Throwable cause) {
        String onSide = " on the " + side + " side: " + reason(cause);
        String fix = keyPath.endsWith(".expr")
                ? "A KPI metric's expr is an aggregate of the side's columns, for example sum(amount) or count(*)."
                : "Fix the rule's " + keyPath + ".";
        return ruleColumnError(
                origin,
                keyPath,
                "Cannot evaluate kpi '" + kpi + "' (" + keyPath + ")" + onSide + ". " + fix,
                "cannot evaluate kpi '" + kpi + "'" + onSide,
                fix);
    }

    /**
     * A column that a KPI, distribution or distinct check names is missing. A rules error, like
     * {@link #missingColumn}.
     *
     * @param check the check, such as {@code kpi 'revenue'}
     * @param keyPath the rule key that names the column, such as {@code kpis[0].group_by}
     * @param where the side, such as {@code the left side}, or {@code both sides}
     * @param available the columns there, without Parity Gate's own working columns; the nearest
     *     is suggested
     * @param origin where the rule was written, or null for a rule built in code
     */
    public static ParityException missingCheckColumn(
            String check,
            String keyPath,
            String where,
            String column,
            java.util.Collection<String> available,
            dev.paritygate.rules.RuleOrigin origin) {
        String columns = " on " + where + "; available columns: " + available;
        String fix = dev.paritygate.rules.Suggestions.didYouMean(column, available) + "Fix the rule or the rename map.";
        return ruleColumnError(
                origin,
                keyPath,
                "Cannot find column '" + column + "' of " + check + " (" + keyPath + ")" + columns + ". " + fix,
                "cannot find column '" + column + "' of " + check + columns,
                fix);
    }

    /**
     * The verdicts of some pipelines could not be written, once every pipeline of the run finished:
     * {@code first}'s message, then which pipelines' verdicts are in the table and which are not, so
     * that a re-run of only the missing ones (same run id) completes the night.
     */
    public static RuntimeException verdictsNotWritten(
            List<String> unwritten, List<String> written, RuntimeException first) {
        String which = "Verdicts not written: " + Counted.named(unwritten, "pipeline", "pipelines")
                + (written.isEmpty() ? "" : "; written: " + Counted.named(written, "pipeline", "pipelines"))
                + ".";
        if (first instanceof ParityException p) {
            String message = p.getMessage();
            return new ParityException(p.kind(), message + (message.endsWith(".") ? " " : ". ") + which, p);
        }
        return new IllegalStateException("Cannot write verdicts: " + first + ". " + which, first);
    }

    /**
     * A run id already holds a pipeline's verdicts of another business date: writing would replace
     * that night's verdicts, which the gate counts.
     */
    public static ParityException runIdOfAnotherDate(
            String runId, String pipeline, java.time.LocalDate held, java.time.LocalDate runDate) {
        return new ParityException(
                Kind.USAGE,
                "Run id '" + runId + "' already holds pipeline '" + pipeline + "''s verdicts of " + held + ", not "
                        + runDate + ": a run id names one night's run, and writing " + runDate
                        + " under it would replace " + held + "'s verdicts. Give this run its own --run-id (by"
                        + " default it is made from the run date), or re-run " + held + " under it.",
                null);
    }

    /** A pipeline's comparison stopped for a reason no single check owns. */
    public static ParityException pipelineFailed(String pipeline, Throwable cause) {
        return evaluationFailed("pipeline '" + pipeline + "'", cause);
    }

    /** A check failed to evaluate for a reason inside the engine. */
    public static ParityException evaluationFailed(String check, Throwable cause) {
        return new ParityException(Kind.EVALUATION, "Cannot evaluate " + check + ": " + reason(cause), cause);
    }

    /** A verdict table carries a schema version newer than this release writes. */
    public static ParityException newerVerdictSchema(String table, int found, int supported) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot write verdicts to " + table + ": its schema version " + found
                        + " is newer than this release supports (" + supported
                        + "); upgrade parity-gate, or point the run at another warehouse.",
                null);
    }

    /** A verdict table's schema version property is not a whole number. */
    public static ParityException invalidVerdictSchemaVersion(String table, String property, String value) {
        return new ParityException(
                Kind.EVALUATION,
                "Invalid table property " + property + " '" + value + "' on " + table
                        + ": expected a whole number. Restore the property or point the run at another warehouse.",
                null);
    }

    /** Creating, inspecting or upgrading a verdict table failed in the engine. */
    public static ParityException verdictTableUnusable(String table, Throwable cause) {
        if (cause instanceof ParityException already) {
            return already; // already says what failed and how to fix it
        }
        return new ParityException(
                Kind.EVALUATION,
                "Cannot prepare verdict table " + table + ": " + reason(cause)
                        + ". Check that it is a Delta table (or does not exist yet) and is writable.",
                cause);
    }

    /** Writing one run's rows to a verdict table failed in the engine. */
    public static ParityException verdictWriteFailed(String table, String runId, String pipeline, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot write to " + table + " for run '" + runId + "', pipeline '" + pipeline + "': " + reason(cause)
                        + ". Nothing was committed; re-run with the same run id.",
                cause);
    }

    /** Concurrent writers kept conflicting with one run's commit until the retries ran out. */
    public static ParityException verdictWriteConflicts(
            String table, String runId, String pipeline, int attempts, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot write to " + table + " for run '" + runId + "', pipeline '" + pipeline + "': "
                        + attempts + " attempts conflicted with concurrent writers (last: " + reason(cause)
                        + "). Nothing was committed; re-run with the same run id, or write fewer pipelines at once.",
                cause);
    }

    /** An output file the user named cannot be written. */
    public static ParityException unwritableFile(String what, String file, Throwable cause) {
        return new ParityException(
                Kind.USAGE,
                "Cannot write the " + what + " to " + file + ": " + reason(cause)
                        + ". Check that the directory exists or can be created and is writable.",
                cause);
    }

    /**
     * An output the user named ({@code --summary-json}, {@code --report}, {@code --json}) could not be
     * written at the start of the command, before any work: a usage error, found before it could cost
     * a night's comparison or change the exit code the orchestrator acts on.
     *
     * @param directory whether the option names a directory ({@code --report}, {@code report --out})
     *     rather than a file, which the advice names
     */
    public static ParityException unwritableOutput(String option, String path, String problem, boolean directory) {
        return new ParityException(
                Kind.USAGE,
                "Cannot write " + option + " " + path + ": " + problem + ". "
                        + (directory
                                ? "Name a writable directory, or one that can be created."
                                : "Name a file in a writable directory."),
                null);
    }

    /**
     * The engine's reason for a failure, as one line that ends without a full stop (the messages
     * above add their own). Spark's wrappers ("Job aborted due to stage failure", "Exception thrown
     * in awaitResult") say only that a task or thread failed, so behind one the deepest cause with a
     * message of its own is quoted: for a file that is not Parquet, the reader's "... is not a
     * Parquet file". A read failure that names only the file ({@value #READ_FAILED_NO_HINT}) quotes its
     * cause and the file. Spark's exceptions are recognised by their error condition, which Spark
     * keeps across releases, not by their wording, which it does not.
     */
    private static String reason(Throwable cause) {
        Throwable readFailure = readFailureWithoutHint(cause);
        String file = null;
        Throwable specific;
        if (readFailure != null) {
            file = SparkErrorCondition.of(readFailure)
                    .map(c -> c.parameters().get("path"))
                    .orElse(null);
            specific = readFailure.getCause();
        } else {
            specific = isWrapper(cause) ? deepestSpecific(cause) : cause;
        }
        String line = firstNonBlankLine(specific.getMessage());
        if (line == null) {
            return specific.getClass().getSimpleName();
        }
        if (isCsvHeaderMismatch(specific, line)) {
            // The header and the schema are on lines of their own, and they are the news.
            line = specific.getMessage()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .limit(3)
                    .map(ParityErrors::withoutFinalStop)
                    .collect(java.util.stream.Collectors.joining(". "));
        }
        String reason = abbreviate(withoutFinalStop(line), REASON_MAX);
        return reason + (file == null ? "" : " (" + file + ")") + connectorHint(line);
    }

    /**
     * The {@value #READ_FAILED_NO_HINT} at {@code top} or behind its wrappers whose cause says why,
     * or null: walking the cause chain by condition finds it whatever Spark's messages say.
     */
    private static Throwable readFailureWithoutHint(Throwable top) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = top; t != null && seen.add(t); t = t.getCause()) {
            if (SparkErrorCondition.is(t, READ_FAILED_NO_HINT)
                    && t.getCause() != null
                    && firstNonBlankLine(t.getCause().getMessage()) != null) {
                return t;
            }
            if (!isWrapper(t)) {
                return null;
            }
        }
        return null;
    }

    /**
     * Whether {@code t} is Spark's CSV header check failing, whose header and schema lines are
     * quoted. Spark 4.1 throws it under {@value #CSV_HEADER_CONDITION}, a placeholder condition (its
     * template is the bare message) that Spark's error guidelines say to replace with a proper name,
     * and Spark 3 threw a plain IllegalArgumentException with no condition. So the message's opening
     * words, which both carry, are recognised too: the one reason recognised by its text here.
     */
    private static boolean isCsvHeaderMismatch(Throwable t, String firstLine) {
        return SparkErrorCondition.is(t, CSV_HEADER_CONDITION) || firstLine.startsWith(CSV_HEADER_TEXT);
    }

    /** Spark ends analysis errors with ";" before the plan, and many reasons end with ".". */
    private static String withoutFinalStop(String line) {
        int end = line.length();
        while (end > 0 && ".; \t".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(0, end);
    }

    /**
     * For a storage URI whose Hadoop file system is not on the classpath (Spark's own distribution
     * has none for object stores), which jar adds it: the class name alone does not say.
     */
    private static String connectorHint(String reason) {
        if (!reason.contains("FileSystem not found") && !reason.contains("No FileSystem for scheme")) {
            return "";
        }
        return " (a storage URI's file system needs its Hadoop connector on the classpath: for s3a://,"
                + " spark-submit --packages org.apache.hadoop:hadoop-aws:3.4.2, Spark 4.1's Hadoop version)";
    }

    private static boolean isWrapper(Throwable t) {
        if (t.getCause() == null) {
            return false;
        }
        String line = firstNonBlankLine(t.getMessage());
        return line == null
                || line.equals(t.getCause().toString())
                || WRAPPER_MESSAGES.stream().anyMatch(line::startsWith);
    }

    private static Throwable deepestSpecific(Throwable top) {
        Throwable found = top;
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = top.getCause(); t != null && seen.add(t); t = t.getCause()) {
            if (firstNonBlankLine(t.getMessage()) != null && !isWrapper(t)) {
                found = t;
            }
        }
        return found;
    }

    /**
     * A command acts on one pipeline whose own rules file is invalid: its policy and views are
     * unknown, so nothing is done for it. The file's errors follow, one per line.
     */
    public static ParityException pipelineRulesInvalid(String pipeline, String file, ParityException errors) {
        ParityException e = new ParityException(
                Kind.USAGE,
                "Cannot act on pipeline '" + pipeline + "': its rules file " + file + " is invalid. Fix it (parity"
                        + " validate-rules " + file + " lists every error) and run the command again:\n"
                        + errors.getMessage(),
                null);
        e.addSuppressed(errors);
        return e;
    }

    /** A rules file or directory does not exist or cannot be read. */
    public static ParityException cannotReadRules(String path, String reason, String fix, Throwable cause) {
        return new ParityException(Kind.USAGE, "Cannot read rules from " + path + ": " + reason + ". " + fix, cause);
    }

    /** A source names {@code ${run_date}} but the run was started without a run date. */
    public static ParityException missingRunDate(String template) {
        return new ParityException(
                Kind.USAGE,
                "Cannot substitute ${run_date} in '" + template + "': no run date was given. "
                        + "Pass --run-date YYYY-MM-DD, for example --run-date 2026-11-20",
                null);
    }

    /**
     * The gate refuses a routing change. Each problem says why and what would allow the change.
     *
     * @param action {@code cut over} or {@code roll back}
     */
    public static ParityException routeRefused(String action, String pipeline, java.util.List<String> problems) {
        return new ParityException(
                Kind.USAGE, "Cannot " + action + " " + pipeline + ": " + String.join("; ", problems) + ".", null);
    }

    /**
     * {@code parity waive} refuses a waiver. The message names what was to be waived, then what is
     * wrong with it and what can be waived: "Invalid --check 'x': a failing check of ..." read as
     * a statement that x was one.
     *
     * @param problem what is wrong and what is allowed, ending with a full stop
     */
    public static ParityException waiveRefused(
            String check, String pipeline, java.time.LocalDate runDate, String problem) {
        return new ParityException(
                Kind.USAGE, "Cannot waive " + check + " of " + pipeline + " on " + runDate + ": " + problem, null);
    }

    /** A gate table (waivers, routing, rules) could not be created, read or written. */
    public static ParityException gateTableUnusable(String table, String action, Throwable cause) {
        if (cause instanceof ParityException already) {
            return already; // already says what failed and how to fix it
        }
        return new ParityException(
                Kind.EVALUATION,
                "Cannot " + action + " " + table + ": " + reason(cause)
                        + ". Check that it is a Delta table (or does not exist yet) and is writable.",
                cause);
    }

    /**
     * A stable view could not be re-pointed: the statement and the reason. {@link #routeIncomplete}
     * adds what to do, once for all the views of the move.
     */
    public static ParityException viewNotRepointed(String view, String sql, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION, "Cannot re-point view " + view + " (" + sql + "): " + reason(cause) + ".", cause);
    }

    /**
     * A routing change was recorded but some of its views still read the other side: each view's
     * error on a line of its own, then how to finish the move. Re-running the same command is the way
     * out, since it re-points only what is left and writes no second routing row.
     *
     * @param rerun the command to re-run, e.g. {@code parity route cutover orders}
     * @param side the side the routing table now records
     * @param perView one {@link #viewNotRepointed} error per view, in the rule's order
     */
    public static ParityException routeIncomplete(
            String rerun, String pipeline, String side, java.util.List<ParityException> perView) {
        if (perView.isEmpty()) {
            throw new IllegalStateException("routeIncomplete needs at least one view that failed");
        }
        String views = String.join(
                "\n", perView.stream().map(ParityException::getMessage).toList());
        ParityException all = new ParityException(
                Kind.EVALUATION,
                views + (perView.size() == 1 ? " " : "\n") + "The routing change is recorded: " + pipeline
                        + " is on the "
                        + side + " side. Fix the table or permissions, then re-run '" + rerun
                        + "': it re-points only the views not on the " + side + " side yet (or run the statement"
                        + (perView.size() == 1 ? "" : "s") + " above by hand).",
                perView.get(0).getCause());
        perView.forEach(all::addSuppressed);
        return all;
    }

    /** No run in the verdict table matches what a report or view asked for. */
    public static ParityException runNotFound(String selection, String table, java.util.List<String> recentRuns) {
        return new ParityException(
                Kind.USAGE,
                "Cannot find a run for " + selection + " in " + table + "; "
                        + (recentRuns.isEmpty()
                                ? "the table holds no verdicts yet. Run `parity run` (or `parity demo`) first."
                                : "most recent runs: " + recentRuns
                                        + ". Pick one of these with --run-id or --run-date."),
                null);
    }

    /** No run of any of the pipelines a report asked for is in the verdict table, which holds others. */
    public static ParityException pipelinesNotInTable(
            java.util.List<String> requested, String table, java.util.List<String> known) {
        String hint = requested.size() == 1 ? dev.paritygate.rules.Suggestions.didYouMean(requested.get(0), known) : "";
        return new ParityException(
                Kind.USAGE,
                "Cannot find a run of " + Counted.named(requested, "pipeline", "pipelines") + " in " + table
                        + "; it holds runs of " + known + ". " + hint + "Check --pipeline.",
                null);
    }

    /** A reporting view over the verdict table could not be created. */
    public static ParityException viewNotCreated(String statement, Throwable cause) {
        return new ParityException(
                Kind.EVALUATION,
                "Cannot create the view (" + statement + "): " + reason(cause)
                        + ". Check that the verdict table exists (run `parity run` first) and the database is writable.",
                cause);
    }

    /**
     * Spark's parse errors start with a blank line, and its analysis errors continue with a plan.
     * A first line that ends in a colon only introduces the reason (Scala's {@code require} gives
     * "requirement failed: " and puts the reason on the next line), so the next line joins it.
     */
    private static String firstNonBlankLine(String s) {
        if (s == null) {
            return null;
        }
        java.util.List<String> lines =
                s.lines().filter(l -> !l.isBlank()).limit(2).map(String::strip).toList();
        if (lines.isEmpty()) {
            return null;
        }
        String first = lines.get(0);
        return first.endsWith(":") && lines.size() > 1 ? first + " " + lines.get(1) : first;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
