package dev.paritygate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

/** Which schema check the loader's forms without one use, when the engine is or is not there. */
class InstalledSchemaDdlTest {
    @Test
    void firstProviderThatParsesIsUsed() {
        SchemaDdl refusing = ddl -> ddl.contains("BIGINTT") ? Optional.of("unknown type") : Optional.empty();

        assertThat(InstalledSchemaDdl.first(List.of(refusing))).isSameAs(refusing);
    }

    @Test
    void withoutAProviderSchemasAreUnchecked() {
        assertThat(InstalledSchemaDdl.first(List.of())).isSameAs(SchemaDdl.UNCHECKED);
    }

    @Test
    void providerWhoseEngineIsNotOnTheClasspathIsSkippedForUnchecked() {
        // What Spark's provider does without Spark: it loads, and its first parse cannot link StructType.
        SchemaDdl withoutSpark = ddl -> {
            throw new NoClassDefFoundError("org/apache/spark/sql/types/StructType");
        };
        Iterable<SchemaDdl> unloadable = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SchemaDdl next() {
                throw new ServiceConfigurationError(
                        "dev.paritygate.rules.SchemaDdl: Provider dev.paritygate.spark.SparkSchemaDdl not found");
            }
        };

        assertThat(InstalledSchemaDdl.first(List.of(withoutSpark))).isSameAs(SchemaDdl.UNCHECKED);
        assertThat(InstalledSchemaDdl.first(unloadable)).isSameAs(SchemaDdl.UNCHECKED);
    }
}
