package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunDateTest {
    @Test
    void parsesAnIsoDate() {
        assertThat(RunDate.parse("2026-11-20")).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261120", "2026-11-2", "11/20/2026", "2026-02-30", "+2026-11-20", "yesterday", ""})
    void rejectsAnythingButAValidYyyyMmDd(String text) {
        assertThatThrownBy(() -> RunDate.parse(text))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid --run-date '" + text + "': expected YYYY-MM-DD, for example 2026-11-20")
                .extracting(e -> ((ParityException) e).kind())
                .isEqualTo(ParityException.Kind.USAGE);
    }

    @Test
    void rejectsAMissingDate() {
        assertThatThrownBy(() -> RunDate.parse(null))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid --run-date 'null': expected YYYY-MM-DD, for example 2026-11-20");
    }

    @Test
    void substitutesEveryPlaceholder() {
        assertThat(RunDate.substitute(
                        "/data/orders/dt=${run_date}/x WHERE d = '${run_date}'", LocalDate.of(2026, 11, 20)))
                .isEqualTo("/data/orders/dt=2026-11-20/x WHERE d = '2026-11-20'");
    }

    @Test
    void leavesNullAndPlaceholderFreeTextAlone() {
        assertThat(RunDate.substitute(null, LocalDate.of(2026, 11, 20))).isNull();
        assertThat(RunDate.substitute("sales.orders", null)).isEqualTo("sales.orders");
    }

    @Test
    void placeholderWithoutARunDateIsAnError() {
        assertThatThrownBy(() -> RunDate.substitute("d = '${run_date}'", null))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot substitute ${run_date} in 'd = '${run_date}'': no run date was given. Pass"
                        + " --run-date YYYY-MM-DD, for example --run-date 2026-11-20");
    }
}
