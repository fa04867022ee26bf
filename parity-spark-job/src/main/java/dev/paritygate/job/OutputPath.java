package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a command does any work, that an output it was asked for can be written. A run's
 * outputs are written after the comparison: without this check a mistyped path would surface only
 * then, as an error whose exit code (2) hides the run's own (1 or 3).
 */
final class OutputPath {
    private OutputPath() {}

    /** Checks that {@code file} can be created or replaced as a regular file. */
    static void requireWritableFile(String option, Path file) {
        require(option, file, false);
    }

    /** Checks that {@code dir} can be created, or is a writable directory. */
    static void requireWritableDirectory(String option, Path dir) {
        require(option, dir, true);
    }

    private static void require(String option, Path path, boolean directory) {
        Path p = path.toAbsolutePath();
        if (Files.exists(p)) {
            if (directory != Files.isDirectory(p)) {
                throw ParityErrors.unwritableOutput(
                        option,
                        path.toString(),
                        directory ? "it is a file, not a directory" : "it is a directory",
                        directory);
            }
            if (!Files.isWritable(p)) {
                throw ParityErrors.unwritableOutput(option, path.toString(), "it is not writable", directory);
            }
            return;
        }
        // Missing directories are created on writing: the nearest existing ancestor must allow it.
        Path ancestor = p.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            return;
        }
        if (!Files.isDirectory(ancestor)) {
            throw ParityErrors.unwritableOutput(
                    option, path.toString(), ancestor + " is a file, not a directory", directory);
        }
        if (!Files.isWritable(ancestor)) {
            throw ParityErrors.unwritableOutput(option, path.toString(), ancestor + " is not writable", directory);
        }
    }
}
