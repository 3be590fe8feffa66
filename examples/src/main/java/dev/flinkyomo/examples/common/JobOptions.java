package dev.flinkyomo.examples.common;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.cli.CliConverters;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options of the DataStream/SQL examples: how long, where Flink listens, where results go. */
public final class JobOptions {

    @Option(
            names = "--duration",
            defaultValue = "20s",
            converter = CliConverters.DurationConverter.class,
            description =
                    "How long the job runs (default ${DEFAULT-VALUE}); the devices stop 3 s earlier")
    public Duration duration;

    @Option(
            names = "--port",
            defaultValue = "9000",
            description =
                    "Port of Flink's YoMo listener (0: any free port; default ${DEFAULT-VALUE})")
    public int port;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "Output directory (default examples/target/<example>)")
    Path output;

    @Option(
            names = "--rest-port",
            defaultValue = EmbeddedRunner.DEFAULT_REST_PORTS,
            description = "Ports to try for the Flink web UI (default ${DEFAULT-VALUE})")
    public String restPorts;

    /** The output directory given, or the example's default. */
    public Path output(String example) {
        return output != null ? output : ExampleFiles.outputDir(example);
    }
}
