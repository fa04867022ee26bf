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
 */
public final class SparkSchemaDdl {
    /** The rules loader's schema check, answered by Spark. */
    public static final SchemaDdl PARSER = SparkSchemaDdl::problem;

    private SparkSchemaDdl() {}

    private static Optional<String> problem(String ddl) {
        StructType schema;
        try {
            schema = StructType.fromDDL(ddl);
        } catch (Exception e) { // ParseException (checked, thrown undeclared), or SparkArithmeticException
            return Optional.of(reason(e));
        }
        // Spark accepts a column declared twice here and refuses it only when the files are read.
        Set<String> seen = new HashSet<>();
        for (StructField f : schema.fields()) {
            if (!seen.add(f.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(
                        "column '" + f.name() + "' is declared twice (column names match case-insensitively)");
            }
        }
        return Optional.empty();
    }

    /** The first line of Spark's message: the error class, text and position, not the echoed SQL. */
    private static String reason(Exception e) {
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
