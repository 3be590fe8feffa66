package dev.flinkyomo.e2e;

import org.apache.flink.core.execution.JobClient;

import dev.flinkyomo.e2e.ExactlyOnceCountJob.Event;

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
 * One run of exactly-once device push across a process kill: a standalone cluster with two
 * TaskManager processes of one slot each runs the acknowledging listener job ({@link
 * ExactlyOnceCountJob}: checkpoints every second to a file system directory, fixed-delay restarts).
 * An acknowledging device in the test JVM sends numbered readings at a steady rate to the
 * listener's fixed port; mid-stream the TaskManager running the listener is killed with {@code kill
 * -9}. The JobManager notices (heartbeat timeout 5 s), restarts the job from its last checkpoint on
 * the other TaskManager, whose listener binds the same port on this machine; the device reconnects
 * and resends what the restored position does not cover. The run asserts that keyed state then
 * holds every number exactly once and that the device has every frame acknowledged, and returns its
 * timings, which also go to {@code target/exactly-once-runs.txt}.
 */
final class TaskManagerKillRun {

    private static final Pattern RESTORED =
            Pattern.compile(
                    "Adding split\\(s\\) to reader: \\[YomoListenerSplit\\{[^}]*framesEmitted=(\\d+)");

    /**
     * What one run measured; times in ms after the kill.
     *
     * @param replayed frames the device had written before the kill that the restored position did
     *     not cover: what the dead TaskManager had received (or had in flight) since its last
     *     completed checkpoint, sent again
     * @param resent every frame sent again after the restart: the replayed ones and those the
     *     device wrote into the dead connection before its idle timeout told it the connection was
     *     gone
     */
    record Numbers(
            long killedAtFrame,
            long restoredPosition,
            long replayed,
            long resent,
            long runningAgain,
            long deviceBack,
            long firstCountedAgain,
            String result) {}

    private TaskManagerKillRun() {}

    static Numbers run(String label, Path dir, int frames, Duration interval, int killAfter)
            throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        long started = System.currentTimeMillis();

        try (StandaloneFlinkCluster cluster = ExactlyOnceClusterRuns.twoTaskManagers("tm-kill")) {
            ExactlyOnceClusterRuns.ListenerJob listenerJob =
                    ExactlyOnceClusterRuns.submitOnTwoTaskManagers(cluster, dir, port, frames, out);
            JobClient job = listenerJob.job();
            String jobId = listenerJob.jobId();
            String victim = listenerJob.victim();
            String survivor = listenerJob.survivor();
            long victimPid = cluster.taskManagerPid(victim);
            long survivorPid = cluster.taskManagerPid(survivor);

            try (AckingDevice device = new AckingDevice(port, "e2e-device-kill")) {
                device.connect(Duration.ofSeconds(60));
                CompletableFuture<Void> sending = device.sendAsync(frames, interval);

                // mid-stream, and after a checkpoint has acknowledged something
                device.awaitProgress(killAfter, 1, Duration.ofSeconds(60));
                long durableBeforeKill = device.client.durableSequence();
                long sentBeforeKill = device.client.lastSequence();
                assertThat(durableBeforeKill)
                        .as("a checkpoint completed before the kill")
                        .isPositive();
                assertThat(sentBeforeKill).as("the kill is mid-stream").isLessThan(frames);
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

                sending.get(120, TimeUnit.SECONDS);
                device.assertEveryFrameAcknowledged(frames);
                // keyed state, restored from the last checkpoint and fed the resent frames
                ExactlyOnceClusterRuns.assertCountedOnce(out, frames);

                List<Event> events = ExactlyOnceCountJob.events(out);
                ExactlyOnceCountJob.firstCountedBy(events, victimPid); // counted there first
                Event firstAgain = ExactlyOnceCountJob.firstCountedBy(events, survivorPid);
                assertThat(firstAgain.at()).isGreaterThan(killedAt);
                long restored = restoredPosition(cluster, survivor);
                assertThat(restored).isBetween(1L, sentBeforeKill);

                Numbers n =
                        new Numbers(
                                sentBeforeKill,
                                restored,
                                sentBeforeKill - restored,
                                device.writtenWhenLost() - restored,
                                runningAgainAt - killedAt,
                                device.backAt() - killedAt,
                                firstAgain.at() - killedAt,
                                ExactlyOnceCountJob.awaitResult(out, Duration.ZERO));
                ExactlyOnceClusterRuns.record(
                        String.format(
                                "%s: %d frames at %.0f/s; kill -9 of %s (pid %d) at frame %d"
                                        + " (durable %d); restored position %d on %s (pid %d);"
                                        + " frames replayed %d, resent in all %d; job running"
                                        + " there again %d ms after the kill; device reconnected"
                                        + " %d ms after it"
                                        + " (lost %d ms after); first frame counted again %d ms"
                                        + " after it (reading %d); result '%s'; total %d s",
                                label,
                                frames,
                                1e9 / interval.toNanos(),
                                victim,
                                victimPid,
                                sentBeforeKill,
                                durableBeforeKill,
                                restored,
                                survivor,
                                survivorPid,
                                n.replayed(),
                                n.resent(),
                                n.runningAgain(),
                                n.deviceBack(),
                                device.lostAt() - killedAt,
                                n.firstCountedAgain(),
                                firstAgain.number(),
                                n.result(),
                                (System.currentTimeMillis() - started) / 1000));
                return n;
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
                assertThat(
                                cluster.awaitJobState(
                                        jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                        .isEqualTo("CANCELED");
            }
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
