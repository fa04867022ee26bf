package dev.paritygate.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's Spark session. Under {@code spark-submit} the master and any user configuration come
 * from the submit command; Delta's extension and catalog are added unless the user set their own.
 */
final class SparkSessions {
    /** Scheduler pool of work that should not wait behind the comparisons. */
    static final String BOOKKEEPING_POOL = "parity-bookkeeping";

    private SparkSessions() {}

    static SparkSession getOrCreate() {
        SparkConf conf = new SparkConf();
        SparkSession.Builder b = SparkSession.builder().appName("parity-gate");
        if (!conf.contains("spark.master")) {
            b = b.master("local[2]");
        }
        if (!conf.contains("spark.sql.extensions")) {
            b = b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        }
        if (!conf.contains("spark.sql.catalog.spark_catalog")) {
            b = b.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        }
        if (!conf.contains("spark.databricks.delta.snapshotPartitions")) {
            // The verdict tables' logs are small: Delta's default of 50 tasks per snapshot costs
            // seconds of scheduling per write for nothing.
            b = b.config("spark.databricks.delta.snapshotPartitions", "2");
        }
        if (!conf.contains("spark.sql.shuffle.partitions")) {
            // Comparisons aggregate to a few thousand rows; 200 tiny tasks cost more than they give.
            b = b.config("spark.sql.shuffle.partitions", "16");
        }
        if (!conf.contains("spark.scheduler.mode")) {
            // The verdict tables' bookkeeping runs beside the comparisons in its own pool: under
            // FIFO its one-task Delta jobs would wait behind every task of the fused passes.
            b = b.config("spark.scheduler.mode", "FAIR");
        }
        return b.getOrCreate();
    }

    /**
     * A session of the same application for the verdict tables' bookkeeping (Delta log replay,
     * schema checks, {@code replaceWhere} commits). Those queries run once each over a few small
     * files, so compiling them to Java costs more than it saves: on a fresh JVM, interpreting them
     * takes about two seconds less per run. The comparisons keep whole-stage code generation.
     */
    static SparkSession bookkeeping(SparkSession spark) {
        SparkSession s = spark.newSession();
        s.conf().set("spark.sql.codegen.wholeStage", "false");
        // Spark's interpreted fallback for expression evaluation; an unknown key would be ignored.
        s.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        return s;
    }
}
