package dev.flinkyomo.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control of {@link DeviceCommandSurvivesTaskManagerKillITCase}: the same kill with the device
 * as a stock YoMo source (no {@code --acks}, no producer id) loses readings: those written into the
 * dead connection before the device notices (its 3 s idle timeout) and those the listener emitted
 * after the last checkpoint. So the kill tests do test something.
 */
class StockDeviceLosesFramesOnTaskManagerKillITCase {

    private static final int FRAMES = 2000;
    private static final Pattern STATE = Pattern.compile("count=(\\d+) duplicates=(\\d+)");

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withoutAcknowledgementsTheKillLosesReadings() throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        try (StandaloneFlinkCluster cluster =
                ExactlyOnceClusterRuns.twoTaskManagers("stock-kill")) {
            ExactlyOnceClusterRuns.ListenerJob job =
                    ExactlyOnceClusterRuns.submitOnTwoTaskManagers(cluster, dir, port, FRAMES, out);
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
                                "--idle-timeout",
                                "3s",
                                "--connect-timeout",
                                "60s");
                ExactlyOnceClusterRuns.awaitCounting(out, Duration.ofSeconds(4));
                cluster.kill9(job.victim());
                ExactlyOnceClusterRuns.awaitListenerTaskManager(
                        cluster, job.jobId(), job.victim(), Duration.ofSeconds(60));

                int code = device.get(120, TimeUnit.SECONDS);
                // the state timer writes 1 to 2 s after the last reading
                Thread.sleep(3000);
                String state = ExactlyOnceCountJob.awaitResult(out, Duration.ZERO);
                ExactlyOnceClusterRuns.record(
                        String.format(
                                "StockDeviceLosesFramesOnTaskManagerKillITCase: device exit %d,"
                                        + " printed '%s' %s; job state %s",
                                code, stdout.toString().trim(), stderr.toString().trim(), state));
                Matcher m = STATE.matcher(state);
                assertThat(m.find()).as(state).isTrue();
                assertThat(Integer.parseInt(m.group(1)))
                        .as("readings counted without acknowledgements")
                        .isLessThan(FRAMES);
            } finally {
                job.job().cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
