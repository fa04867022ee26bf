package dev.paritygate.spark;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * How a masked column's value is written in the sample: {@code masked:} and the first 12 hex digits
 * of a hash of its text, so that equal values mask alike on both sides and every night and a reader
 * still sees that two values differ. Without a key the hash is SHA-256, which anyone can compute
 * over every candidate of a small set (phone numbers, national ID numbers) to find a value again.
 * With a key (the job's {@code PARITY_SAMPLE_MASK_KEY}) it is HMAC-SHA256 under that key, which
 * cannot be reversed that way without it.
 *
 * <p>The key never enters a query's plan as a literal, where Spark's plan texts and event logs
 * would show it: the keyed hash is a function that holds it.
 */
final class SampleMasking {
    static final SampleMasking UNKEYED = new SampleMasking(null);

    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private SampleMasking(byte[] key) {
        this.key = key;
    }

    /** Masking under {@code key}, or {@link #UNKEYED} when it is null or empty. */
    static SampleMasking of(String key) {
        return key == null || key.isEmpty() ? UNKEYED : new SampleMasking(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code c} as the sample stores a masked value: NULL stays NULL. */
    Column masked(Column c) {
        Column text = c.cast(DataTypes.StringType);
        Column hex = key == null
                ? sha2(text, 256)
                : udf(new KeyedHash(key), DataTypes.StringType).apply(text);
        return when(c.isNull(), lit(null).cast(DataTypes.StringType))
                .otherwise(concat(lit("masked:"), substring(hex, 1, 12)));
    }

    @Override
    public String toString() {
        return key == null ? "SampleMasking[unkeyed]" : "SampleMasking[keyed]";
    }

    /** HMAC-SHA256 of a value's UTF-8 text under the key, in lower-case hex, as {@code sha2} writes it. */
    static final class KeyedHash implements UDF1<String, String> {
        private static final long serialVersionUID = 1L;

        private final byte[] key;
        // A Mac per task thread: getting and keying one costs more than hashing a value.
        private transient ThreadLocal<Mac> macs;

        KeyedHash(byte[] key) {
            this.key = key.clone();
        }

        @Override
        public String call(String value) throws GeneralSecurityException {
            if (value == null) {
                return null;
            }
            if (macs == null) {
                macs = ThreadLocal.withInitial(this::newMac);
            }
            return HexFormat.of().formatHex(macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8)));
        }

        private Mac newMac() {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JVM has no " + ALGORITHM, e);
            }
        }

        @Override
        public String toString() {
            return "KeyedHash";
        }
    }
}
