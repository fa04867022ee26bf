package dev.paritygate.job;

import org.apache.spark.sql.SparkSession;

/**
 * Creates the database a view names when Spark's catalog is in memory. No database outlives a
 * command there, so a view such as {@code analytics.orders} could otherwise never be re-pointed, and
 * {@code route} would fail after recording the change instead of printing the statements to run
 * where the readers' catalog lives. A persistent catalog is left alone: a missing database there is
 * a misconfiguration to report, not to paper over.
 */
final class EphemeralViewDatabase {
    private EphemeralViewDatabase() {}

    /** Creates the database of {@code viewName} ({@code [catalog.][database.]view}) in an in-memory catalog. */
    static void createIfMissing(SparkSession spark, String viewName) {
        int dot = viewName.lastIndexOf('.');
        if (dot < 0 || !CatalogNote.isEphemeral(spark)) {
            return;
        }
        // The name matched GatePolicy.ViewSpec's pattern (letters, digits, _ and dots) when the rule loaded.
        spark.sql("CREATE DATABASE IF NOT EXISTS " + viewName.substring(0, dot));
    }
}
