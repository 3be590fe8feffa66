package dev.flinkyomo.e2e;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.e2e.ExactlyOnceCountJob.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once device push across an upgrade (the exactly-once issue): the acknowledging listener
 * job runs on a standalone cluster while a device in this JVM sends numbered readings; mid-stream
 * the job is stopped with a savepoint ({@code stop-with-savepoint}, no drain), and a new version of
 * it (an extra step, the same uids for the listener and the keyed count) is submitted restored from
 * that savepoint. Its listener binds the same port; the device, which kept writing into its buffer,
 * reconnects and resends everything after the savepoint's position. Keyed state then holds every
 * number exactly once and the device has every frame acknowledged.
 */
class SavepointUpgradeExactlyOnceITCase {

    private static final int FRAMES = 3000;
    private static final Duration INTERVAL = Duration.ofMillis(5); // 200 per second
    private static final int STOP_AFTER = 1000;

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void stopWithSavepointAndAnUpgradedJobLoseAndRepeatNothing() throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        Path savepoints = Files.createDirectories(dir.resolve("savepoints"));
        Path jobJar = ExactlyOnceClusterRuns.jobJar(dir);
        long started = System.currentTimeMillis();

        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("savepoint"), 2, Duration.ofSeconds(90))) {
            StreamExecutionEnvironment v1 =
                    ExactlyOnceClusterRuns.environment(cluster, jobJar, checkpoints, null);
            ExactlyOnceCountJob.define(v1, port, FRAMES, out, false);
            JobClient job1 = v1.executeAsync("e2e-upgrade-v1");
            String job1Id = job1.getJobID().toHexString();
            cluster.awaitJobState(job1Id, Duration.ofSeconds(60), "RUNNING");
            ExactlyOnceClusterRuns.awaitListenerTaskManager(
                    cluster, job1Id, null, Duration.ofSeconds(60));

            JobClient job2 = null;
            try (AckingDevice device = new AckingDevice(port, "e2e-device-upgrade")) {
                device.connect(Duration.ofSeconds(60));
                CompletableFuture<Void> sending = device.sendAsync(FRAMES, INTERVAL);
                device.awaitProgress(STOP_AFTER, 1, Duration.ofSeconds(60));

                long sentAtStop = device.client.lastSequence();
                device.watchConnection();
                long stoppedAt = System.currentTimeMillis();
                String savepoint =
                        job1.stopWithSavepoint(
                                        false,
                                        savepoints.toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get(60, TimeUnit.SECONDS);
                long savepointAt = System.currentTimeMillis();
                assertThat(cluster.awaitJobState(job1Id, Duration.ofSeconds(30), "FINISHED"))
                        .isEqualTo("FINISHED");
                long durableAtStop = device.client.durableSequence();
                assertThat(device.client.lastSequence())
                        .as("the stop is mid-stream")
                        .isLessThan(FRAMES);

                StreamExecutionEnvironment v2 =
                        ExactlyOnceClusterRuns.environment(cluster, jobJar, checkpoints, savepoint);
                ExactlyOnceCountJob.define(v2, port, FRAMES, out, true);
                job2 = v2.executeAsync("e2e-upgrade-v2");
                String job2Id = job2.getJobID().toHexString();
                cluster.awaitJobState(job2Id, Duration.ofSeconds(60), "RUNNING");
                ExactlyOnceClusterRuns.awaitListenerTaskManager(
                        cluster, job2Id, null, Duration.ofSeconds(60));
                long v2RunningAt = System.currentTimeMillis();
                assertThat(cluster.getOrNull("/jobs/" + job2Id)).contains("positive (v2)");

                sending.get(90, TimeUnit.SECONDS);
                device.assertEveryFrameAcknowledged(FRAMES);
                ExactlyOnceClusterRuns.assertCountedOnce(out, FRAMES);

                List<Event> events = ExactlyOnceCountJob.events(out);
                Event firstInV2 =
                        events.stream()
                                .filter(e -> e.kind().equals("first") && e.at() > savepointAt)
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new AssertionError(
                                                        "nothing counted in v2: " + events));
                assertThat(events.stream().filter(e -> e.kind().equals("open")).count())
                        .as("the counting task opened in v1 and in v2")
                        .isEqualTo(2);

                ExactlyOnceClusterRuns.record(
                        String.format(
                                "SavepointUpgradeExactlyOnceITCase: %d frames at %d/s;"
                                        + " stop-with-savepoint at frame %d took %d ms (durable %d"
                                        + " after it); v2 restored from %s running %d ms after the"
                                        + " stop; device reconnected %d ms after it; first frame"
                                        + " counted in v2 %d ms after it (reading %d); result"
                                        + " '%s'; total %d s",
                                FRAMES,
                                1000 / INTERVAL.toMillis(),
                                sentAtStop,
                                savepointAt - stoppedAt,
                                durableAtStop,
                                savepoint,
                                v2RunningAt - stoppedAt,
                                device.backAt() - stoppedAt,
                                firstInV2.at() - stoppedAt,
                                firstInV2.number(),
                                ExactlyOnceCountJob.awaitResult(out, Duration.ZERO),
                                (System.currentTimeMillis() - started) / 1000));
                // v2 took over after the savepoint's position, which the device was told (unless
                // that last Ack was lost with the connection: then the handshake covered it)
                assertThat(firstInV2.number()).isGreaterThan(durableAtStop);
            } finally {
                if (job2 != null) {
                    job2.cancel().get(30, TimeUnit.SECONDS);
                } else {
                    try {
                        job1.cancel().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // already stopped
                    }
                }
            }
        }
    }
}
