package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import dev.paritygate.verdict.SampleRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WideDiffTallyTest {
    private static final StructType TALLIED = new StructType()
            .add("a", DataTypes.LongType, false)
            .add("b", DataTypes.LongType, false)
            .add("kind", DataTypes.IntegerType, true)
            .add("key", DataTypes.StringType, true)
            .add("columns", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("left", DataTypes.StringType, true)
            .add("right", DataTypes.StringType, true);

    private static Row mismatched(String key) {
        return RowFactory.create(1L, 0L, 0, key, List.of("qty"), "L" + key, "R" + key);
    }

    private static Row onlyLeft(String key) {
        return RowFactory.create(0L, 2L, 1, key, List.of(), "L" + key, null);
    }

    private static Dataset<Row> spread(List<Row> rows, int partitions) {
        return SharedSpark.spark().createDataFrame(rows, TALLIED).repartition(partitions);
    }

    @Test
    void sumsEveryPartitionsCountsAndSamplesEachKindsFirstKeysInSparksStringOrder() {
        List<Row> rows = new ArrayList<>();
        // Spark orders strings by their UTF-8 bytes: "10" before "9", and U+FFFD (EF BF BD) before
        // U+1F600 (F0 9F 98 80), which Java's String order (UTF-16 units) would put the other way.
        for (String key : List.of("9", "10", "\uD83D\uDE00", "\uFFFD", "2", "30")) {
            rows.add(mismatched(key));
        }
        rows.add(onlyLeft("7"));
        rows.add(onlyLeft("5"));
        // A duplicated key: counted, never sampled.
        rows.add(RowFactory.create(0L, 0L, null, "dup", List.of(), "Ldup", "Rdup"));

        WideDiffTally t = WideDiffTally.of(spread(rows, 4), 2, 3);

        assertThat(t.sum(0)).isEqualTo(6);
        assertThat(t.sum(1)).isEqualTo(4);
        List<SampleRow> samples = t.samples(new SampleQuota(3, 0, 1, 0));
        assertThat(samples)
                .extracting(SampleRow::kind, SampleRow::key)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mismatched", "10"),
                        org.assertj.core.groups.Tuple.tuple("mismatched", "2"),
                        org.assertj.core.groups.Tuple.tuple("mismatched", "30"),
                        org.assertj.core.groups.Tuple.tuple("only_in_left", "5"));
        assertThat(samples.get(0)).isEqualTo(new SampleRow("mismatched", "10", List.of("qty"), "L10", "R10"));
        assertThat(samples.get(3)).isEqualTo(new SampleRow("only_in_left", "5", List.of(), "L5", null));
    }

    @Test
    void keysFromDifferentTasksAreMergedInUtf8ByteOrder() {
        List<Row> rows = new ArrayList<>();
        for (String key : List.of("\uD83D\uDE00", "\uFFFD", "a")) {
            rows.add(mismatched(key));
        }

        WideDiffTally t = WideDiffTally.of(spread(rows, 3), 2, 3);

        assertThat(t.samples(new SampleQuota(3, 0, 0, 0)))
                .extracting(SampleRow::key)
                .containsExactly("a", "\uFFFD", "\uD83D\uDE00");
    }

    @Test
    void anEmptySampleStillCounts() {
        WideDiffTally t = WideDiffTally.of(spread(List.of(mismatched("1"), onlyLeft("2")), 2), 2, 0);

        assertThat(t.sum(0)).isEqualTo(1);
        assertThat(t.sum(1)).isEqualTo(2);
        assertThat(t.samples(new SampleQuota(0, 0, 0, 0))).isEmpty();
    }

    @Test
    void differingDuplicatedKeysAreListedAfterTheMismatchedRowsWithBothSidesCountsAndNoColumns() {
        List<Row> rows = new ArrayList<>(List.of(onlyLeft("1"), mismatched("3")));
        for (String key : List.of("9", "10")) {
            rows.add(RowFactory.create(0L, 0L, 3, key, List.of(), "{\"rows\":2}", "{\"rows\":1}"));
        }

        WideDiffTally t = WideDiffTally.of(spread(rows, 2), 2, 3);

        assertThat(t.samples(new SampleQuota(1, 1, 1, 0)))
                .containsExactly(
                        new SampleRow("mismatched", "3", List.of("qty"), "L3", "R3"),
                        new SampleRow("duplicate_differing", "10", List.of(), "{\"rows\":2}", "{\"rows\":1}"),
                        new SampleRow("only_in_left", "1", List.of(), "L1", null));
    }
}
