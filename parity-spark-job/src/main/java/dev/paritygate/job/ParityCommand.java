package dev.paritygate.job;

import dev.paritygate.ParityException;
import dev.paritygate.verdict.RunResult;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parity} command and its subcommands. */
@Command(
        name = "parity",
        mixinStandardHelpOptions = true,
        versionProvider = ParityCommand.Version.class,
        description = "Proves a migrated pipeline produces the same output on both platforms, and gates its cutover.",
        subcommands = {
            RunCommand.class,
            ValidateRulesCommand.class,
            DemoCommand.class,
            GateCommand.class,
            WaiveCommand.class,
            RouteCommand.class,
            StatusCommand.class,
            ReportCommand.class,
            ViewsCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:no blocking check failed",
            "1:a blocking check failed (the data differs beyond tolerance)",
            "2:usage or rules-file error",
            "3:a check could not be evaluated (unreadable source, an ERROR verdict, an internal error)"
        })
public final class ParityCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "Missing subcommand: run, validate-rules, demo, gate, waive, route, status, report or views");
    }

    /** A command line with Parity Gate's exit-code mapping and error printing. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ParityCommand());
        cl.setExitCodeExceptionMapper(ParityCommand::exitCode);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ParityException) {
                err.println(e.getMessage());
            } else {
                err.println("Internal error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return exitCode(e);
        });
        return cl;
    }

    static int exitCode(Throwable e) {
        if (e instanceof ParityException pe) {
            return pe.kind() == ParityException.Kind.USAGE ? RunResult.EXIT_USAGE : RunResult.EXIT_ERROR;
        }
        if (e instanceof CommandLine.ParameterException) {
            return RunResult.EXIT_USAGE;
        }
        return RunResult.EXIT_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"parity-gate " + dev.paritygate.ParityVersion.current()};
        }
    }
}
