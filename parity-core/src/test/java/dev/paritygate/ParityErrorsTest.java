package dev.paritygate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

/** How the engine's reasons are quoted: Spark's exceptions are imitated, so no session starts. */
class ParityErrorsTest {
    @Test
    void ruleErrorAtALocationNamesItThenTheKeyPathAndCarriesIt() {
        RuleLocation at = new RuleLocation("rules/a.yaml", 12, 5);

        ParityException error = ParityErrors.invalidRule(at, "checks.key_diff", "unknown key 'x'", "Remove it");

        assertThat(error.getMessage())
                .isEqualTo("Invalid rule at rules/a.yaml:12:5 (checks.key_diff): unknown key 'x'." + " Remove it");
        assertThat(error.location()).contains(at);
    }

    @Test
    void ruleErrorAtALineWithoutAColumnOrKeyPathNamesOnlyFileAndLine() {
        ParityException error = ParityErrors.invalidRule(
                new RuleLocation("rules/a.yaml", 3, 0), "", "the file holds two documents", null);

        assertThat(error.getMessage()).isEqualTo("Invalid rule at rules/a.yaml:3: the file holds two documents");
        assertThat(error.location()).contains(new RuleLocation("rules/a.yaml", 3, 0));
    }

    @Test
    void ruleErrorNamedByTextCarriesNoLocation() {
        ParityException error = ParityErrors.invalidRule("rules/a.yaml (key)", "missing required key 'key'", null);

        assertThat(error.getMessage()).isEqualTo("Invalid rule at rules/a.yaml (key): missing required key 'key'");
        assertThat(error.location()).isEmpty();
    }

    @Test
    void severalRuleErrorsTogetherCarryNoLocationAndOneKeepsItsOwn() {
        ParityException first = ParityErrors.invalidRule(new RuleLocation("a.yaml", 3, 2), "k", "bad", null);
        ParityException second = ParityErrors.invalidRule(new RuleLocation("a.yaml", 9, 0), "j", "bad", null);

        assertThat(ParityErrors.invalidRuleFile("a.yaml", List.of(first, second), 20)
                        .location())
                .isEmpty();
        assertThat(ParityErrors.invalidRuleFile("a.yaml", List.of(first), 20).location())
                .contains(new RuleLocation("a.yaml", 3, 2));
    }

    @Test
    void reasonBehindSparksStageFailureWrappersIsTheRootCause() {
        Exception root = new RuntimeException(
                "file:/data/a.csv is not a Parquet file. Expected magic number at tail, but found [49, 44, 97, 10]");
        Exception footer = new RuntimeException(
                "[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file file:/data/a.csv.",
                root);
        Exception await = new RuntimeException("Exception thrown in awaitResult: ", footer);
        Exception job = new RuntimeException(
                "Job aborted due to stage failure: Task 0 in stage 0.0 failed 1 times, most recent failure:"
                        + " Lost task 0.0 in stage 0.0: org.apache.spark.SparkException: Exception thrown in awaitResult: ",
                await);

        assertThat(ParityErrors.unreadableSource("left", "parquet:/data/a.csv", job)
                        .getMessage())
                .isEqualTo("Cannot read the left side (parquet:/data/a.csv): file:/data/a.csv is not a Parquet file."
                        + " Expected magic number at tail, but found [49, 44, 97, 10]."
                        + " Check that the source exists and is readable for this run date.");
    }

