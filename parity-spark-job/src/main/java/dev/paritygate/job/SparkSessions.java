package dev.paritygate.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
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
        SparkSession.Builder b = SparkSession.builder().appName("parity-gate");
        for (Map.Entry<String, String> e : defaults(new SparkConf()).entrySet()) {
            b = e.getKey().equals("spark.master") ? b.master(e.getValue()) : b.config(e.getKey(), e.getValue());
        }
        return b.getOrCreate();
    }

    /** The settings the job adds to {@code conf}: its defaults for whatever the user did not set. */
    static Map<String, String> defaults(SparkConf conf) {
        Map<String, String> out = new LinkedHashMap<>();
        BiConsumer<String, String> unlessSet = (key, value) -> {
            if (!conf.contains(key)) {
                out.put(key, value);
            }
        };
        unlessSet.accept("spark.master", "local[2]");
        unlessSet.accept("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        unlessSet.accept("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        // The verdict tables' logs are small: Delta's default of 50 tasks per snapshot costs
        // seconds of scheduling per write for nothing.
        unlessSet.accept("spark.databricks.delta.snapshotPartitions", "2");
        // Comparisons aggregate to a few thousand rows; 200 tiny tasks cost more than they give.
        unlessSet.accept("spark.sql.shuffle.partitions", "16");
        // The verdict tables' bookkeeping runs beside the comparisons in its own pool: under
        // FIFO its one-task Delta jobs would wait behind every task of the fused passes.
        unlessSet.accept("spark.scheduler.mode", "FAIR");
        // A fingerprint task's one result is its grain table, up to about 25 MB with digests. Above
        // this size (1 MB by default) Spark parks a result in the block manager and the driver
        // fetches it over the network stack, even from its own executor in local mode; sent
        // directly, the benchmark's clean run took 1-1.6 s less CPU and 0.4-0.9 s less time.
        // Spark still caps direct results at spark.rpc.message.maxSize (128 MB by default).
        unlessSet.accept("spark.task.maxDirectResultSize", "64m");
        return out;
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
