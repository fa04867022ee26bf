package dev.paritygate.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.check.Fingerprint;
import dev.paritygate.check.Grain;
import dev.paritygate.check.SideProfile;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class WantedRowsTest {
    static final Grain PEELS = new Grain("day=1", 0, 11L);
    static final Grain TOO_DIFFERENT = new Grain("day=1", 1, 22L);

    /** Grain 11: key 5 changed on the right. Grain 22: 40 keys changed. 100 rows a grain and side. */
    static SparkKeyDiff.Digests digests() {
        GrainTable left = new GrainTable(true);
        GrainTable right = new GrainTable(true);
        for (Grain g : List.of(PEELS, TOO_DIFFERENT)) {
            int l = left.add(g.id(), g.segment(), 0);
            int r = right.add(g.id(), g.segment(), 0);
            for (long k = 0; k < 100; k++) {
                boolean changed = g == PEELS ? k == 5 : k < 40;
                left.addKeyed(l, k, k * 7);
                right.addKeyed(r, k, changed ? -k - 1 : k * 7);
            }
        }
        Map<Grain, Fingerprint> rows =
                Map.of(PEELS, new Fingerprint(100, 0, 0), TOO_DIFFERENT, new Fingerprint(100, 0, 0));
        return new SparkKeyDiff.Digests(left, right, new SideProfile(rows, 0), new SideProfile(rows, 0));
    }

    @Test
    void aPeeledGrainNamesItsKeyAndAGrainThatDoesNotPeelIsReadWhole() {
        Set<Grain> grains = new LinkedHashSet<>(List.of(PEELS, TOO_DIFFERENT));

        SparkKeyDiff.WantedRows wanted = SparkKeyDiff.WantedRows.of(grains, digests(), 1000);

        assertThat(wanted.rows().stream().map(Row::toString).toList()).containsExactly("[11,5]", "[22,null]");
        assertThat(wanted.wholeGrains()).isEqualTo(1);
        assertThat(wanted.wholeGrainRows()).isEqualTo(200);
    }

    @Test
    void moreEntriesThanTheLimitLeaveTheGrainsToBeReadInstead() {
        assertThat(SparkKeyDiff.WantedRows.of(new LinkedHashSet<>(List.of(PEELS, TOO_DIFFERENT)), digests(), 1))
                .isNull();
    }
}
