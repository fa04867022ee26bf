package dev.paritygate.job;

import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Tells the user when views a command created will not outlive it: in Spark's default in-memory
 * catalog a view lasts as long as the session, so {@code views} and {@code route} would otherwise
 * report views that are gone when the command returns.
 */
final class CatalogNote {
    private CatalogNote() {}

    /** Whether objects created in the session's catalog end with the session. */
    static boolean isEphemeral(SparkSession spark) {
        return "in-memory".equals(spark.conf().get("spark.sql.catalogImplementation", "in-memory"));
    }

    static void printIfEphemeral(SparkSession spark, PrintWriter out, String keep) {
        if (isEphemeral(spark)) {
            out.println("note: Spark's catalog is in memory here (spark.sql.catalogImplementation=in-memory), so these"
                    + " views end with this command; " + keep);
        }
    }
}
