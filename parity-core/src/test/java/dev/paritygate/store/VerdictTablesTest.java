package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.store.VerdictTables.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictTablesTest {
    @TempDir
    Path dir;

    @Test
    void aWarehouseDirectoryHoldsTheTwoTablesAsSubdirectories() {
        VerdictTables tables = VerdictTables.atPath(dir);

        assertThat(tables)
                .isEqualTo(new VerdictTables(
                        Kind.PATH,
                        dir.resolve("verdicts").toString(),
                        dir.resolve("samples").toString()));
        assertThat(tables.verdictsTable().sqlIdentifier()).isEqualTo("delta.`" + dir.resolve("verdicts") + "`");
    }

    @Test
    void aRelativeWarehouseIsResolvedAgainstTheWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();

        assertThat(VerdictTables.parse("./parity-warehouse").verdicts())
                .isEqualTo(cwd.resolve("parity-warehouse/verdicts").toString());
        assertThat(VerdictTables.parse("out/wh").samples())
                .isEqualTo(cwd.resolve("out/wh/samples").toString());
    }

    @Test
    void anExistingDirectoryNamedWithoutSlashIsAPathNotACatalogPrefix() throws Exception {
        // Maven runs tests in the module directory, where target/ exists.
        assertThat(Files.isDirectory(Path.of("target"))).isTrue();

        assertThat(VerdictTables.parse("target")).isEqualTo(VerdictTables.atPath(Path.of("target")));
        assertThat(VerdictTables.parse(dir.toString()).verdicts())
                .isEqualTo(dir.resolve("verdicts").toString());
    }

    @Test
    void aStorageUriKeepsItsSchemeAndGainsTheTableNames() {
        assertThat(VerdictTables.parse("s3a://bucket/parity/"))
                .isEqualTo(new VerdictTables(Kind.PATH, "s3a://bucket/parity/verdicts", "s3a://bucket/parity/samples"));
    }

    @Test
    void aBareNameIsACatalogPrefix() {
        assertThat(VerdictTables.parse("parity"))
                .isEqualTo(VerdictTables.inCatalog("parity.verdicts", "parity.samples"));
        assertThat(VerdictTables.parse("main.parity"))
                .isEqualTo(new VerdictTables(Kind.CATALOG, "main.parity.verdicts", "main.parity.samples"));
        assertThat(VerdictTables.parse("parity").verdictsTable().sqlIdentifier())
                .isEqualTo("parity.verdicts");
    }

    @Test
    void aNameThatCannotBeACatalogPrefixIsADirectory() {
        // The default warehouse, parity-warehouse, must be accepted when written out.
        assertThat(VerdictTables.parse("parity-warehouse"))
                .isEqualTo(VerdictTables.atPath(Path.of("parity-warehouse")));
        assertThat(VerdictTables.parse("my warehouse")).isEqualTo(VerdictTables.atPath(Path.of("my warehouse")));
    }

    @Test
    void aBlankWarehouseIsRejected() {
        assertThatThrownBy(() -> VerdictTables.parse(" "))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid warehouse ' ': a directory, a URI such as s3a://bucket/parity, or a catalog prefix"
                        + " such as parity or my_catalog.parity");
    }

    @Test
    void theSameTableForVerdictsAndSamplesIsRejected() {
        assertThatThrownBy(() -> VerdictTables.inCatalog("p.t", "p.t"))
                .isInstanceOf(ParityException.class)
                .hasMessage("Invalid samples table 'p.t': a different table than the verdicts table p.t");
    }
}
