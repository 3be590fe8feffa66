package dev.flinkyomo.bridge.cli;

import org.apache.flink.annotation.Internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zipper-bridge}: runs a YoMo zipper configuration as a Flink job. */
@Command(
        name = "zipper-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Runs a YoMo zipper configuration (workflow.yaml / config.yaml, any YoMo generation) as an Apache"
                        + " Flink job, or a YoMo Wasm stream function behind an existing zipper (sfn).",
        subcommands = {
            ValidateCommand.class,
            PlanCommand.class,
            RunCommand.class,
            SfnCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:invalid configuration, or a function that cannot be resolved (plan, run, sfn)",
            "2:wrong command line",
            "3:the job could not be started or submitted, or failed"
        })
@Internal
public final class ZipperBridgeCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "missing command: validate, plan, run (serve), or sfn");
    }
}
