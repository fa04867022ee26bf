package dev.paritygate.rules;

import java.time.DayOfWeek;
import java.util.List;

/**
 * When a pipeline may cut over.
 *
 * @param requiredStreak consecutive business dates of parity required (default 14)
 * @param businessDays weekdays that produce a business date (default Monday to Friday)
 * @param changeWindows weekdays on which cutover and rollback are allowed (default Saturday, Sunday)
 */
public record GatePolicy(Integer requiredStreak, List<DayOfWeek> businessDays, List<DayOfWeek> changeWindows) {
    public static final GatePolicy DEFAULT = new GatePolicy(null, null, null);

    public GatePolicy {
        requiredStreak = requiredStreak == null ? 14 : requiredStreak;
        businessDays = businessDays == null
                ? List.of(
                        DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                : List.copyOf(businessDays);
        changeWindows =
                changeWindows == null ? List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY) : List.copyOf(changeWindows);
        if (requiredStreak < 1) {
            throw new IllegalArgumentException("Invalid gate required_streak " + requiredStreak + ": must be >= 1");
        }
    }
}
