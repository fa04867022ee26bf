package dev.paritygate.check;

import java.util.Locale;

/**
 * A column as the schema check sees it: its (aligned) name and its SQL type name, such as
 * {@code bigint}, {@code decimal(12,2)} or {@code timestamp_ntz}.
 */
public record SchemaColumn(String name, String type) {
    /** The type name without parameters: {@code decimal(12,2)} is {@code decimal}. */
    public String baseType() {
        String t = type.toLowerCase(Locale.ROOT);
        int p = t.indexOf('(');
        String base = p < 0 ? t : t.substring(0, p);
        int lt = base.indexOf('<');
        return lt < 0 ? base : base.substring(0, lt);
    }

    /** The family: integral, decimal, floating, string, timestamp, date, boolean, binary or complex. */
    public String family() {
        return switch (baseType()) {
            case "tinyint", "smallint", "int", "bigint", "byte", "short", "integer", "long" -> "integral";
            case "decimal", "numeric" -> "decimal";
            case "float", "double", "real" -> "floating";
            case "string", "varchar", "char" -> "string";
            case "timestamp", "timestamp_ntz", "timestamp_ltz" -> "timestamp";
            case "date" -> "date";
            case "boolean" -> "boolean";
            case "binary" -> "binary";
            default -> "complex";
        };
    }

    /** Whether the values compare numerically across sides. */
    public boolean numeric() {
        String f = family();
        return f.equals("integral") || f.equals("decimal") || f.equals("floating");
    }
}
