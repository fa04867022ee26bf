package dev.paritygate.rules;

import java.util.List;

/**
 * The capped sample of mismatching rows kept in the {@code samples} table.
 *
 * @param maxRows rows kept per pipeline run (default 20, 0 disables the sample)
 * @param mask columns whose values are replaced by a hash in the sample
 */
public record SampleSpec(Integer maxRows, List<String> mask) {
    public static final SampleSpec DEFAULT = new SampleSpec(null, null);

    public SampleSpec {
        maxRows = maxRows == null ? 20 : maxRows;
        mask = mask == null ? List.of() : List.copyOf(mask);
        if (maxRows < 0 || maxRows > 10_000) {
            throw new IllegalArgumentException("Invalid sample max_rows " + maxRows + ": allowed 0..10000");
        }
    }
}
