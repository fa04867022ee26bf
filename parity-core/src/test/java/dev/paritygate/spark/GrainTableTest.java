package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrainTableTest {

    @Test
    void sumsEachGrainSeparatelyThroughGrowthAndCollidingLowBits() {
        GrainTable t = new GrainTable();
        // 5,000 grains (more than the initial capacity) whose ids share their low 16 bits, so every
        // one lands on the same first slot and must be found by probing.
        for (int round = 0; round < 3; round++) {
            for (long g = 0; g < 5000; g++) {
                long id = (g << 16) | 0x1234;
                int e = t.find(id);
                if (e < 0) {
                    e = t.add(id, (int) g, (int) (g % 7));
                }
                t.addRow(e, g, -g, g % 2 == 0);
            }
        }

        assertThat(t.size()).isEqualTo(5000);
        long[] ids = t.ids();
        long[] sums = t.sums();
        for (int e = 0; e < t.size(); e++) {
            long g = ids[e] >>> 16;
            assertThat(t.segments()[e]).isEqualTo((int) g);
            assertThat(t.partitions()[e]).isEqualTo((int) (g % 7));
            assertThat(sums[e * GrainTable.SUMS]).isEqualTo(3);
            assertThat(sums[e * GrainTable.SUMS + 1]).isEqualTo(3 * g);
            assertThat(sums[e * GrainTable.SUMS + 2]).isEqualTo(-3 * g);
            assertThat(sums[e * GrainTable.SUMS + 3]).isEqualTo(g % 2 == 0 ? 3 : 0);
        }
        assertThat(t.find(0x1235L)).isEqualTo(-1);
    }

    @Test
    void addSumsMergesAnotherTablesEntry() {
        GrainTable task = new GrainTable();
        int t = task.add(7L, 3, 0);
        task.addRow(t, 10L, 20L, true);
        task.addRow(t, 1L, 2L, false);
        GrainTable driver = new GrainTable();
        int d = driver.add(7L, 3, 0);
        driver.addRow(d, 100L, 200L, false);

        driver.addSums(d, task.sums(), t * GrainTable.SUMS);

        assertThat(driver.sums()).containsExactly(3L, 111L, 222L, 1L);
    }

    @Test
    void hashSumsWrapAroundModuloTwoToTheSixtyFour() {
        GrainTable t = new GrainTable();
        int e = t.add(42L, 0, 0);
        t.addRow(e, Long.MAX_VALUE, Long.MIN_VALUE, false);
        t.addRow(e, 1L, -1L, false);

        assertThat(t.sums()[1]).isEqualTo(Long.MIN_VALUE);
        assertThat(t.sums()[2]).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void keyedRowsReachTheirDigestsHoweverManyAreWaitingWhenTheDigestsAreRead() {
        GrainTable t = new GrainTable(true);
        int[] entries = {t.add(1L, 0, 0), t.add(2L, 1, 0), t.add(3L, 2, 0)};
        long[][] expected = new long[3][DifferenceDigest.LONGS];
        // 1,000 rows: whole batches and a part batch; a digest read halfway must already hold them.
        for (int i = 0; i < 1000; i++) {
            int g = i % 3;
            long keyHash = i * 0x9E3779B97F4A7C15L;
            long rowHash = ~keyHash ^ i;
            t.addKeyed(entries[g], keyHash, rowHash);
            DifferenceDigest.add(expected[g], 0, keyHash, rowHash);
            if (i == 500) {
                assertThat(t.digest(2L)).containsExactly(expected[1]);
            }
        }

        assertThat(t.digest(1L)).containsExactly(expected[0]);
        long[] all = t.digests();
        for (int g = 0; g < 3; g++) {
            assertThat(java.util.Arrays.copyOfRange(all, g * DifferenceDigest.LONGS, (g + 1) * DifferenceDigest.LONGS))
                    .containsExactly(expected[g]);
        }
    }
}
