package dev.paritygate.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The type names of the schema check: how a column's type is named, and which names an {@code
 * allow_type_changes} entry may use.
 *
 * <p>A column's type is the engine's rendering of it (Spark's {@code DataType.simpleString()}):
 * {@code bigint}, {@code decimal(12,2)}, {@code array<int>}, {@code string collate UTF8_LCASE},
 * {@code interval day to second}. Its base type is the name before any parameters. The lists
 * below hold every base type Spark 4.1 renders; {@code SparkAlignmentTest} pins them to Spark's
 * types, so a name accepted here is one a column can have.
 */
public final class SchemaTypes {
    /** Matches every type. */
    static final String ANY = "*";
    /** Matches the integral, decimal and floating families. */
    static final String NUMERIC = "numeric";
    /** The family of every other base type. */
    static final String COMPLEX = "complex";

    private static final Map<String, String> SCALAR_FAMILIES = scalarFamilies();
    private static final Set<String> NUMERIC_FAMILIES = Set.of("integral", "decimal", "floating");
    private static final List<String> OTHER_BASE_TYPES =
            List.of("time", "interval", "array", "map", "struct", "variant", "void", "geometry", "geography");
    /** Java and SQL spellings of the integral types, accepted in {@code allow_type_changes}. */
    private static final Map<String, String> ALIASES =
            Map.of("long", "bigint", "integer", "int", "short", "smallint", "byte", "tinyint");

    private SchemaTypes() {}

    private static Map<String, String> scalarFamilies() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String t : List.of("tinyint", "smallint", "int", "bigint")) {
            m.put(t, "integral");
        }
        m.put("decimal", "decimal");
        m.put("float", "floating");
        m.put("double", "floating");
        for (String t : List.of("string", "varchar", "char")) {
            m.put(t, "string");
        }
        m.put("timestamp", "timestamp");
        m.put("timestamp_ntz", "timestamp");
        m.put("date", "date");
        m.put("boolean", "boolean");
        m.put("binary", "binary");
        return m;
    }

    /** The type name without parameters or qualifiers: {@code decimal(12,2)} is {@code decimal}. */
    public static String baseType(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        int end = t.length();
        for (char stop : new char[] {'(', '<', ' '}) {
            int at = t.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return t.substring(0, end);
    }

    /** The family: integral, decimal, floating, string, timestamp, date, boolean, binary or complex. */
    public static String family(String type) {
        return SCALAR_FAMILIES.getOrDefault(baseType(type), COMPLEX);
    }

    /** Whether values of the type compare numerically across sides. */
    public static boolean numeric(String type) {
        return NUMERIC_FAMILIES.contains(family(type));
    }

    /** The base type an alias stands for ({@code long} is {@code bigint}); other names unchanged. */
    static String unalias(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /**
     * Whether an {@code allow_type_changes} side (lower case, no spaces) can match a column: a base
     * type or alias, a base type with parameters ({@code decimal(12,2)}), a family, numeric or *.
     */
    static boolean isKnown(String name) {
        String base = baseType(name);
        if (!base.equals(name)) {
            return baseTypes().contains(base);
        }
        return names().contains(name);
    }

    /** Every base type a column can have, in the order of {@link #names()}. */
    static List<String> baseTypes() {
        List<String> all = new ArrayList<>(SCALAR_FAMILIES.keySet());
        all.addAll(OTHER_BASE_TYPES);
        return all;
    }

    /** The families, in the order of {@link #names()}. */
    static List<String> families() {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(SCALAR_FAMILIES.values()));
        all.add(COMPLEX);
        return all;
    }

    /** Every name an {@code allow_type_changes} side may be without parameters. */
    static List<String> names() {
        List<String> all = new ArrayList<>(baseTypes());
        all.addAll(ALIASES.keySet());
        all.addAll(families());
        all.add(NUMERIC);
        all.add(ANY);
        return all;
    }
}
