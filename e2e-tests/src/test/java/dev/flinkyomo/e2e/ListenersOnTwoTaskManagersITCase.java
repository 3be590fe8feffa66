package dev.flinkyomo.e2e;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.yomo.interop.YomoPeerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a listener source of parallelism 2 on two TaskManager processes of one slot each. Each
 * subtask binds {@code base + subtask} on its own TaskManager, says where in its log line and its
 * {@code yomo.boundAddress} gauge (read through REST), and a Go {@code yomo-peer source} per port
 * gets every one of its frames counted, by the subtask of that port.
 */
class ListenersOnTwoTaskManagersITCase {

    private static final int FRAMES = 2000;
    private static final int PARALLELISM = 2;

    @TempDir Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void eachSubtaskListensOnItsOwnPortOnItsOwnTaskManager() throws Exception {
        long started = System.nanoTime();
        Path out = Files.createDirectories(dir.resolve("out"));
        int base = freeUdpPortPair();
        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("two-tm-listeners"),
                        2,
                        1,
                        // the JobManager fetches metrics for REST every second (default 10 s)
                        Map.of("metrics.fetcher.update-interval", "1000"),
                        Duration.ofSeconds(90))) {
            StreamExecutionEnvironment env =
                    ExactlyOnceClusterRuns.environment(
                            cluster,
                            StandaloneClusterSmokeITCase.jarOf(
                                    dir.resolve("per-device-job.jar"), PerDeviceCountJob.classes()),
                            Files.createDirectories(dir.resolve("checkpoints")),
                            null);
            PerDeviceCountJob.define(env, base, PARALLELISM, out);
            String jobId =
                    ExactlyOnceClusterRuns.submit(
                                    cluster,
                                    env,
                                    "e2e-two-tm-listeners",
                                    PerDeviceCountJob.SOURCE_NAME)
                            .jobId();

            // where each subtask runs, from REST: one per TaskManager
            Map<Integer, String> taskManagers = awaitAllRunning(cluster, jobId);
            assertThat(taskManagers.values())
                    .as("the subtasks' TaskManagers")
                    .containsExactlyInAnyOrderElementsOf(cluster.taskManagerIds());

            // each announces its port, its TaskManager's host and id in that TaskManager's log
            for (int i = 0; i < PARALLELISM; i++) {
                String tm = taskManagers.get(i);
                awaitLogLine(
                        cluster,
                        tm,
                        "listener-"
                                + i
                                + " of source '"
                                + PerDeviceCountJob.LISTENER_NAME
                                + "' listens on 0.0.0.0:"
                                + (base + i)
                                + " (reachable as localhost:"
                                + (base + i)
                                + ", TaskManager "
                                + tm
                                + ")");
            }

            // one Go source per port, at the same time
            List<YomoPeerProcess> devices = new ArrayList<>();
            try {
                for (int i = 0; i < PARALLELISM; i++) {
                    devices.add(
                            YomoPeerProcess.start(
                                    "source",
                                    "--addr",
                                    "127.0.0.1:" + (base + i),
                                    "--name",
                                    "dev-" + i,
                                    "--id",
                                    "dev-" + i,
                                    "--count",
                                    String.valueOf(FRAMES),
                                    "--timeout",
                                    "60s"));
                }
                for (int i = 0; i < PARALLELISM; i++) {
                    YomoPeerProcess device = devices.get(i);
                    assertThat(device.awaitExit(Duration.ofSeconds(60)))
                            .as("yomo-peer source dev-%d%s", i, device.describe())
                            .isZero();
                }
            } finally {
                devices.forEach(YomoPeerProcess::close);
            }

            // every frame counted once, by the subtask of the port it was sent to
            for (int i = 0; i < PARALLELISM; i++) {
                PerDeviceCountJob.Counts counts = awaitCounts(out, "dev-" + i);
                long pid = cluster.taskManagerPid(taskManagers.get(i));
                assertThat(counts)
                        .as("dev-%d's frames", i)
                        .isEqualTo(
                                new PerDeviceCountJob.Counts(
                                        FRAMES, FRAMES, "[" + i + "]", "[" + pid + "]"));
            }
            try (var files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted())
                        .as("devices counted")
                        .containsExactly("dev-0", "dev-1");
            }

            // the boundAddress gauge of each subtask, through REST
            String vertex = cluster.vertexId(jobId, PerDeviceCountJob.SOURCE_NAME).orElseThrow();
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < PARALLELISM; i++) {
                addresses.add(awaitMetric(cluster, jobId, vertex, i, ".yomo.boundAddress"));
            }
            assertThat(addresses).containsExactly("localhost:" + base, "localhost:" + (base + 1));

            cluster.cancel(jobId);
            cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED");
            ExactlyOnceClusterRuns.record(
                    "ListenersOnTwoTaskManagersITCase: listener-0 on "
                            + taskManagers.get(0)
                            + ", listener-1 on "
                            + taskManagers.get(1)
                            + "; boundAddress "
                            + addresses
                            + "; "
                            + FRAMES
                            + " frames per device counted once each; total "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                            + " s");
        }
    }

    private static Map<Integer, String> awaitAllRunning(StandaloneFlinkCluster cluster, String job)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<Integer, String> running = Map.of();
        while (System.nanoTime() < deadline) {
            running = cluster.taskManagersRunning(job, PerDeviceCountJob.SOURCE_NAME);
            if (running.size() == PARALLELISM) {
                return running;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "the listener's subtasks running: " + running + "\n" + cluster.logTails());
    }

    private static void awaitLogLine(StandaloneFlinkCluster cluster, String tm, String line)
            throws IOException, InterruptedException {
        Path log = cluster.taskManagerLog(tm);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + line + "' in " + log + "\n" + cluster.logTails());
    }

    private static PerDeviceCountJob.Counts awaitCounts(Path out, String device)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        PerDeviceCountJob.Counts counts = PerDeviceCountJob.Counts.read(out, device);
        while ((counts == null || counts.frames() < FRAMES) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            counts = PerDeviceCountJob.Counts.read(out, device);
        }
        Thread.sleep(500); // anything more (a duplicate) would come right after
        return PerDeviceCountJob.Counts.read(out, device);
    }

    private static String awaitMetric(
            StandaloneFlinkCluster cluster, String job, String vertex, int subtask, String suffix)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<String> value = cluster.subtaskMetric(job, vertex, subtask, suffix);
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no metric *" + suffix + " of subtask " + subtask + " after 30 s");
    }

    /** A port p such that p and p + 1 are both free for UDP on every address. */
    private static int freeUdpPortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(0))) {
                int p = first.getLocalPort();
                if (p >= 65535) {
                    continue;
                }
                try (DatagramSocket second = new DatagramSocket(new InetSocketAddress(p + 1))) {
                    return p;
                } catch (SocketException taken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no two consecutive free UDP ports");
    }
}
