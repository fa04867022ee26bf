package dev.paritygate.job;

import dev.paritygate.gate.Gate;
import dev.paritygate.gate.GateDecision;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.verdict.RunResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parity status}: the whole migration at once, in dependency order. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Per pipeline, upstream first: side (legacy / dual-run / cut over), streak, gate answer,"
                + " last run.")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GateOptions options;

    @Option(
            names = "--as-of",
            description = "Judge as of this date, YYYY-MM-DD. Default: today in each pipeline's gate.time_zone (UTC).")
    String asOf;

    @Override
    public Integer call() {
        PipelineSelection selection = PipelineSelection.of(options.ruleFiles(), List.of(), "--pipeline");
        GateOptions.printErrors(spec.commandLine().getErr(), selection);
        List<LoadedRule> rules = selection.valid();
        List<LocalDate> dates = GateOptions.asOfDates(asOf, rules);
        GateHistory history =
                GateOptions.history(new DeltaGateStore(SparkSessions.getOrCreate(), options.existingTables()), rules);
        List<GateDecision> decisions = new java.util.ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            decisions.add(Gate.decide(rules.get(i).rule(), history, dates.get(i)));
        }
        int width = Math.max(
                8, decisions.stream().mapToInt(d -> d.pipeline().length()).max().orElse(8));
        String format = "%-" + width + "s  %-8s  %-6s  %-8s  %s";
        PrintWriter out = spec.commandLine().getOut();
        out.println("migration status as of " + GateOptions.asOfText(rules, dates));
        out.println(String.format(format, "pipeline", "side", "streak", "gate", "last run"));
        for (GateDecision d : decisions) {
            out.println(String.format(
                    format, d.pipeline(), d.sideText(), d.streak() + "/" + d.required(), d.answer(), d.lastRunText()));
        }
        for (dev.paritygate.rules.InvalidRuleFile f : selection.invalid()) {
            out.println(String.format(format, f.name(), "-", "-", "HOLD", GateOptions.invalidReason(f)));
        }
        out.flush();
        return selection.invalid().isEmpty() ? RunResult.EXIT_OK : RunResult.EXIT_USAGE;
    }
}
