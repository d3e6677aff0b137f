package dev.prescale.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code prescale} command line. Run it with {@code mvn -q exec:java -Dexec.args="<command> ..."} from the
 * project folder.
 */
@Command(name = "prescale", mixinStandardHelpOptions = true, version = "prescale 0.1.0",
        description = "Rehearse tomorrow's traffic today: forecast it, rehearse it with Gatling against a shadow or "
                + "staging service, and scale before it arrives.",
        subcommands = {RehearseCommand.class, ControllerCommand.class, ForecastCommand.class, ReplayCommand.class,
                ProfilesCommand.class, ImportTraceCommand.class, IssuesCommand.class, ApiCommand.class, ShadowCommand.class,
                AnomalyCommand.class, ConfigCommand.class, K8sCommand.class, ImportLogCommand.class, PlanCommand.class,
                BehaviourCommand.class, LearnCommand.class})
public final class PrescaleCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // before any logger exists: library debug lines stay out of a command's output unless configured otherwise
        System.getProperties().putIfAbsent("logback.configurationFile", "dev/prescale/cli/logback.xml");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: errors print their message, not a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PrescaleCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getColorScheme().errorText("prescale " + commandLine
                    .getCommandName() + ": " + e.getMessage()));
            return 1;
        });
        return cli;
    }
}
