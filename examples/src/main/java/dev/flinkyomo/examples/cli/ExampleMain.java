package dev.flinkyomo.examples.cli;

import picocli.CommandLine;

import java.io.IOException;

/** Runs an example's command line; expected failures print one line instead of a stack trace. */
public final class ExampleMain {

    private ExampleMain() {}

    public static int execute(Object command, String... args) {
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(
                        (e, cmd, parsed) -> {
                            if (e instanceof IOException
                                    || e instanceof IllegalArgumentException
                                    || e instanceof IllegalStateException) {
                                cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                                cmd.getErr().flush();
                                return 1;
                            }
                            throw e;
                        })
                .execute(args);
    }
}
