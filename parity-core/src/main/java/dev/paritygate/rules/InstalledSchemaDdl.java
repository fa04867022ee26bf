package dev.paritygate.rules;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The schema check of the loader's forms that are given none: the engine's parser when one is
 * installed as a {@link ServiceLoader} provider of {@link SchemaDdl} (parity-core registers
 * {@code dev.paritygate.spark.SparkSchemaDdl}), otherwise {@link SchemaDdl#UNCHECKED}. The provider
 * is looked up at the first schema to check, so loading rules without one never touches the engine.
 */
final class InstalledSchemaDdl implements SchemaDdl {
    static final SchemaDdl INSTANCE = new InstalledSchemaDdl();

    /** Any valid DDL: parsing it shows that the provider's engine is on the classpath. */
    private static final String PROBE = "probe INT";

    private InstalledSchemaDdl() {}

    @Override
    public Optional<String> problem(String ddl) {
        return Provided.SCHEMA_DDL.problem(ddl);
    }

    /**
     * The first provider, or {@link SchemaDdl#UNCHECKED} when there is none or it cannot run. Spark
     * is a {@code provided} dependency: without it on the classpath, loading Spark's provider throws
     * a {@link ServiceConfigurationError}, or its first parse a {@link NoClassDefFoundError}.
     */
    static SchemaDdl first(Iterable<SchemaDdl> providers) {
        try {
            for (SchemaDdl provider : providers) {
                provider.problem(PROBE);
                return provider;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            // The engine is absent: a schema fails only when its side is read, as with UNCHECKED.
        }
        return SchemaDdl.UNCHECKED;
    }

    /** Initialised at the first schema checked, once per class loader. */
    private static final class Provided {
        static final SchemaDdl SCHEMA_DDL =
                first(ServiceLoader.load(SchemaDdl.class, SchemaDdl.class.getClassLoader()));
    }
}
