package dev.paritygate.rules;

/**
 * A JDBC source. Credentials never appear in the rules file: they are read from the environment
 * variables or the file named here.
 *
 * @param url JDBC URL, for example {@code jdbc:postgresql://db:5432/dwh}
 * @param table table to read (or use {@code query})
 * @param query SQL query run on the database
 * @param userEnv environment variable holding the user name
 * @param passwordEnv environment variable holding the password
 * @param passwordFile file holding the password (first line)
 * @param partitionColumn numeric, date or timestamp column for parallel reads
 * @param lowerBound lower bound of {@code partitionColumn} for splitting (not a filter)
 * @param upperBound upper bound of {@code partitionColumn} for splitting (not a filter)
 * @param numPartitions number of parallel reads
 * @param fetchSize rows fetched per round trip
 */
public record JdbcSpec(
        String url,
        String table,
        String query,
        String userEnv,
        String passwordEnv,
        String passwordFile,
        String partitionColumn,
        String lowerBound,
        String upperBound,
        Integer numPartitions,
        Integer fetchSize) {

    /** The URL without credentials, safe for logs and verdict rows. */
    public String describe() {
        String u = url == null ? "" : url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
        return u + (table != null ? " table " + table : " query");
    }
}
