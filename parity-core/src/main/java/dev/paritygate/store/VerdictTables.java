package dev.paritygate.store;

import dev.paritygate.ParityErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the verdict and sample tables live: two Delta paths under one warehouse directory, or two
 * catalog tables.
 *
 * @param kind whether {@code verdicts} and {@code samples} are paths or catalog table names
 * @param verdicts the verdict table's path (or URI) or its catalog name
 * @param samples the sample table's path (or URI) or its catalog name
 */
public record VerdictTables(Kind kind, String verdicts, String samples) {
    /** Name of the verdict table under a warehouse directory or catalog prefix. */
    public static final String VERDICTS = "verdicts";
    /** Name of the sample table under a warehouse directory or catalog prefix. */
    public static final String SAMPLES = "samples";

    private static final Pattern CATALOG_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/.*");

    /** How the two tables are addressed. */
    public enum Kind {
        /** Delta tables at storage paths. */
        PATH,
        /** Tables registered in the session's catalog. */
        CATALOG
    }

    public VerdictTables {
        Objects.requireNonNull(kind, "kind");
        if (verdicts == null || verdicts.isBlank()) {
            throw ParityErrors.invalidArgument("verdicts table", String.valueOf(verdicts), "a path or table name");
        }
        if (samples == null || samples.isBlank()) {
            throw ParityErrors.invalidArgument("samples table", String.valueOf(samples), "a path or table name");
        }
        if (verdicts.equals(samples)) {
            throw ParityErrors.invalidArgument(
                    "samples table", samples, "a different table than the verdicts table " + verdicts);
        }
    }

    /** {@code <warehouse>/verdicts} and {@code <warehouse>/samples} on the local (or default) file system. */
    public static VerdictTables atPath(Path warehouse) {
        Path base = warehouse.toAbsolutePath().normalize();
        return new VerdictTables(
                Kind.PATH,
                base.resolve(VERDICTS).toString(),
                base.resolve(SAMPLES).toString());
    }

    /** {@code <uri>/verdicts} and {@code <uri>/samples} under a storage URI such as {@code s3a://bucket/parity}. */
    public static VerdictTables atLocation(String warehouseUri) {
        if (warehouseUri == null || warehouseUri.isBlank()) {
            throw ParityErrors.invalidArgument("warehouse", String.valueOf(warehouseUri), "a path or URI");
        }
        String base = warehouseUri.endsWith("/") ? warehouseUri.substring(0, warehouseUri.length() - 1) : warehouseUri;
        return new VerdictTables(Kind.PATH, base + "/" + VERDICTS, base + "/" + SAMPLES);
    }

    /** Two catalog tables, for example {@code parity.verdicts} and {@code parity.samples}. */
    public static VerdictTables inCatalog(String verdictsTable, String samplesTable) {
        return new VerdictTables(Kind.CATALOG, verdictsTable, samplesTable);
    }

    /**
     * Reads a {@code --warehouse} argument. A URI ({@code s3a://bucket/parity}), a string containing
     * {@code /}, one starting with {@code .}, an existing directory, or a name that cannot be a
     * catalog prefix ({@code parity-warehouse}, the default) is a warehouse directory; otherwise it is
     * a catalog prefix: {@code parity} means {@code parity.verdicts} and {@code parity.samples}.
     */
    public static VerdictTables parse(String warehouseArg) {
        if (warehouseArg == null || warehouseArg.isBlank()) {
            throw ParityErrors.invalidArgument("warehouse", String.valueOf(warehouseArg), allowed());
        }
        String arg = warehouseArg.strip();
        if (URI_SCHEME.matcher(arg).matches()) {
            return atLocation(arg);
        }
        if (arg.contains("/")
                || arg.startsWith(".")
                || Files.isDirectory(Path.of(arg))
                || !CATALOG_PREFIX.matcher(arg).matches()) {
            return atPath(Path.of(arg));
        }
        return inCatalog(arg + "." + VERDICTS, arg + "." + SAMPLES);
    }

    private static String allowed() {
        return "a directory, a URI such as s3a://bucket/parity, or a catalog prefix such as parity or"
                + " my_catalog.parity";
    }

    StoredTable verdictsTable() {
        return new StoredTable(kind, verdicts);
    }

    StoredTable samplesTable() {
        return new StoredTable(kind, samples);
    }

    /** One of the two tables, with the identifiers Spark and Delta need. */
    record StoredTable(Kind kind, String location) {
        boolean isPath() {
            return kind == Kind.PATH;
        }

        /** A SQL identifier: the catalog name, or {@code delta.`<path>`}. */
        String sqlIdentifier() {
            return isPath() ? "delta.`" + location.replace("`", "``") + "`" : location;
        }

        @Override
        public String toString() {
            return isPath() ? "Delta table at " + location : "table " + location;
        }
    }
}
