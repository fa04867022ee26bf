package dev.paritygate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuleLocationTest {
    @Test
    void namesFileLineAndColumnAsMessagesDo() {
        assertThat(new RuleLocation("rules/a.yaml", 12, 5)).hasToString("rules/a.yaml:12:5");
        assertThat(new RuleLocation("rules/a.yaml", 12, 0)).hasToString("rules/a.yaml:12");
    }

    @Test
    void describeAddsTheKeyPathInParenthesesWhenThereIsOne() {
        RuleLocation at = new RuleLocation("rules/a.yaml", 12, 5);

        assertThat(at.describe("checks.key_diff")).isEqualTo("rules/a.yaml:12:5 (checks.key_diff)");
        assertThat(at.describe("")).isEqualTo("rules/a.yaml:12:5");
        assertThat(at.describe(null)).isEqualTo("rules/a.yaml:12:5");
    }

    @Test
    void rejectsALineBeforeTheFirstAndANegativeColumn() {
        assertThatThrownBy(() -> new RuleLocation("a.yaml", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid line 0: lines count from 1");
        assertThatThrownBy(() -> new RuleLocation("a.yaml", 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid column -1: columns count from 1, and 0 means unknown");
    }
}
