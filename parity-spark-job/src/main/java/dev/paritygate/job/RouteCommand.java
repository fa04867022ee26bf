package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.ParityException;
import dev.paritygate.gate.Gate;
import dev.paritygate.gate.GateDecision;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.gate.RouteChange;
import dev.paritygate.gate.Side;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.verdict.RunResult;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parity route cutover|rollback PIPELINE}: records the new authoritative side and re-points
 * the pipeline's stable views, touching no other pipeline. The same command re-run after a view
 * failed finishes the recorded move: it re-points the views not on that side yet and writes no
 * second row.
 */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = "Cut a pipeline over to the cloud side or roll it back to legacy: record the change in"
                + " the routing table and re-point its views.")
final class RouteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GateOptions options;

    @Parameters(index = "0", description = "cutover or rollback")
    String action;

    @Parameters(index = "1", description = "Pipeline to route.")
    String pipeline;

    @Option(
            names = "--force-outside-window",
            description = "Allow the change outside a change window (needs --reason).")
    boolean force;

    @Option(names = "--reason", description = "Why; recorded. Required with --force-outside-window.")
    String reason;

    @Option(names = "--by", description = "Who; recorded. Default: the user running the command.")
    String by;

    @Override
    public Integer call() {
        Side target = switch (action) {
            case "cutover" -> Side.CLOUD;
            case "rollback" -> Side.LEGACY;
            default -> throw ParityErrors.invalidArgument("action", action, "cutover or rollback");
        };
        RuleFiles files = options.ruleFiles();
        // Refused, naming the file's errors, when the pipeline's own file is invalid.
        LoadedRule rule = files.get(pipeline);
        options.warnLeftOut(spec.commandLine().getErr(), files.invalid());
        SparkSession spark = SparkSessions.getOrCreate();
        DeltaGateStore store = new DeltaGateStore(spark, options.tables());
        GateHistory history = GateOptions.history(store, List.of(rule));
        PrintWriter out = spec.commandLine().getOut();
        Optional<RouteChange> recorded = Gate.recordedMove(history, pipeline, target);
        if (recorded.isPresent()) {
            RouteChange move = recorded.get();
            out.println(pipeline + " is already on the " + target.id() + " side (" + done(target) + " by " + move.by()
                    + " at " + move.changedAt() + "): this re-run re-points the views not on that side yet, adds no"
                    + " routing row and checks neither the gate nor the change window, which that move passed when"
                    + " it was recorded");
        } else {
            record(store, rule, history, target, out);
            if (target == Side.LEGACY) {
                for (String down : Gate.cloudDownstream(files.valid(), history, pipeline)) {
                    out.println("note: " + down + " reads " + pipeline + " and stays on the cloud side: a rollback"
                            + " concerns one pipeline. Its parity check still compares its output with the"
                            + " retained legacy output every night, and its gate answer names this rollback");
                }
            }
        }
        List<ParityException> failed = new ArrayList<>();
        int repointed = 0;
        for (GatePolicy.ViewSpec view : rule.rule().gate().views()) {
            String table = Gate.viewTable(view, target);
            if (recorded.isPresent() && RoutedViews.isOn(spark, view, target)) {
                out.println("  view " + view.name() + " already points at " + table);
                continue;
            }
            Optional<ParityException> failure = RoutedViews.repoint(spark, view, target);
            if (failure.isPresent()) {
                failed.add(failure.get());
            } else {
                repointed++;
                out.println("  view " + view.name() + " -> " + table);
            }
        }
        out.flush();
        if (!failed.isEmpty()) {
            throw ParityErrors.routeIncomplete(
                    "parity route " + action + " " + pipeline, pipeline, target.id(), failed);
        }
        if (recorded.isPresent() && repointed == 0) {
            out.println("nothing to re-point: every view of " + pipeline + " already points at the " + target.id()
                    + " side");
        }
        if (!rule.rule().gate().views().isEmpty()) {
            CatalogNote.printIfEphemeral(
                    spark,
                    out,
                    "the routing change is recorded; where your readers' catalog lives, run: "
                            + String.join(
                                    "; ",
                                    rule.rule().gate().views().stream()
                                            .map(v -> Gate.viewSql(v, target))
                                            .toList()));
        }
        out.flush();
        return RunResult.EXIT_OK;
    }

    /** Checks the move against the gate and the change window, then writes its routing row. */
    private void record(DeltaGateStore store, LoadedRule rule, GateHistory history, Side target, PrintWriter out) {
        LocalDate today = GateOptions.today(rule.rule().gate().zone());
        GateDecision decision = Gate.decide(rule.rule(), history, today);
        Gate.checkRoute(rule.rule(), history, decision, target, today, force, reason);
        boolean outside = !rule.rule().gate().changeWindows().contains(today.getDayOfWeek());
        Side previous = history.side(pipeline);
        String who = by != null ? by : System.getProperty("user.name", "unknown");
        String why = reason != null ? reason : "gate " + decision.answer() + ", " + decision.streakText();
        store.addRoute(
                new RouteChange(pipeline, target, previous, GateOptions.clock.instant(), who, why, force && outside));
        out.println(done(target) + " " + pipeline + ": " + previous.id() + " -> " + target.id() + " by " + who + " ("
                + why + ")" + (force && outside ? " [forced outside window]" : ""));
    }

    private static String done(Side target) {
        return target == Side.CLOUD ? "cut over" : "rolled back";
    }
}
