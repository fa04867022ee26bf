package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DifferenceDigestTest {
    /** A digest of rows given as (key hash, row hash) pairs. */
    static long[] digest(long[]... pairs) {
        long[] d = new long[DifferenceDigest.LONGS];
        for (long[] p : pairs) {
            DifferenceDigest.add(d, 0, p[0], p[1]);
        }
        return d;
    }

    static long[][] rows(int from, int to) {
        long[][] rows = new long[to - from][];
        for (int k = from; k < to; k++) {
            rows[k - from] = new long[] {k * 0x9E3779B97F4A7C15L, k * 31L + 7};
        }
        return rows;
    }

    static long[] sum(long[] a, long[] b) {
        long[] s = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    @Test
    void theSameRowsInAnotherOrderAndSplitBetweenTasksLeaveNoDifference() {
        long[][] all = rows(0, 500);
        long[][] reversed = new long[all.length][];
        for (int i = 0; i < all.length; i++) {
            reversed[i] = all[all.length - 1 - i];
        }
        long[] right = sum(
                digest(java.util.Arrays.copyOfRange(reversed, 0, 200)),
                digest(java.util.Arrays.copyOfRange(reversed, 200, 500)));

        assertThat(DifferenceDigest.differingKeyHashes(digest(all), right)).isEmpty();
    }

    @Test
    void aChangedAMissingAnExtraAndADuplicatedRowNameTheirFourKeys() {
        long[][] left = rows(0, 1000);
        long[][] right = rows(0, 1000);
        right[5] = new long[] {right[5][0], 12345L}; // changed
        right[7] = right[8]; // key 7 missing, key 8 duplicated identically
        long[] extra = {999_999L, 1L};

        long[] keys = DifferenceDigest.differingKeyHashes(digest(left), sum(digest(right), digest(extra)));

        assertThat(keys).containsExactlyInAnyOrder(left[5][0], left[7][0], left[8][0], 999_999L);
    }

    @Test
    void aGrainOnOneSideOnlyNamesAllItsKeys() {
        long[][] left = rows(0, 3);

        assertThat(DifferenceDigest.differingKeyHashes(digest(left), null))
                .containsExactlyInAnyOrder(left[0][0], left[1][0], left[2][0]);
        assertThat(DifferenceDigest.differingKeyHashes(null, digest(left)))
                .containsExactlyInAnyOrder(left[0][0], left[1][0], left[2][0]);
    }

    @Test
    void aRowThreeTimesOnOneSideAndOnceOnTheOtherCannotBePeeled() {
        long[][] left = rows(0, 50);
        long[] right = sum(digest(left), digest(left[3], left[3]));

        assertThat(DifferenceDigest.differingKeyHashes(digest(left), right)).isNull();
    }

    @Test
    void moreDifferencesThanTheDigestCanHoldCannotBePeeled() {
        long[][] left = rows(0, 200);
        long[][] right = rows(0, 200);
        for (int k = 0; k < 40; k++) {
            right[k] = new long[] {right[k][0], -k};
        }

        assertThat(DifferenceDigest.differingKeyHashes(digest(left), digest(right)))
                .isNull();
    }
}
