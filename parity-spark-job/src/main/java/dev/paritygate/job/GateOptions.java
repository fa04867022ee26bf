package dev.paritygate.job;

import dev.paritygate.gate.GateHistory;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RuleSet;
import dev.paritygate.rules.RunDate;
import dev.paritygate.spark.SparkSchemaDdl;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.VerdictTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by {@code gate}, {@code waive}, {@code route} and {@code status}. */
final class GateOptions {
    /** Rules directory used when {@code --rules} is not given. */
    static final String RULES_DEFAULT = "rules";

    /** The clock deciding "today" (change windows, waiver creation). Tests replace it. */
    static Clock clock = Clock.systemUTC();

    @Option(names = "--rules", description = "Rules file or directory. Default: " + RULES_DEFAULT + ".")
    Path rules = Path.of(RULES_DEFAULT);

    @Option(
            names = "--warehouse",
            description = "Directory of the Delta verdict tables, or a catalog database name. Default: "
                    + RunCommand.WAREHOUSE_DEFAULT + ".")
    String warehouse;

    RuleSet ruleSet() {
        return RuleLoader.load(rules, SparkSchemaDdl.PARSER);
    }

    VerdictTables tables() {
        return warehouse == null
                ? VerdictTables.atPath(Path.of(RunCommand.WAREHOUSE_DEFAULT))
                : VerdictTables.parse(warehouse);
    }

    /**
     * The tables, for a command that only reads them ({@code gate}, {@code status}). A warehouse
     * directory on this machine that does not exist is a mistyped {@code --warehouse} far more often
     * than a project without runs, and read as an empty history it would answer HOLD as if nothing
     * were wrong.
     */
    VerdictTables existingTables() {
        VerdictTables t = tables();
        if (t.kind() == VerdictTables.Kind.PATH && t.verdicts().startsWith("/")) {
            Path dir = Path.of(t.verdicts()).getParent();
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw dev.paritygate.ParityErrors.invalidArgument(
                        "--warehouse",
                        warehouse == null ? RunCommand.WAREHOUSE_DEFAULT : warehouse,
                        "no such directory (" + dir + "), so no parity run has written verdicts there. Pass the"
                                + " --warehouse that parity run writes to");
            }
        }
        return t;
    }

    static LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * The {@code --as-of} date, today when absent. A later date than today is refused: the gate
     * answers from the runs recorded so far, so every date until then would count as missing.
     */
    static LocalDate dateOrToday(String text) {
        if (text == null) {
            return today();
        }
        LocalDate date = RunDate.parse(text, "--as-of");
        if (date.isAfter(today())) {
            throw dev.paritygate.ParityErrors.invalidArgument(
                    "--as-of",
                    text,
                    "a date after today (" + today() + "): the answer comes from the runs recorded so far, so every"
                            + " date until then would count as missing. Give today or an earlier date");
        }
        return date;
    }

    static GateHistory history(DeltaGateStore store, List<LoadedRule> rules) {
        return store.history(rules.stream().map(LoadedRule::pipeline).toList());
    }
}
