package dev.paritygate.rules;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a directory (or one file) loaded file by file, so that one invalid file costs only
 * its own pipeline: the valid rules, each file that is not, and the defaults file's error.
 *
 * @param valid the rules of the valid files; pipelines unique, upstream graph acyclic
 * @param invalid the invalid files, in file-name order
 * @param defaultsError the error of {@value RuleLoader#DEFAULTS_FILE}, if it is invalid: every rule
 *     inherits its gate policy, so it concerns every pipeline, but no comparison
 */
public record RuleFiles(RuleSet valid, List<InvalidRuleFile> invalid, Optional<ParityException> defaultsError) {
    public RuleFiles {
        invalid = List.copyOf(invalid);
        defaultsError = defaultsError == null ? Optional.empty() : defaultsError;
    }

    /** Whether every file, the defaults file included, is valid. */
    public boolean allValid() {
        return invalid.isEmpty() && defaultsError.isEmpty();
    }

    /**
     * Every problem as one error, the defaults file's first, then file by file, as {@link
     * RuleLoader#load} reports them.
     *
     * @throws IllegalStateException when every file is valid
     */
    public ParityException error() {
        if (allValid()) {
            throw new IllegalStateException("Every rules file is valid");
        }
        List<ParityException> all = new ArrayList<>();
        defaultsError.ifPresent(all::add);
        invalid.forEach(f -> all.add(f.error()));
        return ParityErrors.invalidRulesFiles(all);
    }

    /** The invalid file that names {@code pipeline}, if one does. */
    public Optional<InvalidRuleFile> invalidFileOf(String pipeline) {
        return invalid.stream()
                .filter(f -> f.pipeline().equals(Optional.of(pipeline)))
                .findFirst();
    }

    /** Every pipeline a file names: the valid files' pipelines, then the invalid files', each once. */
    public List<String> pipelines() {
        List<String> names = new ArrayList<>(valid.pipelines());
        invalid.stream().flatMap(f -> f.pipeline().stream()).distinct().forEach(names::add);
        return names;
    }

    /** The paths of the invalid files whose pipeline could not be read: a name may be one of theirs. */
    public List<String> unnamedFiles() {
        return invalid.stream()
                .filter(f -> f.pipeline().isEmpty())
                .map(f -> f.file().toString())
                .toList();
    }

    /**
     * The valid rule of a pipeline, for a command that acts on that one pipeline.
     *
     * @throws ParityException (USAGE) when the pipeline's own file is invalid, naming that file's
     *     errors; or when no file names it, naming the closest pipeline and any file whose pipeline
     *     could not be read
     */
    public LoadedRule get(String pipeline) {
        Optional<LoadedRule> rule = valid.find(pipeline);
        if (rule.isPresent()) {
            return rule.get();
        }
        Optional<InvalidRuleFile> own = invalidFileOf(pipeline);
        if (own.isPresent()) {
            throw ParityErrors.pipelineRulesInvalid(
                    pipeline, own.get().file().toString(), own.get().error());
        }
        throw ParityErrors.invalidArgument("pipeline", pipeline, "no rule names it. " + known(pipeline));
    }

    /**
     * What a mistyped pipeline name might have meant: the closest pipeline, every pipeline, and the
     * invalid files whose pipeline could not be read (it may be one of theirs).
     */
    public String known(String pipeline) {
        List<String> names = pipelines();
        List<String> unnamed = unnamedFiles();
        String unreadable = unnamed.isEmpty()
                ? ""
                : ". Rules files too invalid to name their pipeline: " + String.join(", ", unnamed);
        return Suggestions.didYouMean(pipeline, names) + "Pipelines: " + String.join(", ", names) + unreadable;
    }
}
