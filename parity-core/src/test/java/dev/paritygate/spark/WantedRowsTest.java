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

        WantedRows wanted = WantedRows.of(grains, digests(), 1000);

        assertThat(wanted.rows().stream().map(Row::toString).toList()).containsExactly("[11,5]", "[22,null]");
        assertThat(wanted.wholeGrains()).isEqualTo(1);
        assertThat(wanted.wholeGrainRows()).isEqualTo(200);
    }

    @Test
    void moreEntriesThanTheLimitLeaveTheGrainsToBeReadInstead() {
        assertThat(WantedRows.of(new LinkedHashSet<>(List.of(PEELS, TOO_DIFFERENT)), digests(), 1))
                .isNull();
    }

    @Test
    void partitionsWhoseDifferencesAreAllOneSidedAreReadByKeyAndAKeyThatMovedPartitionIsNot() {
        // day=1: key 5 changed (pairs left on both sides). day=2: key 6 missing on the right, key 7
        // twice on the left. day=3: key 8 only on the right. day=4 and day=5: key 9 moved from
        // day=4 (left) to day=5 (right), one-sided in each grain but on both sides overall.
        Grain changed = new Grain("day=1", 0, 1L);
        Grain missingAndTwice = new Grain("day=2", 0, 2L);
        Grain extra = new Grain("day=3", 0, 3L);
        Grain movedFrom = new Grain("day=4", 0, 4L);
        Grain movedTo = new Grain("day=5", 0, 5L);
        GrainTable left = new GrainTable(true);
        GrainTable right = new GrainTable(true);
        left.addKeyed(left.add(changed.id(), 0, 0), 5, 50);
        right.addKeyed(right.add(changed.id(), 0, 0), 5, 51);
        int l2 = left.add(missingAndTwice.id(), 0, 1);
        left.addKeyed(l2, 6, 60);
        left.addKeyed(l2, 7, 70);
        left.addKeyed(l2, 7, 70);
        right.addKeyed(right.add(missingAndTwice.id(), 0, 1), 7, 70);
        right.addKeyed(right.add(extra.id(), 0, 2), 8, 80);
        left.addKeyed(left.add(movedFrom.id(), 0, 3), 9, 90);
        right.addKeyed(right.add(movedTo.id(), 0, 4), 9, 91);
        Map<Grain, Fingerprint> none = Map.of();
        SparkKeyDiff.Digests digests =
                new SparkKeyDiff.Digests(left, right, new SideProfile(none, 0), new SideProfile(none, 0));

        WantedRows wanted = WantedRows.of(
                new LinkedHashSet<>(List.of(changed, missingAndTwice, extra, movedFrom, movedTo)), digests, 1000);

        assertThat(wanted.keysOnly()).containsExactlyInAnyOrder(missingAndTwice, extra);
        assertThat(wanted.bothSidedKeys()).isEqualTo(2);
        assertThat(wanted.wholeGrains()).isZero();
    }
}
