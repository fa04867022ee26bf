package dev.paritygate.job.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of the fixture's last night in headless Chromium: the page must run its script
 * without an error, show every part, and render to a screenshot kept in {@code
 * target/report-artifacts/} (the README's {@code docs/report.png} is a copy of it).
 */
class ReportBrowserTest {
    static final Path ARTIFACTS = Path.of("target", "report-artifacts");
    static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars");

    static Path chromium;
    static Path page;

    @TempDir
    static Path profile;

    @BeforeAll
    static void renderReport() {
        chromium = Chromium.find().orElse(null);
        Assumptions.assumeTrue(
                chromium != null,
                "Skipping the browser test: no chromium or chromium-browser on PATH, and Debian's chromium package"
                        + " could not be installed here (needs root and apt-get). Install it with"
                        + " `apt-get install -y chromium` to run this test.");
        page = RunReport.write(
                SharedSpark.spark(),
                VerdictHistory.tables(),
                new ReportRequest(List.of(), null, VerdictHistory.LAST),
                ARTIFACTS);
    }

    @Test
    void theReportRunsItsScriptAndShowsEveryPartInARealBrowser() throws Exception {
        Run dom = Chromium.run(
                chromium,
                profile.resolve("dom"),
                List.of("--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", url()));

        assertThat(dom.exitCode()).as(dom.err()).isZero();
        assertThat(dom.err()).doesNotContain("Uncaught").doesNotContainIgnoringCase("console error");
        String html = dom.out();
        assertThat(html).contains("data-ok=\"2\"").contains("data-status=\"FAIL\"");
        assertThat(html)
                .contains("id=\"overall\"")
                .contains("data-pipeline=\"customers\"")
                .contains("data-pipeline=\"orders\"")
                .contains("<table class=\"checks\">")
                .contains("class=\"strip partition-strip\"")
                .contains("<svg class=\"column-chart\"")
                .contains("<table class=\"kpis\">")
                .contains("<table class=\"samples\">")
                .contains("class=\"strip calendar-strip\"")
                .contains("data-streak=\"20\"");
    }

    @Test
    void theReportRendersToAScreenshot() throws Exception {
        Path png = ARTIFACTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(png);

        Run shot = Chromium.run(
                chromium,
                profile.resolve("shot"),
                List.of("--window-size=1280,2600", "--virtual-time-budget=2000", "--screenshot=" + png, url()));

        assertThat(shot.exitCode()).as(shot.err()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(50_000);
        assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static String url() {
        return page.toAbsolutePath().toUri().toString();
    }

    record Run(int exitCode, String out, String err) {}

    /** Finds Chromium, installing Debian's package once when possible. */
    static final class Chromium {
        private static final long INSTALL_TIMEOUT_MINUTES = 10;

        static Optional<Path> find() {
            Optional<Path> onPath = onPath();
            if (onPath.isPresent() || !isRoot() || onPath("apt-get").isEmpty()) {
                return onPath;
            }
            try {
                if (exec(List.of("apt-get", "install", "-y", "-q", "chromium"), INSTALL_TIMEOUT_MINUTES)
                                .exitCode()
                        != 0) {
                    // A fresh machine has no package lists yet.
                    exec(List.of("apt-get", "update", "-q"), INSTALL_TIMEOUT_MINUTES);
                    exec(List.of("apt-get", "install", "-y", "-q", "chromium"), INSTALL_TIMEOUT_MINUTES);
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            return onPath();
        }

        private static Optional<Path> onPath() {
            return onPath("chromium").or(() -> onPath("chromium-browser"));
        }

        private static Optional<Path> onPath(String name) {
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            return Stream.of(path.split(java.io.File.pathSeparator))
                    .map(dir -> Path.of(dir, name))
                    .filter(Files::isExecutable)
                    .findFirst();
        }

        private static boolean isRoot() {
            return "root".equals(System.getProperty("user.name"));
        }

        static Run run(Path chromium, Path userDataDir, List<String> args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(chromium.toString());
            command.addAll(FLAGS);
            command.add("--user-data-dir=" + userDataDir);
            command.addAll(args);
            return exec(command, 2);
        }

        private static Run exec(List<String> command, long timeoutMinutes) throws IOException {
            Path out = Files.createTempFile("chromium", ".out");
            Path err = Files.createTempFile("chromium", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("Cannot finish " + command.get(0) + " within " + timeoutMinutes + " min");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while running " + command.get(0), e);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
