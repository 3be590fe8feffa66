package dev.flinkyomo.e2e;

import org.apache.flink.core.execution.JobClient;

import dev.flinkyomo.e2e.ExactlyOnceCountJob.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * once, and the device has every frame acknowledged. Timings go to {@code
 * target/exactly-once-runs.txt}.
 */
class TaskManagerKillExactlyOnceITCase {

    private static final int FRAMES = 3000;
    private static final Duration INTERVAL = Duration.ofMillis(5); // 200 per second
    private static final int KILL_AFTER = 1000;
    private static final Pattern RESTORED =
            Pattern.compile(
                    "Adding split\\(s\\) to reader: \\[YomoListenerSplit\\{[^}]*framesEmitted=(\\d+)");

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void killingTheListenersTaskManagerLosesAndRepeatsNothing() throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        long started = System.currentTimeMillis();

        try (StandaloneFlinkCluster cluster = ExactlyOnceClusterRuns.twoTaskManagers("tm-kill")) {
            ExactlyOnceClusterRuns.ListenerJob listenerJob =
                    ExactlyOnceClusterRuns.submitOnTwoTaskManagers(cluster, dir, port, FRAMES, out);
            JobClient job = listenerJob.job();
            String jobId = listenerJob.jobId();
            String victim = listenerJob.victim();
            String survivor = listenerJob.survivor();
            long victimPid = cluster.taskManagerPid(victim);
            long survivorPid = cluster.taskManagerPid(survivor);

            try (AckingDevice device = new AckingDevice(port, "e2e-device-kill")) {
                device.connect(Duration.ofSeconds(60));
                CompletableFuture<Void> sending = device.sendAsync(FRAMES, INTERVAL);

                // mid-stream, and after a checkpoint has acknowledged something
                device.awaitProgress(KILL_AFTER, 1, Duration.ofSeconds(60));
                long durableBeforeKill = device.client.durableSequence();
                long sentBeforeKill = device.client.lastSequence();
                assertThat(durableBeforeKill)
                        .as("a checkpoint completed before the kill")
                        .isPositive();
                assertThat(sentBeforeKill).as("the kill is mid-stream").isLessThan(FRAMES);
                device.watchConnection();
                long killedAt = System.currentTimeMillis();
                cluster.kill9(victim);
                assertThat(cluster.isAlive(victim)).isFalse();

                String restartedOn =
                        ExactlyOnceClusterRuns.awaitListenerTaskManager(
                                cluster, jobId, victim, Duration.ofSeconds(60));
                long runningAgainAt = System.currentTimeMillis();
                assertThat(restartedOn).isEqualTo(survivor);
                assertThat(cluster.isAlive(survivor)).isTrue();

                sending.get(90, TimeUnit.SECONDS);
                assertThat(device.client.lastSequence()).isEqualTo(FRAMES);
                assertThat(device.client.awaitDurable(FRAMES, Duration.ofSeconds(60)))
                        .as(
                                "every frame acknowledged (durable %d)",
                                device.client.durableSequence())
                        .isTrue();
                assertThat(device.client.unacknowledgedFrames()).isZero();

                // keyed state, restored from the last checkpoint and fed the resent frames
                assertThat(ExactlyOnceCountJob.awaitResult(out, Duration.ofSeconds(30)))
                        .isEqualTo("count=" + FRAMES + " duplicates=0");

                List<Event> events = ExactlyOnceCountJob.events(out);
                ExactlyOnceCountJob.firstCountedBy(events, victimPid); // counted there first
                Event firstAgain = ExactlyOnceCountJob.firstCountedBy(events, survivorPid);
                assertThat(firstAgain.at()).isGreaterThan(killedAt);
                long restored = restoredPosition(cluster, survivor);
                assertThat(restored).isBetween(1L, sentBeforeKill);

                ExactlyOnceClusterRuns.record(
                        String.format(
                                "TaskManagerKillExactlyOnceITCase: %d frames at %d/s; kill -9 of %s"
                                        + " (pid %d) at frame %d (durable %d); restored position"
                                        + " %d on %s (pid %d); job running there again %d ms after"
                                        + " the kill; device reconnected %d ms after it (lost %d"
                                        + " ms after); first frame counted again %d ms after it"
                                        + " (reading %d); result '%s'; total %d s",
                                FRAMES,
                                1000 / INTERVAL.toMillis(),
                                victim,
                                victimPid,
                                sentBeforeKill,
                                durableBeforeKill,
                                restored,
                                survivor,
                                survivorPid,
                                runningAgainAt - killedAt,
                                device.backAt() - killedAt,
                                device.lostAt() - killedAt,
                                firstAgain.at() - killedAt,
                                firstAgain.number(),
                                ExactlyOnceCountJob.awaitResult(out, Duration.ZERO),
                                (System.currentTimeMillis() - started) / 1000));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                    .isEqualTo("CANCELED");
        }
    }

    /** The listener split's emitted-frames count the survivor restored from the checkpoint. */
    static long restoredPosition(StandaloneFlinkCluster cluster, String taskManager)
            throws IOException {
        String log =
                Files.readString(
                        cluster.logDir()
                                .resolve("taskmanager-" + taskManager.substring(3) + ".log"));
        Matcher m = RESTORED.matcher(log);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
