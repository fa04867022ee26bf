package dev.paritygate.spark;

import java.util.Arrays;

/**
 * Sums per grain id: an open-addressing table of primitive arrays. Each task of the grain pass
 * updates one once per row, and the driver adds the tasks' sums into another, so it avoids what a {@code HashMap<Long, long[]>} costs per row (a boxed
 * key, a node and an array to chase); the ids are already hashes, so their low bits index the table.
 */
final class GrainTable {
    /** Sums kept per grain: row count, the two hash sums, null keys. */
    static final int SUMS = 4;

    private int[] slots = new int[1 << 12]; // entry index + 1; 0 is empty
    private long[] ids = new long[1 << 11];
    private int[] segments = new int[1 << 11];
    private int[] partitions = new int[1 << 11];
    private long[] sums = new long[(1 << 11) * SUMS];
    /** Each entry's {@link DifferenceDigest}, or null when the table keeps none. */
    private long[] digests;

    /**
     * Keyed rows not yet added to their digests. A task's digests (768 bytes per grain, tens of
     * thousands of grains) outgrow the core's cache, so each row's three cells are misses; added
     * one row at a time between the rows' other work, those misses are paid one after the other.
     * Added {@value #PENDING} at a time in a tight loop, the core overlaps them: on a microbenchmark
     * of the pass's per-row work, the digests' cost fell from about 125 to 85 ns a row.
     */
    private static final int PENDING = 256;

    private int[] pendingEntries;
    private long[] pendingKeys;
    private long[] pendingRows;
    private int pending;

    private int size;

    /** A table of sums only. */
    GrainTable() {}

    /** A table of sums and, when {@code withDigests}, a {@link DifferenceDigest} per grain. */
    GrainTable(boolean withDigests) {
        digests = withDigests ? new long[ids.length * DifferenceDigest.LONGS] : null;
        if (withDigests) {
            pendingEntries = new int[PENDING];
            pendingKeys = new long[PENDING];
            pendingRows = new long[PENDING];
        }
    }

    /** The entry of {@code id}, or -1 when the task has not seen it yet. */
    int find(long id) {
        int mask = slots.length - 1;
        for (int i = (int) id & mask; ; i = (i + 1) & mask) {
            int e = slots[i] - 1;
            if (e < 0) {
                return -1;
            }
            if (ids[e] == id) {
                return e;
            }
        }
    }

    /** Adds a grain first seen in this task; returns its entry. */
    int add(long id, int segment, int partition) {
        if (size == ids.length) {
            grow();
        }
        int e = size++;
        ids[e] = id;
        segments[e] = segment;
        partitions[e] = partition;
        place(id, e);
        return e;
    }

    /** Adds one row to an entry. Wrap-around addition is the fingerprint's arithmetic. */
    void addRow(int e, long h1, long h2, boolean nullKey) {
        int at = e * SUMS;
        sums[at]++;
        sums[at + 1] += h1;
        sums[at + 2] += h2;
        if (nullKey) {
            sums[at + 3]++;
        }
    }

    /** Adds a keyed row's pair to an entry's digest (once {@link #PENDING} are waiting, or when read). */
    void addKeyed(int e, long keyHash, long rowHash) {
        pendingEntries[pending] = e;
        pendingKeys[pending] = keyHash;
        pendingRows[pending] = rowHash;
        if (++pending == PENDING) {
            addPending();
        }
    }

    /** Adds the waiting keyed rows to their digests; nothing waits in a table without digests. */
    private void addPending() {
        for (int i = 0; i < pending; i++) {
            DifferenceDigest.add(digests, pendingEntries[i] * DifferenceDigest.LONGS, pendingKeys[i], pendingRows[i]);
        }
        pending = 0;
    }

    /** Adds another table's digest for an entry: the digest of {@code from} at {@code at}. */
    void addDigest(int e, long[] from, int at) {
        addPending();
        int to = e * DifferenceDigest.LONGS;
        for (int k = 0; k < DifferenceDigest.LONGS; k++) {
            digests[to + k] += from[at + k];
        }
    }

    /** Adds another table's sums for an entry: {@code SUMS} values of {@code from}, starting at {@code at}. */
    void addSums(int e, long[] from, int at) {
        for (int k = 0; k < SUMS; k++) {
            sums[e * SUMS + k] += from[at + k];
        }
    }

    int size() {
        return size;
    }

    long[] ids() {
        return Arrays.copyOf(ids, size);
    }

    int[] segments() {
        return Arrays.copyOf(segments, size);
    }

    int[] partitions() {
        return Arrays.copyOf(partitions, size);
    }

    long[] sums() {
        return Arrays.copyOf(sums, size * SUMS);
    }

    /** The digest of grain {@code id} ({@link DifferenceDigest#LONGS} longs), or null when it has none. */
    long[] digest(long id) {
        addPending();
        int e = find(id);
        return e < 0 || digests == null
                ? null
                : Arrays.copyOfRange(digests, e * DifferenceDigest.LONGS, (e + 1) * DifferenceDigest.LONGS);
    }

    /** The entries' digests, {@link DifferenceDigest#LONGS} longs each, or null when it keeps none. */
    long[] digests() {
        addPending();
        return digests == null ? null : Arrays.copyOf(digests, size * DifferenceDigest.LONGS);
    }

    private void place(long id, int e) {
        int mask = slots.length - 1;
        int i = (int) id & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = e + 1;
    }

    private void grow() {
        int capacity = ids.length * 2;
        ids = Arrays.copyOf(ids, capacity);
        segments = Arrays.copyOf(segments, capacity);
        partitions = Arrays.copyOf(partitions, capacity);
        sums = Arrays.copyOf(sums, capacity * SUMS);
        if (digests != null) {
            digests = Arrays.copyOf(digests, capacity * DifferenceDigest.LONGS);
        }
        // At most half full, so probes stay short.
        slots = new int[capacity * 2];
        for (int e = 0; e < size; e++) {
            place(ids[e], e);
        }
    }
}
