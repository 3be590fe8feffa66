package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.DurationParser;
import dev.flinkyomo.bridge.plan.RoutingPlan;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code zipper-bridge run FILE}: runs the job embedded, or submits it to a Flink cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the configuration as a Flink job on an embedded MiniCluster (web UI on a printed port),"
                + " or submits it to a Flink cluster with --jobmanager.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 90s, 5min); default: until Ctrl-C")
    Duration duration;

    @Option(names = "--jobmanager", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Submit to this Flink cluster's REST endpoint instead of running embedded")
    HostPort jobManager;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RoutingPlan plan;
        try {
            plan = options.plan(err);
        } catch (ConfigException e) {
            ConfigOptions.print(e.diagnostics(), err);
            return ExitCodes.INVALID_CONFIG;
        }
        err.println("zipper-bridge: cannot run '" + plan.config().name() + "': the Flink job wiring (YoMo source from"
                + " flink-connector-yomo, Wasm operator from flink-wasm-udf) is not part of this build yet");
        err.flush();
        return ExitCodes.JOB_FAILED;
    }

    /** {@code host:port} of a JobManager's REST endpoint. */
    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    static final class HostPortConverter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("expected HOST:PORT, e.g. localhost:8081, got '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("port of '" + value + "' is not a number");
            }
            if (port < 1 || port > 65_535) {
                throw new TypeConversionException("port of '" + value + "' must be between 1 and 65535");
            }
            return new HostPort(value.substring(0, colon), port);
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationParser.parse(value).filter(d -> !d.isZero()).orElseThrow(() -> new TypeConversionException(
                    "expected a positive duration such as 90s, 5min or 1h, got '" + value + "'"));
        }
    }
}
