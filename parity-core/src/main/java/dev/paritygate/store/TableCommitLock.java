package dev.paritygate.store;

import dev.paritygate.store.VerdictTables.StoredTable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One commit at a time to a Delta table: from this process, and for a table on the local file
 * system from every process. Delta's log store for local paths writes log version N by checking
 * that it is absent and then renaming onto it, a rename that replaces a file, and it locks only
 * its own instance, of which Delta Kernel makes one per commit. Two pipelines of one run
 * committing to one table at the same moment could therefore both write version N: one commit
 * lost, and a reader failing on the checksum file of one beside the log entry of the other (a CI
 * run saw that). The log stores of object stores and HDFS are atomic across writers; there the
 * lock only orders this process's own commits.
 *
 * <p>Across processes the lock is an operating-system lock on {@value #LOCK_FILE} in the table's
 * {@code _delta_log} directory (Delta reads only its own file names there), released when the
 * process ends, however it ends.
 */
final class TableCommitLock {
    static final String LOCK_FILE = ".parity-commit.lock";

    private static final ConcurrentHashMap<String, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** What a commit does; may throw what the commit throws. */
    interface Commit<T> {
        T run() throws Exception;
    }

    private TableCommitLock() {}

    /** Runs {@code commit}, which returns nothing, holding the table's lock. */
    static void holding(StoredTable table, ConflictRetry.Commit commit) throws Exception {
        holding(table, () -> {
            commit.run();
            return null;
        });
    }

    /** Runs {@code commit} holding the table's lock. */
    static <T> T holding(StoredTable table, Commit<T> commit) throws Exception {
        ReentrantLock lock = IN_PROCESS.computeIfAbsent(table.location(), k -> new ReentrantLock());
        lock.lock();
        try (FileChannel ignored = acrossProcesses(table)) {
            return commit.run();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The locked lock file of a local path table, or null: a catalog or remote table, a table
     * whose log does not exist yet, or a lock file that cannot be written (the commit then reports
     * what is wrong with the table).
     */
    private static FileChannel acrossProcesses(StoredTable table) {
        Path log = localLog(table);
        if (log == null || !Files.isDirectory(log)) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(log.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock(); // released when the channel closes
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            return null;
        }
    }

    /** The {@code _delta_log} directory of a path table on the local file system, or null. */
    static Path localLog(StoredTable table) {
        if (!table.isPath()) {
            return null;
        }
        java.net.URI uri = new org.apache.hadoop.fs.Path(table.location()).toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return null;
        }
        return Path.of(uri.getPath()).resolve("_delta_log");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked through it.
            }
        }
    }
}
