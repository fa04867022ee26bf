package dev.paritygate.spark;

import dev.paritygate.rules.ColumnOptions;
import org.apache.spark.sql.types.DataType;

/**
 * One logical column present on both sides, with each side's type and the options it is compared
 * with. {@code name} is the aligned name (the right side's spelling).
 */
record ColumnPair(
        String name, DataType leftType, DataType rightType, ColumnOptions options, String leftZone, String rightZone) {
    DataType type(Side side) {
        return side == Side.LEFT ? leftType : rightType;
    }

    String zone(Side side) {
        return side == Side.LEFT ? leftZone : rightZone;
    }
}
