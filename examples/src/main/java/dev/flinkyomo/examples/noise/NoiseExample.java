package dev.flinkyomo.examples.noise;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.config.ConfigException;
import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.bridge.plan.Stage;
import dev.flinkyomo.examples.cli.CliConverters;
import dev.flinkyomo.examples.cli.ExampleMain;
import dev.flinkyomo.examples.common.EmbeddedExample;
import dev.flinkyomo.examples.common.ExampleFiles;
import dev.flinkyomo.examples.common.WorkflowJob;
import dev.flinkyomo.examples.simulator.NoiseGenerator;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import dev.flinkyomo.yomo.Tag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The noise example in one command: the zipper-bridge job of {@code examples/noise/workflow.yaml}
 * (a YoMo listener, the Rust Wasm noise function, print and file sinks) on an embedded Flink, fed
 * by a simulated YoMo noise sensor in the same JVM. Stops by itself after {@code --duration}.
 */
@Command(
        name = "noise-example",
        mixinStandardHelpOptions = true,
        description =
                "Runs examples/noise/workflow.yaml on an embedded Flink with a simulated noise sensor.")
public final class NoiseExample implements Callable<Integer> {

    @Option(
            names = "--workflow",
            paramLabel = "FILE",
            description = "Workflow file (default examples/noise/workflow.yaml)")
    Path workflow;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = CliConverters.DurationConverter.class,
            description =
                    "How long the job runs (default ${DEFAULT-VALUE}); the sensor stops 3 s earlier")
    Duration duration;

    @Option(
            names = "--interval",
            defaultValue = "100ms",
            converter = CliConverters.DurationConverter.class,
            description = "Time between noise readings (default ${DEFAULT-VALUE})")
    Duration interval;

    @Option(
            names = "--port",
            description = "Listen on this port instead of the workflow's (0: any free port)")
    Integer port;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the simulated noise (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--rest-port",
            defaultValue = EmbeddedRunner.DEFAULT_REST_PORTS,
            description = "Ports to try for the Flink web UI (default ${DEFAULT-VALUE})")
    String restPorts;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        NoiseReport report;
        try {
            report = run(settings(), out);
        } catch (ConfigException e) {
            e.diagnostics().forEach(out::println);
            return 1;
        }
        return EmbeddedExample.report(
                out,
                report.outcome(),
                report.summary(),
                report.alerts().stream().map(a -> "alert: " + NoiseReport.payload(a)).toList());
    }

    Settings settings() throws IOException {
        return new Settings(
                workflow != null ? workflow : ExampleFiles.locate("noise/workflow.yaml"),
                duration,
                interval,
                port,
                seed,
                restPorts);
    }

    /** One run of the example; see the options for the fields. */
    public record Settings(
            Path workflow,
            Duration duration,
            Duration interval,
            Integer port,
            long seed,
            String restPorts) {
        public Settings {
            EmbeddedExample.checkDuration(duration);
        }
    }

    /** Runs the job and the sensor, then reads what the noise function wrote. */
    public static NoiseReport run(Settings s, PrintWriter out) throws Exception {
        WorkflowJob job = WorkflowJob.load(s.workflow(), s.port(), out);
        Path results =
                job.resultFile()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                s.workflow()
                                                        + ": the noise example reads its results from a 'file' sink in flink.sinks"));
        long tag = observedTag(job);
        Files.deleteIfExists(results);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        String listener = job.listenerName();
        job.build(env);
        out.println(
                "the zipper listens on "
                        + job.config().listenAddress()
                        + "; a simulated noise sensor sends on"
                        + " tag "
                        + Tag.format(tag)
                        + " (what '"
                        + job.plan().stages().get(0).name()
                        + "' observes) every "
                        + s.interval().toMillis()
                        + " ms");
        EmbeddedExample.Device sensor =
                new EmbeddedExample.Device(
                        "noise-sensor",
                        (address, left) ->
                                SimulatedSource.builder(
                                                "noise-sensor",
                                                tag,
                                                new NoiseGenerator(s.seed(), "noise-sensor"))
                                        .endpoint(address.getHostString(), address.getPort())
                                        .interval(s.interval())
                                        .duration(left)
                                        .build());
        EmbeddedExample.Result r =
                EmbeddedExample.run(
                        env,
                        "noise example (" + s.workflow().getFileName() + ")",
                        job.config().flink().parallelism(),
                        s.duration(),
                        s.restPorts(),
                        out,
                        listener,
                        List.of(sensor));
        return NoiseReport.read(r.outcome(), r.totalSent(), results);
    }

    /** The tag the workflow's first function observes: what the sensor must send on. */
    static long observedTag(WorkflowJob job) {
        if (job.plan().stages().isEmpty()) {
            throw new IllegalArgumentException(
                    job.config().file() + ": the noise example needs a function to run");
        }
        Stage first = job.plan().stages().get(0);
        Set<Long> tags = first.function().observedTags();
        if (tags.size() != 1) {
            throw new IllegalArgumentException(
                    job.config().file()
                            + ": function '"
                            + first.name()
                            + "' should observe exactly one tag for the sensor to send on, but observes "
                            + tags);
        }
        return tags.iterator().next();
    }

    public static void main(String[] args) {
        System.exit(ExampleMain.execute(new NoiseExample(), args));
    }
}
