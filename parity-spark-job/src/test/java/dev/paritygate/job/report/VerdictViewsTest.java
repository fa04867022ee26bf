package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paritygate.ParityException;
import dev.paritygate.store.VerdictTables;
import dev.paritygate.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VerdictViewsTest {
    static final String DB = "parity_views_test";
    static List<String> created;

    @BeforeAll
    static void createViews() {
        created = VerdictViews.create(SharedSpark.spark(), VerdictHistory.tables(), DB);
    }

    @Test
    void oneCallCreatesEveryViewWithExactlyItsDocumentedColumns() {
        SparkSession spark = SharedSpark.spark();

        assertThat(created)
                .containsExactly(
                        DB + ".latest_verdicts",
                        DB + ".pipeline_daily_status",
                        DB + ".column_mismatches",
                        DB + ".kpi_comparisons");
        for (VerdictViews.ViewDefinition v : VerdictViews.definitions()) {
            var schema = spark.table(DB + "." + v.name()).schema();
            assertThat(Arrays.asList(schema.fieldNames())).as(v.name()).isEqualTo(v.columnNames());
            assertThat(Arrays.stream(schema.fields())
                            .map(f -> f.dataType().sql())
                            .toList())
                    .as(v.name())
                    .isEqualTo(v.columns().stream()
                            .map(VerdictViews.ViewColumn::type)
                            .toList());
        }
    }

    @Test
    void dailyStatusKeepsOnlyTheLatestAttemptOfADate() {
        Row r = SharedSpark.spark()
                .sql("SELECT run_id, run_status, attempts, blocking_failures, errors, warnings FROM " + DB
                        + ".pipeline_daily_status WHERE pipeline = 'orders' AND run_date = DATE'2026-11-20'")
                .collectAsList()
                .get(0);

        assertThat(r.getString(0)).isEqualTo(VerdictHistory.RETRY);
        assertThat(r.getString(1)).isEqualTo("FAIL");
        assertThat(r.getLong(2)).isEqualTo(2L);
        // row_count (* and 3 partitions), 4 key_diff metrics, 2 columns, 1 KPI group, 1 KPI total.
        assertThat(r.getLong(3)).isEqualTo(12L);
        assertThat(r.getLong(4)).isZero();
        // 3 partition fingerprints and the table-level mismatched_partitions, all non-blocking.
        assertThat(r.getLong(5)).isEqualTo(4L);
        assertThat(SharedSpark.spark()
                        .sql("SELECT count(*) FROM " + DB + ".pipeline_daily_status")
                        .first()
                        .getLong(0))
                .isEqualTo(20L + 15L);
    }

    @Test
    void columnAndKpiViewsNameTheColumnAndTheGroup() {
        List<Row> columns = SharedSpark.spark()
                .sql("SELECT column_name, mismatches FROM " + DB + ".column_mismatches"
                        + " WHERE pipeline = 'orders' AND run_date = DATE'2026-11-20' AND mismatches > 0"
                        + " ORDER BY mismatches DESC")
                .collectAsList();
        List<Row> kpis = SharedSpark.spark()
                .sql("SELECT kpi, kpi_group, left_value, right_value, difference FROM " + DB + ".kpi_comparisons"
                        + " WHERE pipeline = 'orders' AND run_date = DATE'2026-11-20' AND status = 'FAIL'"
                        + " ORDER BY kpi")
                .collectAsList();

        assertThat(columns).extracting(Row::toString).containsExactly("[amount,41]", "[region,19]");
        assertThat(kpis)
                .extracting(Row::toString)
                .containsExactly("[order_count,*,5000,4986,-14.0]", "[revenue,region=EU,120500.00,119980.25,-519.75]");
    }

    @Test
    void theDdlReadsPathTablesThroughDeltaAndCatalogTablesByName() {
        List<String> path = VerdictViews.ddl(VerdictTables.atLocation("s3a://b/parity"), null);
        List<String> catalog = VerdictViews.ddl(VerdictTables.parse("lake.parity"), null);

        assertThat(path.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS parity");
        assertThat(path.get(1))
                .startsWith("CREATE OR REPLACE VIEW parity.latest_verdicts (pipeline, run_date,")
                .contains("FROM delta.`s3a://b/parity/verdicts`");
        assertThat(catalog.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS lake.parity");
        assertThat(catalog.get(2))
                .startsWith("CREATE OR REPLACE VIEW lake.parity.pipeline_daily_status (")
                .contains("FROM lake.parity.verdicts");
    }

    @Test
    void aDatabaseNameThatIsNotAnIdentifierIsRejected() {
        assertThatThrownBy(() -> VerdictViews.ddl(VerdictHistory.tables(), "x; DROP TABLE y"))
                .isInstanceOf(ParityException.class)
                .hasMessage(
                        "Invalid --database 'x; DROP TABLE y': a database name such as parity or my_catalog.parity");
    }
}
