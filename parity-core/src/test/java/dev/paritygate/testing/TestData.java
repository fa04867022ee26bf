package dev.paritygate.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Builds a small DataFrame over an explicit schema:
 * {@code TestData.of("id BIGINT, amt DECIMAL(10,2)").row(1L, new BigDecimal("1.00")).df()}.
 */
public final class TestData {
    private final StructType schema;
    private final List<Row> rows = new ArrayList<>();

    private TestData(StructType schema) {
        this.schema = schema;
    }

    public static TestData of(String ddl) {
        return new TestData(StructType.fromDDL(ddl));
    }

    public TestData row(Object... values) {
        if (values.length != schema.size()) {
            throw new IllegalArgumentException("Expected " + schema.size() + " values, got " + values.length);
        }
        rows.add(RowFactory.create(values));
        return this;
    }

    public Dataset<Row> df() {
        return SharedSpark.spark().createDataFrame(rows, schema);
    }
}
