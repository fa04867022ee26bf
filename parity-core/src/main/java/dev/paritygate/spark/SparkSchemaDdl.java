package dev.paritygate.spark;

import dev.paritygate.rules.SchemaDdl;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's parser for a side's {@code schema}: the one {@code DataFrameReader.schema(String)} applies.
 * {@link StructType#fromDDL} runs Catalyst's parser under the default SQL configuration, with no
 * session, so {@code validate-rules} can use it without starting a Spark job.
 *
 * <p>It is registered in {@code META-INF/services/dev.paritygate.rules.SchemaDdl}, so the rules
 * loader's forms that are given no check ({@code RuleLoader.load(Path)}) use it whenever Spark is on
 * the classpath, though the rules package does not depend on Spark.
 */
public final class SparkSchemaDdl implements SchemaDdl {
    /** The rules loader's schema check, answered by Spark. */
    public static final SchemaDdl PARSER = new SparkSchemaDdl();

    /** For {@link java.util.ServiceLoader}, which needs a public constructor; otherwise use {@link #PARSER}. */
    public SparkSchemaDdl() {}

    @Override
    public Optional<String> problem(String ddl) {
        StructType schema;
        try {
            schema = StructType.fromDDL(ddl);
        } catch (Exception e) { // ParseException (checked, thrown undeclared), or SparkArithmeticException
            return Optional.of(reason(e));
        }
        // Spark accepts a column declared twice here and refuses it only when the files are read.
        Set<String> seen = new HashSet<>();
        for (StructField f : schema.fields()) {
            // Likewise CHAR and VARCHAR, at any depth: DataFrameReader.schema refuses them.
            if (org.apache.spark.sql.catalyst.util.CharVarcharUtils.hasCharVarchar(f.dataType())) {
                return Optional.of(
                        "column '" + f.name() + "' is declared " + f.dataType().simpleString()
                                + ", which Spark does not read from files; declare STRING instead of CHAR or VARCHAR");
            }
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(
                        "column '" + f.name() + "' is declared twice (column names match case-insensitively)");
            }
        }
        return Optional.empty();
    }

    /** The first line of Spark's message: the error class, text and position, not the echoed SQL. */
    static String reason(Exception e) {
        String line = e.getMessage() == null
                ? null
                : e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse(null);
        if (line == null) {
            return e.getClass().getSimpleName();
        }
        line = line.strip();
        int end = line.length();
        while (end > 0 && ".;".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(0, end);
    }
}
