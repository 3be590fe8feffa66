package dev.flinkyomo.examples.simulator;

import dev.flinkyomo.examples.cli.CliConverters;
import dev.flinkyomo.examples.cli.ExampleMain;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The command line every simulator shares: where to connect, how many frames for how long, and
 * running until done or Ctrl-C. Subclasses add their device's options and build the source.
 */
abstract class SimulatorCommand implements Callable<Integer> {

    /**
     * YoMo's sources read the zipper address from this variable ({@code localhost:9000} if unset).
     */
    static final String ZIPPER_ENV = "YOMO_ZIPPER_ENDPOINT";

    @Spec CommandSpec spec;

    @Option(
            names = "--zipper",
            paramLabel = "HOST:PORT",
            converter = CliConverters.EndpointConverter.class,
            defaultValue = "${env:" + ZIPPER_ENV + ":-localhost:9000}",
            description =
                    "Zipper (or zipper-bridge) to send to; default $"
                            + ZIPPER_ENV
                            + " or localhost:9000")
    CliConverters.Endpoint zipper;

    @Option(
            names = "--credential",
            paramLabel = "NAME:PAYLOAD",
            description = "Credential for a zipper with auth, e.g. token:secret")
    String credential;

    @Option(
            names = "--connect-timeout",
            paramLabel = "D",
            defaultValue = "30s",
            converter = CliConverters.DurationConverter.class,
            description =
                    "How long to keep dialling a zipper that is not up yet (default ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Stop after N frames (default: no limit)")
    Long count;

    @Option(
            names = "--duration",
            paramLabel = "D",
            converter = CliConverters.DurationConverter.class,
            description = "Stop after this long, e.g. 30s (default: no limit; Ctrl-C stops)")
    Duration duration;

    /**
     * The device: name, tag, generator and interval; connection and pacing are applied by the
     * caller.
     */
    abstract SimulatedSource.Builder device();

    @Override
    public Integer call() throws Exception {
        CliConverters.Endpoint target = endpoint();
        SimulatedSource.Builder b =
                device().endpoint(target.host(), target.port())
                        .credential(credential)
                        .connectTimeout(connectTimeout)
                        .duration(duration);
        if (count != null) {
            b.count(count);
        }
        SimulatedSource source = b.build();
        Thread main = Thread.currentThread();
        Thread hook =
                new Thread(
                        () -> {
                            source.stop();
                            try {
                                main.join(5_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        source.name() + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long sent = source.run();
            return report(source, sent);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook has stopped the source
            }
        }
    }

    /** Where to send: {@code --zipper} unless a device overrides it. */
    CliConverters.Endpoint endpoint() {
        return zipper;
    }

    /** Prints the result of a finished run; returns the exit code. */
    int report(SimulatedSource source, long sent) {
        spec.commandLine().getOut().println(source.name() + ": sent " + sent + " frames");
        spec.commandLine().getOut().flush();
        return 0;
    }

    static void main(SimulatorCommand command, String[] args) {
        System.exit(ExampleMain.execute(command, args));
    }
}
