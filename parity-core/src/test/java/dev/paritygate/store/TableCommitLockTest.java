package dev.paritygate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.store.VerdictTables.Kind;
import dev.paritygate.store.VerdictTables.StoredTable;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCommitLockTest {
    @TempDir
    Path dir;

    @Test
    void commitsToOneTableNeverOverlap() throws Exception {
        StoredTable table = new StoredTable(Kind.PATH, dir.resolve("verdicts").toString());
        Files.createDirectories(dir.resolve("verdicts/_delta_log"));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        TableCommitLock.holding(table, () -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.sleep(1);
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void commitsToTwoTablesMayRunAtOnce() throws Exception {
        // Each commit waits, holding its own table's lock, until the other has started.
        StoredTable verdicts =
                new StoredTable(Kind.PATH, dir.resolve("verdicts").toString());
        StoredTable samples = new StoredTable(Kind.PATH, dir.resolve("samples").toString());
        CountDownLatch both = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> commits = new ArrayList<>();
            for (StoredTable t : List.of(verdicts, samples)) {
                commits.add(pool.submit(() -> TableCommitLock.holding(t, () -> {
                    both.countDown();
                    return both.await(30, TimeUnit.SECONDS);
                })));
            }
            for (Future<Boolean> c : commits) {
                assertThat(c.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLocalTableIsLockedForOtherProcessesThroughAFileInItsLog() throws Exception {
        Path log = Files.createDirectories(dir.resolve("verdicts/_delta_log"));
        StoredTable table = new StoredTable(Kind.PATH, dir.resolve("verdicts").toString());

        TableCommitLock.holding(table, () -> {
            try (FileChannel other =
                    FileChannel.open(log.resolve(TableCommitLock.LOCK_FILE), StandardOpenOption.WRITE)) {
                // In this process the operating system's lock shows as an overlapping one.
                assertThatThrownBy(other::tryLock).isInstanceOf(OverlappingFileLockException.class);
            }
            return null;
        });

        try (FileChannel after = FileChannel.open(log.resolve(TableCommitLock.LOCK_FILE), StandardOpenOption.WRITE)) {
            assertThat(after.tryLock()).as("released after the commit").isNotNull();
        }
    }

    @Test
    void catalogAndRemoteTablesHaveNoLockFile() {
        assertThat(TableCommitLock.localLog(new StoredTable(Kind.CATALOG, "parity.verdicts")))
                .isNull();
        assertThat(TableCommitLock.localLog(new StoredTable(Kind.PATH, "s3a://bucket/parity/verdicts")))
                .isNull();
        assertThat(TableCommitLock.localLog(new StoredTable(Kind.PATH, "file:/data/parity/verdicts")))
                .isEqualTo(Path.of("/data/parity/verdicts/_delta_log"));
        assertThat(TableCommitLock.localLog(new StoredTable(Kind.PATH, "/data/parity/verdicts")))
                .isEqualTo(Path.of("/data/parity/verdicts/_delta_log"));
    }
}
