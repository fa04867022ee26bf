package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import io.delta.exceptions.ConcurrentAppendException;
import io.delta.exceptions.MetadataChangedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {
    private final List<Duration> sleeps = new ArrayList<>();
    private final ConflictRetry retry =
            new ConflictRetry(4, Duration.ofMillis(100), Duration.ofMillis(300), sleeps::add);

    @Test
    void aCommitThatConflictsTwiceIsRetriedUntilItLands() {
        AtomicInteger attempts = new AtomicInteger();

        retry.commit("table t", "run-1", "orders", () -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new ConcurrentAppendException("Files were added to partition [pipeline=orders]");
            }
        });

        assertThat(attempts).hasValue(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void conflictsOnEveryAttemptEndInAnErrorNamingTableRunPipelineAndAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.commit("Delta table at /w/verdicts", "run-1", "orders", () -> {
                    attempts.incrementAndGet();
                    throw new MetadataChangedException("The metadata was changed by a concurrent update");
                }))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot write to Delta table at /w/verdicts for run 'run-1', pipeline 'orders': 4 attempts"
                        + " conflicted with concurrent writers (last: The metadata was changed by a concurrent update)."
                        + " Nothing was committed; re-run with the same run id, or write fewer pipelines at once.")
                .hasCauseInstanceOf(MetadataChangedException.class);
        assertThat(attempts).hasValue(4);
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.commit("table t", "run-1", "orders", () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("disk full\nat line 2");
                }))
                .isInstanceOf(ParityException.class)
                .hasMessage("Cannot write to table t for run 'run-1', pipeline 'orders': disk full."
                        + " Nothing was committed; re-run with the same run id.");
        assertThat(attempts).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aConflictWrappedInAnotherExceptionIsStillAConflict() {
        RuntimeException wrapped = new RuntimeException("job aborted", new ConcurrentAppendException("added"));

        assertThat(ConflictRetry.isConflict(wrapped)).isTrue();
        assertThat(ConflictRetry.isConflict(new IllegalStateException("no"))).isFalse();
    }

    @Test
    void backoffDoublesWithJitterAndStopsAtTheCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(retry.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(retry.backoff(2)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(retry.backoff(3)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
            assertThat(retry.backoff(40)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
        }
    }

    @Test
    void fewerThanOneAttemptIsRejected() {
        assertThatThrownBy(() -> new ConflictRetry(0, Duration.ofMillis(1), Duration.ofMillis(1), d -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid maxAttempts 0: must be at least 1");
    }
}
