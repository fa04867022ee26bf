package dev.paritygate.store;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import io.delta.exceptions.DeltaConcurrentModificationException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries a Delta commit that lost a race with another writer, with exponential backoff and jitter,
 * a bounded number of times. Other failures are not retried.
 */
final class ConflictRetry {
    /** How long the thread waits between attempts. Replaced in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One commit attempt. */
    interface Commit {
        void run() throws Exception;
    }

    static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    ConflictRetry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Invalid maxAttempts " + maxAttempts + ": must be at least 1");
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = sleeper;
    }

    /** Runs the commit of one run's rows, retrying on concurrent modification. */
    void commit(String table, String runId, String pipeline, Commit commit) {
        for (int attempt = 1; ; attempt++) {
            try {
                commit.run();
                return;
            } catch (ParityException e) {
                throw e;
            } catch (Exception e) {
                if (!isConflict(e)) {
                    throw ParityErrors.verdictWriteFailed(table, runId, pipeline, e);
                }
                if (attempt >= maxAttempts) {
                    throw ParityErrors.verdictWriteConflicts(table, runId, pipeline, attempt, e);
                }
                try {
                    sleeper.sleep(backoff(attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ParityErrors.verdictWriteConflicts(table, runId, pipeline, attempt, e);
                }
            }
        }
    }

    int maxAttempts() {
        return maxAttempts;
    }

    /** Waits before the next attempt after a conflict on {@code attempt} (1-based). */
    void pause(int attempt) throws InterruptedException {
        sleeper.sleep(backoff(attempt));
    }

    /**
     * Exponential backoff capped at {@code maxBackoff}, with "equal jitter": a random wait between
     * half and all of it, so writers that collided once do not collide again in lockstep.
     */
    Duration backoff(int attempt) {
        long cap = maxBackoff.toMillis();
        long exp = firstBackoff.toMillis() << Math.min(attempt - 1, 30);
        long full = Math.min(cap, exp <= 0 ? cap : exp);
        long half = full / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
    }

    /** Whether a Delta optimistic-concurrency conflict is the failure or one of its causes. */
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeltaConcurrentModificationException) {
                return true;
            }
        }
        return false;
    }
}
