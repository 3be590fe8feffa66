package dev.flinkyomo.e2e;

import dev.flinkyomo.e2e.ExactlyOnceCountJob.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's view of the exactly-once issue: the examples' {@code device} command (what {@code
 * bin/yomo-device} runs) with {@code --acks} against the acknowledging listener job on two
 * TaskManager processes, the listener's TaskManager killed with {@code kill -9} mid-stream. The
 * command must end with {@code sent 2000, acknowledged 2000} and exit 0, and the job's keyed state
 * must hold every reading once.
 */
class DeviceCommandSurvivesTaskManagerKillITCase {

    private static final int FRAMES = 2000;

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theDeviceCommandEndsWithEveryReadingAcknowledgedAndCountedOnce() throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        try (StandaloneFlinkCluster cluster =
                ExactlyOnceClusterRuns.twoTaskManagers("device-kill")) {
            ExactlyOnceClusterRuns.ListenerJob job =
                    ExactlyOnceClusterRuns.submitOnTwoTaskManagers(cluster, dir, port, FRAMES, out);
            long victimPid = cluster.taskManagerPid(job.victim());
            long survivorPid = cluster.taskManagerPid(job.survivor());
            try {
                CompletableFuture<Integer> device =
                        ExactlyOnceClusterRuns.deviceCommand(
                                stdout,
                                stderr,
                                "--host",
                                "127.0.0.1",
                                "--port",
                                String.valueOf(port),
                                "--count",
                                String.valueOf(FRAMES),
                                "--rate",
                                "200",
                                "--producer-id",
                                "e2e-cli-device",
                                "--acks",
                                "--idle-timeout",
                                "3s",
                                "--wait-durable",
                                "60s",
                                "--connect-timeout",
                                "60s");

                // about a third of the way: 4 s after the first reading was counted
                ExactlyOnceClusterRuns.awaitCounting(out, Duration.ofSeconds(4));
                assertThat(device).as("still sending at the kill").isNotDone();
                long killedAt = System.currentTimeMillis();
                cluster.kill9(job.victim());
                ExactlyOnceClusterRuns.awaitListenerTaskManager(
                        cluster, job.jobId(), job.victim(), Duration.ofSeconds(60));

                assertThat(device.get(120, TimeUnit.SECONDS)).as(stderr.toString()).isZero();
                assertThat(stdout.toString())
                        .isEqualTo(
                                "sent "
                                        + FRAMES
                                        + ", acknowledged "
                                        + FRAMES
                                        + System.lineSeparator());
                ExactlyOnceClusterRuns.assertCountedOnce(out, FRAMES);
                List<Event> events = ExactlyOnceCountJob.events(out);
                ExactlyOnceCountJob.firstCountedBy(events, victimPid);
                Event firstAgain = ExactlyOnceCountJob.firstCountedBy(events, survivorPid);
                ExactlyOnceClusterRuns.record(
                        String.format(
                                "DeviceCommandSurvivesTaskManagerKillITCase: device printed '%s';"
                                        + " restored position %d; first reading counted again %d"
                                        + " ms after the kill (reading %d); result '%s'",
                                stdout.toString().trim(),
                                TaskManagerKillRun.restoredPosition(cluster, job.survivor()),
                                firstAgain.at() - killedAt,
                                firstAgain.number(),
                                ExactlyOnceCountJob.awaitResult(out, Duration.ZERO)));
            } finally {
                job.job().cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
