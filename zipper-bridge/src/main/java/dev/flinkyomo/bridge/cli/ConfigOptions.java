package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.Diagnostic;
import dev.flinkyomo.bridge.config.LoadedConfig;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.config.ZipperConfigParser;
import dev.flinkyomo.bridge.job.YomoWasmTagReader;
import dev.flinkyomo.bridge.plan.CompositeFunctionResolver;
import dev.flinkyomo.bridge.plan.FunctionResolver;
import dev.flinkyomo.bridge.plan.JavaFunctionResolver;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.bridge.plan.RoutingPlanner;
import dev.flinkyomo.bridge.plan.WasmFunctionResolver;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The FILE argument (or {@code -c FILE}) and the options every command shares, and loading them.
 */
final class ConfigOptions {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "YoMo zipper configuration (.yaml or .yml)")
    Path positional;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "The configuration file, as 'yomo serve -c FILE' takes it (instead of FILE)")
    Path config;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--functions-dir",
            paramLabel = "DIR",
            description =
                    "Where <name>.wasm modules live (overrides flink.functions-dir; default: the file's directory)")
    Path functionsDir;

    /**
     * The configuration file: FILE or {@code -c FILE}, exactly one. {@code yomo serve} has no
     * default file name (it says "Please input the file name of config"), so neither has this.
     */
    Path file() {
        if (positional != null && config != null) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "give the configuration file once: FILE or -c FILE, not both");
        }
        if (positional == null && config == null) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "missing the configuration file: FILE, or -c FILE as for 'yomo serve'");
        }
        return positional != null ? positional : config;
    }

    /** Parses and validates the file, applies the overrides and prints the warnings. */
    ZipperConfig load(PrintWriter err) throws ConfigException {
        LoadedConfig loaded = new ZipperConfigParser().parse(file());
        print(loaded.warnings(), err);
        ZipperConfig config = loaded.config();
        if (functionsDir != null) {
            config =
                    config.withFlink(
                            config.flink()
                                    .withFunctionsDir(functionsDir.toAbsolutePath().normalize()));
        }
        return config;
    }

    /** Loads the file and resolves every function; unresolved names are errors here. */
    RoutingPlan plan(PrintWriter err) throws ConfigException {
        ZipperConfig config = load(err);
        RoutingPlan plan = new RoutingPlanner(resolverFor(config)).plan(config);
        print(plan.warnings(), err);
        return plan;
    }

    /** Wasm modules in the functions directory first, then Java functions on the class path. */
    static FunctionResolver resolverFor(ZipperConfig config) {
        return new CompositeFunctionResolver(
                List.of(
                        new WasmFunctionResolver(
                                config.flink().functionsDir(), new YomoWasmTagReader()),
                        new JavaFunctionResolver(Thread.currentThread().getContextClassLoader())));
    }

    static void print(List<Diagnostic> diagnostics, PrintWriter err) {
        diagnostics.forEach(err::println);
        err.flush();
    }
}
