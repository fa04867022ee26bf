package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.rules.RuleLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.GeographyType;
import org.apache.spark.sql.types.GeometryType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimeType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.VariantType$;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.junit.jupiter.api.Test;

/** No session: Spark's types render their names without one. */
class SparkAlignmentTest {
    /** One of each Spark 4.1 data type a column read from a source can have. */
    static final List<DataType> EVERY_TYPE = List.of(
            DataTypes.ByteType,
            DataTypes.ShortType,
            DataTypes.IntegerType,
            DataTypes.LongType,
            DataTypes.createDecimalType(12, 2),
            DataTypes.FloatType,
            DataTypes.DoubleType,
            DataTypes.StringType,
            StringType.apply("UTF8_LCASE"),
            new VarcharType(10),
            new CharType(3),
            DataTypes.TimestampType,
            DataTypes.TimestampNTZType,
            DataTypes.DateType,
            DataTypes.BooleanType,
            DataTypes.BinaryType,
            TimeType.apply(6),
            DataTypes.CalendarIntervalType,
            DayTimeIntervalType.apply(),
            YearMonthIntervalType.apply(),
            DataTypes.createArrayType(DataTypes.IntegerType),
            DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType),
            new StructType().add("a", DataTypes.IntegerType),
            VariantType$.MODULE$,
            DataTypes.NullType,
            GeometryType.apply(4326),
            GeographyType.apply(4326));

    @Test
    void everyBaseTypeSparkRendersIsOneAllowTypeChangesAcceptsAndNoOther() {
        Set<String> rendered = new LinkedHashSet<>();
        for (DataType t : EVERY_TYPE) {
            String type = SparkAlignment.schemaColumn(new StructField("c", t, true, Metadata.empty()))
                    .baseType();
            rendered.add(type);
            // The rule loader accepts a type change naming the base type, and one naming the full
            // rendering unless it has spaces (string collate ..., interval day to second): an entry's
            // spaces are dropped, so such a type matches by its base type only.
            String full = t.simpleString().contains(" ") ? type : t.simpleString();
            RuleLoader.parse(
                    "pipeline: p\nleft: {table: a}\nright: {table: b}\nkey: [id]\n"
                            + "checks: {schema: {allow_type_changes: [\"" + type + "->string\", \"" + full
                            + "->*\"]}}\n",
                    Path.of("types.yaml"));
        }

        assertThat(rendered)
                .containsExactly(
                        "tinyint",
                        "smallint",
                        "int",
                        "bigint",
                        "decimal",
                        "float",
                        "double",
                        "string",
                        "varchar",
                        "char",
                        "timestamp",
                        "timestamp_ntz",
                        "date",
                        "boolean",
                        "binary",
                        "time",
                        "interval",
                        "array",
                        "map",
                        "struct",
                        "variant",
                        "void",
                        "geometry",
                        "geography");
    }
}
