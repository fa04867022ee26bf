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
}
