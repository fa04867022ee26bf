package dev.paritygate.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.TestRule;
import dev.paritygate.verdict.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnVerdictsTest {
    @Test
    void oneMismatchingRowIsSingularAndTwoArePlural() {
        KeyDiffCounts counts = new KeyDiffCounts(0, 0, 3, 0, 0, Map.of("amt", 1L, "name", 2L), 1, 1, 0, 1);

        List<Verdict> v = ColumnVerdicts.evaluate(TestRule.keyed("id").build(), List.of("amt", "name", "qty"), counts);

        assertThat(v)
                .extracting(Verdict::message)
                .containsExactly("1 row differs (exact)", "2 rows differ (exact)", "no mismatches");
    }
}
