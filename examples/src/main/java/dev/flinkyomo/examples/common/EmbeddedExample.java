package dev.flinkyomo.examples.common;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.bridge.job.EmbeddedRunner;
import dev.flinkyomo.examples.simulator.SimulatedSource;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Runs an example job on the zipper-bridge's embedded MiniCluster (web UI on a printed port) for a
 * fixed time, with its simulated devices sending from the moment the job's YoMo listener binds
 * until {@link #DRAIN} before the end, so their last frames still make it through the job.
 */
public final class EmbeddedExample {

    /** Devices stop this long before the job is stopped. */
    public static final Duration DRAIN = Duration.ofSeconds(3);

    /** The shortest run that leaves devices time to send after a cold start (a few seconds). */
    public static final Duration MIN_DURATION = Duration.ofSeconds(8);

    private EmbeddedExample() {}

    /**
     * A device of the example.
     *
     * @param factory builds the source from the address to dial and the time left to send
     */
    public record Device(
            String name, BiFunction<InetSocketAddress, Duration, SimulatedSource> factory) {}

    /** How the job ended and how many frames each device sent (in device order). */
    public record Result(EmbeddedRunner.Outcome outcome, List<Long> sent) {

        public long totalSent() {
            return sent.stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Prints a run's summary and the first five detail lines (rejected inputs, alerts); the exit
     * code.
     */
    public static int report(
            PrintWriter out, EmbeddedRunner.Outcome outcome, String summary, List<String> details) {
        out.println(summary);
        details.stream().limit(5).forEach(d -> out.println("  " + d));
        return outcome == EmbeddedRunner.Outcome.FAILED ? 1 : 0;
    }

    public static void checkDuration(Duration duration) {
        if (duration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException(
                    "duration must be at least "
                            + MIN_DURATION.toSeconds()
                            + " s (devices stop "
                            + DRAIN.toSeconds()
                            + " s before the job), got "
                            + duration.toSeconds()
                            + " s");
        }
    }

    /**
     * Runs the job built in {@code env} for {@code duration}; its YoMo listener must register as
     * {@code listenerName}. Device failures are rethrown after the job has stopped.
     */
    public static Result run(
            StreamExecutionEnvironment env,
            String jobName,
            int slots,
            Duration duration,
            String restPorts,
            PrintWriter out,
            String listenerName,
            List<Device> devices)
            throws Exception {
        checkDuration(duration);
        try (DeviceLauncher launcher = new DeviceLauncher(listenerName, duration)) {
            EmbeddedRunner.Outcome outcome =
                    new EmbeddedRunner(out, restPorts)
                            .run(
                                    env,
                                    jobName,
                                    slots,
                                    Optional.of(duration),
                                    webUi -> {
                                        long sendUntil =
                                                System.nanoTime() + duration.minus(DRAIN).toNanos();
                                        devices.forEach(
                                                d ->
                                                        launcher.launch(
                                                                d.name(), sendUntil, d.factory()));
                                    });
            launcher.close();
            if (outcome == EmbeddedRunner.Outcome.FAILED) {
                return new Result(outcome, devices.stream().map(d -> 0L).toList());
            }
            return new Result(outcome, launcher.await(Duration.ofSeconds(30)));
        }
    }
}
