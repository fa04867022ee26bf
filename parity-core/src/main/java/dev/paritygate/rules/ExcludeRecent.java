package dev.paritygate.rules;

/**
 * Excludes rows still changing: a key with a row whose {@code column} (a timestamp) lies within the
 * last {@code minutes} minutes before the run started, on either side, is not compared: all of its
 * rows are left out of both sides. A recent row with a NULL key leaves its own side only.
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
