package dev.paritygate.job.report;

import dev.paritygate.ParityErrors;
import dev.paritygate.store.VerdictTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;

/**
 * The HTML report of a run: one self-contained page (inline styles, inline SVG charts, no network
 * access to view it) read back from the verdict tables.
 *
 * <pre>{@code
 * Path page = RunReport.write(spark, VerdictTables.atPath(Path.of("parity-warehouse")),
 *         ReportRequest.ofRun("2026-11-20T020000Z"), Path.of("reports/2026-11-20"));
 * }</pre>
 */
public final class RunReport {
    /** File name of the report inside the output directory. */
    public static final String FILE_NAME = "index.html";

    private RunReport() {}

    /**
     * Writes {@code outDir/index.html} for the selected run, creating the directory when needed.
     *
     * @return the written file
     * @throws dev.paritygate.ParityException when no run matches the request or the file cannot be written
     */
    public static Path write(SparkSession spark, VerdictTables tables, ReportRequest request, Path outDir) {
        String html = render(spark, tables, request);
        Path file = outDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(outDir);
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw ParityErrors.unwritableFile("HTML report", file.toString(), e);
        }
        return file;
    }

    /** The report page as a string. */
    public static String render(SparkSession spark, VerdictTables tables, ReportRequest request) {
        return HtmlReport.render(new SparkReportLoader(spark, tables, Clock.systemUTC()).load(request));
    }
}
