package dev.paritygate.rules;

/**
 * Excludes rows still changing: rows whose {@code column} (a timestamp) lies within the last
 * {@code minutes} minutes before the run started are not compared on either side.
 */
public record ExcludeRecent(String column, Integer minutes) {
    public ExcludeRecent {
        if (column == null || column.isBlank()) {
            throw new IllegalArgumentException("Invalid exclude_recent: column is required");
        }
        if (minutes == null || minutes <= 0) {
            throw new IllegalArgumentException("Invalid exclude_recent minutes " + minutes + ": must be > 0");
        }
    }
}
