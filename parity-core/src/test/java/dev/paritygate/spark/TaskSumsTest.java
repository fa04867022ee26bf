package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.spark.SparkGrainPass.Packed;
import dev.paritygate.spark.SparkGrainPass.TaskSums;
import java.io.InvalidObjectException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSumsTest {

    @Test
    void aTasksSumsAndDigestsArriveOnTheDriverValueForValue() {
        TaskSums sent = sums(3, true);

        TaskSums received = (TaskSums) roundTrip(sent);

        assertThat(received.ids()).containsExactly(sent.ids());
        assertThat(received.segments()).containsExactly(sent.segments());
        assertThat(received.partitionOf()).containsExactly(sent.partitionOf());
        assertThat(received.sums()).containsExactly(sent.sums());
        assertThat(received.digests()).containsExactly(sent.digests());
        assertThat(received.partitionValues()).hasSize(2);
        assertThat(received.partitionValues().get(1)).containsExactly(LocalDate.of(2026, 11, 20), null);
    }

    @Test
    void sumsWithoutDigestsArriveWithoutDigests() {
        TaskSums received = (TaskSums) roundTrip(sums(5, false));

        assertThat(received.ids()).containsExactly(0L, -1L, 2L, -3L, 4L);
        assertThat(received.sums()).hasSize(5 * GrainTable.SUMS);
        assertThat(received.digests()).isNull();
    }

    @Test
    void aTaskWithNoGrainsArrivesEmpty() {
        TaskSums received = (TaskSums) roundTrip(sums(0, true));

        assertThat(received.ids()).isEmpty();
        assertThat(received.digests()).isEmpty();
    }

    @Test
    void packedBytesOfTheWrongLengthAreRefusedNamingWhatTheyHold() {
        Packed torn = new Packed(2, false, new byte[10], List.of());

        assertThatThrownBy(() -> roundTrip(torn))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Could not read a task's result as Object")
                .cause()
                .isInstanceOf(InvalidObjectException.class)
                .hasMessage("task sums of 2 grains in 10 bytes");
    }

    /** Values that differ in every position and use all 64 bits, so a misplaced or cut value shows. */
    private static TaskSums sums(int grains, boolean withDigests) {
        long[] ids = new long[grains];
        int[] segments = new int[grains];
        int[] partitionOf = new int[grains];
        long[] sums = new long[grains * GrainTable.SUMS];
        long[] digests = withDigests ? new long[grains * DifferenceDigest.LONGS] : null;
        for (int g = 0; g < grains; g++) {
            ids[g] = g % 2 == 0 ? g : -g;
            segments[g] = 1000 + g;
            partitionOf[g] = g % 2;
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] = 0x9E3779B97F4A7C15L * (i + 1);
        }
        for (int i = 0; digests != null && i < digests.length; i++) {
            digests[i] = Long.MIN_VALUE + 7L * i;
        }
        List<Object[]> partitions = new ArrayList<>();
        partitions.add(new Object[] {LocalDate.of(2026, 11, 19), "eu"});
        partitions.add(new Object[] {LocalDate.of(2026, 11, 20), null});
        return new TaskSums(ids, segments, partitionOf, sums, digests, partitions);
    }

    /** What a task's result goes through on its way to the driver. */
    private static Object roundTrip(java.io.Serializable o) {
        return TaskResultBytes.read(TaskResultBytes.of(o), Object.class);
    }
}
