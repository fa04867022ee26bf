package dev.paritygate.job;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL and MariaDB, which {@code .ci/run} starts (and installs when absent).
 * Under {@code CI=true} a database that cannot be reached fails the test; on a developer's machine
 * without one, the test is skipped.
 */
final class Databases {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String PG_USER = "postgres";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    static final String MARIADB_USER = "root";

    private static final AtomicInteger NEXT = new AtomicInteger();

    private Databases() {}

    static Connection postgres() {
        return connect(PG_URL, PG_USER);
    }

    static Connection mariadb() {
        return connect(MARIADB_URL, MARIADB_USER);
    }

    /** A table name no other test JVM or test uses, so runs never see each other's rows. */
    static String uniqueTable(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000 + "_"
                + NEXT.incrementAndGet();
    }

    static void execute(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static Connection connect(String url, String user) {
        try {
            return DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(
                        "Cannot connect to " + url + " as " + user + " (" + e.getMessage()
                                + "); .ci/run starts the database, so CI must have it",
                        e);
            }
            Assumptions.abort("No database at " + url + ": " + e.getMessage());
            throw new IllegalStateException("unreachable", e);
        }
    }
}
