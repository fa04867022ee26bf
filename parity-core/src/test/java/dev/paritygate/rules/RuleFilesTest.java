package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RuleLoader#loadEach}: one invalid rules file costs only its own pipeline. */
class RuleFilesTest {
    @TempDir
    Path dir;

    private Path rule(String file, String pipeline, String more) throws IOException {
        return Files.writeString(
                dir.resolve(file),
                "pipeline: " + pipeline + "\nleft: {table: a}\nright: {table: b}\nkey: [id]\n" + more);
    }

    private RuleFiles load() {
        return RuleLoader.loadEach(dir, SchemaDdl.UNCHECKED, r -> List.of());
    }

    private static List<String> invalid(RuleFiles files) {
        return files.invalid().stream()
                .map(f -> f.file().getFileName() + "=" + f.pipeline().orElse("?"))
                .toList();
    }

    @Test
    void anInvalidFileIsSetAsideWithItsPipelineAndErrorsAndTheOthersLoad() throws IOException {
        rule("orders.yaml", "orders", "");
        rule("payments.yaml", "payments", "keyy: [id]\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("payments.yaml=payments");
        assertThat(files.invalid().get(0).error().getMessage())
                .startsWith("Invalid rule at " + dir.resolve("payments.yaml") + ":5:1: unknown key 'keyy'.");
        assertThat(files.allValid()).isFalse();
        assertThat(files.error().getMessage())
                .isEqualTo(files.invalid().get(0).error().getMessage());
    }

    @Test
    void aFileWithAValueTooLongForALineIsSetAsideStillNamingItsPipeline() throws IOException {
        // Once: loaded, after seconds in the YAML reader; then a 4 MB value: set aside after 20 s more
        // in reading its pipeline's name, and named by its path.
        rule("orders.yaml", "orders", "");
        rule("payments.yaml", "payments", "owner: " + "x".repeat(4_000_000) + "\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("payments.yaml=payments");
        assertThat(files.invalid().get(0).error().getMessage())
                .startsWith("Invalid rule at " + dir.resolve("payments.yaml") + ":5: the line is 4000007 characters"
                        + " long, more than the 131072 a line of a rules file may hold (it starts 'owner: xxx");
    }

    @Test
    void aFileThatIsNotYamlHasNoPipelineName() throws IOException {
        rule("orders.yaml", "orders", "");
        Files.writeString(dir.resolve("broken.yaml"), "pipeline: broken\nleft: {table: a\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("broken.yaml=?");
    }

    @Test
    void aPipelineNameTwoFilesGiveMakesBothInvalid() throws IOException {
        rule("a.yaml", "orders", "");
        rule("b.yaml", "orders", "");
        rule("c.yaml", "customers", "");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("customers");
        assertThat(invalid(files)).containsExactly("a.yaml=orders", "b.yaml=orders");
        assertThat(files.invalid().get(1).error().getMessage())
                .isEqualTo("Invalid rule at " + dir.resolve("b.yaml") + ":1 (pipeline): pipeline 'orders' is also"
                        + " defined at " + dir.resolve("a.yaml") + ":1 (pipeline). Give each pipeline a unique name,"
                        + " or delete one of the two files");
    }

    @Test
    void aValidFileGivingTheNameOfAnInvalidFileIsInvalidToo() throws IOException {
        rule("a.yaml", "orders", "");
        rule("b.yaml", "orders", "keyy: [id]\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).isEmpty();
        assertThat(invalid(files)).containsExactly("a.yaml=orders", "b.yaml=orders");
        assertThat(files.invalid().get(0).error().getMessage())
                .contains("pipeline 'orders' is also defined at " + dir.resolve("b.yaml") + ", an invalid file,");
    }

    @Test
    void aPipelineWhoseUpstreamsFileIsInvalidStaysValid() throws IOException {
        rule("orders.yaml", "orders", "upstream: [customers]\n");
        rule("customers.yaml", "customers", "keyy: [id]\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("customers.yaml=customers");
    }

    @Test
    void anUpstreamNamingNoPipelineMakesItsFileInvalid() throws IOException {
        rule("orders.yaml", "orders", "upstream: [custmers]\n");
        rule("customers.yaml", "customers", "");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("customers");
        assertThat(invalid(files)).containsExactly("orders.yaml=orders");
        assertThat(files.invalid().get(0).error().getMessage())
                .isEqualTo("Invalid rule at " + dir.resolve("orders.yaml") + ":5 (upstream[0]): upstream"
                        + " 'custmers' names no pipeline of this rules directory. Did you mean 'customers'?"
                        + " Pipelines: customers, orders");
    }

    @Test
    void anUnknownUpstreamWaitsWhileAFilesPipelineCannotBeRead() throws IOException {
        // The upstream may be the pipeline of the file that does not parse.
        rule("orders.yaml", "orders", "upstream: [customers]\n");
        Files.writeString(dir.resolve("customers.yaml"), "pipeline: customers\nleft: {table: a\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("customers.yaml=?");
    }

    @Test
    void theRulesOfAnUpstreamCycleAreInvalidAndTheirDownstreamIsNot() throws IOException {
        rule("a.yaml", "a", "upstream: [b]\n");
        rule("b.yaml", "b", "upstream: [a]\n");
        rule("c.yaml", "c", "upstream: [a]\n");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("c");
        assertThat(invalid(files)).containsExactly("a.yaml=a", "b.yaml=b");
        assertThat(files.invalid().get(1).error().getMessage())
                .startsWith(
                        "Invalid rule at " + dir.resolve("b.yaml") + ":5 (upstream[0]): upstream cycle b -> a -> b.");
    }

    @Test
    void aViewTwoRulesRouteMakesBothInvalid() throws IOException {
        String view = "gate:\n  views:\n    - {name: analytics.o, legacy_table: l.o, cloud_table: c.o}\n";
        rule("a.yaml", "a", view);
        rule("b.yaml", "b", view);
        rule("c.yaml", "c", "");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("c");
        assertThat(invalid(files)).containsExactly("a.yaml=a", "b.yaml=b");
        assertThat(files.invalid().get(0).error().getMessage())
                .contains("view 'analytics.o' is also routed by pipeline b at " + dir.resolve("b.yaml") + ":7");
    }

    @Test
    void problemsOfTheFurtherChecksMakeTheFileInvalid() throws IOException {
        rule("orders.yaml", "orders", "");
        rule("payments.yaml", "payments", "");

        RuleFiles files = RuleLoader.loadEach(
                dir,
                SchemaDdl.UNCHECKED,
                r -> r.pipeline().equals("payments")
                        ? List.of(r.origin().invalidRule("key", "no good", "Fix it"))
                        : List.of());

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(invalid(files)).containsExactly("payments.yaml=payments");
        assertThat(files.invalid().get(0).error().getMessage())
                .isEqualTo("Invalid rule at " + dir.resolve("payments.yaml") + ":4 (key): no good. Fix it");
    }

    @Test
    void anInvalidDefaultsFileIsReportedAndTheRulesStillLoad() throws IOException {
        Files.writeString(dir.resolve("_defaults.yaml"), "gate:\n  required_streek: 5\n");
        rule("orders.yaml", "orders", "");

        RuleFiles files = load();

        assertThat(files.valid().pipelines()).containsExactly("orders");
        assertThat(files.invalid()).isEmpty();
        assertThat(files.defaultsError().map(ParityException::getMessage))
                .hasValueSatisfying(m -> assertThat(m).contains("_defaults.yaml:2"));
    }

    @Test
    void aSingleInvalidFileIsSetAsideToo() throws IOException {
        Path file = rule("payments.yaml", "payments", "keyy: [id]\n");

        RuleFiles files = RuleLoader.loadEach(file, SchemaDdl.UNCHECKED, r -> List.of());

        assertThat(files.valid().pipelines()).isEmpty();
        assertThat(invalid(files)).containsExactly("payments.yaml=payments");
    }

    @Test
    void gettingAPipelineWhoseFileIsInvalidNamesThatFilesErrors() throws IOException {
        rule("orders.yaml", "orders", "");
        rule("payments.yaml", "payments", "keyy: [id]\n");
        Files.writeString(dir.resolve("broken.yaml"), "pipeline: broken\nleft: {table: a\n");
        RuleFiles files = load();

        assertThat(files.get("orders").pipeline()).isEqualTo("orders");
        assertThatThrownBy(() -> files.get("payments"))
                .isInstanceOf(ParityException.class)
                .hasMessageStartingWith(
                        "Cannot act on pipeline 'payments': its rules file " + dir.resolve("payments.yaml")
                                + " is invalid. Fix it (parity validate-rules " + dir.resolve("payments.yaml")
                                + " lists every error) and run the command again:\nInvalid rule at "
                                + dir.resolve("payments.yaml") + ":5:1: unknown key 'keyy'");
        assertThatThrownBy(() -> files.get("ordres"))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid pipeline 'ordres': no rule names it. Did you mean 'orders'? Pipelines: orders,"
                        + " payments. Rules files too invalid to name their pipeline: " + dir.resolve("broken.yaml"));
    }

    @Test
    void theStrictLoadStillRefusesTheDirectory() throws IOException {
        rule("orders.yaml", "orders", "");
        rule("payments.yaml", "payments", "keyy: [id]\n");

        assertThatThrownBy(() -> RuleLoader.load(dir, SchemaDdl.UNCHECKED))
                .isInstanceOf(ParityException.class)
                .hasMessage(load().error().getMessage());
    }
}
