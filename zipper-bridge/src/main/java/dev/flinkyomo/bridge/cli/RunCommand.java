package dev.flinkyomo.bridge.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.config.DurationParser;
import dev.flinkyomo.bridge.config.ZipperConfig;
import dev.flinkyomo.bridge.job.BridgeJobBuilder;
import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.bridge.job.FlinkOptions;
import dev.flinkyomo.bridge.job.RemoteSubmitter;
import dev.flinkyomo.bridge.job.YomoListenerSource;
import dev.flinkyomo.bridge.job.YomoMeshSinks;
import dev.flinkyomo.bridge.job.state.Resume;
import dev.flinkyomo.bridge.plan.RoutingPlan;
import dev.flinkyomo.connector.yomo.source.YomoListenerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code zipper-bridge run FILE}, or {@code serve -c FILE} as YoMo users start a zipper: runs the
 * job embedded, or submits it to a Flink cluster.
 */
@Command(
        name = "run",
        aliases = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Runs the configuration as a Flink job on an embedded MiniCluster (web UI on a printed port),"
                        + " or submits it to a Flink cluster with --jobmanager. 'serve -c FILE' is the same"
                        + " command, as 'yomo serve -c FILE' is typed.")
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ConfigOptions options;

    @Mixin JobOptions job;

    @Mixin RestoreOptions restore;

    @Option(
            names = {"-q", "--quiet"},
            description =
                    "No status line (every 10 s on stderr: frames in, frames out, dead letters,"
                            + " devices connected) and no summary at the end")
    boolean quiet;

    /** How often the status line is printed; tests shorten it. */
    @Option(
            names = "--status-interval",
            hidden = true,
            defaultValue = "10s",
            converter = DurationConverter.class)
    Duration statusInterval;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            // yomo serve: ./.env, then ylog's YOMO_LOG_LEVEL (cli/root.go, core/ylog)
            YomoEnvironment.load(System.getenv(), List.of(Path.of(".env"))).applyLogLevel();
        } catch (YomoEnvironment.BadDotEnvException e) {
            err.println("zipper-bridge: error loading .env file: " + e.getMessage());
            err.flush();
            return ExitCodes.INVALID_CONFIG;
        }
        RoutingPlan plan;
        try {
            plan = options.plan(err);
        } catch (ConfigException e) {
            ConfigOptions.print(e.diagnostics(), err);
            return ExitCodes.INVALID_CONFIG;
        }
        ZipperConfig config = plan.config();
        if (restore.noResume && restore.fromSavepoint != null) {
            err.println("zipper-bridge: --no-resume and --from-savepoint exclude each other");
            err.flush();
            return ExitCodes.USAGE;
        }
        String jobName = "zipper-bridge " + config.name();
        BridgeJobBuilder builder = new BridgeJobBuilder(plan);
        try {
            if (job.jobManager != null) {
                // before anything else: Flink's client would retry for a minute, logging each try
                RemoteSubmitter.checkReachable(job.jobManager.host(), job.jobManager.port());
            }
            Configuration state =
                    FlinkOptions.merge(
                            stateConfiguration(config, err),
                            config.flink().config(),
                            job.flinkOptions);
            return job.jobManager == null
                    ? runEmbedded(builder, config, jobName, state)
                    : submit(builder, config, jobName, state);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.JOB_FAILED;
        } catch (RemoteSubmitter.JobManagerUnreachableException e) {
            err.println("zipper-bridge: " + e.getMessage());
            err.flush();
            return ExitCodes.JOB_FAILED;
        } catch (Exception e) {
            err.println(
                    "zipper-bridge: cannot run '"
                            + config.name()
                            + "': "
                            + EmbeddedRunner.rootMessage(e));
            err.flush();
            return ExitCodes.JOB_FAILED;
        }
    }

    /**
     * Checkpointing into the state directory and what to restore: the newest usable retained
     * checkpoint (damaged ones skipped with a warning), a savepoint, or nothing.
     */
    private Configuration stateConfiguration(ZipperConfig config, PrintWriter err)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Resume resume =
                Resume.decide(
                        config.flink(),
                        restore.fromSavepoint(),
                        restore.noResume,
                        warning -> {
                            err.println("zipper-bridge: warning: " + warning);
                            err.flush();
                        });
        resume.message().ifPresent(out::println);
        out.flush();
        return resume.configuration(config.flink(), restore.allowNonRestoredState);
    }

    private int runEmbedded(
            BridgeJobBuilder builder, ZipperConfig config, String jobName, Configuration state)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(state);
        builder.build(env, new YomoListenerSource(), new YomoMeshSinks(config.name()));
        // num-retained is read from the cluster's configuration, not the job's
        EmbeddedRunner runner = new EmbeddedRunner(out, job.restPorts, state);
        if (!quiet) {
            runner.withStatus(spec.commandLine().getErr(), statusInterval);
        }
        EmbeddedRunner.Outcome outcome =
                runner.run(
                        env,
                        jobName,
                        config.flink().parallelism(),
                        Optional.ofNullable(job.duration),
                        rest -> {
                            out.println("Flink web UI: " + rest);
                            YomoListenerRegistry.addressOf(
                                            YomoListenerSource.listenerName(config), 0)
                                    .thenAccept(
                                            address -> {
                                                // A wildcard bind is reachable locally as localhost
                                                // (and on every interface).
                                                String host =
                                                        address.getAddress() != null
                                                                        && address.getAddress()
                                                                                .isAnyLocalAddress()
                                                                ? "localhost"
                                                                : address.getHostString();
                                                out.println(
                                                        "YoMo sources connect to "
                                                                + host
                                                                + ":"
                                                                + address.getPort()
                                                                + " (QUIC, ALPN yomo"
                                                                + config.auth()
                                                                        .map(
                                                                                a ->
                                                                                        ", credential \"token:<token>\"")
                                                                        .orElse("")
                                                                + ")");
                                                out.flush();
                                            });
                        });
        return outcome == EmbeddedRunner.Outcome.FAILED ? ExitCodes.JOB_FAILED : ExitCodes.OK;
    }

    private int submit(
            BridgeJobBuilder builder, ZipperConfig config, String jobName, Configuration state)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StreamExecutionEnvironment env =
                RemoteSubmitter.environment(
                        job.jobManager.host(),
                        job.jobManager.port(),
                        state,
                        List.of(RemoteSubmitter.jobJar()));
        builder.build(env, new YomoListenerSource(), new YomoMeshSinks(config.name()));
        JobClient client =
                RemoteSubmitter.submit(
                        env, jobName, job.jobManager.host(), job.jobManager.port(), out);
        out.println(
                "YoMo sources connect to port "
                        + config.port()
                        + " of the TaskManager running the source"
                        + " (its host is shown in the web UI, task 'YoMo listener')");
        out.flush();
        if (job.duration != null) {
            Thread.sleep(job.duration.toMillis());
            client.cancel().get();
            out.println(
                    "duration "
                            + job.duration.toSeconds()
                            + " s reached: cancelled job "
                            + client.getJobID());
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** {@code host:port} of a JobManager's REST endpoint. */
    record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** {@code --jobmanager}: a Flink REST endpoint, so the example is Flink's port. */
    static final class HostPortConverter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return hostPort(value, "localhost:8081");
        }
    }

    /** {@code sfn -z}: a YoMo zipper, so the example is the zipper's port, as yomo run says. */
    static final class ZipperAddressConverter implements ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            return hostPort(value, "localhost:9000");
        }
    }

    static HostPort hostPort(String value, String example) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new TypeConversionException(
                    "expected HOST:PORT, e.g. " + example + ", got '" + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("port of '" + value + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new TypeConversionException(
                    "port of '" + value + "' must be between 1 and 65535");
        }
        return new HostPort(value.substring(0, colon), port);
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return DurationParser.parsePositive(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
