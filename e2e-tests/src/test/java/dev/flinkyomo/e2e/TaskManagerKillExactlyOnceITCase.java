package dev.flinkyomo.e2e;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.AckOptions;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once device push across a process kill (the exactly-once issue): a standalone cluster
 * with two TaskManager processes of one slot each runs the acknowledging listener job ({@link
 * ExactlyOnceCountJob}: checkpoints every second to a file system directory, fixed-delay restarts).
 * An acknowledging device in this JVM sends numbered readings at a steady rate to the listener's
 * fixed port; mid-stream the TaskManager running the listener is killed with {@code kill -9}. The
 * JobManager notices (heartbeat timeout 5 s), restarts the job from its last checkpoint on the
 * other TaskManager, whose listener binds the same port on this machine; the device reconnects and
 * resends what the restored position does not cover. Keyed state then holds every number exactly
 * once, and the device has every frame acknowledged.
 */
class TaskManagerKillExactlyOnceITCase {

    private static final Logger LOG =
            LoggerFactory.getLogger(TaskManagerKillExactlyOnceITCase.class);

    private static final int FRAMES = 3000;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5); // 200 per second
    private static final int KILL_AFTER = 1000;
    private static final Pattern EVENT =
            Pattern.compile("(open|first) pid=(\\d+)(?: n=(\\d+))? at=(\\d+)");

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killingTheListenersTaskManagerLosesAndRepeatsNothing() throws Exception {
        int port = freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        Path jobJar =
                StandaloneClusterSmokeITCase.jarOf(
                        dir.resolve("count-job.jar"), ExactlyOnceCountJob.classes());

        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("tm-kill"),
                        2,
                        1,
                        Map.of("heartbeat.interval", "1000", "heartbeat.timeout", "5000"),
                        Duration.ofSeconds(90))) {
            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(1));
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createRemoteEnvironment(
                            "localhost",
                            cluster.restPort(),
                            conf,
                            E2eArtifacts.zipperBridgeJobJar().toString(),
                            jobJar.toString());
            env.setParallelism(1);
            env.enableCheckpointing(1000);
            ExactlyOnceCountJob.define(env, port, FRAMES, out);
            JobClient job = env.executeAsync("e2e-tm-kill");
            String jobId = job.getJobID().toHexString();
            cluster.awaitJobState(jobId, Duration.ofSeconds(60), "RUNNING");
            String victim = awaitListenerTaskManager(cluster, jobId, null, Duration.ofSeconds(60));
            long victimPid = cluster.taskManagerPid(victim);
            String survivor =
                    cluster.taskManagerIds().stream()
                            .filter(id -> !id.equals(victim))
                            .findFirst()
                            .orElseThrow();

            ClientOptions options =
                    ClientOptions.builder("127.0.0.1", port, "e2e-device", ClientType.SOURCE)
                            .acknowledgements(AckOptions.of("e2e-device-1").withRequired(true))
                            // notice the killed listener quickly: QUIC gets no close from it
                            .idleTimeout(Duration.ofSeconds(3))
                            .keepAlive(Duration.ofSeconds(1))
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                            .build();
            try (YomoClient device = new YomoClient(options, YomoClientListener.NO_OP)) {
                device.start().get(60, TimeUnit.SECONDS);
                assertThat(device.acknowledgementsGranted()).isTrue();
                CompletableFuture<Void> sending =
                        CompletableFuture.runAsync(() -> sendNumbered(device));

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while ((device.lastSequence() < KILL_AFTER || device.durableSequence() == 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                long durableBeforeKill = device.durableSequence();
                long sentBeforeKill = device.lastSequence();
                assertThat(durableBeforeKill)
                        .as("a checkpoint completed before the kill")
                        .isPositive();
                long killedAt = System.currentTimeMillis();
                cluster.kill9(victim);
                LOG.info(
                        "killed {} (pid {}) at frame {}, durable {}",
                        victim,
                        victimPid,
                        sentBeforeKill,
                        durableBeforeKill);

                String restartedOn =
                        awaitListenerTaskManager(cluster, jobId, victim, Duration.ofSeconds(60));
                long restartedAt = System.currentTimeMillis();
                assertThat(restartedOn).isEqualTo(survivor);

                sending.get(90, TimeUnit.SECONDS);
                assertThat(device.lastSequence()).isEqualTo(FRAMES);
                assertThat(device.awaitDurable(FRAMES, Duration.ofSeconds(60)))
                        .as("every frame acknowledged (durable %d)", device.durableSequence())
                        .isTrue();
                assertThat(device.unacknowledgedFrames()).isZero();

                Path result = out.resolve("result");
                String counted = awaitResult(result, Duration.ofSeconds(30));
                assertThat(counted).isEqualTo("count=" + FRAMES + " duplicates=0");

                List<String> events = Files.readAllLines(out.resolve("events"));
                long survivorPid = cluster.taskManagerPid(survivor);
                long firstAgain =
                        events.stream()
                                .map(EVENT::matcher)
                                .filter(Matcher::matches)
                                .filter(m -> m.group(1).equals("first"))
                                .filter(m -> Long.parseLong(m.group(2)) == survivorPid)
                                .mapToLong(m -> Long.parseLong(m.group(4)))
                                .min()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        "no frame counted on "
                                                                + survivor
                                                                + ": "
                                                                + events));
                assertThat(events)
                        .anyMatch(e -> e.startsWith("first pid=" + victimPid + " "))
                        .anyMatch(e -> e.startsWith("open pid=" + survivorPid + " "));
                LOG.info(
                        "{} frames, killed at frame {} (durable {}); job running again on {} after"
                                + " {} ms, first frame counted there {} ms after the kill; events {}",
                        FRAMES,
                        sentBeforeKill,
                        durableBeforeKill,
                        survivor,
                        restartedAt - killedAt,
                        firstAgain - killedAt,
                        events);
                Files.writeString(
                        dir.resolve("timings"),
                        "kill->running "
                                + (restartedAt - killedAt)
                                + " ms, kill->first frame "
                                + (firstAgain - killedAt)
                                + " ms");
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                    .isEqualTo("CANCELED");
        }
    }

    /** Numbered readings 1..FRAMES at a steady rate; writes block while the buffer is full. */
    private static void sendNumbered(YomoClient device) {
        long start = System.nanoTime();
        for (int i = 1; i <= FRAMES; i++) {
            long due = start + (i - 1) * INTERVAL_NANOS;
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
            byte[] payload = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            device.write(new DataFrame(0x33, new byte[0], payload));
            device.flush();
        }
    }

    /**
     * The TaskManager running the listener's subtask, once it is RUNNING there (and, with {@code
     * not}, on another one than that).
     */
    private static String awaitListenerTaskManager(
            StandaloneFlinkCluster cluster, String jobId, String not, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> tm =
                    cluster.taskManagerRunning(jobId, ExactlyOnceCountJob.SOURCE_NAME);
            if (tm.isPresent() && !tm.get().equals(not)) {
                return tm.get();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "the listener of job "
                        + jobId
                        + " is not running"
                        + (not == null ? "" : " on another TaskManager than " + not)
                        + " after "
                        + timeout
                        + "\n"
                        + cluster.logTails());
    }

    private static String awaitResult(Path result, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(result) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return Files.exists(result) ? Files.readString(result) : "(no result)";
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
