package dev.paritygate.rules;

import java.util.Optional;

/**
 * Checks the text of a side's {@code schema} key, a Spark DDL column list such as {@code id BIGINT,
 * amount DECIMAL(12,2)}. The rules package names no engine, so the engine that will apply the
 * schema supplies the parser ({@code dev.paritygate.spark.SparkSchemaDdl#PARSER}), and a schema that
 * does not parse is a rules error at the key's line, like any other, rather than a failed read.
 */
@FunctionalInterface
public interface SchemaDdl {
    /**
     * Accepts any text, for callers without an engine: a schema that does not parse then fails
     * only when the side is read.
     */
    SchemaDdl UNCHECKED = ddl -> Optional.empty();

    /** Empty when {@code ddl} declares columns the engine can apply, otherwise the engine's reason. */
    Optional<String> problem(String ddl);
}
