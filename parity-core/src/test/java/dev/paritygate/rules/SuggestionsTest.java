package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> COLUMN_KEYS =
            List.of("abs_tol", "rel_tol", "trim", "ignore_case", "time_tolerance", "truncate", "severity");

    @Test
    void typoWithinAThirdOfTheNameSuggestsTheKey() {
        assertThat(Suggestions.nearest("abs_toll", COLUMN_KEYS)).contains("abs_tol");
        assertThat(Suggestions.nearest("severty", COLUMN_KEYS)).contains("severity");
    }

    @Test
    void keyWrittenWithoutSomeOfItsWordsSuggestsTheOnlyKeyWithThem() {
        assertThat(Suggestions.nearest("tolerence", COLUMN_KEYS)).contains("time_tolerance");
        assertThat(Suggestions.nearest("tolerance", COLUMN_KEYS)).contains("time_tolerance");
        assertThat(Suggestions.nearest("ignore", COLUMN_KEYS)).contains("ignore_case");
        assertThat(Suggestions.nearest("group", List.of("group_by", "metrics", "name")))
                .contains("group_by");
    }

    @Test
    void wordSharedByTwoKeysOrFarFromEveryKeySuggestsNothing() {
        assertThat(Suggestions.nearest("tolerance_in_cents", COLUMN_KEYS)).isEqualTo(Optional.empty());
        assertThat(Suggestions.nearest("tol", List.of("abs_tol", "rel_tol", "enabled", "severity")))
                .isEqualTo(Optional.empty());
        assertThat(Suggestions.nearest("precision", COLUMN_KEYS)).isEqualTo(Optional.empty());
    }
}
