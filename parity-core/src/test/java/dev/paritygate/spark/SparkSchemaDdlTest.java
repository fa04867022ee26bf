package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.SchemaDdl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's DDL parser as the rules loader's schema check: no session is needed to ask it. */
class SparkSchemaDdlTest {
    @Test
    void columnListSparkParsesHasNoProblem() {
        assertThat(SparkSchemaDdl.PARSER.problem(
                        "id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING COMMENT 'free text'"))
                .isEmpty();
        assertThat(SparkSchemaDdl.PARSER.problem("`order id` BIGINT, tags ARRAY<STRING>"))
                .isEmpty();
    }

    @Test
    void unknownTypeSyntaxErrorAndTooWideDecimalQuoteSparksReason() {
        assertThat(SparkSchemaDdl.PARSER.problem("id BIGINTT"))
                .hasValue("[UNSUPPORTED_DATATYPE] Unsupported data type \"BIGINTT\". SQLSTATE: 0A000 (line 1, pos 3)");
        assertThat(SparkSchemaDdl.PARSER.problem("id BIGINT,, note STRING"))
                .hasValue("[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601 (line 1, pos 10)");
        assertThat(SparkSchemaDdl.PARSER.problem("amount DECIMAL(40,2)"))
                .hasValue("[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 40 exceeds max precision 38."
                        + " SQLSTATE: 22003");
    }

    @Test
    void columnDeclaredTwiceIgnoringCaseIsAProblemSparkWouldOnlyReportWhenReading() {
        assertThat(SparkSchemaDdl.PARSER.problem("id BIGINT, note STRING, ID INT"))
                .hasValue("column 'ID' is declared twice (column names match case-insensitively)");
    }

    @Test
    void charOrVarcharColumnIsAProblemSparksReaderWouldOnlyReportWhenReading() {
        // DataFrameReader.schema refuses them (UNSUPPORTED_CHAR_OR_VARCHAR_AS_STRING): before, the
        // rule passed validate-rules and the run failed reading the side, exit 3.
        assertThat(SparkSchemaDdl.PARSER.problem("id BIGINT, status CHAR(3)"))
                .hasValue("column 'status' is declared char(3), which Spark does not read from files; declare"
                        + " STRING instead of CHAR or VARCHAR");
        assertThat(SparkSchemaDdl.PARSER.problem("id BIGINT, s STRUCT<code: VARCHAR(10)>"))
                .hasValue("column 's' is declared struct<code:varchar(10)>, which Spark does not read from files;"
                        + " declare STRING instead of CHAR or VARCHAR");
    }

    static final String BAD_SCHEMA_RULE = """
                pipeline: orders
                left:
                  format: csv
                  path: /data/legacy/orders.csv
                  schema: "id BIGINTT, amount DECIMAL(12,2)"
                right:
                  table: sales.orders
                key: [id]
                """;

    @Test
    void ruleWhoseSchemaSparkCannotParseIsARulesErrorAtTheSchemaLine() {
        assertThatThrownBy(() -> RuleLoader.parse(BAD_SCHEMA_RULE, Path.of("orders.yaml"), SparkSchemaDdl.PARSER))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at orders.yaml:5 (left.schema): invalid schema 'id BIGINTT, amount"
                        + " DECIMAL(12,2)': [UNSUPPORTED_DATATYPE] Unsupported data type \"BIGINTT\". SQLSTATE: 0A000"
                        + " (line 1, pos 3). Write Spark DDL column definitions separated by commas, for example"
                        + " 'id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING'");
    }

    @Test
    void loadingWithoutASchemaCheckAsksSparksParserFoundOnTheClasspath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("orders.yaml"), BAD_SCHEMA_RULE);
        String expected = "Invalid rule at " + file + ":5 (left.schema): invalid schema 'id BIGINTT, amount"
                + " DECIMAL(12,2)': [UNSUPPORTED_DATATYPE] Unsupported data type \"BIGINTT\". SQLSTATE: 0A000"
                + " (line 1, pos 3). Write Spark DDL column definitions separated by commas, for example"
                + " 'id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING'";

        assertThatThrownBy(() -> RuleLoader.load(file))
                .isInstanceOf(ParityException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> RuleLoader.parse(BAD_SCHEMA_RULE, file))
                .isInstanceOf(ParityException.class)
                .hasMessage(expected);
        assertThat(RuleLoader.load(file, SchemaDdl.UNCHECKED).rules()).hasSize(1);
    }
}
