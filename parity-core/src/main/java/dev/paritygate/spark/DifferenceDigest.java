package dev.paritygate.spark;

import java.util.Map;

/**
 * A grain's keyed rows as an invertible Bloom lookup table of their (key hash, row hash) pairs:
 * {@link #CELLS} cells of (count, key hash sum, row hash sum, check sum), each pair added to one
 * cell in each of three groups. Sums wrap around, so the digest of a grain is the same whatever
 * order its rows come in and however they are split between tasks (the driver adds the tasks'
 * digests), and subtracting the other side's digest leaves only the pairs whose counts differ: a
 * changed row leaves its old and new pair, a missing row its pair, an extra duplicate its pair.
 * When those are few, {@link #differingKeyHashes} peels them off one cell at a time and returns
 * their key hashes; that is how the key diff learns which keys differ without reading any row
 * again. When they are many, or a pair's count differs by two or more, peeling stops short and
 * the grain is examined whole.
 *
 * <p>Each cell is 32 bytes, so a grain's digest is {@value #LONGS} longs (768 bytes) on the
 * driver, whatever its row count. A peeled pair is accepted only when its check sum, an
 * independent 64-bit hash of the pair, matches and it belongs to the cell it was found in; a
 * wrong pair would need a 64-bit coincidence, and the key diff still compares keys exactly.
 */
final class DifferenceDigest {
    /** Cells per group; three groups. */
    private static final int PER_GROUP = 8;
    /** Cells per digest. */
    static final int CELLS = 3 * PER_GROUP;
    /** Longs per digest: count, key hash sum, row hash sum, check sum per cell. */
    static final int LONGS = CELLS * 4;

    /** More peeled pairs than this is not a digest of few differences. */
    private static final int MAX_PAIRS = 8 * CELLS;

    private static final long SEED_CELL = 0x3C6EF372FE94F82BL;
    private static final long SEED_CHECK = 0xA54FF53A5F1D36F1L;

    private DifferenceDigest() {}

    /** Adds one keyed row to the digest at {@code digests[at..at + LONGS)}. */
    static void add(long[] digests, int at, long keyHash, long rowHash) {
        update(digests, at, keyHash, rowHash, where(keyHash, rowHash), check(keyHash, rowHash), 1);
    }

    /** Adds a pair {@code times} times (negative: removes it) to its three cells. */
    private static void update(long[] digests, int at, long keyHash, long rowHash, long where, long check, long times) {
        for (int g = 0; g < 3; g++) {
            int c = at + cell(where, g) * 4;
            digests[c] += times;
            digests[c + 1] += times * keyHash;
            digests[c + 2] += times * rowHash;
            digests[c + 3] += times * check;
        }
    }

    /**
     * The distinct key hashes of the pairs whose counts differ between the two digests (either may
     * be null: the grain has no rows on that side), or null when they cannot all be peeled off.
     */
    static long[] differingKeyHashes(long[] left, long[] right) {
        Peeled p = peel(left, right);
        return p == null ? null : p.keyHashes();
    }

    /**
     * The differing pairs' distinct key hashes and, for each, on which side it has pairs more often
     * ({@link Peeled#LEFT}, {@link Peeled#RIGHT} or both bits); null when they cannot all be peeled.
     */
    static Peeled peel(long[] left, long[] right) {
        long[] d = new long[LONGS];
        for (int k = 0; k < LONGS; k++) {
            d[k] = (left == null ? 0 : left[k]) - (right == null ? 0 : right[k]);
        }
        java.util.Map<Long, Integer> sides = new java.util.LinkedHashMap<>();
        int found = 0;
        boolean peeled = true;
        while (peeled) {
            peeled = false;
            for (int c = 0; c < CELLS; c++) {
                long count = d[c * 4];
                if (count != 1 && count != -1) {
                    continue;
                }
                // A cell holding one pair: its sums are the pair itself, negated when it is right's.
                long keyHash = count * d[c * 4 + 1];
                long rowHash = count * d[c * 4 + 2];
                long where = where(keyHash, rowHash);
                long check = check(keyHash, rowHash);
                // Accepted only with a matching check hash and from a cell the pair is added to.
                if (count * d[c * 4 + 3] != check || cell(where, c / PER_GROUP) != c) {
                    continue;
                }
                update(d, 0, keyHash, rowHash, where, check, -count);
                if (++found > MAX_PAIRS) {
                    return null; // only a corrupt digest yields more pairs than its cells can hold
                }
                sides.merge(keyHash, count == 1 ? Peeled.LEFT : Peeled.RIGHT, (x, y) -> x | y);
                peeled = true;
            }
        }
        for (long v : d) {
            if (v != 0) {
                return null;
            }
        }
        long[] keys = new long[sides.size()];
        byte[] on = new byte[sides.size()];
        int i = 0;
        for (Map.Entry<Long, Integer> e : sides.entrySet()) {
            keys[i] = e.getKey();
            on[i++] = (byte) (int) e.getValue();
        }
        return new Peeled(keys, on);
    }

    /**
     * What a grain's digests peel to: distinct key hashes, and per key hash the sides holding more
     * of one of its pairs. A key with pairs left over on both sides (a changed row) is on both
     * sides; one with pairs on one side only is missing on the other or duplicated there.
     */
    record Peeled(long[] keyHashes, byte[] sides) {
        static final int LEFT = 1;
        static final int RIGHT = 2;
    }

    private static long where(long keyHash, long rowHash) {
        return mix(keyHash + mix(rowHash ^ SEED_CELL));
    }

    /** The pair's cell in group {@code g}: one of that group's cells, from 16 bits of its hash. */
    private static int cell(long where, int g) {
        return g * PER_GROUP + (int) (((where >>> (16 * g)) & 0xFFFF) % PER_GROUP);
    }

    private static long check(long keyHash, long rowHash) {
        return mix(rowHash + mix(keyHash ^ SEED_CHECK));
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
