package dev.paritygate.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;

/**
 * The grain pass's two row hashes: XXH64 of the row's bytes in Spark's {@link UnsafeRow} format,
 * under the two fixed seeds of the column-wise row hashes ({@link SparkPreparedSide#H1}, {@link
 * SparkPreparedSide#H2}). The row is the canonical projection, so equal canonical values give equal
 * bytes on both sides (same schema, null bits, zeroed padding, variable-length data in field
 * order); any differing value, NULL included, changes the bytes. One sweep over contiguous memory
 * per hash costs a fraction of Spark's column-by-column {@code xxhash64}, which finalises once per
 * column and per hash.
 *
 * <p>Bytes are stricter than values in two places, both harmless: -0.0 and 0.0 nested in an array
 * or struct (the canonical form turns a top-level -0.0 into 0.0), and two NaN bit patterns
 * anywhere hash differently. A fingerprint mismatch only sends a grain to the key diff, whose
 * comparison is by value, so such rows cost a read, never a verdict.
 */
final class RowBytesHash {
    private RowBytesHash() {}

    /** The first row hash; also the row hash of the grain's {@link DifferenceDigest}. */
    static long first(UnsafeRow r) {
        // An UnsafeRow's size is a whole number of 8-byte words.
        return XXH64.hashUnsafeWords(
                r.getBaseObject(), r.getBaseOffset(), r.getSizeInBytes(), SparkPreparedSide.SEED_1);
    }

    /** The second, independently seeded row hash. */
    static long second(UnsafeRow r) {
        return XXH64.hashUnsafeWords(
                r.getBaseObject(), r.getBaseOffset(), r.getSizeInBytes(), SparkPreparedSide.SEED_2);
    }
}
