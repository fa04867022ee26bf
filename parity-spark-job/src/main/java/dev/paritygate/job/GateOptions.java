package dev.paritygate.job;

import dev.paritygate.ParityErrors;
import dev.paritygate.gate.GateDecision;
import dev.paritygate.gate.GateHistory;
import dev.paritygate.rules.GatePolicy;
import dev.paritygate.rules.InvalidRuleFile;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleFiles;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RunDate;
import dev.paritygate.spark.SparkRuleSql;
import dev.paritygate.spark.SparkSchemaDdl;
import dev.paritygate.store.DeltaGateStore;
import dev.paritygate.store.VerdictTables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code gate}, {@code waive}, {@code route} and {@code status}. */
final class GateOptions {
    /** Rules directory used when {@code --rules} is not given. */
    static final String RULES_DEFAULT = "rules";

    /**
     * The clock deciding "today" (change windows, waiver creation), read in each pipeline's {@code
     * gate.time_zone}. Tests replace it.
     */
    static Clock clock = Clock.systemUTC();

    @Option(names = "--rules", description = "Rules file or directory. Default: " + RULES_DEFAULT + ".")
    Path rules = Path.of(RULES_DEFAULT);

    @Option(
            names = "--warehouse",
            description = "Directory of the Delta verdict tables, or a catalog database name. Default: "
                    + RunCommand.WAREHOUSE_DEFAULT + ".")
    String warehouse;

    /**
     * The rules, file by file, as {@code run} reads them: an invalid file costs only its own
     * pipeline. An invalid {@value RuleLoader#DEFAULTS_FILE} is refused: every pipeline's policy
     * (streak, windows, views) comes from it.
     */
    RuleFiles ruleFiles() {
        RuleFiles files = RuleLoader.loadEach(rules, SparkSchemaDdl.PARSER, SparkRuleSql::problems);
        if (files.defaultsError().isPresent()) {
            throw files.defaultsError().get();
        }
        return files;
    }

    /** One warning line per invalid file a command leaves out. */
    void warnLeftOut(PrintWriter err, List<InvalidRuleFile> files) {
        for (InvalidRuleFile f : files) {
            err.println("Warning: rules file " + f.file()
                    + f.pipeline().map(p -> " (pipeline " + p + ")").orElse("")
                    + " is invalid and left out; parity validate-rules " + rules + " lists its errors");
        }
        err.flush();
    }

    /** The selected invalid files' errors, each at its lines, as {@code run} prints them. */
    static void printErrors(PrintWriter err, PipelineSelection selection) {
        if (!selection.invalid().isEmpty()) {
            err.println(ParityErrors.invalidRulesFiles(selection.errors()).getMessage());
            err.flush();
        }
    }

    /** What a gate line says of a pipeline whose rules file is invalid. */
    static String invalidReason(InvalidRuleFile f) {
        return "rules file " + f.file() + " is invalid (its errors are on standard error): fix it before the gate"
                + " can judge this pipeline";
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

    /** Today in {@code zone}, a pipeline's {@code gate.time_zone}. */
    static LocalDate today(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * The date each pipeline is judged as of, in the order of {@code rules}: the {@code --as-of}
     * date, else today in the pipeline's {@code gate.time_zone}. A date later than today there is
     * refused: the gate answers from the runs recorded so far, so every date until then would count
     * as missing.
     */
    static List<LocalDate> asOfDates(String text, List<LoadedRule> rules) {
        if (text == null) {
            return rules.stream().map(l -> today(l.rule().gate().zone())).toList();
        }
        LocalDate date = RunDate.parse(text, "--as-of");
        for (LoadedRule l : rules) {
            ZoneId zone = l.rule().gate().zone();
            if (date.isAfter(today(zone))) {
                throw dev.paritygate.ParityErrors.invalidArgument(
                        "--as-of",
                        text,
                        "a date after today (" + today(zone)
                                + (zone.getId().equals(GatePolicy.TIME_ZONE_DEFAULT) ? "" : " in " + zone.getId())
                                + "): the answer comes from the runs recorded so far, so every date until then"
                                + " would count as missing. Give today or an earlier date");
            }
        }
        return rules.stream().map(l -> date).toList();
    }

    /**
     * The as-of date for a heading: the one date, or, when pipelines in different time zones are on
     * different days today, each date with its zones ({@code Sun 2026-11-22 (UTC), Mon 2026-11-23
     * (Asia/Tokyo)}).
     */
    static String asOfText(List<LoadedRule> rules, List<LocalDate> dates) {
        Map<LocalDate, java.util.Set<String>> zones = new java.util.TreeMap<>();
        for (int i = 0; i < rules.size(); i++) {
            zones.computeIfAbsent(dates.get(i), d -> new java.util.TreeSet<>())
                    .add(rules.get(i).rule().gate().timeZone());
        }
        if (zones.size() <= 1) {
            return zones.isEmpty()
                    ? GateDecision.day(today(ZoneOffset.UTC))
                    : GateDecision.day(zones.keySet().iterator().next());
        }
        return zones.entrySet().stream()
                .map(e -> GateDecision.day(e.getKey()) + " (" + String.join(", ", e.getValue()) + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static GateHistory history(DeltaGateStore store, List<LoadedRule> rules) {
        return store.history(rules.stream().map(LoadedRule::pipeline).toList());
    }
}
