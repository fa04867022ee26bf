package dev.paritygate.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.to_json;

import dev.paritygate.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * How the sample shows a key counted in {@code duplicate_keys_differing} (kind {@code duplicate_differing}, {@link dev.paritygate.verdict.SampleRow#DUPLICATE_DIFFERING}): a
 * key on both sides, more than once on at least one, whose rows are not the same rows as often.
 * The key diff compares such a key's rows by the sums of their hashes, so it never knows which of
 * them differ; what both diffs hold for it at that point, without reading a source again, is the
 * key's canonical values (what the aggregation by key groups on) and each side's row count. The
 * narrow diff keeps no row of a key at all: a row's text in its aggregation would make Spark sort
 * every examined row. So the sample shows the key as compared and {@code {"rows":n}} per side, the
 * same in the wide and the narrow diff, hence in pruned and full mode.
 */
final class DuplicateDifferingSample {
    /** The field of {@code left_row} and {@code right_row} holding that side's rows of the key. */
    static final String ROWS = "rows";

    private DuplicateDifferingSample() {}

    /**
     * The key as JSON, from the canonical key columns ({@link SparkPreparedSide#key}) under the
     * key's names: the value the sides were matched on (trimmed or case folded where the rule says
     * so, in the two sides' common type), a time key as its instant in UTC (its canonical value is
     * microseconds), a decimal key of two types that no one decimal holds ({@link ExactNumbers}) as the
     * text of its exact value, and a column the rule masks masked, as in the rows.
     */
    static Column key(AlignedSides a, Rule rule) {
        List<Column> fields = new ArrayList<>();
        for (int i = 0; i < a.keys().size(); i++) {
            ColumnPair p = a.keys().get(i);
            Column c = col(SparkPreparedSide.key(i));
            if (SparkCanonical.kind(p) == SparkCanonical.Kind.TIMESTAMP) {
                c = timestamp_micros(c);
            } else if (SparkCanonical.splitDecimal(p)) {
                c = ExactNumbers.text(c);
            }
            if (SparkPreparedSide.masked(rule, p.name())) {
                c = a.masking().masked(c);
            }
            fields.add(c.as(p.name()));
        }
        return to_json(struct(fields.toArray(Column[]::new)), Map.of("timeZone", "UTC"));
    }

    /** A side's {@code left_row} or {@code right_row}: {@code {"rows":n}}, its row count {@code n}. */
    static Column rows(Column count) {
        return to_json(struct(count.as(ROWS)));
    }
}
