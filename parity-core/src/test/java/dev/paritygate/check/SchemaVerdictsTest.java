package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.Checks;
import dev.paritygate.verdict.Status;
import dev.paritygate.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema summary row says what a passing schema may still differ in. */
class SchemaVerdictsTest {
    private static final List<SchemaColumn> LEFT =
            List.of(new SchemaColumn("id", "int"), new SchemaColumn("amount", "float"));
    private static final List<SchemaColumn> RIGHT =
            List.of(new SchemaColumn("id", "bigint"), new SchemaColumn("amount", "double"));

    @Test
    void allowedTypeChangesPassAndTheSummaryNamesTheAllowance() {
        Verdict summary = SchemaVerdicts.evaluate(
                        new Checks.SchemaCheck(null, null, List.of("int->bigint", "float->double"), null, null),
                        LEFT,
                        RIGHT)
                .get(0);

        assertThat(summary.status()).isEqualTo(Status.PASS);
        assertThat(summary.difference()).isEqualTo(2.0);
        assertThat(summary.tolerance())
                .isEqualTo("same columns and types, allowing type changes [int->bigint, float->double]");
        assertThat(summary.message()).isEqualTo("0 added, 0 dropped, 2 retyped");
    }

    @Test
    void withoutAllowancesTheSummaryAsksForTheSameColumnsAndTypes() {
        Verdict summary = SchemaVerdicts.evaluate(new Checks.SchemaCheck(null, null, null, null, null), LEFT, LEFT)
                .get(0);

        assertThat(summary.status()).isEqualTo(Status.PASS);
        assertThat(summary.tolerance()).isEqualTo("same columns and types");
        assertThat(summary.message()).isEqualTo("same 2 columns and types");
    }

    @Test
    void aOneColumnTableHasTheSameColumnAndTypeInTheSingular() {
        List<SchemaColumn> one = List.of(new SchemaColumn("id", "int"));

        Verdict summary = SchemaVerdicts.evaluate(new Checks.SchemaCheck(null, null, null, null, null), one, one)
                .get(0);

        assertThat(summary.message()).isEqualTo("same 1 column and type");
    }
}
