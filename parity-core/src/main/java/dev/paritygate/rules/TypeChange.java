package dev.paritygate.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * One {@code checks.schema.allow_type_changes} entry, {@code from->to}. Each side is a type name
 * ({@code int}, {@code decimal(12,2)}), an alias ({@code long}), a family ({@code integral}),
 * {@code numeric} or {@code *}; see {@link SchemaTypes}. Case and spaces do not matter.
 *
 * @param from the pattern the left side's type must match, in lower case without spaces
 * @param to the pattern the right side's type must match, in lower case without spaces
 */
public record TypeChange(String from, String to) {
    /** The entry as a change, or empty when it is not {@code from->to} with both sides written. */
    public static Optional<TypeChange> parse(String entry) {
        String[] parts = entry.toLowerCase(Locale.ROOT).replace(" ", "").split("->", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TypeChange(parts[0], parts[1]));
    }

    /** Whether a column whose type changed from {@code fromType} to {@code toType} is this change. */
    public boolean allows(String fromType, String toType) {
        return matches(from, fromType) && matches(to, toType);
    }

    private static boolean matches(String pattern, String type) {
        String p = SchemaTypes.unalias(pattern);
        return p.equals(SchemaTypes.ANY)
                || p.equals(type.toLowerCase(Locale.ROOT))
                || p.equals(SchemaTypes.baseType(type))
                || p.equals(SchemaTypes.family(type))
                || (p.equals(SchemaTypes.NUMERIC) && SchemaTypes.numeric(type));
    }
}
