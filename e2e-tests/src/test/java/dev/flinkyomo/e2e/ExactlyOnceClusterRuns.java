package dev.flinkyomo.e2e;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** What the exactly-once cluster tests share on the test side (none of it goes to the cluster). */
final class ExactlyOnceClusterRuns {

    private ExactlyOnceClusterRuns() {}

    /**
     * An environment submitting to the cluster through REST with the zipper-bridge job jar (the
     * connector) and {@code jobJar} (the job's classes): parallelism 1, checkpoints every second to
     * {@code checkpoints}, up to 20 fixed-delay restarts 1 s apart, restored from {@code savepoint}
     * unless null.
     */
    static StreamExecutionEnvironment environment(
            StandaloneFlinkCluster cluster, Path jobJar, Path checkpoints, String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(
                        "localhost",
                        cluster.restPort(),
                        conf,
                        E2eArtifacts.zipperBridgeJobJar().toString(),
                        jobJar.toString());
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        return env;
    }

    static Path jobJar(Path dir) throws IOException {
        return StandaloneClusterSmokeITCase.jarOf(
                dir.resolve("count-job.jar"), ExactlyOnceCountJob.classes());
    }

    /**
     * Appends a line to {@code target/exactly-once-runs.txt}, which outlives the test's temporary
     * directory: the numbers of each run, for reading after the build.
     */
    static void record(String line) throws IOException {
        Files.writeString(
                Path.of("target", "exactly-once-runs.txt"),
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println(line);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
