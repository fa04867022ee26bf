package dev.paritygate.check;

import java.util.Locale;

/**
 * Order-independent fingerprint of a set of rows: the row count and the sums, modulo 2^64, of two
 * independently seeded 64-bit hashes of each row's canonical values. Duplicate rows add up instead
 * of cancelling (as XOR would), and a difference survives unless both sums collide at once.
 */
public record Fingerprint(long rows, long hash1, long hash2) {
    public static final Fingerprint EMPTY = new Fingerprint(0, 0, 0);

    /** Combines two disjoint row sets. Wrap-around addition is the intended arithmetic. */
    public Fingerprint plus(Fingerprint other) {
        return new Fingerprint(rows + other.rows, hash1 + other.hash1, hash2 + other.hash2);
    }

    /**
     * Rebuilds a 64-bit sum from the sums of its high and low 32-bit halves, which the engine
     * accumulates separately so that no 64-bit sum can overflow.
     */
    public static long fromHalves(long sumOfHigh, long sumOfLow) {
        return (sumOfHigh << 32) + sumOfLow;
    }

    public String hex() {
        return String.format(Locale.ROOT, "%d:%016x%016x", rows, hash1, hash2);
    }
}
