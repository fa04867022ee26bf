package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.RuleLocation;
import dev.paritygate.rules.Checks.KeyDiffMode;
import dev.paritygate.rules.ColumnOptions.TimeUnitTruncation;
import dev.paritygate.testing.Options;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {
    private static final String MINIMAL = """
            pipeline: orders
            left:
              format: parquet
              path: /data/legacy/orders
            right:
              table: sales.orders
            key: [order_id]
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private Path write(String yaml) throws IOException {
        return write("orders.yaml", yaml);
    }

    @Test
    void fullRuleLoadsWithExactValues() throws IOException {
        Path file = write("""
                pipeline: orders
                owner: sales@example.com
                description: Orders per day
                upstream: [customers]
                left:
                  name: hive
                  format: parquet
                  path: /data/legacy/orders
                  filter: order_date = '${run_date}'
                  options:
                    mergeSchema: "true"
                  transforms:
                    status: upper(status)
                  time_zone: Europe/Berlin
                right:
                  table: sales.orders
                where: region <> 'TEST'
                key: [order_id, line_no]
                partition_by: [order_date]
                segments: 8
                case_sensitive: true
                rename:
                  cust_id: customer_id
                ignore: [loaded_at]
                columns:
                  amount:
                    abs_tol: 0.01
                    rel_tol: 0.001
                    severity: warning
                  status:
                    trim: true
                    ignore_case: true
                    empty_equals_null: true
                    nan_equal: false
                    unicode: nfkc
                  updated_at:
                    left_time_zone: Europe/Berlin
                    right_time_zone: UTC
                    truncate: second
                    time_tolerance: 500ms
                checks:
                  schema:
                    allow_type_changes: ["int->bigint"]
                    allow_added: true
                  row_count:
                    abs_tol: 10
                    rel_tol: 0.001
                  partition_hash:
                    enabled: false
                  key_diff:
                    max_mismatch_count: 5
                    max_mismatch_rate: 0.0001
                    allow_duplicates: true
                    mode: FULL
                    severity: Warning
                  columns:
                    severity: warning
                sample:
                  max_rows: 5
                  mask: [email]
                exclude_recent:
                  column: updated_at
                  minutes: 30
                gate:
                  required_streak: 10
                  business_days: [monday, tuesday]
                  change_windows: [saturday]
                """);

        Rule rule = RuleLoader.loadFile(file).rule();

        assertThat(rule.pipeline()).isEqualTo("orders");
        assertThat(rule.owner()).isEqualTo("sales@example.com");
        assertThat(rule.description()).isEqualTo("Orders per day");
        assertThat(rule.upstream()).containsExactly("customers");
        assertThat(rule.left())
                .isEqualTo(new SourceSpec(
                        "hive",
                        "parquet",
                        "/data/legacy/orders",
                        null,
                        null,
                        null,
                        "order_date = '${run_date}'",
                        Map.of("mergeSchema", "true"),
                        Map.of("status", "upper(status)"),
                        "Europe/Berlin"));
        assertThat(rule.right())
                .isEqualTo(new SourceSpec(null, null, null, "sales.orders", null, null, null, null, null, null));
        assertThat(rule.where()).isEqualTo("region <> 'TEST'");
        assertThat(rule.key()).containsExactly("order_id", "line_no");
        assertThat(rule.partitionBy()).containsExactly("order_date");
        assertThat(rule.buckets()).isEqualTo(Rule.BUCKETS_DEFAULT);
        assertThat(rule.segments()).isEqualTo(8);
        assertThat(rule.caseSensitive()).isTrue();
        assertThat(rule.rename()).isEqualTo(Map.of("cust_id", "customer_id"));
        assertThat(rule.ignore()).containsExactly("loaded_at");
        assertThat(rule.columns()).containsOnlyKeys("amount", "status", "updated_at");
        assertThat(rule.columns().keySet()).containsExactly("amount", "status", "updated_at");
        assertThat(rule.columns().get("amount"))
                .isEqualTo(Options.options()
                        .absTol(new BigDecimal("0.01"))
                        .relTol(new BigDecimal("0.001"))
                        .severity(Severity.WARNING)
                        .build());
        assertThat(rule.columns().get("status"))
                .isEqualTo(Options.options()
                        .trim(true)
                        .ignoreCase(true)
                        .emptyEqualsNull(true)
                        .nanEqual(false)
                        .unicode(ColumnOptions.UnicodeForm.NFKC)
                        .build());
        assertThat(rule.columns().get("updated_at"))
                .isEqualTo(Options.options()
                        .leftTimeZone("Europe/Berlin")
                        .rightTimeZone("UTC")
                        .truncate(TimeUnitTruncation.SECOND)
                        .timeTolerance("500ms")
                        .build());
        assertThat(rule.checks())
                .isEqualTo(new Checks(
                        new Checks.SchemaCheck(true, Severity.BLOCKING, List.of("int->bigint"), true, false),
                        new Checks.RowCountCheck(true, Severity.BLOCKING, 10L, new BigDecimal("0.001")),
                        new Checks.PartitionHashCheck(false, Severity.WARNING),
                        new Checks.KeyDiffCheck(
                                true, Severity.WARNING, 5L, new BigDecimal("0.0001"), true, KeyDiffMode.FULL),
                        new Checks.ColumnsCheck(true, Severity.WARNING)));
        assertThat(rule.sample()).isEqualTo(new SampleSpec(5, List.of("email")));
        assertThat(rule.excludeRecent()).isEqualTo(new ExcludeRecent("updated_at", 30));
        assertThat(rule.gate())
                .isEqualTo(
                        new GatePolicy(10, List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY), List.of(DayOfWeek.SATURDAY)));
    }

    @Test
    void omittedKeysGetTheirDefaults() throws IOException {
        Rule rule = RuleLoader.loadFile(write(MINIMAL)).rule();

        assertThat(rule.owner()).isNull();
        assertThat(rule.upstream()).isEmpty();
        assertThat(rule.partitionBy()).isEmpty();
        assertThat(rule.buckets()).isEqualTo(16);
        assertThat(rule.segments()).isEqualTo(1024);
        assertThat(rule.caseSensitive()).isFalse();
        assertThat(rule.rename()).isEmpty();
        assertThat(rule.ignore()).isEmpty();
        assertThat(rule.columns()).isEmpty();
        assertThat(rule.checks()).isEqualTo(Checks.DEFAULT);
        assertThat(rule.checks().keyDiff().mode()).isEqualTo(KeyDiffMode.PRUNED);
        assertThat(rule.checks().partitionHash().severity()).isEqualTo(Severity.WARNING);
        assertThat(rule.sample()).isEqualTo(SampleSpec.DEFAULT);
        assertThat(rule.sample().maxRows()).isEqualTo(20);
        assertThat(rule.excludeRecent()).isNull();
        assertThat(rule.gate()).isEqualTo(GatePolicy.DEFAULT);
        assertThat(rule.left().kind()).isEqualTo(SourceSpec.Kind.PATH);
        assertThat(rule.right().kind()).isEqualTo(SourceSpec.Kind.TABLE);
    }

    @Test
    void columnWithOnlySomeOptionsKeepsTheOtherDefaults() throws IOException {
        Rule rule = RuleLoader.loadFile(write(MINIMAL + "columns:\n  status:\n    trim: true\n"))
                .rule();

        assertThat(rule.columnOptions("STATUS"))
                .isEqualTo(Options.options().trim(true).build());
    }

    @Test
    void signOptionsLoadAndDefaultToTodaysSemantics() throws IOException {
        Rule rule = RuleLoader.loadFile(write(MINIMAL
                        + "columns:\n  price:\n    signed_zero_equal: false\n    opposite_infinities_equal: true\n"
                        + "  ratio:\n    nan_equal: false\n"))
                .rule();

        assertThat(rule.columnOptions("price").signedZeroEqual()).isFalse();
        assertThat(rule.columnOptions("price").oppositeInfinitiesEqual()).isTrue();
        assertThat(rule.columnOptions("price").nanEqual()).isTrue();
        // Unset: -0.0 equals 0.0 and +inf differs from -inf, as before the options existed.
        assertThat(rule.columnOptions("ratio").signedZeroEqual()).isTrue();
        assertThat(rule.columnOptions("ratio").oppositeInfinitiesEqual()).isFalse();
        assertThat(ColumnOptions.DEFAULT.signedZeroEqual()).isTrue();
        assertThat(ColumnOptions.DEFAULT.oppositeInfinitiesEqual()).isFalse();
    }

    @Test
    void aSignOptionWrittenAsTextIsARulesErrorAtItsLine() throws IOException {
        Path file = write(MINIMAL + "columns:\n  price:\n    signed_zero_equal: \"no\"\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file + ":10:24 (columns.price.signed_zero_equal):");
    }

    @Test
    void loadedRuleRemembersTheLineOfEachKey() throws IOException {
        LoadedRule loaded = RuleLoader.loadFile(write(MINIMAL));

        assertThat(loaded.origin().locate("key")).isEqualTo(loaded.origin().file() + ":7 (key)");
        assertThat(loaded.origin().locate("left.path"))
                .isEqualTo(loaded.origin().file() + ":4 (left.path)");
        assertThat(loaded.pipeline()).isEqualTo("orders");
    }

    @Test
    void unknownKeySuggestsTheNearestValidKeyAndListsThem() throws IOException {
        Path file = write(MINIMAL + "checks:\n  key_diff:\n    max_mismatch_rat: 0.1\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10:5 (checks.key_diff): unknown key 'max_mismatch_rat'."
                        + " Did you mean 'max_mismatch_rate'? Valid keys: allow_duplicates, enabled,"
                        + " max_mismatch_count, max_mismatch_rate, mode, severity, warn_mismatch_count,"
                        + " warn_mismatch_rate")
                .extracting(e -> ((ParityException) e).kind())
                .isEqualTo(ParityException.Kind.USAGE);
    }

    private static final String EVERY_TABLE_CHECK_DISABLED = """
            checks:
              schema: { enabled: false }
              row_count: { enabled: false }
              partition_hash: { enabled: false }
              key_diff: { enabled: false }
            """;

    @Test
    void aRuleThatDisablesEveryCheckIsARulesErrorAtItsChecks() throws IOException {
        Path file = write(MINIMAL + EVERY_TABLE_CHECK_DISABLED + "  columns: { enabled: false }\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":8 (checks): every check is disabled, so a run would"
                        + " compare nothing and pass. Enable at least one check, or add a kpi, distribution or"
                        + " distinct check");
    }

    @Test
    void aRuleWhoseOnlyChecksAreColumnsInEstimateModeIsARulesErrorAtTheMode() throws IOException {
        Path file = write(MINIMAL
                + EVERY_TABLE_CHECK_DISABLED.replace(
                        "key_diff: { enabled: false }", "key_diff: { enabled: false, mode: estimate }"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file
                        + ":12 (checks.key_diff.mode): the only enabled checks are the column checks, which"
                        + " key_diff.mode 'estimate' never computes (it joins nothing), so a run would compare"
                        + " nothing and pass. Set key_diff.mode to pruned or full, or enable another check");
    }

    @Test
    void aRuleWithEveryTableCheckDisabledStillLoadsWithAKpiOrItsColumnChecks() throws IOException {
        Path kpiOnly = write(
                "kpi.yaml",
                MINIMAL + EVERY_TABLE_CHECK_DISABLED + "  columns: { enabled: false }\n"
                        + "kpis:\n  - name: revenue\n    metrics: { total: { expr: \"sum(amount)\" } }\n");
        Path columnsOnly = write("columns.yaml", MINIMAL + EVERY_TABLE_CHECK_DISABLED);

        assertThat(RuleLoader.loadFile(kpiOnly).rule().kpis()).hasSize(1);
        assertThat(RuleLoader.loadFile(columnsOnly).rule().checks().columns().enabled())
                .isTrue();
    }

    @Test
    void camelCaseTopLevelKeySuggestsTheSnakeCaseKey() throws IOException {
        Path file = write(MINIMAL + "partitionBy: [order_date]\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file
                        + ":8:1: unknown key 'partitionBy'. Did you mean 'partition_by'? Valid keys: buckets,"
                        + " case_sensitive, checks, columns, description, distinct, distributions, exclude_recent, gate,"
                        + " ignore, key, kpis,");
    }

    @Test
    void unknownKeyFarFromEveryValidKeyOnlyListsThem() throws IOException {
        Path file = write(MINIMAL + "columns:\n  amount:\n    tolerance_in_cents: 1\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage(
                        "Invalid rule at " + file + ":10:5 (columns.amount): unknown key"
                                + " 'tolerance_in_cents'. Valid keys: abs_tol, empty_equals_null, ignore_case, left_time_zone, max_mismatch_count, max_mismatch_rate,"
                                + " nan_equal, opposite_infinities_equal, rel_tol, right_time_zone, severity, signed_zero_equal, time_tolerance, trim, truncate, unicode, warn_mismatch_count, warn_mismatch_rate");
    }

    @Test
    void unknownKeyMissingAWordOfAValidKeySuggestsIt() throws IOException {
        Path file = write(MINIMAL + "columns:\n  created_at:\n    tolerence: 2s\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10:5 (columns.created_at): unknown key 'tolerence'. Did you"
                        + " mean 'time_tolerance'? Valid keys: abs_tol, empty_equals_null, ignore_case,"
                        + " left_time_zone, max_mismatch_count, max_mismatch_rate, nan_equal, opposite_infinities_equal, rel_tol, right_time_zone, severity, signed_zero_equal, time_tolerance, trim,"
                        + " truncate, unicode, warn_mismatch_count, warn_mismatch_rate");
    }

    @Test
    void misspeltRequiredKeyIsAnUnknownKeyWithASuggestionNotAMissingOne() throws IOException {
        Path recent = write("recent.yaml", MINIMAL + "exclude_recent:\n  colum: updated_at\n  minutes: 30\n");
        Path view = write(
                "view.yaml",
                MINIMAL + "gate:\n  views:\n    - name: analytics.orders\n      legacy_tabel: legacy.orders\n"
                        + "      cloud_table: cloud.orders\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(recent))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + recent + ":9:3 (exclude_recent): unknown key 'colum'. Did you mean"
                        + " 'column'? Valid keys: column, minutes");
        assertThatThrownBy(() -> RuleLoader.loadFile(view))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + view + ":11:7 (gate.views[0]): unknown key 'legacy_tabel'. Did you"
                        + " mean 'legacy_table'? Valid keys: cloud_table, legacy_table, name");
    }

    @Test
    void toleranceWrittenAsTextIsRejected() throws IOException {
        Path file = write(MINIMAL + "checks:\n  row_count:\n    abs_tol: ten\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file
                        + ":10:14 (checks.row_count.abs_tol): expected an integer, got 'ten'");
    }

    @Test
    void numberInQuotesIsNotCoercedToANumber() throws IOException {
        Path file = write(MINIMAL + "columns:\n  amount:\n    abs_tol: \"0.01\"\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10:14 (columns.amount.abs_tol): expected a number, got"
                        + " '0.01'");
    }

    @Test
    void fractionWhereAnIntegerIsExpectedIsRejected() throws IOException {
        Path file = write(MINIMAL + "checks:\n  key_diff:\n    max_mismatch_count: 1.5\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file
                        + ":10:25 (checks.key_diff.max_mismatch_count): expected an integer, got 1.5");
    }

    @Test
    void booleanWrittenAsTextOrNumberIsRejected() throws IOException {
        Path quoted = write("a.yaml", MINIMAL + "case_sensitive: \"true\"\n");
        Path number = write("b.yaml", MINIMAL + "columns:\n  status:\n    trim: 1\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(quoted))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + quoted + ":8:17 (case_sensitive): expected true or false, got"
                        + " 'true'");
        assertThatThrownBy(() -> RuleLoader.loadFile(number))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + number + ":10:11 (columns.status.trim): expected true or false,"
                        + " got 1");
    }

    @Test
    void emptyValueForAPrimitiveOptionIsRejected() throws IOException {
        Path file = write(MINIMAL + "columns:\n  status:\n    trim:\n    ignore_case: true\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file)
                .hasMessageEndingWith(" (columns.status.trim): expected true or false, got an empty value");
    }

    @Test
    void notANumberOrInfinityIsARulesErrorNamingLineColumnAndKey() throws IOException {
        Path nan = write("nan.yaml", MINIMAL + "checks: {key_diff: {max_mismatch_rate: .nan}}\n");
        Path inf = write("inf.yaml", MINIMAL + "checks:\n  row_count:\n    rel_tol: .inf\n");
        Path capitalised = write("capitalised.yaml", MINIMAL + "columns:\n  amount:\n    abs_tol: .NaN\n");
        Path negative = write("negative.yaml", MINIMAL.replace("key: [order_id]", "key: [order_id, -.inf]"));

        String fix = ". YAML reads .nan and .inf as not-a-number and infinity, which no rule setting accepts: write a"
                + " finite number, or quote the value if it is text";
        assertThatThrownBy(() -> RuleLoader.loadFile(nan))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + nan + ":8:40 (checks.key_diff.max_mismatch_rate): expected a finite"
                        + " number, got '.nan'" + fix)
                .extracting(e -> ((ParityException) e).kind())
                .isEqualTo(ParityException.Kind.USAGE);
        assertThatThrownBy(() -> RuleLoader.loadFile(inf))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + inf + ":10:14 (checks.row_count.rel_tol): expected a finite number,"
                        + " got '.inf'" + fix);
        assertThatThrownBy(() -> RuleLoader.loadFile(capitalised))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + capitalised + ":10:14 (columns.amount.abs_tol): expected a finite"
                        + " number, got '.NaN'" + fix);
        assertThatThrownBy(() -> RuleLoader.loadFile(negative))
                .isInstanceOf(ParityException.class)
                .hasMessage(
                        "Invalid rule at " + negative + ":7:17 (key[1]): expected a finite number, got '-.inf'" + fix);
    }

    @Test
    void notANumberInQuotesIsText() throws IOException {
        Path file = write(
                MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  options: {nanValue: \".nan\"}"));

        assertThat(RuleLoader.loadFile(file).rule().right().options()).containsEntry("nanValue", ".nan");
    }

    @Test
    void typeChangeWithAnotherArrowIsRejectedWithTheFromToSpelling() throws IOException {
        Path file = write(MINIMAL + "checks:\n  schema:\n    allow_type_changes: [\"int->bigint\", \"int=>string\"]\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10 (checks.schema.allow_type_changes[1]): invalid type change"
                        + " 'int=>string'. Did you mean 'int->string'? Write it as from->to, for example int->bigint");
    }

    @Test
    void typeChangeNamingATypeNoColumnCanHaveIsRejected() throws IOException {
        Path file = write(MINIMAL + "checks:\n  schema:\n    allow_type_changes: [\"foo->bar\"]\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10 (checks.schema.allow_type_changes[0]): unknown type 'foo'"
                        + " in type change 'foo->bar'. Use a type name (tinyint, smallint, int, bigint, decimal, float,"
                        + " double, string, varchar, char, timestamp, timestamp_ntz, date, boolean, binary, time,"
                        + " interval, array, map, struct, variant, void, geometry, geography, with or without"
                        + " parameters such as decimal(12,2)), a family (integral, decimal, floating, string,"
                        + " timestamp, date, boolean, binary, complex), numeric or *");
    }

    @Test
    void misspeltTypeInATypeChangeSuggestsTheNearestName() throws IOException {
        Path file = write(MINIMAL + "checks:\n  schema:\n    allow_type_changes:\n      - decimal->doubel\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file + ":11 (checks.schema.allow_type_changes[0]): unknown"
                        + " type 'doubel' in type change 'decimal->doubel'. Did you mean 'double'? Use a type name (");
    }

    @Test
    void typeChangesByNameAliasParametersFamilyAndWildcardLoad() throws IOException {
        List<String> changes = List.of(
                "int->bigint",
                "Long -> decimal(38, 0)",
                "integral->decimal",
                "array<int>->string",
                "numeric->*",
                "timestamp_ntz->timestamp");
        Path file = write(
                MINIMAL + "checks:\n  schema:\n    allow_type_changes: [\"" + String.join("\", \"", changes) + "\"]\n");

        assertThat(RuleLoader.loadFile(file).rule().checks().schema().allowTypeChanges())
                .containsExactlyElementsOf(changes);
    }

    @Test
    void misspeltEnumValueSuggestsTheNearestOne() throws IOException {
        Path file = write(MINIMAL + "checks:\n  key_diff:\n    severity: blokcing\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10:15 (checks.key_diff.severity): expected one of"
                        + " blocking, warning, got 'blokcing'. Did you mean 'blocking'?");
    }

    @Test
    void unknownUnicodeFormNamesTheFormsThereAre() throws IOException {
        Path file = write(MINIMAL + "columns:\n  status:\n    unicode: nfx\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("(columns.status.unicode): expected one of nfc, nfd, nfkc, nfkd, got 'nfx'");
    }

    @Test
    void scalarWhereAListIsExpectedIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key: order_id"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7:6 (key): expected a list, got 'order_id'");
    }

    @Test
    void wrongTypeInsideAListNamesTheItem() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key:\n  - order_id\n  - {line: 1}"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9:5 (key[1]): expected a text value, got a mapping");
    }

    @Test
    void integerOutOfRangeIsRejected() throws IOException {
        Path file = write(MINIMAL + "sample:\n  max_rows: 99999999999\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining(" (sample.max_rows): expected an integer, got 99999999999, which is out of"
                        + " range. Use a smaller number");
    }

    @Test
    void emptyListItemIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key:\n  - order_id\n  -\n"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9 (key[1]): empty list item. Give the item a value or"
                        + " remove it");
    }

    @Test
    void columnWithoutOptionsIsRejected() throws IOException {
        Path file = write(MINIMAL + "columns:\n  amount:\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9 (columns.amount): empty value for 'amount'. Give the"
                        + " column at least one option, such as 'abs_tol: 0.01', or remove it");
    }

    @Test
    void missingPipelineIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("pipeline: orders\n", ""));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + " (pipeline): missing required key 'pipeline'. Name the"
                        + " pipeline, for example 'pipeline: orders'");
    }

    @Test
    void pipelineNameWithSpacesIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("pipeline: orders", "pipeline: daily orders"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":1 (pipeline): invalid pipeline name 'daily orders'. Use"
                        + " only letters, digits, '_', '.' and '-', for example 'sales.orders_daily'");
    }

    @Test
    void missingRightSideIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("right:\n  table: sales.orders\n", ""));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + " (right): missing required key 'right'. Describe the new"
                        + " (cloud) side. Set exactly one of path (with format), table, query or jdbc");
    }

    @Test
    void missingKeyIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]\n", ""));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + " (key): missing required key 'key'. List the columns that"
                        + " identify a row, for example 'key: [order_id]'");
    }

    @Test
    void emptyKeyListIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key: []"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7 (key): 'key' is empty. List the columns that identify a"
                        + " row, for example 'key: [order_id]'");
    }

    @Test
    void sideWithTwoSourcesIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  query: select 1"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7 (right.query): the right side sets both 'table' and"
                        + " 'query'. Set exactly one of path (with format), table, query or jdbc");
    }

    @Test
    void sideWithoutSourceIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("  table: sales.orders", "  name: cloud"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":5 (right): the right side sets none of path, table,"
                        + " query, jdbc. Set exactly one of path (with format), table, query or jdbc");
    }

    @Test
    void unknownFormatSuggestsTheNearestFormat() throws IOException {
        Path file = write(MINIMAL.replace("format: parquet", "format: parket"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":3 (left.format): unknown format 'parket'. Did you mean"
                        + " 'parquet'? Allowed: parquet, orc, csv, json, avro, delta");
    }

    @Test
    void pathWithoutFormatIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("  format: parquet\n", ""));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":2 (left.format): missing 'format' for the path source."
                        + " Set format to one of parquet, orc, csv, json, avro, delta");
    }

    @Test
    void formatOnATableSourceIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  format: delta"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7 (right.format): 'format' applies only to a path"
                        + " source, not to table. Remove format, or read a path instead");
    }

    private static final String CSV_LEFT = MINIMAL.replace(
            "  format: parquet\n  path: /data/legacy/orders",
            "  format: csv\n  path: /data/legacy/orders.csv\n  schema: \"order_id BIGINT, amount DECIMAL(12,2)\"");

    @Test
    void schemaOfACsvOrJsonPathSideIsKeptAsWrittenAndAskedOfTheEngine() throws IOException {
        List<String> asked = new java.util.ArrayList<>();
        SchemaDdl recording = ddl -> {
            asked.add(ddl);
            return java.util.Optional.empty();
        };
        Path csv = write("csv.yaml", CSV_LEFT);
        Path json = write("json.yaml", CSV_LEFT.replace("format: csv", "format: json"));

        assertThat(RuleLoader.loadFile(csv, recording).rule().left().schema())
                .isEqualTo("order_id BIGINT, amount DECIMAL(12,2)");
        assertThat(RuleLoader.loadFile(json, recording).rule().left().schema())
                .isEqualTo("order_id BIGINT, amount DECIMAL(12,2)");
        assertThat(asked)
                .containsExactly("order_id BIGINT, amount DECIMAL(12,2)", "order_id BIGINT, amount DECIMAL(12,2)");
        assertThat(RuleLoader.loadFile(write(MINIMAL)).rule().left().schema()).isNull();
    }

    @Test
    void schemaTheEngineCannotParseIsAnErrorAtItsLineQuotingTheEngine() throws IOException {
        Path file = write(CSV_LEFT);
        SchemaDdl refusing = ddl -> java.util.Optional.of("[PARSE_SYNTAX_ERROR] Syntax error at or near ','");

        assertThatThrownBy(() -> RuleLoader.loadFile(file, refusing))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":5 (left.schema): invalid schema"
                        + " 'order_id BIGINT, amount DECIMAL(12,2)': [PARSE_SYNTAX_ERROR] Syntax error at or near ','."
                        + " Write Spark DDL column definitions separated by commas, for example"
                        + " 'id BIGINT, amount DECIMAL(12,2), created_at TIMESTAMP, note STRING'");
        assertThatThrownBy(() -> RuleLoader.load(dir, refusing))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("(left.schema): invalid schema");
    }

    @Test
    void schemaOnAParquetOrDeltaPathIsRejectedNamingTheFormat() throws IOException {
        Path parquet = write("parquet.yaml", CSV_LEFT.replace("format: csv", "format: parquet"));
        Path delta = write("delta.yaml", CSV_LEFT.replace("format: csv", "format: delta"));

        assertThatThrownBy(() -> RuleLoader.loadFile(parquet))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + parquet + ":5 (left.schema): 'schema' applies only to a csv or"
                        + " json path, not to format parquet. Remove schema: parquet files carry their own column"
                        + " types. To compare a column as another type, cast it in the side's transforms, for"
                        + " example 'amount: CAST(amount AS DECIMAL(12,2))'");
        assertThatThrownBy(() -> RuleLoader.loadFile(delta))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + delta + ":5 (left.schema): 'schema' applies only to a"
                        + " csv or json path, not to format delta. Remove schema: delta files carry");
    }

    @Test
    void schemaOnATableQueryOrJdbcSideIsRejectedNamingTheKind() throws IOException {
        Path table = write(
                "table.yaml", MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  schema: \"id INT\""));
        Path jdbc = write(
                "jdbc.yaml",
                MINIMAL.replace(
                        "  table: sales.orders",
                        "  jdbc: { url: \"jdbc:postgresql://db/dwh\", table: orders }\n  schema: \"id INT\""));

        assertThatThrownBy(() -> RuleLoader.loadFile(table))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + table + ":7 (right.schema): 'schema' applies only to a csv or"
                        + " json path, not to a table source. Remove schema: a table carries its own column types."
                        + " To compare a column as another type, cast it in the side's transforms, for example"
                        + " 'amount: CAST(amount AS DECIMAL(12,2))'");
        assertThatThrownBy(() -> RuleLoader.loadFile(jdbc))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + jdbc + ":7 (right.schema): 'schema' applies only to a csv or"
                        + " json path, not to a jdbc source. Remove schema: to choose the types Spark reads, set"
                        + " the JDBC reader's option instead, for example 'options: { customSchema: \"id BIGINT\" }'");
    }

    @Test
    void blankSchemaIsRejected() throws IOException {
        Path file = write(CSV_LEFT.replace("\"order_id BIGINT, amount DECIMAL(12,2)\"", "\" \""));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":5 (left.schema): 'schema' is empty. Give it a value or"
                        + " remove it");
    }

    @Test
    void unknownTimeZoneSuggestsTheNearestZone() throws IOException {
        Path file = write(MINIMAL + "columns:\n  ts:\n    left_time_zone: Europe/Berlim\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10 (columns.ts.left_time_zone): unknown time zone"
                        + " 'Europe/Berlim'. Did you mean 'Europe/Berlin'? Use a region such as Europe/Paris, UTC,"
                        + " or an offset such as +01:00");
    }

    @Test
    void unknownSourceTimeZoneIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  time_zone: CEST"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file + ":7 (right.time_zone): unknown time zone 'CEST'.");
    }

    @Test
    void placeholderOtherThanRunDateIsRejected() throws IOException {
        Path file =
                write(MINIMAL.replace("  table: sales.orders", "  table: sales.orders\n  filter: d = '${rundate}'"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7 (right.filter): unknown placeholder '${rundate}'. The"
                        + " only placeholder is ${run_date}, replaced by the run's --run-date (YYYY-MM-DD)");
    }

    @Test
    void runDatePlaceholderIsAllowedInPathFilterQueryWhereAndTable() throws IOException {
        Path file = write("""
                pipeline: orders
                left:
                  format: parquet
                  path: /data/legacy/orders/dt=${run_date}
                  filter: d = '${run_date}'
                right:
                  query: select * from sales.orders where d = '${run_date}'
                where: d = '${run_date}'
                key: [order_id]
                """);

        assertThat(RuleLoader.loadFile(file).rule().left().path()).isEqualTo("/data/legacy/orders/dt=${run_date}");
    }

    @Test
    void duplicateKeyColumnIsRejectedIgnoringCase() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key: [order_id, ORDER_ID]"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":7 (key[1]): key column 'ORDER_ID' is listed twice (also"
                        + " as key[0] 'order_id'). Remove the duplicate; column names match case-insensitively"
                        + " unless case_sensitive: true");
    }

    @Test
    void keyColumnsDifferingInCaseAreDistinctWhenCaseSensitive() throws IOException {
        Path file = write(MINIMAL.replace("key: [order_id]", "key: [order_id, ORDER_ID]\ncase_sensitive: true"));

        assertThat(RuleLoader.loadFile(file).rule().key()).containsExactly("order_id", "ORDER_ID");
    }

    @Test
    void ignoredKeyColumnIsRejected() throws IOException {
        Path file = write(MINIMAL + "ignore:\n  - loaded_at\n  - Order_Id\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":10 (ignore[1]): key column 'order_id' is also in ignore."
                        + " A key column is always compared; remove it from ignore");
    }

    @Test
    void aToleranceOnAKeyColumnIsRejectedAtItsLine() throws IOException {
        Path file = write(MINIMAL + "columns:\n  Order_Id:\n    trim: true\n    rel_tol: 0.01\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":11 (columns.Order_Id.rel_tol): key column 'order_id' has"
                        + " a tolerance, and rows are joined on equal keys. Remove rel_tol from columns.Order_Id;"
                        + " tolerances apply to compared columns");
    }

    @Test
    void passwordInJdbcUrlIsRejectedWithoutEchoingIt() throws IOException {
        Path file = write(
                MINIMAL.replace(
                        "  format: parquet\n  path: /data/legacy/orders",
                        "  jdbc:\n    url: jdbc:postgresql://db:5432/dwh?user=etl&password=s3cret&ssl=true\n    table: orders"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":4 (left.jdbc.url): the JDBC URL contains a password"
                        + " (jdbc:postgresql://db:5432/dwh?user=etl&password=***&ssl=true). A password must never be"
                        + " in a rules file: remove it from the URL and name an environment variable in"
                        + " password_env, or a file in password_file")
                .message()
                .doesNotContain("s3cret");
    }

    @Test
    void jdbcWithoutUrlIsRejected() throws IOException {
        Path file =
                write(MINIMAL.replace("  format: parquet\n  path: /data/legacy/orders", "  jdbc:\n    table: orders"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":3 (left.jdbc.url): missing required key 'url' of the jdbc"
                        + " source. Give the JDBC URL, for example 'url: jdbc:postgresql://db:5432/dwh'");
    }

    @Test
    void jdbcPartitionColumnNeedsBoundsAndPartitions() throws IOException {
        Path file = write(MINIMAL.replace(
                "  format: parquet\n  path: /data/legacy/orders",
                "  jdbc:\n    url: jdbc:postgresql://db/dwh\n    table: orders\n    partition_column: id\n"
                        + "    lower_bound: 1"));

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":6 (left.jdbc.partition_column): partition_column 'id'"
                        + " needs lower_bound, upper_bound and num_partitions; missing: upper_bound, num_partitions."
                        + " Set all three, or remove partition_column to read through one connection");
    }

    @Test
    void jdbcSourceWithCredentialsFromTheEnvironmentLoads() throws IOException {
        Path file = write(MINIMAL.replace("  format: parquet\n  path: /data/legacy/orders", """
                  jdbc:
                    url: jdbc:postgresql://db:5432/dwh
                    table: crm.orders
                    user_env: DWH_USER
                    password_env: DWH_PASSWORD
                    partition_column: order_id
                    lower_bound: 1
                    upper_bound: 1000000
                    num_partitions: 8
                    fetch_size: 5000\
                """));

        JdbcSpec jdbc = RuleLoader.loadFile(file).rule().left().jdbc();

        assertThat(jdbc)
                .isEqualTo(new JdbcSpec(
                        "jdbc:postgresql://db:5432/dwh",
                        "crm.orders",
                        null,
                        "DWH_USER",
                        "DWH_PASSWORD",
                        null,
                        "order_id",
                        "1",
                        "1000000",
                        8,
                        5000));
    }

    @Test
    void compactConstructorErrorKeepsFileLineAndKey() throws IOException {
        Path file = write(MINIMAL + "columns:\n  updated_at:\n    trim: false\n    time_tolerance: 5 sec\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":11 (columns.updated_at.time_tolerance): invalid"
                        + " time_tolerance '5 sec': use ISO-8601 (PT1S) or a number with us, ms, s, m, h or d");
    }

    @Test
    void durationTooLongToCountInMicrosecondsIsRejectedNamingTheKeyRatherThanALongOverflow() throws IOException {
        // PT9999999999H once failed as "(columns.updated_at): long overflow"; 99999999999999999999d loaded.
        for (String tolerance : List.of("PT9999999999H", "99999999999999999999d")) {
            Path file = write(MINIMAL + "columns:\n  updated_at:\n    time_tolerance: " + tolerance + "\n");

            assertThatThrownBy(() -> RuleLoader.loadFile(file))
                    .isInstanceOf(ParityException.class)
                    .hasMessage("Invalid rule at " + file + ":10 (columns.updated_at.time_tolerance): invalid"
                            + " time_tolerance '" + tolerance + "': too long to count in microseconds; the longest"
                            + " is about 292000 years (PT2562047788H)");
        }
        Path longest = write(MINIMAL + "columns:\n  updated_at:\n    time_tolerance: PT2562047788H\n");
        assertThat(RuleLoader.loadFile(longest)
                        .rule()
                        .columns()
                        .get("updated_at")
                        .timeToleranceMicros())
                .isEqualTo(2_562_047_788L * 3_600_000_000L);
    }

    @Test
    void topLevelCompactConstructorErrorPointsAtTheKey() throws IOException {
        Path file = write(MINIMAL + "buckets: 0\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":8 (buckets): invalid buckets 0: allowed 1..100000");
    }

    @Test
    void negativeToleranceIsRejectedAtItsCheck() throws IOException {
        Path file = write(MINIMAL + "checks:\n  row_count:\n    abs_tol: 5\n    rel_tol: -0.1\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9 (checks.row_count): invalid row_count tolerance"
                        + " abs_tol=5 rel_tol=-0.1: must be >= 0");
    }

    @Test
    void warnBandsLoadWithAnUnwrittenComponentAsZeroAndWithoutKeysAsNoBand() throws IOException {
        Path file = write(MINIMAL + "checks:\n  row_count:\n    abs_tol: 10\n    warn_abs_tol: 2\n"
                + "  key_diff:\n    max_mismatch_rate: 0.01\n    warn_mismatch_rate: 0.001\n");

        Checks checks = RuleLoader.loadFile(file).rule().checks();

        assertThat(checks.rowCount().hasWarnBand()).isTrue();
        assertThat(checks.rowCount().warnAbsTol()).isEqualTo(2L);
        assertThat(checks.rowCount().warnRelTol()).isEqualByComparingTo("0");
        assertThat(checks.keyDiff().warnMismatchCount()).isEqualTo(0L);
        assertThat(checks.keyDiff().warnMismatchRate()).isEqualByComparingTo("0.001");
        Checks none = RuleLoader.loadFile(write(MINIMAL)).rule().checks();
        assertThat(none.rowCount().hasWarnBand()).isFalse();
        assertThat(none.rowCount().warnAbsTol()).isNull();
        assertThat(none.keyDiff().hasWarnBand()).isFalse();
    }

    @Test
    void aWarnBandWiderThanItsToleranceIsRejectedAtItsKey() throws IOException {
        Path rows = write("rows.yaml", MINIMAL + "checks:\n  row_count:\n    abs_tol: 10\n    warn_abs_tol: 11\n");
        Path keys = write(
                "keys.yaml",
                MINIMAL + "checks:\n  key_diff:\n    max_mismatch_rate: 0.01\n    warn_mismatch_rate: 0.02\n");
        Path count = write("count.yaml", MINIMAL + "checks:\n  key_diff:\n    warn_mismatch_count: 1\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(rows))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + rows + ":11 (checks.row_count.warn_abs_tol): invalid row_count"
                        + " warn_abs_tol 11: must be between 0 and the abs tolerance 10, since a warn band lies"
                        + " inside the tolerance");
        assertThatThrownBy(() -> RuleLoader.loadFile(keys))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + keys + ":11 (checks.key_diff.warn_mismatch_rate): invalid key_diff"
                        + " warn_mismatch_rate 0.02: must be between 0 and the max mismatch rate 0.01, since a warn"
                        + " band lies inside the tolerance");
        assertThatThrownBy(() -> RuleLoader.loadFile(count))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + count + ":10 (checks.key_diff.warn_mismatch_count): invalid key_diff"
                        + " warn_mismatch_count 1: must be between 0 and the max mismatch count 0, since a warn"
                        + " band lies inside the tolerance");
    }

    @Test
    void aNegativeWarnBandIsRejectedAtItsKey() throws IOException {
        Path file = write(MINIMAL + "checks:\n  row_count:\n    rel_tol: 0.1\n    warn_rel_tol: -0.01\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":11 (checks.row_count.warn_rel_tol): invalid row_count"
                        + " warn_rel_tol -0.01: must be between 0 and the rel tolerance 0.1, since a warn band lies"
                        + " inside the tolerance");
    }

    @Test
    void aMismatchRateTooLargeToCountInRowsAllowsEveryRowInsteadOfOverflowingWhenTheRowsAreCounted()
            throws IOException {
        // The rule loads; counting its allowed rows once threw ArithmeticException mid-comparison.
        Path file =
                write(MINIMAL + "checks:\n  key_diff:\n    max_mismatch_rate: 1e30\n    warn_mismatch_rate: 1e20\n");

        MismatchTolerance tolerance =
                RuleLoader.loadFile(file).rule().checks().keyDiff().mismatchTolerance();

        assertThat(tolerance.allowed(1_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(tolerance.warnAllowed(1_000)).isEqualTo(Long.MAX_VALUE);
        assertThat(tolerance.allowed(0)).isZero();
    }

    @Test
    void columnMismatchTolerancesLoadAsDefaultsAndPerColumnOverridesKeyByKey() throws IOException {
        Path file = write(MINIMAL
                + "checks:\n  columns:\n    max_mismatch_count: 5\n    warn_mismatch_count: 2\n"
                + "columns:\n  amount:\n    max_mismatch_rate: 0.01\n  status:\n    warn_mismatch_count: 0\n");

        Rule rule = RuleLoader.loadFile(file).rule();

        Checks.ColumnsCheck defaults = rule.checks().columns();
        assertThat(defaults.maxMismatchCount()).isEqualTo(5L);
        assertThat(defaults.maxMismatchRate()).isNull();
        assertThat(defaults.mismatchTolerance("amount", rule.columnOptions("amount")))
                .isEqualTo(new MismatchTolerance("column amount", 5L, new BigDecimal("0.01"), 2L, null));
        assertThat(defaults.mismatchTolerance("status", rule.columnOptions("status")))
                .isEqualTo(new MismatchTolerance("column status", 5L, null, 0L, null));
        assertThat(defaults.mismatchTolerance("qty", rule.columnOptions("qty")).describe())
                .isEqualTo("count<=5 rate<=0, warn beyond count<=2 rate<=0");
        Rule none = RuleLoader.loadFile(write("none.yaml", MINIMAL)).rule();
        assertThat(none.checks()
                        .columns()
                        .mismatchTolerance("qty", none.columnOptions("qty"))
                        .isSet())
                .isFalse();
    }

    @Test
    void aColumnMismatchToleranceThatIsNegativeOrNarrowerThanItsWarnBandIsRejectedAtItsKey() throws IOException {
        assertRejected(
                MINIMAL + "columns:\n  amount:\n    max_mismatch_count: -1\n",
                ":10 (columns.amount.max_mismatch_count): invalid column amount max_mismatch_count -1: must be >= 0");
        assertRejected(
                MINIMAL + "checks:\n  columns:\n    max_mismatch_rate: 0.01\n    warn_mismatch_rate: 0.02\n",
                ":11 (checks.columns.warn_mismatch_rate): invalid checks.columns warn_mismatch_rate 0.02: must be between"
                        + " 0 and the max mismatch rate 0.01, since a warn band lies inside the tolerance");
        assertRejected(
                MINIMAL + "columns:\n  amount:\n    max_mismatch_count: 3\n    warn_mismatch_count: 4\n",
                ":11 (columns.amount.warn_mismatch_count): invalid column amount warn_mismatch_count 4: must be"
                        + " between 0 and the max mismatch count 3, since a warn band lies inside the tolerance");
        // The band comes from checks.columns, the tolerance from the column: the error is at the latter.
        assertRejected(
                MINIMAL + "checks:\n  columns:\n    max_mismatch_count: 5\n    warn_mismatch_count: 2\n"
                        + "columns:\n  amount:\n    max_mismatch_count: 1\n",
                ":14 (columns.amount.max_mismatch_count): invalid column amount warn_mismatch_count 2: must be"
                        + " between 0 and the max mismatch count 1, since a warn band lies inside the tolerance. This"
                        + " column takes warn_mismatch_count from checks.columns; set its own warn_mismatch_count too");
    }

    @Test
    void aColumnNamedLikeAToleranceKeyHasItsToleranceErrorAtTheKeyThatIsWrong() throws IOException {
        // The message names the column too; the error must still sit at the rejected key's line.
        assertRejected(
                MINIMAL + "columns:\n  max_mismatch_count:\n    max_mismatch_rate: 0.01\n"
                        + "    warn_mismatch_rate: 0.02\n",
                ":11 (columns.max_mismatch_count.warn_mismatch_rate): invalid column max_mismatch_count"
                        + " warn_mismatch_rate 0.02: must be between 0 and the max mismatch rate 0.01, since a warn"
                        + " band lies inside the tolerance");
    }

    /** Loading {@code yaml} fails with the message {@code "Invalid rule at <file>" + located}. */
    @Test
    void aGateTimeZoneLoadsAsAZoneAndAnUnknownOneIsRejectedAtItsKey() throws IOException {
        Rule tokyo = RuleLoader.loadFile(write("tokyo.yaml", MINIMAL + "gate:\n  time_zone: Asia/Tokyo\n"))
                .rule();

        assertThat(tokyo.gate().zone()).isEqualTo(java.time.ZoneId.of("Asia/Tokyo"));
        assertThat(GatePolicy.DEFAULT.zone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertRejected(
                MINIMAL + "gate:\n  required_streak: 3\n  time_zone: Asia/Tokio\n",
                ":10 (gate.time_zone): invalid gate time_zone 'Asia/Tokio': not a time zone. Name an IANA zone"
                        + " such as Asia/Tokyo or America/New_York, or UTC (the default)");
    }

    private void assertRejected(String yaml, String located) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + located);
    }

    @Test
    void aMismatchToleranceOnAKeyColumnIsRejectedAsATolerance() throws IOException {
        assertRejected(
                MINIMAL + "columns:\n  order_id:\n    max_mismatch_count: 3\n",
                ":10 (columns.order_id.max_mismatch_count): key column 'order_id' has a tolerance, and rows are joined"
                        + " on equal keys. Remove max_mismatch_count from columns.order_id; tolerances apply to"
                        + " compared columns");
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() throws IOException {
        Path file = write("pipeline: orders\nleft:\n  format: parquet\n    path: /data\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":4:9 (left.format): YAML syntax error: mapping values are"
                        + " not allowed here. Check the indentation and quoting on this line and the one before it");
    }

    @Test
    void unclosedListIsASyntaxError() throws IOException {
        Path file = write("pipeline: orders\nkey: [order_id\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file + ":3:1")
                .hasMessageContaining("YAML syntax error: while parsing a flow sequence: expected ',' or ']', but"
                        + " got <stream end>");
    }

    @Test
    void aYamlAliasIsRejectedAtItsLineRatherThanReadAsTheAnchorsName() throws IOException {
        // The YAML parser reads an alias as its anchor's name: right.table was 'p', ignore was [k].
        Path file = write("pipeline: &p orders\nleft: {table: a}\nright: {table: *p}\nkey: [id]\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOfSatisfying(
                        ParityException.class,
                        e -> assertThat(e.location()).contains(new RuleLocation(file.toString(), 3, 16)))
                .hasMessage("Invalid rule at " + file + ":3:16 (right.table): YAML alias '*p' is not supported: the"
                        + " value would be read as the text 'p'. Write the value out in full instead of the alias");
        Path merged = write(MINIMAL + "columns:\n  a: &tol {abs_tol: 1}\n  b:\n    <<: *tol\n");
        assertThatThrownBy(() -> RuleLoader.loadFile(merged))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith(
                        "Invalid rule at " + merged + ":11:9 (columns.b.<<): YAML alias '*tol' is not" + " supported");
    }

    @Test
    void listsNestedDeeperThanTheParserReadsAreARulesErrorAtTheirLineNamingTheOuterKey() throws IOException {
        // Once unlocated, with a key path of a thousand [0]s and the parser's setting in the message.
        Path file = write("pipeline: orders\nkey: " + "[".repeat(1001) + "]".repeat(1001) + "\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOfSatisfying(
                        ParityException.class,
                        e -> assertThat(e.location()).contains(new RuleLocation(file.toString(), 2, 1006)))
                .hasMessage("Invalid rule at " + file + ":2:1006 (key): lists and mappings nested more than 1000"
                        + " deep. A rule nests a few levels at most: check for '[' or '{' that are not closed");
    }

    @Test
    void aKeyThatIsAListIsASyntaxErrorInTheFilesWordsNotTheYamlParsersEvents() throws IOException {
        // Once: "expected a field name (Scalar value in YAML), got this instead:
        // <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null, tag=null, implicit=true)>".
        Path file = write(MINIMAL + "columns:\n  ? [a, b]\n  : {abs_tol: 1}\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9:6 (columns): YAML syntax error: a key is a list or a"
                        + " mapping. Write each key as a name, such as 'amount:'; '? ' starts a key of another kind,"
                        + " which no rule setting takes");
    }

    @Test
    void aFileLongerThanTheYamlReaderTakesIsAnErrorSayingSoNotAnIndentationProblem() throws IOException {
        // Once: "... exceeds the limit: 3145728 code points.. Check the indentation and quoting ...".
        StringBuilder yaml = new StringBuilder(MINIMAL + "ignore:\n");
        for (int i = 0; i < 320_000; i++) {
            yaml.append(String.format("  - c%07d%n", i));
        }
        Path file = write(yaml.toString());

        ParityException e = loadTimed(file);

        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(e)
                .hasMessage("Invalid rule at " + file + ":241978:10: the file is longer than the 3145728 characters a"
                        + " rules file may hold (it holds 4160122). A rule is a few kilobytes: look for a value or list"
                        + " pasted in by mistake");
    }

    @Test
    void aFourMegabyteValueIsRejectedBeforeParsingAtItsLineNamingTheLineLimit() throws IOException {
        // Once: 15-30 s in the YAML reader (it rereads a run of text without a blank once per 1024
        // characters read), then "the file is longer than ..." at column 4000008 of the line.
        Path file = write(MINIMAL + "owner: " + "x".repeat(4_000_000) + "\n");

        ParityException e = loadTimed(file);

        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(e.location()).contains(new RuleLocation(file.toString(), 8, 0));
        assertThat(e)
                .hasMessage("Invalid rule at " + file + ":8: the line is 4000007 characters long, more than the 131072"
                        + " a line of a rules file may hold (it starts 'owner: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...')."
                        + " A rule's values are short: look for a value pasted in by mistake, and write a long query"
                        + " over several lines ('query: |')");
    }

    @Test
    void aValueTooLongForALineIsRejectedEvenWhenTheFileIsShorterThanTheReaderTakes() throws IOException {
        // Once: loaded, after 9 s in the YAML reader.
        Path file =
                write(MINIMAL + "description: \"" + "y".repeat(1_000_000) + "\"\nowner: " + "z".repeat(200_000) + "\n");

        ParityException e = loadTimed(file);

        assertThat(e.kind()).isEqualTo(ParityException.Kind.USAGE);
        assertThat(e)
                .hasMessage("Invalid rule at " + file + ":8: the line is 1000015 characters long, more than the 131072"
                        + " a line of a rules file may hold (it starts 'description: \"yyyyyyyyyyyyyyyyyyyyyyyyyy...')."
                        + " A rule's values are short: look for a value pasted in by mistake, and write a long query"
                        + " over several lines ('query: |')\n"
                        + "Invalid rule at " + file + ":9: the line is 200007 characters long, more than the 131072"
                        + " a line of a rules file may hold (it starts 'owner: zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...')."
                        + " A rule's values are short: look for a value pasted in by mistake, and write a long query"
                        + " over several lines ('query: |')");
    }

    @Test
    void aLineAsLongAsALineMayHoldLoads() throws IOException {
        String line = "  query: \"select " + "x".repeat(RuleText.MAX_LINE - 18) + "\"";
        Path file = write(MINIMAL.replace("  table: sales.orders", line));

        assertThat(line).hasSize(RuleText.MAX_LINE);
        assertThat(RuleLoader.loadFile(file, SchemaDdl.UNCHECKED).rule().right().query())
                .hasSize(RuleText.MAX_LINE - 11);
    }

    /** Loads a file that must fail, printing how long that took: information, not an assertion. */
    private static ParityException loadTimed(Path file) {
        long started = System.nanoTime();
        try {
            RuleLoader.loadFile(file, SchemaDdl.UNCHECKED);
        } catch (ParityException e) {
            System.out.printf("%s rejected in %d ms%n", file.getFileName(), (System.nanoTime() - started) / 1_000_000);
            return e;
        }
        throw new AssertionError(file + " loaded");
    }

    @Test
    void keyWrittenTwiceIsRejected() throws IOException {
        Path file = write(MINIMAL + "pipeline: customers\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith("Invalid rule at " + file + ":8:")
                .hasMessageEndingWith("duplicate key 'pipeline'. Write each key once");
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = write("# nothing yet\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ": the file is empty. Write a rule with at least pipeline,"
                        + " left, right and key");
    }

    @Test
    void topLevelListIsRejected() throws IOException {
        Path file = write("- pipeline: orders\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":1: the top level is a list, not a mapping of rule keys."
                        + " Start the file with keys such as 'pipeline: orders'");
    }

    @Test
    void secondYamlDocumentIsRejected() throws IOException {
        Path file = write(MINIMAL + "---\n" + MINIMAL);

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":9: the file holds more than one YAML document. Write one"
                        + " rule per file and remove the '---' separator");
    }

    @Test
    void missingFileIsRejected() {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> RuleLoader.load(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot read rules from " + file + ": no such file or directory. Pass a rules file"
                        + " (*.yaml) or a directory of rules files");
    }

    @Test
    void directoryWithoutRulesFilesIsRejected() throws IOException {
        write("notes.txt", "not a rule");

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot read rules from " + dir + ": the directory holds no *.yaml or *.yml files. Add"
                        + " one rules file per pipeline, or pass the right directory");
    }

    @Test
    void directoryLoadsEveryYamlFileInNameOrder() throws IOException {
        write("b.yml", MINIMAL.replace("pipeline: orders", "pipeline: beta"));
        write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: alpha"));
        write("README.md", "# not a rule");

        RuleSet set = RuleLoader.load(dir);

        assertThat(set.pipelines()).containsExactly("alpha", "beta");
        assertThat(set.get("beta").origin().file()).isEqualTo(dir.resolve("b.yml"));
        assertThat(set.find("gamma")).isEmpty();
    }

    @Test
    void directoryNamesEveryErrorOfEveryBadFileOnePerLineFileByFile() throws IOException {
        Path a = write(
                "a.yaml",
                MINIMAL.replace("pipeline: orders", "pipeline: a")
                        + "checks:\n  row_count:\n    abs_toll: 1\n    severity: blockin\n");
        write("b.yaml", MINIMAL.replace("pipeline: orders", "pipeline: b"));
        Path c = write("c.yaml", MINIMAL.replace("pipeline: orders", "pipeline: c") + "sample: {max_rows: .inf}\n");
        Path d = write(
                "d.yaml",
                MINIMAL.replace("pipeline: orders", "pipeline: d").replace("key: [order_id]", "key: [id, id]")
                        + "ignore: [id]\nupstream: [nowhere]\n");

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage(String.join(
                        "\n",
                        "Invalid rule at " + a + ":10:5 (checks.row_count): unknown key 'abs_toll'. Did you mean"
                                + " 'abs_tol'? Valid keys: abs_tol, enabled, rel_tol, severity, warn_abs_tol,"
                                + " warn_rel_tol",
                        "Invalid rule at " + a + ":11:15 (checks.row_count.severity): expected one of blocking,"
                                + " warning, got 'blockin'. Did you mean 'blocking'?",
                        "Invalid rule at " + c + ":8:20 (sample.max_rows): expected a finite number, got '.inf'. YAML"
                                + " reads .nan and .inf as not-a-number and infinity, which no rule setting accepts:"
                                + " write a finite number, or quote the value if it is text",
                        "Invalid rule at " + d + ":7 (key[1]): key column 'id' is listed twice (also as key[0] 'id')."
                                + " Remove the duplicate; column names match case-insensitively unless"
                                + " case_sensitive: true",
                        "Invalid rule at " + d + ":8 (ignore[0]): key column 'id' is also in ignore. A key column is"
                                + " always compared; remove it from ignore"))
                .extracting(e -> ((ParityException) e).kind())
                .isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void everyIndependentErrorOfAFileIsNamedOnItsOwnLineInLineOrder() throws IOException {
        Path file = write("""
                pipeline: orders
                left:
                  format: parquet
                  path: /data/legacy/orders
                  time_zone: Europe/Pariss
                right:
                  table: sales.orders
                key: [order_id]
                columns:
                  amount:
                    abs_toll: 0.01
                    rel_tol: "0.001"
                  status:
                    unicode: nfkz
                """);

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage(String.join(
                        "\n",
                        "Invalid rule at " + file + ":5 (left.time_zone): unknown time zone 'Europe/Pariss'. Did you"
                                + " mean 'Europe/Paris'? Use a region such as Europe/Paris, UTC, or an offset such as"
                                + " +01:00",
                        "Invalid rule at " + file + ":11:5 (columns.amount): unknown key 'abs_toll'. Did you mean"
                                + " 'abs_tol'? Valid keys: abs_tol, empty_equals_null, ignore_case, left_time_zone, max_mismatch_count, max_mismatch_rate,"
                                + " nan_equal, opposite_infinities_equal, rel_tol, right_time_zone, severity, signed_zero_equal, time_tolerance, trim, truncate,"
                                + " unicode, warn_mismatch_count, warn_mismatch_rate",
                        "Invalid rule at " + file + ":12:14 (columns.amount.rel_tol): expected a number, got '0.001'",
                        "Invalid rule at " + file + ":14:14 (columns.status.unicode): expected one of nfc, nfd, nfkc,"
                                + " nfkd, got 'nfkz'. Did you mean 'nfkc'?"))
                .extracting(e -> ((ParityException) e).kind())
                .isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void errorsThatOnlyFollowFromAnEarlierErrorAreNotNamed() throws IOException {
        // Without 'pipelin', 'pipeline' is missing; without 'left', the left side; without 'metrcs',
        // the KPI has no metrics. Each follows from the error named and would be fixed with it.
        Path file = write("""
                pipelin: orders
                left: /data/legacy/orders
                right:
                  table: sales.orders
                key: [order_id]
                kpis:
                  - name: revenue
                    metrcs: {total: {expr: "sum(amount)"}}
                """);

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage(String.join(
                        "\n",
                        "Invalid rule at " + file + ":1:1: unknown key 'pipelin'. Did you mean 'pipeline'? Valid keys:"
                                + " buckets, case_sensitive, checks, columns, description, distinct, distributions,"
                                + " exclude_recent, gate, ignore, key, kpis, left, owner, partition_by, pipeline,"
                                + " rename, right, sample, segments, upstream, where",
                        "Invalid rule at " + file + ":2:7 (left): expected a mapping, got '/data/legacy/orders'",
                        "Invalid rule at " + file + ":8:5 (kpis[0]): unknown key 'metrcs'. Did you mean 'metrics'?"
                                + " Valid keys: group_by, metrics, name, severity"));
    }

    @Test
    void errorsOfAFileAreListedByTheLineAndColumnTheyCarryWithTheUnlocatedFirst() throws IOException {
        // Found in the order: 3:28, 3:6, 10:10, the missing pipeline, 9. Sorted as text, 10 would
        // come before 3 and 9; sorted by line alone, 3:28 would stay before 3:6.
        Path file = write("""
                description: orders
                columns:
                 a: {abs_toll: 1, rel_tol: "x"}
                left:
                  format: parquet
                  path: /data/legacy/orders
                right:
                  table: sales.orders
                  time_zone: Europe/Pariss
                buckets: ten
                key: [order_id]
                """);

        assertThatThrownBy(() -> RuleLoader.loadFile(file)).isInstanceOfSatisfying(ParityException.class, e -> {
            assertThat(e.getMessage().lines().map(line -> line.substring(0, line.indexOf(')') + 1)))
                    .containsExactly(
                            "Invalid rule at " + file + " (pipeline)",
                            "Invalid rule at " + file + ":3:6 (columns.a)",
                            "Invalid rule at " + file + ":3:28 (columns.a.rel_tol)",
                            "Invalid rule at " + file + ":9 (right.time_zone)",
                            "Invalid rule at " + file + ":10:10 (buckets)");
            assertThat(Arrays.stream(e.getSuppressed())
                            .map(s -> ((ParityException) s).location().orElse(null)))
                    .containsExactly(
                            null,
                            new RuleLocation(file.toString(), 3, 6),
                            new RuleLocation(file.toString(), 3, 28),
                            new RuleLocation(file.toString(), 9, 0),
                            new RuleLocation(file.toString(), 10, 10));
            assertThat(e.location()).isEmpty();
        });
    }

    @Test
    void aMappingErrorCarriesTheLineAndColumnItsMessageNames() throws IOException {
        Path file = write(MINIMAL + "checks:\n  key_diff:\n    max_mismatch_rat: 0.1\n");

        assertErrorNamesAndCarries(
                () -> RuleLoader.loadFile(file),
                file + ":10:5 (checks.key_diff)",
                new RuleLocation(file.toString(), 10, 5));
    }

    @Test
    void aRejectedValueCarriesTheLineItsMessageNamesWithoutAColumn() throws IOException {
        Path file = write(MINIMAL + "checks:\n  row_count:\n    abs_tol: 5\n    rel_tol: -0.1\n");

        assertErrorNamesAndCarries(
                () -> RuleLoader.loadFile(file),
                file + ":9 (checks.row_count)",
                new RuleLocation(file.toString(), 9, 0));
    }

    @Test
    void aValidatorErrorCarriesTheLineItsMessageNames() throws IOException {
        Path file = write(MINIMAL.replace("  table: sales.orders\n", "  table: sales.orders\n  time_zone: Mars\n"));

        assertErrorNamesAndCarries(
                () -> RuleLoader.loadFile(file),
                file + ":7 (right.time_zone)",
                new RuleLocation(file.toString(), 7, 0));
    }

    @Test
    void aSyntaxErrorCarriesTheLineAndColumnItsMessageNames() throws IOException {
        Path file = write(MINIMAL + "where: [a\n");

        assertErrorNamesAndCarries(
                () -> RuleLoader.loadFile(file), file + ":9:1 (where[0])", new RuleLocation(file.toString(), 9, 1));
    }

    @Test
    void anErrorThatNamesOnlyTheFileCarriesNoLocation() throws IOException {
        Path file = write(MINIMAL.replace("pipeline: orders\n", ""));

        assertErrorNamesAndCarries(() -> RuleLoader.loadFile(file), file + " (pipeline)", null);
    }

    @Test
    void aSecondFileDefiningAPipelineCarriesTheLineOfItsName() throws IOException {
        write("a.yaml", MINIMAL);
        Path second = write("b.yaml", "description: copy\n" + MINIMAL);

        assertErrorNamesAndCarries(
                () -> RuleLoader.load(dir), second + ":2 (pipeline)", new RuleLocation(second.toString(), 2, 0));
    }

    /** Loading throws an error whose message names {@code named} and whose location is {@code carried}. */
    private static void assertErrorNamesAndCarries(ThrowingCallable load, String named, RuleLocation carried) {
        assertThatThrownBy(load).isInstanceOfSatisfying(ParityException.class, e -> {
            assertThat(e.getMessage()).startsWith("Invalid rule at " + named + ": ");
            assertThat(e.location()).isEqualTo(Optional.ofNullable(carried));
        });
    }

    @Test
    void aSyntaxErrorIsNamedAloneThoughOtherLinesHaveErrorsToo() throws IOException {
        Path file = write(MINIMAL + "columns:\n  amount:\n    abs_toll: 0.01\nbuckets: 0\nwhere: [a\n");

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + file + ":13:1 (where[0]): YAML syntax error: while parsing a flow"
                        + " sequence: expected ',' or ']', but got <stream end>. Check the indentation and quoting on"
                        + " this line and the one before it");
    }

    @Test
    void moreThanTwentyErrorsInAFileAreCountedAfterTheTwentieth() throws IOException {
        StringBuilder columns = new StringBuilder("columns:\n");
        for (int i = 1; i <= 23; i++) {
            columns.append("  c").append(i).append(": {abs_toll: 1}\n");
        }
        Path file = write(MINIMAL + columns);

        assertThatThrownBy(() -> RuleLoader.loadFile(file))
                .isInstanceOf(ParityException.class)
                .satisfies(e -> {
                    List<String> lines = e.getMessage().lines().toList();
                    assertThat(lines).hasSize(21);
                    assertThat(lines.get(0))
                            .startsWith("Invalid rule at " + file + ":9:8 (columns.c1): unknown key 'abs_toll'.");
                    assertThat(lines.get(19))
                            .startsWith("Invalid rule at " + file + ":28:9 (columns.c20): unknown key 'abs_toll'.");
                    assertThat(lines.get(20)).isEqualTo("... and 3 more errors in " + file);
                });
    }

    @Test
    void badDefaultsFileAndBadRulesFileAreBothNamed() throws IOException {
        Path defaults = write("_defaults.yaml", "gate:\n  required_streek: 5\n");
        Path rule = write("a.yaml", MINIMAL.replace("key: [order_id]", "key: []"));

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + defaults + ":2:3 (gate): unknown key 'required_streek'. Did you mean"
                        + " 'required_streak'? Valid keys: business_days, change_windows, required_streak, time_zone,"
                        + " views, waiver_expiry_days\n"
                        + "Invalid rule at " + rule + ":7 (key): 'key' is empty. List the columns that identify a"
                        + " row, for example 'key: [order_id]'");
    }

    @Test
    void singleFileLoadsAsARuleSetWithoutCheckingUpstreams() throws IOException {
        Path file = write(MINIMAL + "upstream: [customers]\n");

        RuleSet set = RuleLoader.load(file);

        assertThat(set.pipelines()).containsExactly("orders");
        assertThat(set.topologicalOrder()).extracting(LoadedRule::pipeline).containsExactly("orders");
    }

    @Test
    void unknownPipelineLookupSuggestsTheNearestName() throws IOException {
        write("a.yaml", MINIMAL);
        RuleSet set = RuleLoader.load(dir);

        assertThatThrownBy(() -> set.get("ordrs"))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid pipeline 'ordrs': no rule names it. Did you mean 'orders'? Pipelines: orders");
    }

    @Test
    void duplicatePipelineNamesBothFiles() throws IOException {
        Path first = write("a.yaml", MINIMAL);
        Path second = write("b.yaml", MINIMAL);

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + second + ":1 (pipeline): pipeline 'orders' is also defined at " + first
                        + ":1 (pipeline). Give each pipeline a unique name, or delete one of the two files");
    }

    @Test
    void aViewRoutedByTwoPipelinesIsRefusedSoRoutingOneNeverMovesTheOther() throws IOException {
        String view =
                "gate:\n  views:\n    - {name: analytics.orders, legacy_table: legacy.orders, cloud_table: lake.orders}\n";
        Path first = write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: a") + view);
        Path second = write(
                "b.yaml", MINIMAL.replace("pipeline: orders", "pipeline: b") + view.replace("analytics", "ANALYTICS"));

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + second + ":10 (gate.views[0].name): view 'ANALYTICS.orders' is also"
                        + " routed by pipeline a at " + first + ":10 (gate.views[0].name). 'parity route' re-points a"
                        + " pipeline's views and must not move another pipeline's readers: give each pipeline's output"
                        + " its own view");
    }

    @Test
    void aViewInTheDefaultsFileThatEveryRuleInheritsIsRefused() throws IOException {
        Path defaults = write(
                "_defaults.yaml",
                "gate:\n  views:\n    - {name: analytics.orders, legacy_table: legacy.orders, cloud_table: lake.orders}\n");
        write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: a"));
        Path second = write("b.yaml", MINIMAL.replace("pipeline: orders", "pipeline: b"));

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + second + " (gate.views[0].name): view 'analytics.orders' (inherited"
                        + " from " + defaults + ") is also routed by pipeline a (inherited from " + defaults + ")."
                        + " 'parity route' re-points a pipeline's views and must not move another pipeline's readers:"
                        + " give each pipeline's output its own view");
    }

    @Test
    void upstreamCycleIsNamed() throws IOException {
        Path a = write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: a\nupstream: [b]"));
        write("b.yaml", MINIMAL.replace("pipeline: orders", "pipeline: b\nupstream: [c]"));
        write("c.yaml", MINIMAL.replace("pipeline: orders", "pipeline: c\nupstream: [a]"));

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + a + ":2 (upstream[0]): upstream cycle a -> b -> c -> a. A pipeline"
                        + " cannot depend on itself, directly or through others; remove one of these upstream"
                        + " entries");
    }

    @Test
    void pipelineThatIsItsOwnUpstreamIsACycle() throws IOException {
        Path file = write(MINIMAL + "upstream: [other, orders]\n");

        assertThatThrownBy(() -> RuleLoader.load(file))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith(
                        "Invalid rule at " + file + ":8 (upstream[1]): upstream cycle orders ->" + " orders.");
    }

    @Test
    void upstreamNamingNoPipelineSuggestsTheNearest() throws IOException {
        write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: customers"));
        Path b = write("b.yaml", MINIMAL + "upstream:\n  - custmers\n");

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid rule at " + b + ":9 (upstream[0]): upstream 'custmers' names no pipeline of"
                        + " this rules directory. Did you mean 'customers'? Pipelines: customers, orders");
    }

    @Test
    void topologicalOrderPutsUpstreamsFirstAndKeepsFileOrderOtherwise() throws IOException {
        write("a.yaml", MINIMAL.replace("pipeline: orders", "pipeline: a\nupstream: [c]"));
        write("b.yaml", MINIMAL.replace("pipeline: orders", "pipeline: b"));
        write("c.yaml", MINIMAL.replace("pipeline: orders", "pipeline: c\nupstream: [d]"));
        write("d.yaml", MINIMAL.replace("pipeline: orders", "pipeline: d"));

        RuleSet set = RuleLoader.load(dir);

        assertThat(set.topologicalOrder()).extracting(LoadedRule::pipeline).containsExactly("b", "d", "c", "a");
    }

    @Test
    void exampleRulesDirectoryLoads() {
        RuleSet set = RuleLoader.load(Path.of("..", "rules"));

        assertThat(set.pipelines()).containsExactly("customers", "orders");
        assertThat(set.topologicalOrder()).extracting(LoadedRule::pipeline).containsExactly("customers", "orders");
        Rule orders = set.get("orders").rule();
        assertThat(orders.left().filter()).contains(RunDate.PLACEHOLDER);
        assertThat(orders.columnOptions("amount").absTol()).isEqualByComparingTo("0.01");
        assertThat(orders.columnOptions("updated_at").timeToleranceMicros()).isEqualTo(500_000L);
        Rule customers = set.get("customers").rule();
        assertThat(customers.left().kind()).isEqualTo(SourceSpec.Kind.JDBC);
        assertThat(customers.left().jdbc().passwordEnv()).isEqualTo("LEGACY_DWH_PASSWORD");
        assertThat(customers.right().kind()).isEqualTo(SourceSpec.Kind.TABLE);
    }

    @Test
    void parseReadsRuleTextWithoutAFile() {
        LoadedRule loaded = RuleLoader.parse(MINIMAL, Path.of("inline.yaml"));

        assertThat(loaded.rule().key()).containsExactly("order_id");
        assertThat(loaded.origin().locate("key")).isEqualTo("inline.yaml:7 (key)");
    }
}
