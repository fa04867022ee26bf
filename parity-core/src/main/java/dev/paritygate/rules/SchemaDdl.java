package dev.paritygate.rules;

import java.util.Optional;

/**
 * Checks the text of a side's {@code schema} key, a Spark DDL column list such as {@code id BIGINT,
 * amount DECIMAL(12,2)}. The rules package names no engine, so the engine that will apply the
 * schema supplies the parser ({@code dev.paritygate.spark.SparkSchemaDdl#PARSER}), and a schema that
 * does not parse is a rules error at the key's line, like any other, rather than a failed read.
 *
 * <p>An engine installs its parser as a {@link java.util.ServiceLoader} provider of this interface
 * (a public class with a public no-argument constructor, named in
 * {@code META-INF/services/dev.paritygate.rules.SchemaDdl}); the {@link RuleLoader} forms that are
 * given no check use the first provider that runs.
 */
@FunctionalInterface
public interface SchemaDdl {
    /**
     * Accepts any text, for callers without an engine or that want no check: a schema that does
     * not parse then fails only when the side is read.
     */
    SchemaDdl UNCHECKED = ddl -> Optional.empty();

    /** Empty when {@code ddl} declares columns the engine can apply, otherwise the engine's reason. */
    Optional<String> problem(String ddl);
}
