package dev.paritygate.spark;

import dev.paritygate.check.SchemaColumn;
import java.util.List;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Both sides after transforms, renames, ignored columns, {@code where} and {@code exclude_recent}:
 * columns carry the aligned (right-side) names.
 *
 * @param keys key columns, in rule order
 * @param partitions partition columns, in rule order
 * @param compared every other column present on both sides, compared and hashed
 * @param leftSchema the left side's columns for the schema check
 * @param rightSchema the right side's columns for the schema check
 * @param masking how the sample writes a masked column's values
 * @param recentKeysExcluded how many keys {@code exclude_recent} left out of both sides; empty
 *     when the rule does not set it
 */
record AlignedSides(
        Dataset<Row> left,
        Dataset<Row> right,
        List<ColumnPair> keys,
        List<ColumnPair> partitions,
        List<ColumnPair> compared,
        List<SchemaColumn> leftSchema,
        List<SchemaColumn> rightSchema,
        SampleMasking masking,
        OptionalLong recentKeysExcluded) {

    Dataset<Row> data(Side side) {
        return side == Side.LEFT ? left : right;
    }

    /** The same alignment over other rows of the two sides (such as a cached subset). */
    AlignedSides withData(Dataset<Row> newLeft, Dataset<Row> newRight) {
        return new AlignedSides(
                newLeft, newRight, keys, partitions, compared, leftSchema, rightSchema, masking, recentKeysExcluded);
    }

    /** Names of the columns compared after the key: partitions first, then the rest. */
    List<String> comparedNames() {
        return compared.stream().map(ColumnPair::name).toList();
    }
}
