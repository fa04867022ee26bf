package dev.paritygate.spark;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical type of two exact numbers (integers, decimals) of different types, of which one at
 * least is a decimal. It is the decimal that holds every value of both exactly when there is one.
 * When there is none, because the two need more than 38 digits between them (DECIMAL(38,18) and
 * DECIMAL(38,2) need 36 integer digits and 18 decimals; BIGINT and DECIMAL(38,20) 20 and 20), it is
 * a <em>split</em> decimal: a struct of the value's floor, a DECIMAL(w,0), and its fraction, a
 * DECIMAL(s,s) in [0, 1). A value has exactly one such pair and pairs order as their values do, so
 * Spark's equality, hashes, joins and sorts treat them as the values, and nothing overflows to NULL.
 * Before, both sides were brought to the decimal keeping the integer digits, with the decimals
 * rounded away: 12.345 equalled 12.35, and two such keys were one.
 */
final class ExactNumbers {
    static final String WHOLE = "__pg_whole";
    static final String FRACTION = "__pg_fraction";

    private ExactNumbers() {}

    /** The canonical type of exact number types {@code l} and {@code r}: a decimal or a split decimal. */
    static DataType common(DataType l, DataType r) {
        int scale = Math.max(scale(l), scale(r));
        int intDigits = Math.max(precision(l) - scale(l), precision(r) - scale(r));
        if (intDigits + scale <= DecimalType.MAX_PRECISION()) {
            return DataTypes.createDecimalType(intDigits + scale, scale);
        }
        // The floor of a value with decimals may have one digit more than its integer part (-9.5 is -10).
        int whole = Math.max(floorDigits(l), floorDigits(r));
        return DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField(WHOLE, DataTypes.createDecimalType(whole, 0), true),
            DataTypes.createStructField(FRACTION, DataTypes.createDecimalType(scale, scale), true)
        });
    }

    static boolean isSplit(DataType t) {
        return t instanceof StructType s
                && s.fields().length == 2
                && s.fields()[0].name().equals(WHOLE)
                && s.fields()[1].name().equals(FRACTION);
    }

    /** Exact number {@code c}, of type {@code from}, as {@code to}, a type {@link #common} gave. */
    static Column canonical(Column c, DataType from, DataType to) {
        if (!isSplit(to)) {
            return c.cast(to);
        }
        StructType split = (StructType) to;
        DataType wholeType = split.fields()[0].dataType();
        DataType fractionType = split.fields()[1].dataType();
        Column whole;
        Column fraction;
        if (scale(from) > 0) {
            whole = floor(c).cast(wholeType);
            // pmod's type is DECIMAL(s+1,s): exact. c - floor(c) would be DECIMAL(p+2,s), which Spark
            // narrows beyond 38 digits by rounding decimals off, the very loss this type avoids.
            fraction = pmod(c, lit(BigDecimal.ONE)).cast(fractionType);
        } else {
            whole = c.cast(wholeType);
            fraction = lit(BigDecimal.ZERO).cast(fractionType);
        }
        // A NULL stays NULL, not a struct of NULLs: it is a null key, and the row hashes see it as such.
        return when(c.isNotNull(), struct(whole.as(WHOLE), fraction.as(FRACTION)));
    }

    /**
     * Whether two non-NULL split decimals lie within {@code abs(l - r) <= absTol + relTol * abs(r)},
     * computed in {@link BigDecimal}, without rounding at any precision: the distance of two such
     * values may need more than 38 digits (10^30 - 10^-18), which neither a decimal nor a double holds.
     * A Java function, run only on the key diff's candidate rows of such a column with a tolerance.
     */
    static Column within(Column l, Column r, BigDecimal absTol, BigDecimal relTol) {
        UDF2<Row, Row, Boolean> within = (a, b) -> {
            if (a == null || b == null) {
                return null;
            }
            BigDecimal x = value(a);
            BigDecimal y = value(b);
            return x.subtract(y).abs().compareTo(absTol.add(relTol.multiply(y.abs()))) <= 0;
        };
        return udf(within, DataTypes.BooleanType).apply(l, r);
    }

    /** Canonical value {@code c} of type {@code t} as a double, for sketches of its distribution. */
    static Column asDouble(Column c, DataType t) {
        if (!isSplit(t)) {
            return c.cast(DataTypes.DoubleType);
        }
        return c.getField(WHOLE)
                .cast(DataTypes.DoubleType)
                .plus(c.getField(FRACTION).cast(DataTypes.DoubleType));
    }

    /** Split decimal {@code c} as the text of its exact value, for a sample's key. */
    static Column text(Column c) {
        UDF1<Row, String> text = v -> v == null ? null : value(v).toPlainString();
        return udf(text, DataTypes.StringType).apply(c);
    }

    /** The value of a split decimal as Spark returns it to the driver. */
    static BigDecimal value(Row split) {
        return split.getDecimal(0).add(split.getDecimal(1));
    }

    private static int floorDigits(DataType t) {
        return scale(t) > 0 ? precision(t) - scale(t) + 1 : precision(t);
    }

    private static int precision(DataType t) {
        if (t instanceof DecimalType d) {
            return d.precision();
        }
        if (t instanceof ByteType) {
            return 3;
        }
        if (t instanceof ShortType) {
            return 5;
        }
        if (t instanceof IntegerType) {
            return 10;
        }
        return 20;
    }

    private static int scale(DataType t) {
        return t instanceof DecimalType d ? d.scale() : 0;
    }
}
