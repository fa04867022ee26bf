package dev.paritygate.spark;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.rules.Rule;
import dev.paritygate.rules.RuleOrigin;
import dev.paritygate.rules.RunDate;
import dev.paritygate.rules.SourceSpec;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.QueryContext;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.catalyst.trees.SQLQueryContext;

/**
 * Tells which SQL of the rule (the {@code where}, the side's {@code filter}, one of its {@code
 * transforms}) a pass over a side failed on, so that the error names the rule's key rather than the
 * source. Spark attaches to an error raised by a value (an ANSI cast of a malformed string, a
 * division by zero) the text of the SQL expression it was evaluating; each piece of the rule's SQL
 * is parsed on its own, so that text is the key's SQL exactly. Consulted only after a pass failed.
 */
final class RuleSqlOnData {
    private RuleSqlOnData() {}

    /**
     * The error naming the rule key whose SQL {@code failure} arose in on {@code side}, or null
     * when it arose elsewhere (the caller's own dataset, a KPI) or when several keys hold that
     * same SQL.
     *
     * @param runDate the date substituted for {@code ${run_date}}, as when the SQL was applied
     */
    static ParityException attribute(Throwable failure, Rule rule, RuleOrigin origin, LocalDate runDate, Side side) {
        Map<String, String> sqlByKey = sqlByKey(rule, runDate, side);
        for (Throwable t = failure; t != null && !sqlByKey.isEmpty(); t = t.getCause()) {
            if (!(t instanceof SparkThrowable spark)) {
                continue;
            }
            for (QueryContext q : spark.getQueryContext()) {
                if (q instanceof SQLQueryContext c && c.sqlText().isDefined()) {
                    String text = c.sqlText().get();
                    List<String> keys = sqlByKey.entrySet().stream()
                            .filter(e -> e.getValue().equals(text))
                            .map(Map.Entry::getKey)
                            .toList();
                    if (keys.size() == 1) {
                        return ParityErrors.ruleSqlFailedOnData(origin, keys.get(0), text, side.label(), failure);
                    }
                }
            }
        }
        return null;
    }

    /** The rule's SQL that applies to {@code side}, by key, as it was applied. */
    private static Map<String, String> sqlByKey(Rule rule, LocalDate runDate, Side side) {
        Map<String, String> out = new LinkedHashMap<>();
        SourceSpec source = side == Side.LEFT ? rule.left() : rule.right();
        if (source != null) {
            // A side's filter applies only when the job reads the source; the library is given it applied.
            if (source.filter() != null && !source.filter().isBlank()) {
                out.put(side.label() + ".filter", RunDate.substitute(source.filter(), runDate));
            }
            source.transforms().forEach((column, sql) -> out.put(side.label() + ".transforms." + column, sql));
        }
        if (rule.where() != null && !rule.where().isBlank()) {
            out.put("where", RunDate.substitute(rule.where(), runDate));
        }
        return out;
    }
}
