package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.gate.Gate;
import dev.paritygate.gate.Side;
import dev.paritygate.rules.GatePolicy;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A pipeline's stable views in the Spark session's catalog: which side each reads, and re-pointing one. */
final class RoutedViews {
    private RoutedViews() {}

    /** Whether the view exists and already selects from {@code side}'s table. */
    static boolean isOn(SparkSession spark, GatePolicy.ViewSpec view, Side side) {
        return Gate.viewIsOn(view, side, viewText(spark, view.name()));
    }

    /** Re-points the view to {@code side}'s table; a failure is returned, naming the view and the statement. */
    static Optional<ParityException> repoint(SparkSession spark, GatePolicy.ViewSpec view, Side side) {
        String sql = Gate.viewSql(view, side);
        try {
            EphemeralViewDatabase.createIfMissing(spark, view.name());
            spark.sql(sql);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(ParityErrors.viewNotRepointed(view.name(), sql, e));
        }
    }

    private static String viewText(SparkSession spark, String name) {
        try {
            for (Row row : spark.sql("DESCRIBE TABLE EXTENDED " + name).collectAsList()) {
                if ("View Text".equals(row.getString(0))) {
                    return row.getString(1);
                }
            }
            return null;
        } catch (Exception e) {
            // Missing, or the catalog cannot tell: re-pointing is then the safe answer, since the
            // statement replaces the view whatever it was, and its own failure is reported with it.
            return null;
        }
    }
}
