package dev.paritygate.rules;

import dev.paritygate.ParityException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A rules file that cannot be used, and why.
 *
 * @param file the rules file
 * @param pipeline the pipeline it names, when its {@code pipeline:} key could be read; empty when
 *     the file is not YAML or names no valid pipeline
 * @param error every problem of the file, located at its lines
 */
public record InvalidRuleFile(Path file, Optional<String> pipeline, ParityException error) {
    public InvalidRuleFile {
        Objects.requireNonNull(file, "file");
        pipeline = pipeline == null ? Optional.empty() : pipeline;
        Objects.requireNonNull(error, "error");
    }

    /** What a listing calls the file: its pipeline, or its path when the pipeline could not be read. */
    public String name() {
        return pipeline.orElse(file.toString());
    }
}
