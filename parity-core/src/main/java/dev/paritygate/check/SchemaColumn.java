package dev.paritygate.check;

import dev.paritygate.rules.SchemaTypes;

/**
 * A column as the schema check sees it: its (aligned) name and its SQL type name, such as
 * {@code bigint}, {@code decimal(12,2)} or {@code timestamp_ntz}.
 */
public record SchemaColumn(String name, String type) {
    /** The type name without parameters: {@code decimal(12,2)} is {@code decimal}. */
    public String baseType() {
        return SchemaTypes.baseType(type);
    }

    /** The family: integral, decimal, floating, string, timestamp, date, boolean, binary or complex. */
    public String family() {
        return SchemaTypes.family(type);
    }

    /** Whether the values compare numerically across sides. */
    public boolean numeric() {
        return SchemaTypes.numeric(type);
    }
}
