package dev.paritygate.spark;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The text of a KPI's value as Spark returns it, written so that one value has one text on both
 * sides, whatever Java type each side's Spark returns it as: the verdict compares values that are
 * not numbers by this text. Java's own texts would not do: a TIMESTAMP ({@code java.sql.Timestamp},
 * written in the JVM's default zone) and a TIMESTAMP_NTZ ({@code LocalDateTime}) holding the same
 * instant read {@code 2026-11-20 10:00:00.0} and {@code 2026-11-20T10:00}, and a BINARY's text is
 * its array's identity, different on every run.
 */
final class SparkKpiText {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private SparkKpiText() {}

    /**
     * @param localZone the side's {@code time_zone}, or null: the zone of its TIMESTAMP_NTZ values,
     *     UTC when the side declares none, as column comparisons read them
     * @return null for a NULL value; numbers as before (a decimal in plain notation); an instant
     *     (TIMESTAMP, or TIMESTAMP_NTZ read in {@code localZone}) in ISO-8601 in UTC, such as {@code
     *     2026-11-20T10:00:00Z} with as many fraction digits as it has, in groups of three; a DATE as
     *     {@code 2026-11-20}; a BINARY as {@code X'0A1B'}; an array as {@code [a, b]}, a map as
     *     {@code {k: v}} (entries sorted by key text), a struct as {@code {field: v}}
     */
    static String of(Object v, String localZone) {
        return v == null ? null : text(v, localZone == null ? java.time.ZoneOffset.UTC : ZoneId.of(localZone));
    }

    private static String text(Object v, ZoneId zone) {
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.atZone(zone).toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof byte[] b) {
            return "X'" + HEX.formatHex(b) + "'";
        }
        if (v instanceof Row r) {
            List<String> fields = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                String name = r.schema() == null ? null : r.schema().fields()[i].name();
                fields.add((name == null ? "" : name + ": ") + nested(r.get(i), zone));
            }
            return "{" + String.join(", ", fields) + "}";
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            // Entries in key order: a map's stored order is not part of its value.
            Map<String, String> sorted = new TreeMap<>();
            scala.jdk.javaapi.CollectionConverters.asJava(m)
                    .forEach((k, e) -> sorted.put(nested(k, zone), nested(e, zone)));
            List<String> entries = new ArrayList<>();
            sorted.forEach((k, e) -> entries.add(k + ": " + e));
            return "{" + String.join(", ", entries) + "}";
        }
        if (v instanceof scala.collection.Iterable<?> s) {
            List<String> elements = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(e -> elements.add(nested(e, zone)));
            return "[" + String.join(", ", elements) + "]";
        }
        // Numbers exactly as before; strings and booleans as they are; intervals in their own text
        // (java.time.Duration and Period in ISO-8601).
        return SparkFusedPass.text(v);
    }

    private static String nested(Object v, ZoneId zone) {
        return v == null ? "NULL" : text(v, zone);
    }
}
