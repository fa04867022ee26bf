package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's parser needs no session: these tests start none. */
class SparkRuleSqlTest {
    @TempDir
    Path dir;

    private LoadedRule load(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return RuleLoader.loadFile(file, SparkSchemaDdl.PARSER);
    }

    @Test
    void everySqlFragmentThatDoesNotParseIsARulesErrorAtItsKeysLineWithSparksReason() throws IOException {
        LoadedRule rule = load("bad_sql", """
                pipeline: bad_sql
                left:
                  table: sales.orders
                  filter: "id = = 1"
                  transforms:
                    name: "upper(name"
                right:
                  query: "SELEC * FROM x WHERE dt = '${run_date}'"
                key: [id]
                where: "id > "
                kpis:
                  - name: k
                    metrics:
                      total: { expr: "sum(amt" }
                """);
        String f = dir.resolve("bad_sql.yaml").toString();

        List<ParityException> problems = SparkRuleSql.problems(rule);

        assertThat(problems)
                .extracting(ParityException::getMessage)
                .containsExactly(
                        "Invalid rule at " + f + ":4 (left.filter): invalid SQL 'id = = 1': [PARSE_SYNTAX_ERROR]"
                                + " Syntax error at or near '='. SQLSTATE: 42601 (line 1, pos 5). Write a Spark SQL"
                                + " condition, for example amount > 0",
                        "Invalid rule at " + f + ":6 (left.transforms.name): invalid SQL 'upper(name':"
                                + " [PARSE_SYNTAX_ERROR] Syntax error at or near end of input: missing ')'. SQLSTATE:"
                                + " 42601 (line 1, pos 10). Write a Spark SQL expression, for example CAST(amount AS"
                                + " DECIMAL(12,2))",
                        "Invalid rule at " + f + ":8 (right.query): invalid SQL 'SELEC * FROM x WHERE dt ="
                                + " '${run_date}'': [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE:"
                                + " 42601 (line 1, pos 0). Write a Spark SQL query, for example SELECT * FROM"
                                + " sales.orders",
                        "Invalid rule at " + f + ":10 (where): invalid SQL 'id > ': [PARSE_SYNTAX_ERROR] Syntax"
                                + " error at or near end of input. SQLSTATE: 42601 (line 1, pos 5). Write a Spark SQL"
                                + " condition, for example amount > 0",
                        "Invalid rule at " + f + ":14 (kpis[0].metrics.total.expr): invalid SQL 'sum(amt':"
                                + " [PARSE_SYNTAX_ERROR] Syntax error at or near end of input: missing ')'. SQLSTATE:"
                                + " 42601 (line 1, pos 7). Write a Spark SQL aggregate expression, for example"
                                + " sum(amount)");
        assertThat(problems)
                .allSatisfy(p -> assertThat(p.kind()).isEqualTo(ParityException.Kind.USAGE))
                .extracting(p -> p.location().orElseThrow())
                .containsExactly(
                        new RuleLocation(f, 4, 0),
                        new RuleLocation(f, 6, 0),
                        new RuleLocation(f, 8, 0),
                        new RuleLocation(f, 10, 0),
                        new RuleLocation(f, 14, 0));
    }

    @Test
    void aTableNameThatDoesNotParseIsARulesErrorAtItsLineAndARunDateInItMustBeBackquoted() throws IOException {
        LoadedRule rule = load("bad_table", """
                pipeline: bad_table
                left: { table: "sales.orders_${run_date}" }
                right: { table: "sales.`orders-${run_date}`" }
                key: [id]
                """);
        String f = dir.resolve("bad_table.yaml").toString();

        assertThat(SparkRuleSql.problems(rule))
                .extracting(ParityException::getMessage)
                .containsExactly("Invalid rule at " + f + ":2 (left.table): invalid SQL 'sales.orders_${run_date}':"
                        + " [PARSE_SYNTAX_ERROR] Syntax error at or near '-'. SQLSTATE: 42601 (line 1, pos 17). Write a"
                        + " table name, for example sales.orders, with `backquotes` around a part that is not a plain"
                        + " identifier");
    }

    @Test
    void onlySyntaxIsCheckedUnknownColumnsRunDatesAndTheDatabasesOwnJdbcSqlPass() throws IOException {
        LoadedRule rule = load("good_sql", """
                pipeline: good_sql
                left:
                  jdbc: { url: "jdbc:postgresql://db/x", query: "SELECT TOP 10 * FROM t" }
                  filter: "no_such_column = '${run_date}'"
                right:
                  query: "WITH t AS (SELECT * FROM x WHERE dt = '${run_date}') SELECT * FROM t"
                  transforms: { amount: "CAST(amt AS DECIMAL(12,2))" }
                key: [id]
                where: "dt = DATE'${run_date}' AND nope IS NOT NULL"
                kpis:
                  - name: k
                    metrics: { n: { expr: "count(DISTINCT customer_id)" } }
                """);

        assertThat(SparkRuleSql.problems(rule)).isEmpty();
    }

    @Test
    void theExampleRulesSqlParses() {
        List<LoadedRule> examples =
                RuleLoader.load(Path.of("..", "rules"), SparkSchemaDdl.PARSER).rules();

        assertThat(examples)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(SparkRuleSql.problems(l)).isEmpty());
    }

    @Test
    void checkNamesEveryErrorOfEachFileOnItsOwnLineFileByFile() throws IOException {
        LoadedRule a = load("a", "pipeline: a\nleft: { table: x }\nright: { table: y }\nkey: [id]\nwhere: \"id >\"\n");
        LoadedRule b = load("b", "pipeline: b\nleft: { table: x, filter: \"(\" }\nright: { table: y }\nkey: [id]\n");
        LoadedRule good = load("c", "pipeline: c\nleft: { table: x }\nright: { table: y }\nkey: [id]\n");

        SparkRuleSql.check(List.of(good));
        assertThatThrownBy(() -> SparkRuleSql.check(List.of(a, good, b)))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + dir.resolve("a.yaml") + ":5 (where): invalid SQL 'id >':"
                        + " [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 4)."
                        + " Write a Spark SQL condition, for example amount > 0\n"
                        + "Invalid rule at " + dir.resolve("b.yaml") + ":2 (left.filter): invalid SQL '(':"
                        + " [PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 1)."
                        + " Write a Spark SQL condition, for example amount > 0");
    }
}
