package dev.paritygate.job;

import dev.paritygate.check.Counted;
import dev.paritygate.rules.LoadedRule;
import dev.paritygate.rules.RuleLoader;
import dev.paritygate.rules.RuleSet;
import dev.paritygate.rules.RulesFingerprint;
import dev.paritygate.spark.SparkRuleSql;
import dev.paritygate.spark.SparkSchemaDdl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code parity validate-rules}: checks rule files without starting Spark (a side's schema and the
 * rule's SQL are parsed by Spark's parsers, which need no session).
 */
@Command(
        name = "validate-rules",
        mixinStandardHelpOptions = true,
        description = "Check a rules file or directory without reading data; exit 0 when valid, 2 otherwise.")
final class ValidateRulesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "Rules file or directory.")
    Path path;

    @Override
    public Integer call() {
        RuleSet set = RuleLoader.load(path, SparkSchemaDdl.PARSER);
        SparkRuleSql.check(set.rules());
        PrintWriter out = spec.commandLine().getOut();
        for (LoadedRule l : set.rules()) {
            out.printf(
                    "ok  %-32s %s  fingerprint %s%n",
                    l.rule().pipeline(), l.origin().file(), RulesFingerprint.of(l.rule()));
        }
        out.println(Counted.of(set.rules().size(), "rule is valid", "rules are valid"));
        out.flush();
        return 0;
    }
}
