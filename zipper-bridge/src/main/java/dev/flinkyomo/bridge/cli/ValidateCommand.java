package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.plan.RoutingPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code zipper-bridge validate FILE}: checks the file on its own; unresolved functions are
 * warnings.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Checks a zipper configuration: errors and warnings with file:line:column."
                        + " Functions that cannot be found are warnings here (errors for plan and run).")
final class ValidateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZipperConfig config;
        try {
            config = options.load(err);
        } catch (ConfigException e) {
            ConfigOptions.print(e.diagnostics(), err);
            err.println(
                    options.file()
                            + ": invalid ("
                            + e.errors().size()
                            + (e.errors().size() == 1 ? " error)" : " errors)"));
            return ExitCodes.INVALID_CONFIG;
        }
        List<Diagnostic> resolution =
                new RoutingPlanner(ConfigOptions.resolverFor(config)).check(config);
        ConfigOptions.print(resolution, err);
        out.println(
                options.file()
                        + ": valid "
                        + config.generation()
                        + " configuration: zipper '"
                        + config.name()
                        + "' on "
                        + config.listenAddress()
                        + ", "
                        + count(config.functions().size(), "function")
                        + ", "
                        + count(config.meshTargets().size(), "mesh peer")
                        + ", "
                        + count(config.flink().sinks().size(), "extra sink"));
        out.flush();
        return ExitCodes.OK;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
