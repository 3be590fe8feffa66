package dev.flinkyomo.bridge.cli;

import dev.flinkyomo.bridge.cli.RunCommand.DurationConverter;
import dev.flinkyomo.bridge.cli.RunCommand.HostPort;
import dev.flinkyomo.bridge.cli.RunCommand.HostPortConverter;
import dev.flinkyomo.bridge.job.EmbeddedRunner;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where and how long a command's Flink job runs: embedded (default) or on a cluster. */
final class JobOptions {

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = DurationConverter.class,
            description = "Stop after this long (e.g. 90s, 5min); default: until Ctrl-C")
    Duration duration;

    @Option(
            names = "--jobmanager",
            paramLabel = "HOST:PORT",
            converter = HostPortConverter.class,
            description =
                    "Submit to this Flink cluster's REST endpoint instead of running embedded")
    HostPort jobManager;

    @Option(
            names = "--rest-port",
            paramLabel = "PORTS",
            defaultValue = EmbeddedRunner.DEFAULT_REST_PORTS,
            description =
                    "Port or range for the embedded Flink's REST endpoint and web UI (default: ${DEFAULT-VALUE})")
    String restPorts;

    @Option(
            names = "-D",
            paramLabel = "KEY=VALUE",
            description =
                    "A Flink option (any key of Flink's configuration, e.g. -D pipeline.object-reuse=true),"
                            + " for the embedded cluster and the job, or the submitted job; repeatable; wins over"
                            + " the file's flink.config")
    Map<String, String> flinkOptions = new LinkedHashMap<>();
}
