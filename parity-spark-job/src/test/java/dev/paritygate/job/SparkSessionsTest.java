package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    @Test
    void fingerprintTaskResultsUpToSixtyFourMegabytesAreSentDirectlyToTheDriver() {
        assertThat(SparkSessions.defaults(new SparkConf(false)))
                .containsEntry("spark.task.maxDirectResultSize", "64m")
                .containsEntry("spark.master", "local[2]")
                .containsEntry("spark.sql.shuffle.partitions", "16")
                .hasSize(7);
    }

    @Test
    void whatTheUserSetIsLeftAlone() {
        SparkConf user = new SparkConf(false)
                .set("spark.task.maxDirectResultSize", "4m")
                .set("spark.master", "spark://cluster:7077")
                .set("spark.scheduler.mode", "FIFO");

        assertThat(SparkSessions.defaults(user))
                .doesNotContainKeys("spark.task.maxDirectResultSize", "spark.master", "spark.scheduler.mode")
                .hasSize(4);
    }
}
