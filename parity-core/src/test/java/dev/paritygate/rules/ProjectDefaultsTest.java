package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectDefaultsTest {
    @TempDir
    Path dir;

    private void rule(String name, String gate) throws IOException {
        Files.writeString(
                dir.resolve(name + ".yaml"),
                "pipeline: " + name + "\nleft: {table: a}\nright: {table: b}\nkey: [id]\n" + gate);
    }

    @Test
    void gateKeysARuleDoesNotWriteComeFromTheDefaultsFile() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streak: 5\n  change_windows: [sunday]\n");
        rule("orders", "gate:\n  required_streak: 9\n");
        rule("customers", "");

        RuleSet set = RuleLoader.load(dir);

        assertThat(set.pipelines()).containsExactly("customers", "orders");
        GatePolicy orders = set.get("orders").rule().gate();
        assertThat(orders.requiredStreak()).isEqualTo(9);
        assertThat(orders.changeWindows()).containsExactly(DayOfWeek.SUNDAY);
        GatePolicy customers = set.get("customers").rule().gate();
        assertThat(customers.requiredStreak()).isEqualTo(5);
        assertThat(customers.businessDays()).hasSize(5);
        assertThat(customers.waiverExpiryDays()).isEqualTo(GatePolicy.WAIVER_EXPIRY_DAYS_DEFAULT);
    }

    @Test
    void aTimeZoneInTheDefaultsFileIsInheritedUnlessARuleWritesItsOwn() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  time_zone: Asia/Tokyo\n");
        rule("orders", "gate:\n  time_zone: Europe/Paris\n");
        rule("customers", "");

        RuleSet set = RuleLoader.load(dir);

        assertThat(set.get("orders").rule().gate().zone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
        assertThat(set.get("customers").rule().gate().zone()).isEqualTo(java.time.ZoneId.of("Asia/Tokyo"));
    }

    @Test
    void defaultsFileIsAsStrictAsARule() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streek: 5\n");
        rule("orders", "");

        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("_defaults.yaml:2")
                .hasMessageContaining("Did you mean 'required_streak'?");
    }

    @Test
    void aDefaultsFileThatIsNotYamlIsARulesErrorAtItsLineNotAnInternalError() throws IOException {
        // The file's tree was read before its text was scanned: IllegalStateException "Cannot re-read".
        Path defaults = Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streak: [10\n");
        rule("orders", "");

        String expected = "Invalid rule at " + defaults + ":3:1 (gate.required_streak[0]): YAML syntax error: while"
                + " parsing a flow sequence: expected ',' or ']', but got <stream end>. Check the indentation and"
                + " quoting on this line and the one before it";
        assertThatThrownBy(() -> RuleLoader.load(dir))
                .isInstanceOf(ParityException.class)
                .hasMessage(expected);
        assertThat(RuleLoader.loadEach(dir, SchemaDdl.UNCHECKED, r -> List.of())
                        .defaultsError()
                        .map(Throwable::getMessage))
                .contains(expected);
    }

    @Test
    void withoutADefaultsFileTheBuiltInDefaultsApply() throws IOException {
        rule("orders", "");
        assertThat(RuleLoader.load(dir).get("orders").rule().gate().requiredStreak())
                .isEqualTo(14);
        assertThat(List.of(GatePolicy.REQUIRED_STREAK_DEFAULT)).containsExactly(14);
    }

    @Test
    void aSingleRulesFileTakesTheDefaultsFileBesideIt() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streak: 5\n  change_windows: [sunday]\n");
        rule("orders", "gate:\n  required_streak: 9\n");

        GatePolicy orders =
                RuleLoader.load(dir.resolve("orders.yaml")).get("orders").rule().gate();

        assertThat(orders.requiredStreak()).isEqualTo(9);
        assertThat(orders.changeWindows()).containsExactly(DayOfWeek.SUNDAY);
    }

    @Test
    void aSingleRulesFileReportsAnInvalidDefaultsFileBesideIt() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streek: 5\n");
        rule("orders", "");

        assertThatThrownBy(() -> RuleLoader.load(dir.resolve("orders.yaml")))
                .isInstanceOf(ParityException.class)
                .hasMessageContaining("_defaults.yaml:2")
                .hasMessageContaining("Did you mean 'required_streak'?");
    }
}
