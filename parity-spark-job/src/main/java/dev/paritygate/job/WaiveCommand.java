package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.gate.CheckOutcome;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.gate.RunRecord;
import dev.paritygate.gate.Waiver;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RunDate;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.verdict.RunResult;
import dev.paritygate.verdict.Status;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parity waive}: records an accepted discrepancy of one check on one business date. */
@Command(
        name = "waive",
        mixinStandardHelpOptions = true,
        description = "Accept a failing check of one pipeline on one business date; the gate counts it as a"
                + " pass and lists it until it expires.")
final class WaiveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GateOptions options;

    @Option(names = "--pipeline", required = true, description = "Pipeline of the failure.")
    String pipeline;

    @Option(names = "--run-date", required = true, description = "Business date of the failure, YYYY-MM-DD.")
    String runDate;

    @Option(names = "--check", required = true, description = "Failing check, as in the verdicts (kpi:revenue).")
    String check;

    @Option(names = "--reason", required = true, description = "Why the difference is accepted.")
    String reason;

    @Option(names = "--by", required = true, description = "Who accepts it.")
    String by;

    @Option(
            names = "--expires",
            description = "Last date the waiver counts, YYYY-MM-DD. Default: today + the policy's waiver_expiry_days.")
    String expires;

    @Override
    public Integer call() {
        LocalDate date = RunDate.parse(runDate);
        LoadedRule rule = options.ruleSet().get(pipeline);
        DeltaGateStore store = new DeltaGateStore(SparkSessions.getOrCreate(), options.tables());
        GateHistory history = GateOptions.history(store, List.of(rule));
        requireFailure(history, date);
        LocalDate today = GateOptions.today();
        LocalDate expiresOn = expires == null
                ? today.plusDays(rule.rule().gate().waiverExpiryDays())
                : RunDate.parse(expires, "--expires");
        if (expiresOn.isBefore(today)) {
            throw ParityErrors.invalidArgument("--expires", expires, "today (" + today + ") or a later date");
        }
        Waiver waiver = new Waiver(pipeline, date, check, reason, by, GateOptions.clock.instant(), expiresOn);
        store.addWaiver(waiver);
        PrintWriter out = spec.commandLine().getOut();
        out.println("waived " + pipeline + " " + waiver.describe());
        out.flush();
        return RunResult.EXIT_OK;
    }

    /** A waiver must name a blocking failure of the latest attempt of that date. */
    private void requireFailure(GateHistory history, LocalDate date) {
        RunRecord latest = history.runsOf(pipeline).stream()
                .filter(r -> r.runDate().equals(date))
                .max(Comparator.comparing(RunRecord::finishedAt).thenComparing(RunRecord::runId))
                .orElseThrow(() -> ParityErrors.invalidArgument(
                        "--run-date", runDate, "a business date with a parity run of " + pipeline + "; there is none"));
        List<String> failing = latest.failures().stream()
                .filter(c -> c.status() == Status.FAIL)
                .map(CheckOutcome::check)
                .toList();
        if (!failing.contains(check)) {
            throw ParityErrors.invalidArgument(
                    "--check",
                    check,
                    "a failing blocking check of " + pipeline + " on " + date + " (errors cannot be waived); failing: "
                            + (failing.isEmpty() ? "none" : String.join(", ", failing)));
        }
    }
}
