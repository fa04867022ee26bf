package dev.paritygate.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration syntax of rule files: ISO-8601 ({@code PT1S}) or {@code 500ms}, {@code 2s}. One
 * parser for every duration key (a column's and a KPI metric's {@code time_tolerance}), so that they
 * accept the same texts.
 */
final class DurationText {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h|d)");

    private DurationText() {}

    static long parseMicros(String text) {
        return parseMicros(text, "duration");
    }

    /** Like {@link #parseMicros(String)}, naming the rule key in the error message. */
    static long parseMicros(String text, String key) {
        String t = text.trim();
        if (t.startsWith("-") && SIMPLE.matcher(t.substring(1).trim()).matches()) {
            throw negative(text, key);
        }
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "us" -> 1L;
                case "ms" -> 1_000L;
                case "s" -> 1_000_000L;
                case "m" -> 60_000_000L;
                case "h" -> 3_600_000_000L;
                default -> 86_400_000_000L;
            };
            return Math.round(value * unit);
        }
        try {
            Duration d = Duration.parse(t);
            if (d.isNegative()) {
                throw negative(text, key);
            }
            return d.toNanos() / 1_000L;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Invalid " + key + " '" + text + "': use ISO-8601 (PT1S) or a number with us, ms, s, m, h or d");
        }
    }

    private static IllegalArgumentException negative(String text, String key) {
        return new IllegalArgumentException("Invalid " + key + " '" + text + "': must not be negative");
    }
}
