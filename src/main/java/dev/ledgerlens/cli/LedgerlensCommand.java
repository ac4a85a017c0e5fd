package dev.ledgerlens.cli;

import dev.ledgerlens.failure.LedgerlensException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ledgerlens}: the command line. Fatal failures print one clear line and exit 1;
 * usage errors exit 64.
 */
@Command(name = "ledgerlens", mixinStandardHelpOptions = true, version = "ledgerlens 0.1.0",
        description = "Turns receipts and invoices into validated accounting records.",
        subcommands = {RunCommand.class, WatchCommand.class, StatusCommand.class, ExportCommand.class,
                DlqCommand.class, ReviewCommand.class, EvalCommand.class, BatchCommand.class})
public final class LedgerlensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'ledgerlens run --once'");
    }

    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new LedgerlensCommand());
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        // the help and the docs spell values in lower case (--after move); picocli matches enums by exact name
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.getCommandSpec().exitCodeOnExecutionException(ExitCodes.FATAL);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof LedgerlensException failure) {
                cmd.getErr().println("ledgerlens: " + failure.reason() + ": " + failure.getMessage());
            } else {
                cmd.getErr().println("ledgerlens: unexpected error: " + exception);
                exception.printStackTrace(cmd.getErr());
            }
            return ExitCodes.FATAL;
        });
        return commandLine.execute(args);
    }
}
