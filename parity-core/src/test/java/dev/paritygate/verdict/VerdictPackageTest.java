package dev.paritygate.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VerdictPackageTest {
    @Test
    void theVerdictPackageImportsNothingFromSparkDeltaOrHadoop() throws Exception {
        Path dir = Path.of("src/main/java/dev/paritygate/verdict");
        List<String> engineImports;
        try (Stream<Path> files = Files.list(dir)) {
            engineImports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(l -> l.matches(
                                            "import (static )?(org\\.apache\\.(spark|hadoop)|io\\.delta|scala)\\..*"))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }

        assertThat(dir).isDirectory();
        assertThat(engineImports).isEmpty();
    }
}
