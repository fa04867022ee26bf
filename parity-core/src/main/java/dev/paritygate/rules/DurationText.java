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
            double micros = value * unit;
            // Math.round would saturate at Long.MAX_VALUE and load a tolerance other than the one written.
            if (micros >= Long.MAX_VALUE) {
                throw tooLong(text, key);
            }
            return Math.round(micros);
        }
        try {
            Duration d = Duration.parse(t);
            if (d.isNegative()) {
                throw negative(text, key);
            }
            // Counted in microseconds directly: toNanos() overflows past 292 years, as "long overflow".
            return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000L);
        } catch (ArithmeticException e) {
            throw tooLong(text, key);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Invalid " + key + " '" + text + "': use ISO-8601 (PT1S) or a number with us, ms, s, m, h or d");
        }
    }

    private static IllegalArgumentException tooLong(String text, String key) {
        return new IllegalArgumentException("Invalid " + key + " '" + text
                + "': too long to count in microseconds; the longest is about 292000 years (PT2562047788H)");
    }

    private static IllegalArgumentException negative(String text, String key) {
        return new IllegalArgumentException("Invalid " + key + " '" + text + "': must not be negative");
    }
}
