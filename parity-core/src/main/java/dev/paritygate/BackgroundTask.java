package dev.paritygate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Work running on a daemon thread of its own while the caller does something else: the two sides'
 * passes or source reads of one comparison, the verdict tables' bookkeeping beside a run.
 *
 * <p>A new thread, not the common fork-join pool: it inherits the creating thread's context class
 * loader (under {@code spark-submit}, the application's, which Spark and Delta load classes through)
 * and its Spark local properties.
 *
 * @param <T> what the work returns
 */
public final class BackgroundTask<T> {
    private final CompletableFuture<T> result;

    private BackgroundTask(CompletableFuture<T> result) {
        this.result = result;
    }

    /** Starts {@code work} on a new daemon thread named {@code threadName}. */
    public static <T> BackgroundTask<T> start(String threadName, Supplier<T> work) {
        return new BackgroundTask<>(CompletableFuture.supplyAsync(work, task -> {
            Thread t = new Thread(task, threadName);
            t.setDaemon(true);
            t.start();
        }));
    }

    /**
     * Runs {@code work} on the calling thread and returns its result once this task has ended too,
     * however either ends: a failure of {@code work} never leaves this task running behind it.
     */
    public <U> U whileRunning(Supplier<U> work) {
        try {
            return work.get();
        } finally {
            result.exceptionally(e -> null).join();
        }
    }

    /** Waits for the result; a runtime exception of the work is rethrown as the work threw it. */
    public T join() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }
}
