package dev.paritygate.job;

import dev.paritygate.rules.InvalidRuleFile;
import dev.paritygate.verdict.PipelineResult;
import dev.paritygate.verdict.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results {@code run} records for pipelines whose rules files are invalid: not compared, so one
 * blocking {@code ERROR} of check {@value #CHECK} each, marked as the rule's own error. The gate then
 * reads the night as an error of that pipeline, not as a missing date, and the run exits 2.
 */
final class InvalidRules {
    /** The check of the one verdict of a pipeline whose rules file is invalid. */
    static final String CHECK = "rules";

    private InvalidRules() {}

    /**
     * One result per pipeline the files name, in file order; a file whose pipeline could not be read
     * has none. Two files naming one pipeline give it one result, naming both.
     */
    static List<PipelineResult> results(List<InvalidRuleFile> files, LocalDate runDate) {
        Map<String, List<InvalidRuleFile>> byPipeline = new LinkedHashMap<>();
        for (InvalidRuleFile f : files) {
            f.pipeline()
                    .ifPresent(p -> byPipeline
                            .computeIfAbsent(p, k -> new ArrayList<>())
                            .add(f));
        }
        Instant now = Instant.now();
        List<PipelineResult> out = new ArrayList<>();
        byPipeline.forEach((pipeline, own) -> out.add(new PipelineResult(
                pipeline,
                runDate,
                null,
                null,
                null,
                now,
                now,
                List.of(Verdict.error(CHECK, true, message(pipeline, own))),
                List.of(),
                true)));
        return out;
    }

    private static String message(String pipeline, List<InvalidRuleFile> own) {
        List<String> parts = new ArrayList<>();
        for (InvalidRuleFile f : own) {
            // One line per verdict: the file's errors, each already naming its line, run on.
            parts.add(f.error().getMessage().replace('\n', ' '));
        }
        return "Cannot compare pipeline " + pipeline + ": its rules file "
                + String.join(
                        " and ", own.stream().map(f -> f.file().toString()).toList())
                + (own.size() > 1 ? " are" : " is") + " invalid. " + String.join(" ", parts);
    }
}