    @Test
    void readFailureWithoutAHintQuotesItsCauseAMalformedRecordUnderFailfast() {
        // Spark 4.1 under FAILFAST, a CSV value that does not parse as the declared DECIMAL.
        Exception number = new NumberFormatException(
                "\nCharacter n is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark.");
        Exception malformed = new SparkLikeException(
                "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
                Map.of("badRecord", "[3,null,c]", "failFastMode", "FAILFAST"),
                "\n[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing:"
                        + " [3,null,c].\nParse Mode: FAILFAST. To process malformed records as null result, try setting"
                        + " the option 'mode' as 'PERMISSIVE'.  SQLSTATE: 22023",
                number);
        Exception read = new SparkLikeException(
                "FAILED_READ_FILE.NO_HINT",
                Map.of("path", "file:///in/p.csv"),
                "\n[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:///in/p.csv.  SQLSTATE: KD001",
                malformed);

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", read).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): [MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION]"
                        + " Malformed records are detected in record parsing: [3,null,c]"
                        + " (file:///in/p.csv). Check that the source exists and is readable for this run date.");
    }

    @Test
    void csvHeaderThatDoesNotConformToTheSchemaQuotesTheHeaderAndTheSchema() {
        // Spark 4.1's CSVHeaderChecker under enforceSchema=false: a placeholder condition whose template is <msg>.
        String text = "CSV header does not conform to the schema.\n"
                + " Header: amount, id, note\n Schema: id, amount, note\nExpected: id but found: amount\n"
                + "CSV file: file:///in/p.csv";
        Exception header = new SparkLikeException("_LEGACY_ERROR_TEMP_3241", Map.of("msg", text), text, null);
        Exception read = new SparkLikeException(
                "FAILED_READ_FILE.NO_HINT",
                Map.of("path", "file:///in/p.csv"),
                "\n[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:///in/p.csv.  SQLSTATE: KD001",
                header);

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", read).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): CSV header does not conform to the schema. Header:"
                        + " amount, id, note. Schema: id, amount, note (file:///in/p.csv). Check that the source"
                        + " exists and is readable for this run date.");
    }

    @Test
    void readFailureAndMalformedRecordAreRecognisedByTheirConditionsWhateverTheirMessagesSay() {
        // Another Spark release may word both messages differently; the conditions and the path stay.
        Exception malformed = new SparkLikeException(
                "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
                Map.of("badRecord", "[3,null,c]"),
                "Record [3,null,c] could not be parsed in FAILFAST mode.",
                new NumberFormatException("Character n is neither a decimal digit number"));
        Exception read = new SparkLikeException(
                "FAILED_READ_FILE.NO_HINT", Map.of("path", "file:///in/p.csv"), "Reading a file failed.", malformed);
        Exception job = new RuntimeException(
                "Job aborted due to stage failure: Task 0 in stage 3.0 failed 4 times, most recent failure: ...", read);

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", job).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): Record [3,null,c] could not be parsed in FAILFAST"
                        + " mode (file:///in/p.csv). Check that the source exists and is readable for this run date.");
    }

    @Test
    void csvHeaderMismatchIsRecognisedByItsConditionWhateverItsTextSays() {
        String text = "The CSV header differs from the declared schema.\n Header: amount, id\n Schema: id, amount\n"
                + "CSV file: file:///in/p.csv";
        Exception header = new SparkLikeException("_LEGACY_ERROR_TEMP_3241", Map.of("msg", text), text, null);

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", header).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): The CSV header differs from the declared schema."
                        + " Header: amount, id. Schema: id, amount. Check that the source exists and is readable for"
                        + " this run date.");
    }

    @Test
    void csvHeaderMismatchWithoutAConditionIsRecognisedBySparksWording() {
        // Spark 3 threw a plain IllegalArgumentException; Spark 4.1's condition is a placeholder it may rename.
        Exception header = new IllegalArgumentException("CSV header does not conform to the schema.\n"
                + " Header: amount, id\n Schema: id, amount\nExpected: id but found: amount");

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", header).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): CSV header does not conform to the schema."
                        + " Header: amount, id. Schema: id, amount. Check that the source exists and is readable for"
                        + " this run date.");
    }

    @Test
    void readFailureWordedLikeSparksWithoutItsConditionIsQuotedAsItIs() {
        Exception read = new RuntimeException(
                "[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:///in/p.csv.",
                new IllegalStateException("inner detail"));

        assertThat(ParityErrors.unreadableSource("left", "csv:/in", read).getMessage())
                .isEqualTo("Cannot read the left side (csv:/in): [FAILED_READ_FILE.NO_HINT] Encountered error while"
                        + " reading file file:///in/p.csv. Check that the source exists and is readable for this run"
                        + " date.");
    }

    @Test
    void reasonWithoutAWrapperIsTheExceptionsOwnEvenWhenItHasACause() {
        Exception e = new RuntimeException(
                "[PATH_NOT_FOUND] Path does not exist: file:/data/x. SQLSTATE: 42K03",
                new IllegalStateException("inner detail"));

        assertThat(ParityErrors.pipelineFailed("p", e).getMessage())
                .isEqualTo("Cannot evaluate pipeline 'p': [PATH_NOT_FOUND] Path does not exist: file:/data/x."
                        + " SQLSTATE: 42K03");
    }

    @Test
    void reasonWhoseFirstLineOnlyIntroducesItKeepsTheNextLine() {
        // Scala's require(), as Spark's JDBC options use it: the reason is on the second line.
        Exception e = new IllegalArgumentException("requirement failed: \n"
                + "Options 'query' and 'partitionColumn' can not be specified together.\n"
                + "Please define the query using `dbtable` option instead");

        assertThat(ParityErrors.unreadableSource("left", "jdbc:postgresql://h/db query", e)
                        .getMessage())
                .isEqualTo("Cannot read the left side (jdbc:postgresql://h/db query): requirement failed: Options"
                        + " 'query' and 'partitionColumn' can not be specified together. Check that the source"
                        + " exists and is readable for this run date.");
    }

    @Test
    void aMissingObjectStoreConnectorNamesTheJarThatAddsIt() {
        Exception e = new RuntimeException(
                "java.lang.ClassNotFoundException: Class org.apache.hadoop.fs.s3a.S3AFileSystem not found");

        assertThat(ParityErrors.gateTableUnusable("s3a://bucket/parity/rules", "create", e)
                        .getMessage())
                .isEqualTo("Cannot create s3a://bucket/parity/rules: java.lang.ClassNotFoundException: Class"
                        + " org.apache.hadoop.fs.s3a.S3AFileSystem not found (a storage URI's file system needs its"
                        + " Hadoop connector on the classpath: for s3a://, spark-submit --packages"
                        + " org.apache.hadoop:hadoop-aws:3.4.2, Spark 4.1's Hadoop version). Check that it is a Delta"
                        + " table (or does not exist yet) and is writable.");
    }

    @Test
    void aTableErrorCausedByOurOwnErrorIsNotWrappedTwice() {
        ParityException inner = ParityErrors.gateTableUnusable("/wh/rules", "inspect", new RuntimeException("denied"));

        assertThat(ParityErrors.gateTableUnusable("/wh/rules", "create", inner)).isSameAs(inner);
        assertThat(ParityErrors.verdictTableUnusable("/wh/verdicts", inner)).isSameAs(inner);
    }

    @Test
    void reasonIsTheFirstNonBlankLineBecauseSparkParseErrorsStartWithANewline() {
        Exception parse = new RuntimeException("\n[PARSE_SYNTAX_ERROR] Syntax error at or near end of input."
                + " SQLSTATE: 42601 (line 1, pos 5)\n\n== SQL ==\nid > \n-----^^^\n");

        assertThat(ParityErrors.invalidSql("where", "id > ", parse).getMessage())
                .isEqualTo("Invalid SQL in where 'id > ': [PARSE_SYNTAX_ERROR] Syntax error at or near end of input."
                        + " SQLSTATE: 42601 (line 1, pos 5). Fix the SQL in the rule's where.");
        // The rule has to change, as for SQL that parses but does not analyse.
        assertThat(ParityErrors.invalidSql("where", "id > ", parse).kind()).isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void reasonEndingInAFullStopIsNotFollowedByASecond() {
        Exception refused = new RuntimeException("Connection to host:1 refused. Check that the hostname and port are"
                + " correct and that the postmaster is accepting TCP/IP connections.");

        assertThat(ParityErrors.unreadableSource("left", "jdbc:x", refused).getMessage())
                .isEqualTo("Cannot read the left side (jdbc:x): Connection to host:1 refused. Check that the hostname"
                        + " and port are correct and that the postmaster is accepting TCP/IP connections."
                        + " Check that the source exists and is readable for this run date.");
    }

    @Test
    void analysisErrorsPlanAndSemicolonAreLeftOut() {
        Exception analysis = new RuntimeException(
                "[DATATYPE_MISMATCH] Cannot resolve \"sum(name)\". SQLSTATE: 42K09;\n'Aggregate [sum(name)]\n");

        assertThat(ParityErrors.kpiFailed("k", "kpis[0].metrics.total.expr", "left", null, analysis)
                        .getMessage())
                .isEqualTo("Cannot evaluate kpi 'k' (kpis[0].metrics.total.expr) on the left side: [DATATYPE_MISMATCH]"
                        + " Cannot resolve \"sum(name)\". SQLSTATE: 42K09. A KPI metric's expr is an aggregate of the"
                        + " side's columns, for example sum(amount) or count(*).");
    }

    @Test
    void aKpiThatDoesNotAnalyseIsARulesErrorAtItsKey() {
        dev.paritygate.rules.RuleOrigin origin = new dev.paritygate.rules.RuleOrigin(
                java.nio.file.Path.of("rules/orders.yaml"),
                Map.of("kpis[0].metrics.total.expr", 8, "kpis[0].group_by", 7),
                Map.of());
        Exception notAggregate = new RuntimeException("[MISSING_GROUP_BY] The query does not include a GROUP BY clause."
                + " SQLSTATE: 42803;\nAggregate [(amt + 1)]\n");

        ParityException expr = ParityErrors.kpiFailed("k", "kpis[0].metrics.total.expr", "left", origin, notAggregate);
        ParityException group = ParityErrors.kpiFailed("k", "kpis[0].group_by", "right", origin, notAggregate);
        ParityException unlocated = ParityErrors.kpiFailed("k", "kpis[0].group_by", "right", null, notAggregate);

        assertThat(expr.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:8 (kpis[0].metrics.total.expr): cannot evaluate kpi 'k'"
                        + " on the left side: [MISSING_GROUP_BY] The query does not include a GROUP BY clause."
                        + " SQLSTATE: 42803. A KPI metric's expr is an aggregate of the side's columns, for example"
                        + " sum(amount) or count(*).");
        assertThat(expr.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(expr.location()).contains(new RuleLocation("rules/orders.yaml", 8, 0));
        assertThat(group.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:7 (kpis[0].group_by): cannot evaluate kpi 'k' on the"
                        + " right side: [MISSING_GROUP_BY] The query does not include a GROUP BY clause. SQLSTATE:"
                        + " 42803. Fix the rule's kpis[0].group_by.");
        assertThat(unlocated.getMessage())
                .isEqualTo("Cannot evaluate kpi 'k' (kpis[0].group_by) on the right side: [MISSING_GROUP_BY] The query"
                        + " does not include a GROUP BY clause. SQLSTATE: 42803. Fix the rule's kpis[0].group_by.");
        assertThat(unlocated.kind()).isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void ruleSqlThatFailsOnTheDataNamesItsKeyAndItsLineButIsNoRulesError() {
        dev.paritygate.rules.RuleOrigin origin = new dev.paritygate.rules.RuleOrigin(
                java.nio.file.Path.of("rules/orders.yaml"), Map.of("where", 5), Map.of());
        Exception zero = new RuntimeException("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor"
                + " being 0 and return NULL instead. SQLSTATE: 22012\n== SQL (line 1, position 1) ==\namt / qty > 1\n");

        ParityException located = ParityErrors.ruleSqlFailedOnData(origin, "where", "amt / qty > 1", "right", zero);
        ParityException inCode = ParityErrors.ruleSqlFailedOnData(null, "where", "amt / qty > 1", "right", zero);

        String message =
                "Cannot evaluate where ('amt / qty > 1') on the right side's data: [DIVIDE_BY_ZERO] Division by"
                        + " zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. SQLSTATE: 22012. The"
                        + " SQL analyses, but a value of this run's data makes it fail: have the expression give such values a"
                        + " result (try_cast, try_divide and the like give NULL instead of failing), or fix the data.";
        assertThat(located.getMessage()).isEqualTo(message + " (rules/orders.yaml:5 (where))");
        assertThat(located.kind()).isEqualTo(ParityException.Kind.EVALUATION);
        assertThat(located.location()).isEmpty();
        assertThat(inCode.getMessage()).isEqualTo(message);
    }

    @Test
    void reasonLongerThanFiveHundredCharactersIsCut() {
        Exception e = new RuntimeException("x".repeat(600));

        assertThat(ParityErrors.pipelineFailed("p", e).getMessage())
                .isEqualTo("Cannot evaluate pipeline 'p': " + "x".repeat(500) + "...");
    }

    @Test
    void wrapperWithoutAMessageOfItsOwnQuotesItsCause() {
        Exception e = new RuntimeException(new java.io.IOException("Permission denied"));

        assertThat(ParityErrors.pipelineFailed("p", e).getMessage())
                .isEqualTo("Cannot evaluate pipeline 'p': Permission denied");
    }

    @Test
    void aMissingKeyOnASideReadAsCsvWithoutItsHeaderSaysToSetTheHeaderOption() {
        assertThat(ParityErrors.missingColumn("left", "id", "key", "key[0]", java.util.List.of("_c0", "_c1"), null)
                        .getMessage())
                .isEqualTo("Cannot find key column 'id' on the left side; available columns: [_c0, _c1]. The side"
                        + " reads like CSV without its header line: Spark names such columns _c0, _c1, ...; if the"
                        + " files start with a header, set options: {header: \"true\"} on the side, else fix the"
                        + " rule or the rename map.");
        assertThat(ParityErrors.missingColumn("left", "id", "key", "key[0]", java.util.List.of("_c0", "name"), null)
                        .getMessage())
                .endsWith("available columns: [_c0, name]. Fix the rule or the rename map.");
    }

    @Test
    void aRuleColumnMissingFromTheDataIsARulesErrorAtTheLineOfItsKeySuggestingTheNearestColumn() {
        dev.paritygate.rules.RuleOrigin origin = new dev.paritygate.rules.RuleOrigin(
                java.nio.file.Path.of("rules/orders.yaml"),
                Map.of("key", 4, "key[0]", 4, "partition_by", 5, "partition_by[0]", 6),
                Map.of());

        ParityException key =
                ParityErrors.missingColumn("right", "order_idd", "key", "key[0]", List.of("order_id", "amt"), origin);
        ParityException partition = ParityErrors.missingColumn(
                "left", "day", "partition", "partition_by[0]", List.of("_c0", "_c1"), origin);

        assertThat(key.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:4 (key[0]): cannot find key column 'order_idd' on the"
                        + " right side; available columns: [order_id, amt]. Did you mean 'order_id'? Fix the rule or"
                        + " the rename map.");
        assertThat(key.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(key.location()).contains(new RuleLocation("rules/orders.yaml", 4, 0));
        assertThat(partition.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:6 (partition_by[0]): cannot find partition column 'day'"
                        + " on the left side; available columns: [_c0, _c1]. The side reads like CSV without its"
                        + " header line: Spark names such columns _c0, _c1, ...; if the files start with a header, set"
                        + " options: {header: \"true\"} on the side, else fix the rule or the rename map.");
    }

    @Test
    void sqlThatDoesNotAnalyseIsARulesErrorAtItsKeyNamingTheSideItsColumnsAndTheFix() {
        dev.paritygate.rules.RuleOrigin origin = new dev.paritygate.rules.RuleOrigin(
                java.nio.file.Path.of("rules/orders.yaml"), Map.of("left", 2, "where", 5), Map.of());
        Exception note = unresolvedColumn("`note`");
        Exception nte = unresolvedColumn("`t`.`nte`");

        ParityException otherSideOnly = ParityErrors.unresolvedWhere(
                origin, "note <> 'x'", "right", List.of("id", "name"), List.of("id", "name", "note"), note);
        ParityException typo =
                ParityErrors.unresolvedSql(origin, "left.filter", "t.nte = 'x'", "left", List.of("id", "note"), nte);

        assertThat(otherSideOnly.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:5 (where): invalid SQL 'note <> 'x'' on the right side:"
                        + " [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name `note` cannot be resolved."
                        + " SQLSTATE: 42703. The right side's columns: [id, name]. Only the left side has 'note'. The"
                        + " rule's where applies to both sides alike: name only columns both sides have, or narrow"
                        + " one side with its own filter.");
        assertThat(otherSideOnly.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(otherSideOnly.location()).contains(new RuleLocation("rules/orders.yaml", 5, 0));
        // left.filter was not written on a line of its own: the line of left holds it.
        assertThat(typo.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:2 (left.filter): invalid SQL 't.nte = 'x'' on the left"
                        + " side: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name `t`.`nte` cannot be resolved."
                        + " SQLSTATE: 42703. The left side's columns: [id, note]. Did you mean 'note'? Fix the SQL in"
                        + " the rule's left.filter.");
        assertThat(typo.kind()).isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void sqlThatDoesNotAnalyseInARuleBuiltInCodeIsARulesErrorWithoutALocation() {
        Exception types = new SparkLikeException(
                "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES",
                Map.of(),
                "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(id + DATE '2026-11-20')\".",
                null);

        ParityException e = ParityErrors.unresolvedSql(
                null, "right.transforms.id", "id + DATE'2026-11-20'", "right", List.of("id"), types);

        assertThat(e.getMessage())
                .isEqualTo("Invalid SQL in right.transforms.id 'id + DATE'2026-11-20'' on the right side:"
                        + " [DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"(id + DATE '2026-11-20')\". The"
                        + " right side's columns: [id]. Fix the SQL in the rule's right.transforms.id.");
        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(e.location()).isEmpty();
    }

    private static Exception unresolvedColumn(String objectName) {
        return new SparkLikeException(
                "UNRESOLVED_COLUMN.WITH_SUGGESTION",
                Map.of("objectName", objectName, "proposal", "`id`"),
                "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name " + objectName + " cannot be resolved."
                        + " SQLSTATE: 42703",
                null);
    }

    @Test
    void aRuleColumnMissingFromTheDataOfARuleBuiltInCodeSuggestsTheNearestColumnWithoutALocation() {
        ParityException e =
                ParityErrors.missingColumn("right", "order_idd", "key", "key[0]", List.of("order_id", "amt"), null);

        assertThat(e.getMessage())
                .isEqualTo("Cannot find key column 'order_idd' on the right side; available columns: [order_id, amt]."
                        + " Did you mean 'order_id'? Fix the rule or the rename map.");
        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(e.location()).isEmpty();
    }

    @Test
    void missingColumnOfACheckNamesTheRuleKeyTheColumnsThereAndTheNearestOne() {
        ParityException e = ParityErrors.missingCheckColumn(
                "kpi 'k'", "kpis[0].group_by", "the left side", "regionn", java.util.List.of("id", "region"), null);

        assertThat(e.getMessage())
                .isEqualTo("Cannot find column 'regionn' of kpi 'k' (kpis[0].group_by) on the left side;"
                        + " available columns: [id, region]. Did you mean 'region'? Fix the rule or the rename map.");
        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void aColumnARuleNamesThatTheDataLacksOrThatDoesNotFitItsOptionIsARulesErrorAtTheLineOfItsKey() {
        dev.paritygate.rules.RuleOrigin origin = new dev.paritygate.rules.RuleOrigin(
                java.nio.file.Path.of("rules/orders.yaml"),
                Map.of(
                        "sample.mask[0]", 9,
                        "rename.nmae", 10,
                        "columns.name.abs_tol", 12,
                        "kpis[0].group_by", 14,
                        "kpis[0].metrics.total.time_tolerance", 17,
                        "distributions[0].column", 19),
                Map.of());
        List<String> columns = List.of("id", "name");

        ParityException mask = ParityErrors.unknownRuleColumn("sample.mask[0]", "nmae", columns, columns, origin);
        ParityException rename = ParityErrors.unknownRenamedColumn("nmae", columns, origin);
        ParityException option = ParityErrors.inapplicableColumnOption(
                "columns.name.abs_tol", "name", "numbers", "string", "string", origin);
        ParityException group = ParityErrors.missingCheckColumn(
                "kpi 'k'", "kpis[0].group_by", "the left side", "nmae", columns, origin);
        ParityException kpiOption = ParityErrors.inapplicableKpiOption(
                "kpis[0].metrics.total.time_tolerance", "k", "total", "a number", "a number", origin);
        ParityException distribution =
                ParityErrors.inapplicableDistributionColumn("distributions[0].column", "name", "string", origin);

        assertThat(mask.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:9 (sample.mask[0]): cannot find column 'nmae' on either"
                        + " side; left columns: [id, name], right columns: [id, name]. Did you mean 'name'? Fix the"
                        + " column name in the rule.");
        assertThat(rename.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:10 (rename.nmae): cannot find column 'nmae' on the left"
                        + " side; left columns: [id, name]. Did you mean 'name'? rename maps left (legacy) names to"
                        + " right names: fix the left name in the rule.");
        assertThat(option.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:12 (columns.name.abs_tol): cannot apply"
                        + " columns.name.abs_tol to column 'name': it applies to numbers, and 'name' is string on the"
                        + " left and string on the right. Remove the option, or fix the column name.");
        assertThat(group.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:14 (kpis[0].group_by): cannot find column 'nmae' of kpi"
                        + " 'k' on the left side; available columns: [id, name]. Did you mean 'name'? Fix the rule or"
                        + " the rename map.");
        assertThat(kpiOption.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:17 (kpis[0].metrics.total.time_tolerance): cannot apply"
                        + " kpis[0].metrics.total.time_tolerance to kpi metric 'k.total': it applies to timestamps and"
                        + " dates, and the metric's value is a number on the left and a number on the right. Use"
                        + " abs_tol or rel_tol for numbers instead of time_tolerance.");
        assertThat(distribution.getMessage())
                .isEqualTo("Invalid rule at rules/orders.yaml:19 (distributions[0].column): column 'name' is string;"
                        + " distributions need numeric or timestamp columns. Name one, or remove the distribution.");
        assertThat(List.of(mask, rename, option, group, kpiOption, distribution))
                .extracting(ParityException::kind)
                .containsOnly(ParityException.Kind.USAGE);
        assertThat(option.location()).contains(new RuleLocation("rules/orders.yaml", 12, 0));
    }

    @Test
    void aColumnARuleBuiltInCodeNamesWrongIsARulesErrorInTodaysWordsWithoutALocation() {
        List<String> columns = List.of("id", "name");

        ParityException mask = ParityErrors.unknownRuleColumn("sample.mask[0]", "nmae", columns, columns, null);
        ParityException rename = ParityErrors.unknownRenamedColumn("nmae", columns, null);
        ParityException renameTarget = ParityErrors.unknownRenameTarget("nm", "nmae", columns, null);
        ParityException option = ParityErrors.inapplicableColumnOption(
                "columns.name.abs_tol", "name", "numbers", "string", "string", null);
        ParityException kpiOption = ParityErrors.inapplicableKpiOption(
                "kpis[0].metrics.total.abs_tol", "k", "total", "a timestamp", "a timestamp", null);
        ParityException distribution =
                ParityErrors.inapplicableDistributionColumn("distributions[0].column", "name", "string", null);

        assertThat(mask.getMessage())
                .isEqualTo("Cannot find column 'nmae' named by sample.mask[0] on either side; left columns: [id, name],"
                        + " right columns: [id, name]. Did you mean 'name'? Fix the column name in the rule.");
        assertThat(rename.getMessage())
                .isEqualTo("Cannot find column 'nmae' named by rename.nmae on the left side; left columns: [id, name]."
                        + " Did you mean 'name'? rename maps left (legacy) names to right names: fix the left name in"
                        + " the rule.");
        assertThat(renameTarget.getMessage())
                .isEqualTo("Cannot find column 'nmae' named by rename.nm on the right side; right columns: [id, name]."
                        + " Did you mean 'name'? rename maps left (legacy) names to right names: fix the right name in"
                        + " the rule.");
        assertThat(option.getMessage())
                .isEqualTo("Cannot apply columns.name.abs_tol to column 'name': it applies to numbers, and 'name' is"
                        + " string on the left and string on the right. Remove the option, or fix the column name.");
        assertThat(kpiOption.getMessage())
                .isEqualTo("Cannot apply kpis[0].metrics.total.abs_tol to kpi metric 'k.total': it applies to numbers,"
                        + " and the metric's value is a timestamp on the left and a timestamp on the right. Use"
                        + " time_tolerance for timestamps and dates instead of abs_tol.");
        assertThat(distribution.getMessage())
                .isEqualTo("Invalid distribution column 'name': its values are string; distributions need numeric or"
                        + " timestamp columns. Name one, or remove the distribution.");
        assertThat(List.of(mask, rename, renameTarget, option, kpiOption, distribution))
                .extracting(ParityException::kind)
                .containsOnly(ParityException.Kind.USAGE);
        assertThat(List.of(mask, rename, renameTarget, option, kpiOption, distribution))
                .allSatisfy(e -> assertThat(e.location()).isEmpty());
    }

    @Test
    void viewsARouteCouldNotRepointAreEachNamedWithTheirStatementThenHowToFinishTheMove() {
        ParityException daily = ParityErrors.viewNotRepointed(
                "bi.returns_daily",
                "CREATE OR REPLACE VIEW bi.returns_daily AS SELECT * FROM lake.returns_daily",
                new RuntimeException("[TABLE_OR_VIEW_NOT_FOUND] The table or view `lake`.`returns_daily` cannot be"
                        + " found. SQLSTATE: 42P01"));
        ParityException weekly = ParityErrors.viewNotRepointed(
                "bi.returns_weekly",
                "CREATE OR REPLACE VIEW bi.returns_weekly AS SELECT * FROM lake.returns_weekly",
                new RuntimeException("Permission denied: user=etl, access=WRITE"));

        ParityException one =
                ParityErrors.routeIncomplete("parity route cutover returns", "returns", "cloud", List.of(daily));
        ParityException both = ParityErrors.routeIncomplete(
                "parity route cutover returns", "returns", "cloud", List.of(daily, weekly));

        String recovery = "The routing change is recorded: returns is on the cloud side. Fix the table or permissions,"
                + " then re-run 'parity route cutover returns': it re-points only the views not on the cloud side yet";
        assertThat(one.getMessage())
                .isEqualTo("Cannot re-point view bi.returns_daily (CREATE OR REPLACE VIEW bi.returns_daily AS SELECT *"
                        + " FROM lake.returns_daily): [TABLE_OR_VIEW_NOT_FOUND] The table or view `lake`.`returns_daily`"
                        + " cannot be found. SQLSTATE: 42P01. " + recovery + " (or run the statement above by hand).");
        assertThat(one.kind()).isEqualTo(ParityException.Kind.EVALUATION);
        assertThat(both.getMessage())
                .isEqualTo("Cannot re-point view bi.returns_daily (CREATE OR REPLACE VIEW bi.returns_daily AS SELECT *"
                        + " FROM lake.returns_daily): [TABLE_OR_VIEW_NOT_FOUND] The table or view `lake`.`returns_daily`"
                        + " cannot be found. SQLSTATE: 42P01.\nCannot re-point view bi.returns_weekly (CREATE OR REPLACE VIEW"
                        + " bi.returns_weekly AS SELECT * FROM lake.returns_weekly): Permission denied: user=etl,"
                        + " access=WRITE.\n" + recovery + " (or run the statements above by hand).");
        assertThat(both.getSuppressed()).containsExactly(daily, weekly);
    }

    /**
     * An exception as Spark 4 throws one: an error condition and its parameters beside a message,
     * which here may say anything.
     */
    private static final class SparkLikeException extends RuntimeException implements SparkThrowable {
        private final String condition;
        private final Map<String, String> parameters;

        SparkLikeException(String condition, Map<String, String> parameters, String message, Throwable cause) {
            super(message, cause);
            this.condition = condition;
            this.parameters = parameters;
        }

        @Override
        public String getCondition() {
            return condition;
        }

        @Override
        public Map<String, String> getMessageParameters() {
            return parameters;
        }
    }
}
