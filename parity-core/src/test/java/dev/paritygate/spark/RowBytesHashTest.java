package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class RowBytesHashTest {
    private static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("a", DataTypes.StringType)
            .add("b", DataTypes.StringType)
            .add("qty", DataTypes.IntegerType)
            .add("big", DataTypes.createDecimalType(30, 2));

    private static UnsafeRow row(Object... values) {
        Object[] internal = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            internal[i] = v instanceof String s ? UTF8String.fromString(s) : v;
        }
        // A projection reuses its buffer, so each row gets its own and is copied out.
        return UnsafeProjection.create(SCHEMA)
                .apply(new GenericInternalRow(internal))
                .copy();
    }

    @Test
    void equalValuesHashEquallyWhateverBufferTheyWereWrittenThrough() {
        UnsafeProjection shared = UnsafeProjection.create(SCHEMA);
        // A longer row first leaves bytes behind in the shared buffer; the shorter row must not see them.
        shared.apply(new GenericInternalRow(new Object[] {
            1L, UTF8String.fromString("a much longer string than the next"), UTF8String.fromString("x"), 5, null
        }));
        UnsafeRow reused = shared.apply(new GenericInternalRow(
                new Object[] {1L, UTF8String.fromString("ab"), UTF8String.fromString("c"), 5, Decimal.apply("12.50")}));
        UnsafeRow fresh = row(1L, "ab", "c", 5, Decimal.apply("12.50"));

        assertThat(RowBytesHash.first(reused)).isEqualTo(RowBytesHash.first(fresh));
        assertThat(RowBytesHash.second(reused)).isEqualTo(RowBytesHash.second(fresh));
    }

    @Test
    void anyDifferingValueNullOrBoundaryBetweenStringsChangesBothHashes() {
        UnsafeRow base = row(1L, "ab", "c", 5, Decimal.apply("12.50"));
        UnsafeRow[] others = {
            row(2L, "ab", "c", 5, Decimal.apply("12.50")),
            row(1L, "a", "bc", 5, Decimal.apply("12.50")),
            row(1L, "ab", null, 5, Decimal.apply("12.50")),
            row(1L, "ab", "", 5, Decimal.apply("12.50")),
            row(1L, "ab", "c", 0, Decimal.apply("12.50")),
            row(1L, "ab", "c", null, Decimal.apply("12.50")),
            row(1L, "ab", "c", 5, Decimal.apply("12.51")),
            row(1L, "ab", "c", 5, null)
        };
        for (UnsafeRow other : others) {
            assertThat(RowBytesHash.first(other)).isNotEqualTo(RowBytesHash.first(base));
            assertThat(RowBytesHash.second(other)).isNotEqualTo(RowBytesHash.second(base));
        }
    }

    @Test
    void theTwoHashesOfARowAreIndependentlySeeded() {
        UnsafeRow r = row(1L, "ab", "c", 5, Decimal.apply("12.50"));

        assertThat(RowBytesHash.first(r)).isNotEqualTo(RowBytesHash.second(r));
    }
}
