package dev.flinkyomo.bridge.cli;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine;

/** Entry point of {@code bin/zipper-bridge}. */
@Internal
public final class ZipperBridge {

    private ZipperBridge() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests use it with their own out/err writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ZipperBridgeCommand());
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    commandLine.getErr().println("zipper-bridge: " + e);
                    return ExitCodes.JOB_FAILED;
                });
        return cl;
    }
}
