package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class WideKeyDiffTest {
    private static WantedRows wanted(int keyHashes, long wholeGrainRows) {
        List<Row> rows = Collections.nCopies(keyHashes, RowFactory.create(1L, 2L));
        return new WantedRows(rows, 0, wholeGrainRows, Set.of(), keyHashes);
    }

    @Test
    void theBenchmarksDifferencesJoinInOnePartition() {
        // 12,000 differing keys and 137,000 rows of grains read whole: about 161,000 rows.
        assertThat(WideKeyDiff.partitions(wanted(12_000, 137_000), 16)).isEqualTo(1);
    }

    @Test
    void partitionsGrowWithTheRowsReadAndStopAtTheSessionsShufflePartitions() {
        assertThat(WideKeyDiff.partitions(wanted(0, 0), 16)).isEqualTo(1);
        assertThat(WideKeyDiff.partitions(wanted(125_000, 0), 16)).isEqualTo(1);
        assertThat(WideKeyDiff.partitions(wanted(125_001, 0), 16)).isEqualTo(2);
        assertThat(WideKeyDiff.partitions(wanted(300_000, 250_000), 16)).isEqualTo(4);
        assertThat(WideKeyDiff.partitions(wanted(2_000_000, 250_000), 16)).isEqualTo(16);
        assertThat(WideKeyDiff.partitions(wanted(2_000_000, 250_000), 4)).isEqualTo(4);
    }
}
