package dev.paritygate.rules;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * When a pipeline may cut over, and what its cutover re-points. Left out of the rules fingerprint:
 * changing it never breaks a parity streak.
 *
 * @param requiredStreak consecutive business dates of parity required (default 14)
 * @param businessDays weekdays that produce a business date (default Monday to Friday)
 * @param changeWindows weekdays on which cutover and rollback are allowed (default Saturday, Sunday)
 * @param views stable views analysts query, one per pipeline output, each resolving to the
 *     authoritative side's table (default none)
 * @param waiverExpiryDays days a waiver stays valid when {@code parity waive} is given no expiry
 *     (default 30)
 * @param timeZone the zone whose calendar days the gate judges (today, the as-of date, change
 *     windows, the cutover's date), as an IANA zone id (default {@code UTC})
 */
public record GatePolicy(
        Integer requiredStreak,
        List<DayOfWeek> businessDays,
        List<DayOfWeek> changeWindows,
        List<ViewSpec> views,
        Integer waiverExpiryDays,
        String timeZone) {
    /** Consecutive clean business dates required when the rule does not say. */
    public static final int REQUIRED_STREAK_DEFAULT = 14;
    /** Waiver validity in days when the rule does not say. */
    public static final int WAIVER_EXPIRY_DAYS_DEFAULT = 30;

    /** The zone the gate's calendar days are taken in when the rule does not say. */
    public static final String TIME_ZONE_DEFAULT = "UTC";

    public static final GatePolicy DEFAULT = new GatePolicy(null, null, null, null, null, null);

    public GatePolicy {
        requiredStreak = requiredStreak == null ? REQUIRED_STREAK_DEFAULT : requiredStreak;
        businessDays = businessDays == null
                ? List.of(
                        DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                : List.copyOf(businessDays);
        changeWindows =
                changeWindows == null ? List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY) : List.copyOf(changeWindows);
        views = views == null ? List.of() : List.copyOf(views);
        waiverExpiryDays = waiverExpiryDays == null ? WAIVER_EXPIRY_DAYS_DEFAULT : waiverExpiryDays;
        timeZone = timeZone == null ? TIME_ZONE_DEFAULT : timeZone;
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidKeyValue(
                    "gate",
                    "time_zone",
                    "'" + timeZone + "': not a time zone. Name an IANA zone such as Asia/Tokyo or"
                            + " America/New_York, or UTC (the default)");
        }
        if (requiredStreak < 1) {
            throw new IllegalArgumentException("Invalid gate required_streak " + requiredStreak + ": must be >= 1");
        }
        if (businessDays.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid gate business_days []: name at least one weekday, for example [monday, tuesday]");
        }
        if (changeWindows.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid gate change_windows []: name at least one weekday, for example [saturday]");
        }
        if (waiverExpiryDays < 1) {
            throw new IllegalArgumentException(
                    "Invalid gate waiver_expiry_days " + waiverExpiryDays + ": must be >= 1");
        }
        Set<String> names = new HashSet<>();
        for (ViewSpec v : views) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException(
                        "Invalid gate views: view '" + v.name() + "' is listed twice; give each output one view");
            }
        }
    }

    /** The same policy with only these three settings, every other one at its default. */
    public GatePolicy(Integer requiredStreak, List<DayOfWeek> businessDays, List<DayOfWeek> changeWindows) {
        this(requiredStreak, businessDays, changeWindows, null, null, null);
    }

    /** {@link #timeZone} as a zone. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /**
     * A stable view over one pipeline output: {@code CREATE OR REPLACE VIEW name AS SELECT * FROM
     * <legacy or cloud table>}, depending on the pipeline's authoritative side.
     *
     * @param name the view analysts query, such as {@code analytics.orders}
     * @param legacyTable the table the view reads before cutover (a catalog name or {@code delta.`/path`})
     * @param cloudTable the table the view reads after cutover
     */
    public record ViewSpec(String name, String legacyTable, String cloudTable) {
        private static final java.util.regex.Pattern VIEW_NAME =
                java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");

        public ViewSpec {
            if (name == null || !VIEW_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("Invalid gate view name '" + name
                        + "': use [catalog.][database.]view with letters, digits and _, for example analytics.orders");
            }
            if (legacyTable == null || legacyTable.isBlank()) {
                throw new IllegalArgumentException(
                        "Invalid gate view '" + name + "': legacy_table is required, for example legacy.orders");
            }
            if (cloudTable == null || cloudTable.isBlank()) {
                throw new IllegalArgumentException(
                        "Invalid gate view '" + name + "': cloud_table is required, for example lake.orders");
            }
        }
    }
}
