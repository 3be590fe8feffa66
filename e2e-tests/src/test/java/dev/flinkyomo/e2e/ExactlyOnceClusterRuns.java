package dev.flinkyomo.e2e;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import dev.flinkyomo.examples.simulator.DeviceSimulator;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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

    /**
     * Two TaskManager processes of one slot each; the JobManager declares a TaskManager lost after
     * 5 s without heartbeats (a killed process answers none).
     */
    static StandaloneFlinkCluster twoTaskManagers(String name)
            throws IOException, InterruptedException {
        return StandaloneFlinkCluster.start(
                StandaloneFlinkCluster.workDir(name),
                2,
                1,
                Map.of("heartbeat.interval", "1000", "heartbeat.timeout", "5000"),
                Duration.ofSeconds(90));
    }

    /**
     * The count job, running, with the TaskManager running its listener ({@code victim}) and the
     * other one ({@code survivor}).
     */
    record ListenerJob(JobClient job, String jobId, String victim, String survivor) {}

    /** Submits the count job to a two-TaskManager cluster and waits until its listener runs. */
    static ListenerJob submitOnTwoTaskManagers(
            StandaloneFlinkCluster cluster, Path dir, int port, int frames, Path out)
            throws Exception {
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        StreamExecutionEnvironment env = environment(cluster, jobJar(dir), checkpoints, null);
        ExactlyOnceCountJob.define(env, port, frames, out);
        return submit(cluster, env, "e2e-tm-kill", ExactlyOnceCountJob.SOURCE_NAME);
    }

    /**
     * Submits the job defined in {@code env} and waits until its source {@code sourceName} runs;
     * the TaskManager running it is the victim.
     */
    static ListenerJob submit(
            StandaloneFlinkCluster cluster,
            StreamExecutionEnvironment env,
            String jobName,
            String sourceName)
            throws Exception {
        JobClient job = env.executeAsync(jobName);
        String jobId = job.getJobID().toHexString();
        cluster.awaitJobState(jobId, Duration.ofSeconds(60), "RUNNING");
        String victim =
                awaitTaskManagerRunning(cluster, jobId, sourceName, null, Duration.ofSeconds(60));
        String survivor =
                cluster.taskManagerIds().stream()
                        .filter(id -> !id.equals(victim))
                        .findFirst()
                        .orElseThrow();
        return new ListenerJob(job, jobId, victim, survivor);
    }

    /**
     * The TaskManager running the listener's subtask, once it is RUNNING there (and, with {@code
     * not}, on another one than that).
     */
    static String awaitListenerTaskManager(
            StandaloneFlinkCluster cluster, String jobId, String not, Duration timeout)
            throws IOException, InterruptedException {
        return awaitTaskManagerRunning(
                cluster, jobId, ExactlyOnceCountJob.SOURCE_NAME, not, timeout);
    }

    /**
     * The TaskManager running {@code vertex}, once it is RUNNING there (and, with {@code not}, on
     * another one than that).
     */
    static String awaitTaskManagerRunning(
            StandaloneFlinkCluster cluster,
            String jobId,
            String vertex,
            String not,
            Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> tm = cluster.taskManagerRunning(jobId, vertex);
            if (tm.isPresent() && !tm.get().equals(not)) {
                return tm.get();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "'"
                        + vertex
                        + "' of job "
                        + jobId
                        + " is not running"
                        + (not == null ? "" : " on another TaskManager than " + not)
                        + " after "
                        + timeout
                        + "\n"
                        + cluster.logTails());
    }

    /** Runs the examples' {@code device} command (bin/yomo-device) on another thread. */
    static CompletableFuture<Integer> deviceCommand(
            StringWriter stdout, StringWriter stderr, String... args) {
        return CompletableFuture.supplyAsync(
                () ->
                        new CommandLine(new DeviceSimulator())
                                .setOut(new PrintWriter(stdout, true))
                                .setErr(new PrintWriter(stderr, true))
                                .execute(args));
    }

    /** Waits until the count job counted its first reading, then {@code after} more. */
    static void awaitCounting(Path out, Duration after) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ExactlyOnceCountJob.events(out).stream().noneMatch(e -> e.kind().equals("first"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(after.toMillis());
    }

    /**
     * Asserts that the count job's keyed state counted 1..frames, each once (waits up to 30 s).
     * Here, not in the job's class, which goes to the cluster without the test libraries.
     */
    static void assertCountedOnce(Path out, int frames) throws IOException, InterruptedException {
        assertThat(ExactlyOnceCountJob.awaitResult(out, Duration.ofSeconds(30)))
                .isEqualTo("count=" + frames + " duplicates=0");
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
