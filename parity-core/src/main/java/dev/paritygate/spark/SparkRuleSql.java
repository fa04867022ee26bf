package dev.paritygate.spark;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.rules.KpiSpec;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RunDate;
import dev.paritygate.rules.SourceSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.execution.SparkSqlParser;

/**
 * Checks the syntax of the Spark SQL a rule holds (its {@code where}; each side's {@code table},
 * {@code query}, {@code filter} and {@code transforms}; each KPI metric's {@code expr}) with the
 * parser Spark's sessions use, which needs no session: {@code validate-rules} finds such a typo,
 * and {@code run} finds it before reading any data, each a rules error at the key's line that leaves
 * that rule's pipeline uncompared ({@code RuleLoader.loadEach}). Only
 * syntax: whether a column the SQL names exists is known only once a side is read. A {@code jdbc}
 * side's {@code query} is the database's own dialect and is left to it.
 */
public final class SparkRuleSql {
    /** Fills {@code ${run_date}} before parsing, as a run does: the text parses the same for any date. */
    private static final LocalDate ANY_RUN_DATE = LocalDate.of(2000, 1, 1);

    private static final String CONDITION = "Write a Spark SQL condition, for example amount > 0";
    private static final String EXPRESSION = "Write a Spark SQL expression, for example CAST(amount AS DECIMAL(12,2))";
    private static final String AGGREGATE = "Write a Spark SQL aggregate expression, for example sum(amount)";
    private static final String QUERY = "Write a Spark SQL query, for example SELECT * FROM sales.orders";
    private static final String TABLE = "Write a table name, for example sales.orders, with `backquotes` around a"
            + " part that is not a plain identifier";

    /** The loader's file order; keys on one line (a flow mapping of transforms) in a fixed order. */
    private static final Comparator<ParityException> BY_LINE =
            RuleLoader.FILE_ORDER.thenComparing(ParityException::getMessage);

    private SparkRuleSql() {}

    /**
     * Every rule's SQL that does not parse, as one error: each on a line of its own, file by file,
     * in each file by line, at most {@link RuleLoader#MAX_ERRORS_PER_FILE} per file.
     *
     * @throws ParityException (USAGE) when any does not parse
     */
    public static void check(List<LoadedRule> rules) {
        List<ParityException> perFile = new ArrayList<>();
        for (LoadedRule rule : rules) {
            List<ParityException> problems = problems(rule);
            if (!problems.isEmpty()) {
                perFile.add(ParityErrors.invalidRuleFile(
                        rule.origin().file().toString(), problems, RuleLoader.MAX_ERRORS_PER_FILE));
            }
        }
        if (!perFile.isEmpty()) {
            throw ParityErrors.invalidRulesFiles(perFile);
        }
    }

    /** The rule's SQL that does not parse, one rules error per key, in the file's line order. */
    public static List<ParityException> problems(LoadedRule loaded) {
        Rule rule = loaded.rule();
        List<ParityException> out = new ArrayList<>();
        Check check = (keyPath, sql, parse, fix) -> {
            if (sql == null || sql.isBlank()) {
                return;
            }
            try {
                parse.accept(RunDate.substitute(sql, ANY_RUN_DATE));
            } catch (Exception e) { // ParseException, a checked exception, thrown undeclared
                out.add(ParityErrors.unparsableRuleSql(loaded.origin(), keyPath, sql, SparkSchemaDdl.reason(e), fix));
            }
        };
        Map<String, SourceSpec> sides = new LinkedHashMap<>();
        sides.put("left", rule.left());
        sides.put("right", rule.right());
        for (Map.Entry<String, SourceSpec> side : sides.entrySet()) {
            SourceSpec source = side.getValue();
            if (source == null) {
                continue;
            }
            String at = side.getKey() + ".";
            if (source.kind() == SourceSpec.Kind.TABLE) {
                check.run(at + "table", source.table(), text -> Parser.INSTANCE.parseMultipartIdentifier(text), TABLE);
            }
            if (source.kind() == SourceSpec.Kind.QUERY) {
                check.run(at + "query", source.query(), text -> Parser.INSTANCE.parsePlan(text), QUERY);
            }
            check.run(at + "filter", source.filter(), text -> Parser.INSTANCE.parseExpression(text), CONDITION);
            source.transforms()
                    .forEach((column, sql) -> check.run(
                            at + "transforms." + column,
                            sql,
                            text -> Parser.INSTANCE.parseExpression(text),
                            EXPRESSION));
        }
        check.run("where", rule.where(), text -> Parser.INSTANCE.parseExpression(text), CONDITION);
        List<KpiSpec> kpis = rule.kpis();
        for (int i = 0; i < kpis.size(); i++) {
            String at = "kpis[" + i + "].metrics.";
            kpis.get(i)
                    .metrics()
                    .forEach((metric, m) -> check.run(
                            at + metric + ".expr", m.expr(), text -> Parser.INSTANCE.parseExpression(text), AGGREGATE));
        }
        return out.stream().sorted(BY_LINE).toList();
    }

    /**
     * Spark's parser, built on first use (the holder idiom): a run whose rules hold no SQL, most
     * nights' case, never loads it. Spark's sessions share one parser between threads too.
     */
    private static final class Parser {
        static final SparkSqlParser INSTANCE = new SparkSqlParser();
    }

    @FunctionalInterface
    private interface Check {
        void run(String keyPath, String sql, Consumer<String> parse, String fix);
    }
}
