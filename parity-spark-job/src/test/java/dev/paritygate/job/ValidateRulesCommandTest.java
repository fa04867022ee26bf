package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity validate-rules} on bad rules files: what it prints and its exit code, without Spark. */
class ValidateRulesCommandTest {
    static final String RULE = """
            pipeline: %s
            left:  {format: csv, path: /tmp/pg/data/left, options: {header: "true", inferSchema: "true"}}
            right: {format: csv, path: /tmp/pg/data/right_diff, options: {header: "true", inferSchema: "true"}}
            key: [id]
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void validFilesAreListedAndCountedInWordsThatAgreeWithTheCount() throws IOException {
        Path one = write("v1/a.yaml", RULE.formatted("a"));
        write("v2/a.yaml", RULE.formatted("a"));
        write("v2/b.yaml", RULE.formatted("b"));

        CommandRun single = CommandRun.of("validate-rules", one.getParent().toString());
        CommandRun both = CommandRun.of("validate-rules", dir.resolve("v2").toString());

        assertThat(single.exitCode()).isZero();
        assertThat(single.out().lines()).hasSize(2).last().isEqualTo("1 rule is valid");
        assertThat(both.exitCode()).isZero();
        assertThat(both.out().lines()).hasSize(3).last().isEqualTo("2 rules are valid");
        assertThat(both.out().lines().findFirst().orElseThrow()).startsWith("ok  a ");
    }

    @Test
    void notANumberIsARulesErrorNotAnInternalError() throws IOException {
        Path file = write("b2/c11.yaml", RULE.formatted("p") + "checks: {key_diff: {max_mismatch_rate: .nan}}\n");

        CommandRun r = CommandRun.of("validate-rules", file.getParent().toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Invalid rule at " + file + ":5:40 (checks.key_diff.max_mismatch_rate): expected a finite"
                        + " number, got '.nan'. YAML reads .nan and .inf as not-a-number and infinity, which no rule"
                        + " setting accepts: write a finite number, or quote the value if it is text"
                        + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void sqlThatDoesNotParseIsARulesErrorAtItsLineWithSparksReason() throws IOException {
        Path file = write("sql/w.yaml", RULE.formatted("p") + "where: \"id > \"\n");

        CommandRun r = CommandRun.of("validate-rules", file.getParent().toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("Invalid rule at " + file + ":5 (where): invalid SQL 'id > ': [PARSE_SYNTAX_ERROR] Syntax"
                        + " error at or near end of input. SQLSTATE: 42601 (line 1, pos 5). Write a Spark SQL"
                        + " condition, for example amount > 0" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void directoryWithSeveralBadFilesNamesEveryErrorOfEachFileOnItsOwnLine() throws IOException {
        Path rules = dir.resolve("rules");
        Path a = write(
                "rules/a.yaml", RULE.formatted("a") + "columns:\n  amount:\n    tolerence: 0.01\n    abs_toll: 1\n");
        write("rules/b.yaml", RULE.formatted("b"));
        Path c = write(
                "rules/c.yaml",
                RULE.formatted("c") + "kpis:\n  - {name: k, metrics: {n: {expr: \"count(*)\"}}}\n"
                        + "  - {name: k, metrics: {n: {expr: \"count(*)\"}}}\n");

        CommandRun validate = CommandRun.of("validate-rules", rules.toString());
        CommandRun run = CommandRun.of(
                "run",
                "--rules",
                rules.toString(),
                "--run-date",
                "2026-11-20",
                "--warehouse",
                dir.resolve("wh").toString());

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err().lines())
                .containsExactly(
                        "Invalid rule at " + a
                                + ":7:5 (columns.amount): unknown key 'tolerence'. Did you mean 'time_tolerance'? Valid keys: abs_tol,"
                                + " empty_equals_null, ignore_case, left_time_zone, max_mismatch_count, max_mismatch_rate, nan_equal, opposite_infinities_equal, rel_tol,"
                                + " right_time_zone, severity, signed_zero_equal, time_tolerance, trim, truncate, unicode, warn_mismatch_count, warn_mismatch_rate",
                        "Invalid rule at " + a
                                + ":8:5 (columns.amount): unknown key 'abs_toll'. Did you mean 'abs_tol'? Valid keys: abs_tol,"
                                + " empty_equals_null, ignore_case, left_time_zone, max_mismatch_count, max_mismatch_rate, nan_equal, opposite_infinities_equal, rel_tol,"
                                + " right_time_zone, severity, signed_zero_equal, time_tolerance, trim, truncate, unicode, warn_mismatch_count, warn_mismatch_rate",
                        "Invalid rule at " + c + ":7 (kpis[1].name): duplicate kpi name 'k': kpis[0].name at line 6"
                                + " has it too, and both would report as check 'kpi:k'. Give each KPI its own name");
        assertThat(validate.out()).isEmpty();
        // run prints the same errors, then compares the valid b anyway: its csv sides do not exist,
        // an ERROR that is not a rules error, and 3 wins over 2.
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo(validate.err());
        assertThat(run.out())
                .contains("pipeline a: ERROR")
                .contains("pipeline b: ERROR")
                .contains("pipeline c: ERROR");
    }
}
