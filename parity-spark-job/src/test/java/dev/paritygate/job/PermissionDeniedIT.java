package dev.paritygate.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paritygate.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source the job may not read. CI runs as root, which reads any file, so the job runs under
 * {@code setpriv} without the capabilities that bypass file permissions: the kernel then refuses
 * the read exactly as it would for an unprivileged user.
 */
class PermissionDeniedIT {
    @TempDir
    Path dir;

    @Test
    void unreadableDirectoryIsAnErrorVerdictSayingPermissionDenied() throws Exception {
        TestData.of("id BIGINT, name STRING")
                .row(1L, "a")
                .df()
                .write()
                .parquet(dir.resolve("legacy").toString());
        TestData.of("id BIGINT, name STRING")
                .row(1L, "a")
                .df()
                .write()
                .parquet(dir.resolve("cloud").toString());
        Files.setPosixFilePermissions(dir.resolve("legacy"), PosixFilePermissions.fromString("---------"));
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/locked.yaml"), """
                pipeline: locked
                left:  { format: parquet, path: %s }
                right: { format: parquet, path: %s }
                key: [id]
                """.formatted(dir.resolve("legacy"), dir.resolve("cloud")));
        List<String> prefix = new java.util.ArrayList<>();
        if ("0"
                .equals(new String(new ProcessBuilder("id", "-u")
                                .start()
                                .getInputStream()
                                .readAllBytes())
                        .strip())) {
            prefix.addAll(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"));
        }
        Path log = dir.resolve("run.log");

        ParityProcess.Result r = ParityProcess.await(
                ParityProcess.start(
                        dir,
                        Map.of(),
                        log,
                        prefix,
                        List.of(
                                "run",
                                "--rules",
                                dir.resolve("rules").toString(),
                                "--run-date",
                                "2026-11-20",
                                "--run-id",
                                "locked",
                                "--warehouse",
                                dir.resolve("wh").toString())),
                log);

        assertThat(r.exitCode()).as(r.out()).isEqualTo(3);
        assertThat(r.out())
                .contains("pipeline locked: ERROR")
                .contains("Cannot read the left side (parquet:" + dir.resolve("legacy") + ")")
                .containsIgnoringCase("permission denied");
        assertThat(ParityProcess.verdictRows(dir.resolve("wh/verdicts"), "locked"))
                .anyMatch(v -> v.startsWith("[locked,key_diff,*,error,ERROR,"));
    }
}
