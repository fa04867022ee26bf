package dev.paritygate.store;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * Spark rows as a Delta Kernel columnar batch of a table's schema. Columns are matched by name,
 * case-insensitively, as Delta matches them; a table column the rows do not have is NULL.
 * Values are converted to Kernel's representation: dates as days and timestamps as microseconds
 * since the epoch, string lists as arrays.
 */
final class KernelRowBatch implements ColumnarBatch {
    private final StructType schema;
    private final List<ColumnVector> vectors;
    private final int size;

    KernelRowBatch(StructType tableSchema, org.apache.spark.sql.types.StructType rowSchema, List<Row> rows) {
        this.schema = tableSchema;
        this.size = rows.size();
        this.vectors = new ArrayList<>();
        for (StructField f : tableSchema.fields()) {
            int at = indexOf(rowSchema, f.getName());
            Object[] values = new Object[size];
            for (int i = 0; i < size && at >= 0; i++) {
                values[i] = rows.get(i).isNullAt(at)
                        ? null
                        : kernelValue(f.getDataType(), rows.get(i).get(at));
            }
            vectors.add(new Values(f.getDataType(), values));
        }
    }

    private KernelRowBatch(StructType schema, List<ColumnVector> vectors, int size) {
        this.schema = schema;
        this.vectors = vectors;
        this.size = size;
    }

    /** Kernel drops the partition columns before writing the data file. */
    @Override
    public ColumnarBatch withDeletedColumnAt(int ordinal) {
        List<StructField> fields = new ArrayList<>(schema.fields());
        fields.remove(ordinal);
        List<ColumnVector> rest = new ArrayList<>(vectors);
        rest.remove(ordinal);
        return new KernelRowBatch(new StructType(fields), rest, size);
    }

    @Override
    public StructType getSchema() {
        return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        return vectors.get(ordinal);
    }

    @Override
    public int getSize() {
        return size;
    }

    private static int indexOf(org.apache.spark.sql.types.StructType rowSchema, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String[] names = rowSchema.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].toLowerCase(Locale.ROOT).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static Object kernelValue(DataType type, Object v) {
        if (type instanceof DateType) {
            LocalDate d = v instanceof java.sql.Date sql ? sql.toLocalDate() : (LocalDate) v;
            return (int) d.toEpochDay();
        }
        if (type instanceof TimestampType) {
            Instant t = v instanceof Timestamp ts ? ts.toInstant() : (Instant) v;
            return ChronoUnit.MICROS.between(Instant.EPOCH, t);
        }
        if (type instanceof ArrayType a) {
            List<?> list = v instanceof List<?> l
                    ? l
                    : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) v);
            Object[] elements = new Object[list.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = list.get(i) == null ? null : kernelValue(a.getElementType(), list.get(i));
            }
            Values vector = new Values(a.getElementType(), elements);
            return new ArrayValue() {
                @Override
                public int getSize() {
                    return elements.length;
                }

                @Override
                public ColumnVector getElements() {
                    return vector;
                }
            };
        }
        return v;
    }

    /** One column's values, already in Kernel's representation. */
    private record Values(DataType type, Object[] values) implements ColumnVector {
        @Override
        public DataType getDataType() {
            return type;
        }

        @Override
        public int getSize() {
            return values.length;
        }

        @Override
        public void close() {}

        @Override
        public boolean isNullAt(int row) {
            return values[row] == null;
        }

        @Override
        public boolean getBoolean(int row) {
            return (Boolean) values[row];
        }

        @Override
        public int getInt(int row) {
            return ((Number) values[row]).intValue();
        }

        @Override
        public long getLong(int row) {
            return ((Number) values[row]).longValue();
        }

        @Override
        public double getDouble(int row) {
            return ((Number) values[row]).doubleValue();
        }

        @Override
        public String getString(int row) {
            return (String) values[row];
        }

        @Override
        public ArrayValue getArray(int row) {
            return (ArrayValue) values[row];
        }
    }
}
