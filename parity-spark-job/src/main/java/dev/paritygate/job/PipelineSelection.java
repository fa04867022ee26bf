package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.rules.InvalidRuleFile;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pipelines a command acts on, from {@code --pipeline} (all when none is named): the valid
 * rules among them, upstream first, and the invalid files among them, in file order. Without a
 * name, every invalid file is selected, those whose pipeline could not be read too.
 *
 * @param valid the selected pipelines' rules, upstream first
 * @param invalid the selected pipelines' invalid files
 * @param others the invalid files of pipelines not selected
 */
record PipelineSelection(List<LoadedRule> valid, List<InvalidRuleFile> invalid, List<InvalidRuleFile> others) {
    PipelineSelection {
        valid = List.copyOf(valid);
        invalid = List.copyOf(invalid);
        others = List.copyOf(others);
    }

    /**
     * @throws ParityException (USAGE) for a name no rules file gives, naming the pipelines there are
     *     and the files too invalid to name theirs
     */
    static PipelineSelection of(RuleFiles files, List<String> names, String option) {
        if (names == null || names.isEmpty()) {
            return new PipelineSelection(files.valid().topologicalOrder(), files.invalid(), List.of());
        }
        // A name given twice is one pipeline: compared twice, it would be listed twice in the
        // summary and its JSON.
        Set<String> wanted = new HashSet<>();
        for (String n : names) {
            if (files.valid().find(n).isEmpty() && files.invalidFileOf(n).isEmpty()) {
                List<String> unnamed = files.unnamedFiles();
                throw ParityErrors.invalidArgument(
                        option,
                        n,
                        "no such pipeline; known: " + files.pipelines()
                                + (unnamed.isEmpty()
                                        ? ""
                                        : "; rules files too invalid to name their pipeline: " + unnamed));
            }
            wanted.add(n);
        }
        return new PipelineSelection(
                files.valid().topologicalOrder().stream()
                        .filter(l -> wanted.contains(l.pipeline()))
                        .toList(),
                files.invalid().stream()
                        .filter(f -> f.pipeline().filter(wanted::contains).isPresent())
                        .toList(),
                files.invalid().stream()
                        .filter(f -> f.pipeline().filter(wanted::contains).isEmpty())
                        .toList());
    }

    /** The selected invalid files' errors, one per file, in file order. */
    List<ParityException> errors() {
        return invalid.stream().map(InvalidRuleFile::error).toList();
    }
}
