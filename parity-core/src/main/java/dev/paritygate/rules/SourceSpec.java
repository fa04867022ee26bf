package dev.paritygate.rules;

import java.util.List;
import java.util.Map;

/**
 * One side of a comparison. Exactly one of {@code path} (with {@code format}), {@code table},
 * {@code query} or {@code jdbc} is set. {@code path}, {@code table}, {@code query}, {@code filter}
 * and the JDBC {@code table} and {@code query} may contain {@code ${run_date}}.
 *
 * @param name label of the side in {@code run --explain} only, or null; verdicts and reports name
 *     a side by its source ({@link #describe()})
 * @param format file format for {@code path}: parquet, orc, csv, json, avro or delta
 * @param path file or directory to read
 * @param table catalog table name
 * @param query Spark SQL query
 * @param jdbc JDBC connection settings, for a relational legacy warehouse
 * @param filter SQL predicate applied to this side only
 * @param options reader options passed to Spark (for example {@code header: "true"} for CSV)
 * @param schema the columns of a csv or json {@code path} as Spark DDL ({@code id BIGINT, amount
 *     DECIMAL(12,2)}), read with these types instead of strings (CSV) or inferred types (JSON); null
 *     to let the reader decide. Other sources carry their own types and may not set it
 * @param transforms column name to SQL expression, applied to this side before comparison
 * @param timeZone zone in which this side's local timestamps (TIMESTAMP_NTZ) are expressed; it applies
 *     to the side's TIMESTAMP_NTZ and DATE columns and to its strings compared with a timestamp or
 *     date, never to a TIMESTAMP column (an instant)
 */
public record SourceSpec(
        String name,
        String format,
        String path,
        String table,
        String query,
        JdbcSpec jdbc,
        String filter,
        Map<String, String> options,
        String schema,
        Map<String, String> transforms,
        String timeZone) {

    /** The formats a {@code path} source may have. */
    public static final List<String> FILE_FORMATS = List.of("parquet", "orc", "csv", "json", "avro", "delta");

    /**
     * The formats whose files carry no column types of their own, so a rule may declare them. The
     * others store typed columns: a declared schema could only disagree with the files.
     */
    public static final List<String> SCHEMA_FORMATS = List.of("csv", "json");

    public SourceSpec {
        options = options == null ? Map.of() : Map.copyOf(options);
        transforms = transforms == null ? Map.of() : Map.copyOf(transforms);
    }

    /** A side without a declared schema, as written before sides could declare one. */
    public SourceSpec(
            String name,
            String format,
            String path,
            String table,
            String query,
            JdbcSpec jdbc,
            String filter,
            Map<String, String> options,
            Map<String, String> transforms,
            String timeZone) {
        this(name, format, path, table, query, jdbc, filter, options, null, transforms, timeZone);
    }

    /** What kind of source this is, derived from which field is set. */
    public Kind kind() {
        if (path != null) {
            return Kind.PATH;
        }
        if (table != null) {
            return Kind.TABLE;
        }
        if (query != null) {
            return Kind.QUERY;
        }
        return Kind.JDBC;
    }

    /** A short human description for verdict rows: {@code parquet:/data/orders}. */
    public String describe() {
        return switch (kind()) {
            case PATH -> format + ":" + path;
            case TABLE -> "table:" + table;
            case QUERY -> "query:" + query;
            case JDBC -> jdbc.describe(); // the URL itself starts with jdbc:
        };
    }

    /** The four kinds of source. */
    public enum Kind {
        PATH,
        TABLE,
        QUERY,
        JDBC
    }
}
