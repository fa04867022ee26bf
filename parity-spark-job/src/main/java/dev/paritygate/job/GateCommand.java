package dev.paritygate.job;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.paritygate.ParityErrors;
import dev.paritygate.gate.Gate;
import dev.paritygate.gate.GateDecision;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.gate.Waiver;
import dev.paritygate.rules.InvalidRuleFile;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.verdict.RunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parity gate}: READY / HOLD / ROLLBACK per pipeline, with the streak and the reason. */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = "Which pipelines may cut over, which must roll back, and why. Exit 0 when every"
                + " selected pipeline is READY, 1 otherwise.")
final class GateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GateOptions options;

    @Option(names = "--pipeline", description = "Only these pipelines (repeatable).")
    List<String> pipelines;

    @Option(
            names = "--as-of",
            description = "Judge as of this date, YYYY-MM-DD. Default: today in each pipeline's gate.time_zone (UTC).")
    String asOf;

    @Option(names = "--json", description = "Also write the decisions as JSON to this file.")
    Path json;

    @Override
    public Integer call() {
        if (json != null) {
            OutputPath.requireWritableFile("--json", json);
        }
        RuleFiles files = options.ruleFiles();
        PipelineSelection selection = PipelineSelection.of(files, pipelines, "--pipeline");
        PrintWriter err = spec.commandLine().getErr();
        GateOptions.printErrors(err, selection);
        options.warnLeftOut(err, selection.others());
        List<LoadedRule> selected = selection.valid();
        List<LocalDate> dates = GateOptions.asOfDates(asOf, selected);
        DeltaGateStore store = new DeltaGateStore(SparkSessions.getOrCreate(), options.existingTables());
        GateHistory history = GateOptions.history(store, selected);
        List<GateDecision> decisions = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            decisions.add(Gate.decide(selected.get(i).rule(), history, dates.get(i)));
        }
        PrintWriter out = spec.commandLine().getOut();
        print(out, GateOptions.asOfText(selected, dates), decisions, selection.invalid());
        if (json != null) {
            writeJson(json, dates, decisions, selection.invalid());
            out.println("gate JSON: " + json.toAbsolutePath());
        }
        out.flush();
        // A pipeline the gate cannot judge is a rules error, not a HOLD its owner waits out.
        if (!selection.invalid().isEmpty()) {
            return RunResult.EXIT_USAGE;
        }
        return decisions.stream().allMatch(GateDecision::ok) ? RunResult.EXIT_OK : RunResult.EXIT_DIFFERS;
    }

    static void print(PrintWriter out, String asOf, List<GateDecision> decisions) {
        print(out, asOf, decisions, List.of());
    }

    /** The decisions, then a HOLD line for each invalid file, named by its pipeline or its path. */
    static void print(PrintWriter out, String asOf, List<GateDecision> decisions, List<InvalidRuleFile> invalid) {
        out.println("gate as of " + asOf);
        int width = java.util.stream.Stream.concat(
                        decisions.stream().map(GateDecision::pipeline),
                        invalid.stream().map(InvalidRuleFile::name))
                .mapToInt(String::length)
                .max()
                .orElse(8);
        for (GateDecision d : decisions) {
            out.println(String.format(
                    "%-" + width + "s  %-8s  %-17s  %s", d.pipeline(), d.answer(), d.streakText(), d.reasonText()));
            for (Waiver w : d.waiversApplied()) {
                out.println(" ".repeat(width + 2) + "waiver: " + w.describe());
            }
        }
        for (InvalidRuleFile f : invalid) {
            out.println(String.format(
                    "%-" + width + "s  %-8s  %-17s  %s",
                    f.name(),
                    "HOLD",
                    "-",
                    "HOLD: " + GateOptions.invalidReason(f)));
        }
    }

    private static void writeJson(
            Path file, List<LocalDate> dates, List<GateDecision> decisions, List<InvalidRuleFile> invalid) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            GateDecision d = decisions.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pipeline", d.pipeline());
            row.put("as_of", dates.get(i).toString());
            row.put("answer", d.answer().name());
            row.put("side", d.side().id());
            row.put("streak", d.streak());
            row.put("required", d.required());
            row.put("reasons", d.reasons());
            row.put("next_window", d.nextWindow().toString());
            row.put(
                    "last_run_date",
                    d.lastRun().map(r -> r.runDate().toString()).orElse(null));
            row.put("last_run_status", d.lastRunStatus().map(Enum::name).orElse(null));
            row.put(
                    "waivers",
                    d.waiversApplied().stream()
                            .map(w -> Map.of(
                                    "run_date", w.runDate().toString(),
                                    "check", w.check(),
                                    "by", w.by(),
                                    "reason", w.reason(),
                                    "expires_on", w.expiresOn().toString()))
                            .toList());
            rows.add(row);
        }
        for (InvalidRuleFile f : invalid) {
            // The same keys; what only a valid rule can tell (policy, streak) is null.
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pipeline", f.pipeline().orElse(null));
            row.put("answer", "HOLD");
            row.put("side", null);
            row.put("streak", null);
            row.put("required", null);
            row.put("reasons", List.of(GateOptions.invalidReason(f)));
            row.put("next_window", null);
            row.put("last_run_date", null);
            row.put("last_run_status", null);
            row.put("waivers", List.of());
            row.put("rules_file", f.file().toString());
            row.put("rules_error", f.error().getMessage());
            rows.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        // One date unless pipelines in different time zones are on different days: then null, and
        // each pipeline's own as_of says.
        doc.put("as_of", Set.copyOf(dates).size() == 1 ? dates.get(0).toString() : null);
        doc.put("ready", invalid.isEmpty() && decisions.stream().allMatch(GateDecision::ok));
        doc.put("pipelines", rows);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build()
                    .writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw ParityErrors.unwritableFile("gate JSON", file.toString(), e);
        }
    }
}
