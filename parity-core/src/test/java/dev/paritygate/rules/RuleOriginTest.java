package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.RuleLocation;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RuleOriginTest {
    private static final String RULE = """
            pipeline: orders
            left:
              jdbc:
                url: jdbc:postgresql://db/dwh
                table: orders
            right:
              table: sales.orders
            key:
              - order_id
              - line_no
            columns:
              amount:
                abs_tol: 0.01
            checks:
              key_diff:
                mode: full
            sample:
              mask: [email, phone]
            """;

    private static RuleOrigin origin() {
        return RuleLoader.parse(RULE, Path.of("rules", "orders.yaml")).origin();
    }

    @Test
    void recordsTheLineOfEveryKey() {
        RuleOrigin origin = origin();

        assertThat(origin.lines())
                .containsAllEntriesOf(Map.of(
                        "pipeline", 1,
                        "left", 2,
                        "left.jdbc", 3,
                        "left.jdbc.url", 4,
                        "right.table", 7,
                        "key", 8,
                        "columns.amount.abs_tol", 13,
                        "checks.key_diff.mode", 16,
                        "sample.mask", 18));
    }

    @Test
    void recordsTheLineOfEveryListItem() {
        RuleOrigin origin = origin();

        assertThat(origin.line("key[0]")).isEqualTo(OptionalInt.of(9));
        assertThat(origin.line("key[1]")).isEqualTo(OptionalInt.of(10));
        assertThat(origin.line("sample.mask[1]")).isEqualTo(OptionalInt.of(18));
        assertThat(origin.columns()).containsEntry("key[1]", 5).containsEntry("columns.amount.abs_tol", 5);
    }

    @Test
    void locateNamesFileLineAndKeyPath() {
        assertThat(origin().locate("key")).isEqualTo(Path.of("rules", "orders.yaml") + ":8 (key)");
        assertThat(origin().locate("checks.key_diff.mode"))
                .isEqualTo(Path.of("rules", "orders.yaml") + ":16 (checks.key_diff.mode)");
    }

    @Test
    void locateFallsBackToTheNearestWrittenParent() {
        String file = Path.of("rules", "orders.yaml").toString();

        assertThat(origin().locate("columns.amount.rel_tol")).isEqualTo(file + ":12 (columns.amount.rel_tol)");
        assertThat(origin().locate("left.jdbc.partition_column")).isEqualTo(file + ":3 (left.jdbc.partition_column)");
        assertThat(origin().locate("key[7]")).isEqualTo(file + ":8 (key[7])");
    }

    @Test
    void locateNamesOnlyTheFileWhenNothingEnclosingWasWritten() {
        String file = Path.of("rules", "orders.yaml").toString();

        assertThat(origin().locate("gate.required_streak")).isEqualTo(file + " (gate.required_streak)");
        assertThat(origin().locate("")).isEqualTo(file);
        assertThat(RuleOrigin.of(Path.of("built-in")).locate("key")).isEqualTo("built-in (key)");
    }

    @Test
    void whereIsTheLineOfTheKeyOrOfItsNearestWrittenParent() {
        String file = Path.of("rules", "orders.yaml").toString();

        assertThat(origin().where("key")).contains(new RuleLocation(file, 8, 0));
        assertThat(origin().where("columns.amount.rel_tol")).contains(new RuleLocation(file, 12, 0));
        assertThat(origin().where("gate.required_streak")).isEmpty();
        assertThat(origin().where("")).isEmpty();
    }

    @Test
    void parentOfAKeyPathDropsTheLastKeyOrIndex() {
        assertThat(RuleOrigin.parent("columns.amount.abs_tol")).isEqualTo("columns.amount");
        assertThat(RuleOrigin.parent("sample.mask[1]")).isEqualTo("sample.mask");
        assertThat(RuleOrigin.parent("key")).isEmpty();
    }
}
