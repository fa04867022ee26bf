package dev.paritygate.store;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Delta table at a path, read and blindly appended to through Delta Kernel: the verdict and
 * gate stores' common path. Spark's Delta replays the log with Spark jobs and plans each of its
 * queries through Catalyst; on the fresh JVM of a nightly run, a handful of operations on tiny
 * tables costs seconds of wall time and about fifteen seconds of JIT compilation (measured on the
 * benchmark), all competing with the comparison for the same cores. Kernel reads the log and
 * writes a file and a commit in plain Java. What Kernel is not used for here stays with Spark's
 * Delta: creating and upgrading tables, and replacing the rows of an earlier attempt.
 */
final class KernelTable {
    private static final String ENGINE_INFO = "parity-gate";
    private static final String COLUMN_MAPPING = "delta.columnMapping.mode";

    private final Engine engine;
    private final String path;

    private KernelTable(Engine engine, String path) {
        this.engine = engine;
        this.path = path;
    }

    /** The table at {@code path}, accessed with the session's Hadoop configuration. */
    static KernelTable at(SparkSession spark, String path) {
        return new KernelTable(
                DefaultEngine.create(engineConfiguration(spark.sparkContext().hadoopConfiguration())), path);
    }

    /**
     * The session's Hadoop configuration with local paths on {@link ForklessLocalFileSystem} (both of
     * Hadoop's APIs), so
     * that a commit to a local table starts no {@code chmod} or {@code readlink} process. Hadoop
     * caches one file system per scheme whatever the configuration asks for, and Spark has made
     * the {@code file} one by the time a table is read, so the cache is bypassed for it here.
     */
    static Configuration engineConfiguration(Configuration session) {
        Configuration conf = new Configuration(session);
        conf.set("fs.file.impl", ForklessLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        // Kernel's log store writes and renames commits through FileContext, which asks for its own.
        conf.set("fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.Context.class.getName());
        return conf;
    }

    /** The latest snapshot, or empty when there is no Delta table at the path. */
    Optional<Snapshot> snapshot() {
        try {
            return Optional.of(TableManager.loadSnapshot(path).build(engine));
        } catch (TableNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether some data file of the snapshot may hold a row whose string columns equal the given
     * values, judged by partition values and file statistics (a file without statistics may).
     */
    boolean mayHold(Snapshot snapshot, Map<String, String> equal) {
        Predicate all = null;
        for (Map.Entry<String, String> e : equal.entrySet()) {
            Predicate p = new Predicate("=", new Column(e.getKey()), Literal.ofString(e.getValue()));
            all = all == null ? p : new Predicate("AND", all, p);
        }
        Scan scan = snapshot.getScanBuilder().withFilter(all).build();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> rows =
                        files.next().getRows()) {
                    if (rows.hasNext()) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every row's values of the given string columns, or empty when Kernel cannot read the table
     * the plain way (column mapping renames its physical columns; the caller then uses Spark).
     */
    Optional<Set<List<String>>> readStrings(Snapshot snapshot, List<String> columns) {
        if (snapshot.getTableProperties().getOrDefault(COLUMN_MAPPING, "none").equals("none")
                && snapshot.getPartitionColumnNames().isEmpty()) {
            StructType schema = new StructType();
            for (String c : columns) {
                schema = schema.add(snapshot.getSchema().get(c));
            }
            return Optional.of(read(snapshot, schema));
        }
        return Optional.empty();
    }

    private Set<List<String>> read(Snapshot snapshot, StructType schema) {
        Scan scan = snapshot.getScanBuilder().withReadSchema(schema).build();
        io.delta.kernel.data.Row state = scan.getScanState(engine);
        Set<List<String>> out = new LinkedHashSet<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                FilteredColumnarBatch batch = files.next();
                StructType fileSchema = batch.getData().getSchema();
                int addAt = fileSchema.indexOf("add");
                StructType addSchema = (StructType) fileSchema.at(addAt).getDataType();
                int rootAt = fileSchema.indexOf("tableRoot");
                try (CloseableIterator<io.delta.kernel.data.Row> scanFiles = batch.getRows()) {
                    while (scanFiles.hasNext()) {
                        io.delta.kernel.data.Row scanFile = scanFiles.next();
                        io.delta.kernel.data.Row add = scanFile.getStruct(addAt);
                        FileStatus file = FileStatus.of(
                                new Path(
                                                new Path(scanFile.getString(rootAt)),
                                                new Path(new URI(add.getString(addSchema.indexOf("path")))))
                                        .toString(),
                                add.getLong(addSchema.indexOf("size")),
                                add.getLong(addSchema.indexOf("modificationTime")));
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                                .readParquetFiles(single(file), schema, Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, state, scanFile, physical)) {
                            while (logical.hasNext()) {
                                try (CloseableIterator<io.delta.kernel.data.Row> rows =
                                        logical.next().getRows()) {
                                    while (rows.hasNext()) {
                                        io.delta.kernel.data.Row r = rows.next();
                                        List<String> values = new ArrayList<>(schema.length());
                                        for (int i = 0; i < schema.length(); i++) {
                                            values.add(r.isNullAt(i) ? null : r.getString(i));
                                        }
                                        out.add(values);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Unreadable data file path in Delta table at " + path, e);
        }
        return out;
    }

    /**
     * Appends {@code rows} (of {@code rowSchema}) in one commit, as a blind append on top of
     * {@code snapshot}: Kernel retries it over commits that land meanwhile. Rows go to one
     * partition, {@code partitionValues}, which must name every partition column; with no rows the
     * commit holds no file. Checkpoints and checksums follow, as Spark's Delta would write them.
     */
    void append(
            Snapshot snapshot,
            org.apache.spark.sql.types.StructType rowSchema,
            List<Row> rows,
            Map<String, String> partitionValues) {
        Transaction txn = snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
                .build(engine);
        io.delta.kernel.data.Row state = txn.getTransactionState(engine);
        Map<String, Literal> partition = new java.util.HashMap<>();
        partitionValues.forEach((k, v) -> partition.put(k, Literal.ofString(v)));
        try {
            CloseableIterable<io.delta.kernel.data.Row> actions = CloseableIterable.emptyIterable();
            if (!rows.isEmpty()) {
                ColumnarBatch batch = new KernelRowBatch(txn.getSchema(engine), rowSchema, rows);
                CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(
                        engine, state, single(new FilteredColumnarBatch(batch, Optional.empty())), partition);
                DataWriteContext context = Transaction.getWriteContext(engine, state, partition);
                CloseableIterator<DataFileStatus> written = engine.getParquetHandler()
                        .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
                actions = CloseableIterable.inMemoryIterable(
                        Transaction.generateAppendActions(engine, state, written, context));
            }
            TransactionCommitResult result = txn.commit(engine, actions);
            for (PostCommitHook hook : result.getPostCommitHooks()) {
                hook.threadSafeInvoke(engine);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the snapshot's columns. */
    static List<String> columnNames(Snapshot snapshot) {
        return snapshot.getSchema().fields().stream().map(StructField::getName).toList();
    }

    private static <T> CloseableIterator<T> single(T value) {
        Iterator<T> it = List.of(value).iterator();
        return new CloseableIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public T next() {
                return it.next();
            }

            @Override
            public void close() {}
        };
    }
}
