package dev.flinkyomo.e2e;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream function connected to the job, on a standalone cluster with two TaskManager processes
 * (the complete-zipper issue's two-TaskManager case): the job's listener and the sink to connected
 * functions share one slot; {@code kill -9} of that TaskManager moves both to the other one, the
 * function and the device redial the same address and the function is served again there. Readings
 * sent while the job is down are lost, as with a YoMo zipper that restarts (at most once); the test
 * checks that echoes come from both TaskManagers and that every reading sent after the function was
 * served again comes back.
 */
class ConnectedFunctionSurvivesTaskManagerKillITCase {

    @TempDir Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theFunctionIsServedAgainOnTheOtherTaskManager() throws Exception {
        int port = ExactlyOnceClusterRuns.freeUdpPort();
        Path out = Files.createDirectories(dir.resolve("out"));
        try (StandaloneFlinkCluster cluster =
                ExactlyOnceClusterRuns.twoTaskManagers("functions-kill")) {
            Path jobJar =
                    StandaloneClusterSmokeITCase.jarOf(
                            dir.resolve("functions-job.jar"), ConnectedFunctionJob.classes());
            StreamExecutionEnvironment env =
                    ExactlyOnceClusterRuns.environment(
                            cluster,
                            jobJar,
                            Files.createDirectories(dir.resolve("checkpoints")),
                            null);
            ConnectedFunctionJob.define(env, port, out);
            ExactlyOnceClusterRuns.ListenerJob job =
                    ExactlyOnceClusterRuns.submit(
                            cluster, env, "e2e-functions", ConnectedFunctionJob.SOURCE_NAME);
            long victimPid = cluster.taskManagerPid(job.victim());
            long survivorPid = cluster.taskManagerPid(job.survivor());
            try (YomoClient function = echoFunction(port);
                    YomoClient device = client(port, "e2e-device", ClientType.SOURCE)) {
                function.start().get(60, TimeUnit.SECONDS);
                device.start().get(60, TimeUnit.SECONDS);
                int[] before = sendUntilEchoed(device, out, 1, victimPid);

                cluster.kill9(job.victim());
                ExactlyOnceClusterRuns.awaitTaskManagerRunning(
                        cluster,
                        job.jobId(),
                        ConnectedFunctionJob.SOURCE_NAME,
                        job.victim(),
                        Duration.ofSeconds(60));
                // both redial with backoff; send until the function, served again, echoes
                int servedAgainFrom = sendUntilEchoed(device, out, before[1] + 1, survivorPid)[0];
                for (int i = servedAgainFrom + 1; i <= servedAgainFrom + 50; i++) {
                    device.send(reading(i));
                    Thread.sleep(10);
                }
                awaitEcho(out, servedAgainFrom + 50, survivorPid, Duration.ofSeconds(30));
                List<String> echoes = ConnectedFunctionJob.echoes(out);
                for (int i = servedAgainFrom; i <= servedAgainFrom + 50; i++) {
                    assertThat(echoes).contains("reading-" + i + " pid=" + survivorPid);
                }
                ExactlyOnceClusterRuns.record(
                        String.format(
                                "ConnectedFunctionSurvivesTaskManagerKillITCase: first echo"
                                        + " served by pid %d for reading %d, by pid %d (after"
                                        + " the kill) for reading %d; %d echoes in all",
                                victimPid, before[0], survivorPid, servedAgainFrom, echoes.size()));
            } finally {
                job.job().cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Sends readings from {@code from} on, every 100 ms, until one comes back echoed by the
     * TaskManager {@code pid}; returns its number and the last number sent.
     */
    private static int[] sendUntilEchoed(YomoClient device, Path out, int from, long pid)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        for (int i = from; System.nanoTime() < deadline; i++) {
            if (device.isConnected()) {
                device.send(reading(i));
            }
            Thread.sleep(100);
            for (String e : ConnectedFunctionJob.echoes(out)) {
                if (e.endsWith(" pid=" + pid)) {
                    return new int[] {
                        Integer.parseInt(e.substring("reading-".length(), e.indexOf(' '))), i
                    };
                }
            }
        }
        throw new AssertionError("no echo served by pid " + pid + " within 90 s");
    }

    private static void awaitEcho(Path out, int reading, long pid, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String wanted = "reading-" + reading + " pid=" + pid;
        while (!ConnectedFunctionJob.echoes(out).contains(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static DataFrame reading(int i) {
        return new DataFrame(0x33, new byte[0], ("reading-" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** A stream function observing 0x33 that writes each frame back on 0x34 (YoMo's ctx.Write). */
    private static YomoClient echoFunction(int port) {
        AtomicReference<YomoClient> self = new AtomicReference<>();
        YomoClient f =
                new YomoClient(
                        options(port, "e2e-echo", ClientType.STREAM_FUNCTION)
                                .observeDataTags(List.of(0x33L))
                                .build(),
                        new YomoClientListener() {
                            @Override
                            public void onData(DataFrame frame) {
                                self.get()
                                        .send(
                                                new DataFrame(
                                                        0x34, frame.metadata(), frame.payload()));
                            }
                        });
        self.set(f);
        return f;
    }

    private static YomoClient client(int port, String name, ClientType type) {
        return new YomoClient(options(port, name, type).build(), YomoClientListener.NO_OP);
    }

    /** A killed listener sends no close: a short idle timeout finds out, then redial fast. */
    private static ClientOptions.Builder options(int port, String name, ClientType type) {
        return ClientOptions.builder("127.0.0.1", port, name, type)
                .idleTimeout(Duration.ofSeconds(3))
                .keepAlive(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }
}
