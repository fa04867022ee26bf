package dev.paritygate.job.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DemoDataset#generate} wrote and the exact key-diff and column results a correct
 * comparison of the two sides reports. Left is the legacy side, right the cloud side.
 *
 * <p>Every injected difference touches its own rows: no row is both missing and changed, or
 * changed in two columns. The row with a {@code NULL} key exists only on the legacy side and
 * counts as a null key only, not as a row only in left.
 *
 * @param demoDir the directory holding {@code legacy/}, {@code cloud/}, {@code rules/} and the
 *     manifest
 * @param seed the seed the values and the placement of the differences derive from
 * @param runDate the demo's business date, the last of {@code dates}
 * @param dates the {@code order_date} partitions of both sides, in order
 * @param legacyRows rows on the legacy side, including the null-key row
 * @param cloudRows rows on the cloud side, including the duplicated rows
 * @param rowsOnlyInLeft keys only on the legacy side
 * @param rowsOnlyInRight keys only on the cloud side
 * @param amountMismatches rows whose {@code amount} differs beyond the rule's tolerance
 * @param regionMismatches rows whose {@code region} differs
 * @param discountMismatches rows whose {@code discount} differs beyond the rule's tolerance; the
 *     demo nudges some discounts by 1e-9, within tolerance, so this is 0
 * @param discountNudged rows whose {@code discount} differs by 1e-9, which must not count
 * @param duplicateKeysLeft keys that occur more than once on the legacy side
 * @param duplicateKeysRight keys that occur more than once (exactly twice) on the cloud side
 * @param nullKeysLeft legacy rows with a {@code NULL} key
 * @param nullKeysRight cloud rows with a {@code NULL} key
 * @param datesWithDifferences the partitions holding every injected difference; the others match
 */
public record DemoManifest(
        Path demoDir,
        long seed,
        LocalDate runDate,
        List<LocalDate> dates,
        long legacyRows,
        long cloudRows,
        long rowsOnlyInLeft,
        long rowsOnlyInRight,
        long amountMismatches,
        long regionMismatches,
        long discountMismatches,
        long discountNudged,
        long duplicateKeysLeft,
        long duplicateKeysRight,
        long nullKeysLeft,
        long nullKeysRight,
        List<LocalDate> datesWithDifferences) {

    public DemoManifest {
        Objects.requireNonNull(demoDir, "demoDir");
        Objects.requireNonNull(runDate, "runDate");
        dates = List.copyOf(dates);
        datesWithDifferences = List.copyOf(datesWithDifferences);
        long[] counts = {
            legacyRows,
            cloudRows,
            rowsOnlyInLeft,
            rowsOnlyInRight,
            amountMismatches,
            regionMismatches,
            discountMismatches,
            discountNudged,
            duplicateKeysLeft,
            duplicateKeysRight,
            nullKeysLeft,
            nullKeysRight
        };
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("Invalid demo manifest count " + count + ": counts are >= 0");
            }
        }
        if (!dates.containsAll(datesWithDifferences)) {
            throw new IllegalArgumentException(
                    "Invalid dates with differences " + datesWithDifferences + ": not all in " + dates);
        }
    }

    /** Rows present on both sides whose compared values differ (the changed rows are disjoint). */
    public long rowsMismatched() {
        return amountMismatches + regionMismatches + discountMismatches;
    }

    /** The legacy side's Parquet directory. */
    public Path legacyPath() {
        return demoDir.resolve("legacy").resolve("orders");
    }

    /** The cloud side's Parquet directory. */
    public Path cloudPath() {
        return demoDir.resolve("cloud").resolve("orders");
    }

    /** The demo's rules directory, holding {@code orders_demo.yaml}. */
    public Path rulesDir() {
        return demoDir.resolve("rules");
    }

    /** This manifest as JSON. */
    public Path manifestPath() {
        return demoDir.resolve("manifest.json");
    }
}
