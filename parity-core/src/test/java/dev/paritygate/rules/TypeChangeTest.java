package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TypeChangeTest {
    private static boolean allows(String entry, String from, String to) {
        return TypeChange.parse(entry).orElseThrow().allows(from, to);
    }

    @Test
    void entryIsReadIgnoringCaseAndSpaces() {
        assertThat(TypeChange.parse(" Decimal( 12, 2 ) -> DOUBLE")).contains(new TypeChange("decimal(12,2)", "double"));
    }

    @Test
    void entryWithoutOneArrowBetweenTwoNamesIsNotAChange() {
        assertThat(TypeChange.parse("int=>string")).isEqualTo(Optional.empty());
        assertThat(TypeChange.parse("int->")).isEqualTo(Optional.empty());
        assertThat(TypeChange.parse("->int")).isEqualTo(Optional.empty());
        assertThat(TypeChange.parse("int->bigint->string")).isEqualTo(Optional.empty());
    }

    @Test
    void sideMatchesByFullTypeBaseTypeAliasFamilyNumericOrWildcard() {
        assertThat(allows("decimal(10,2)->double", "decimal(10,2)", "double")).isTrue();
        assertThat(allows("decimal(10,2)->double", "decimal(12,2)", "double")).isFalse();
        assertThat(allows("decimal->double", "decimal(12,2)", "double")).isTrue();
        assertThat(allows("long->int", "bigint", "int")).isTrue();
        assertThat(allows("integral->floating", "smallint", "float")).isTrue();
        assertThat(allows("numeric->string", "double", "string")).isTrue();
        assertThat(allows("numeric->string", "date", "string")).isFalse();
        assertThat(allows("*->string", "array<int>", "string")).isTrue();
        assertThat(allows("int->bigint", "bigint", "int")).isFalse();
    }

    @Test
    void collatedStringsAndIntervalsMatchByTheirBaseTypeAndFamily() {
        assertThat(allows("string->varchar", "string collate UTF8_LCASE", "varchar(10)"))
                .isTrue();
        assertThat(allows("string->string", "string collate UTF8_LCASE", "string"))
                .isTrue();
        assertThat(allows("interval->complex", "interval day to second", "interval year to month"))
                .isTrue();
    }
}
