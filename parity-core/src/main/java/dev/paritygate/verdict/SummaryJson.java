package dev.paritygate.verdict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paritygate.ParityErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A run's result as JSON for orchestrators and scripts ({@code --summary-json}): the overall status
 * and exit code, the errors of its invalid rules files, and per pipeline its status and every verdict. Fields appear in a fixed order,
 * absent values as {@code null}, timestamps in ISO-8601 UTC, and each verdict's {@code details} as an
 * embedded object.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private SummaryJson() {}

    /** The result as pretty-printed JSON, without a trailing newline. */
    public static String toJson(RunResult result) {
        try {
            return WRITER.writeValueAsString(tree(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the run summary of " + result.runId(), e);
        }
    }

    /**
     * Writes {@link #toJson} and a newline to {@code file}, creating parent directories.
     *
     * @throws dev.paritygate.ParityException when the file cannot be written
     */
    public static void write(RunResult result, Path file) {
        writeText(toJson(result), file);
    }

    /**
     * Writes the summary of a run that ended before it had a result (the verdict tables could not be
     * prepared, for example): status {@code ERROR}, the exit code, the error and no pipelines. An
     * orchestrator that reads the file after every run then finds one whatever happened.
     */
    public static void writeFailure(String runId, int exitCode, String error, Path file) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("run_id", runId);
        root.put("status", Status.ERROR.name());
        root.put("exit_code", exitCode);
        root.put("error", error);
        root.putArray("pipelines");
        try {
            writeText(WRITER.writeValueAsString(root), file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the run summary of " + runId, e);
        }
    }

    private static void writeText(String json, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ParityErrors.unwritableFile("run summary", file.toString(), e);
        }
    }

    static ObjectNode tree(RunResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("run_id", result.runId());
        root.put("status", result.status().name());
        root.put("exit_code", result.exitCode());
        ArrayNode rulesErrors = root.putArray("rules_errors");
        result.rulesErrors().forEach(rulesErrors::add);
        ArrayNode pipelines = root.putArray("pipelines");
        for (PipelineResult p : result.pipelines()) {
            ObjectNode pn = pipelines.addObject();
            pn.put("pipeline", p.pipeline());
            pn.put("status", p.status().name());
            pn.put("run_date", text(p.runDate()));
            pn.put("rules_fingerprint", p.rulesFingerprint());
            pn.put("left_source", p.leftSource());
            pn.put("right_source", p.rightSource());
            pn.put("started_at", text(p.startedAt()));
            pn.put("finished_at", text(p.finishedAt()));
            ArrayNode verdicts = pn.putArray("verdicts");
            for (Verdict v : p.verdicts()) {
                ObjectNode vn = verdicts.addObject();
                vn.put("check_name", v.check());
                vn.put("scope", v.scope());
                vn.put("metric", v.metric());
                vn.put("status", v.status().name());
                vn.put("blocking", v.blocking());
                vn.put("left_value", v.leftValue());
                vn.put("right_value", v.rightValue());
                vn.put("difference", v.difference());
                vn.put("tolerance", v.tolerance());
                vn.put("message", v.message());
                vn.set("details", details(v.details()));
            }
            pn.put("samples", p.samples().size());
        }
        return root;
    }

    /** The details as a JSON value; text that is not valid JSON is kept as a string. */
    private static JsonNode details(String details) {
        try {
            return MAPPER.readTree(details);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(details);
        }
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
