package dev.paritygate.testing;

import dev.paritygate.store.ForklessLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/** The one local Spark session of a test JVM. Tests never stop it. */
public final class SharedSpark {
    private static final SparkSession SPARK = SparkSession.builder()
            .master("local[2]")
            .appName("parity-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.databricks.delta.snapshotPartitions", "2")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            // Local paths without a process per file (see ForklessLocalFileSystem).
            .config("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName())
            .config("spark.hadoop.fs.AbstractFileSystem.file.impl", ForklessLocalFileSystem.Context.class.getName())
            .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/parity-test-warehouse")
            .getOrCreate();

    private SharedSpark() {}

    public static SparkSession spark() {
        return SPARK;
    }
}
