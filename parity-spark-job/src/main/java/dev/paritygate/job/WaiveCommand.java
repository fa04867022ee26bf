package dev.paritygate.job;

import dev.paritygate.gate.GateHistory;
import dev.paritygate.gate.Waiver;
import dev.paritygate.gate.WaiverCheck;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import dev.paritygate.rules.RunDate;
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
        RuleFiles files = options.ruleFiles();
        // Refused, naming the file's errors, when the pipeline's own file is invalid.
        LoadedRule rule = files.get(pipeline);
        options.warnLeftOut(spec.commandLine().getErr(), files.invalid());
        DeltaGateStore store = new DeltaGateStore(SparkSessions.getOrCreate(), options.tables());
        GateHistory history = GateOptions.history(store, List.of(rule));
        LocalDate today = GateOptions.today(rule.rule().gate().zone());
        LocalDate expiresOn = expires == null
                ? today.plusDays(rule.rule().gate().waiverExpiryDays())
                : RunDate.parse(expires, "--expires");
        WaiverCheck.require(history, pipeline, date, check, expiresOn, today);
        Waiver waiver = new Waiver(pipeline, date, check, reason, by, GateOptions.clock.instant(), expiresOn);
        store.addWaiver(waiver);
        PrintWriter out = spec.commandLine().getOut();
        out.println("waived " + pipeline + " " + waiver.describe());
        out.flush();
        return RunResult.EXIT_OK;
    }
}
