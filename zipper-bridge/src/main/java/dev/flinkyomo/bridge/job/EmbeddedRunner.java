package dev.flinkyomo.bridge.job;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import dev.flinkyomo.bridge.job.status.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a built job on an embedded {@link MiniCluster} with its REST endpoint and web UI on a free
 * port of {@link #DEFAULT_REST_PORTS}, until the job ends, {@code duration} passes or the JVM is
 * asked to stop (Ctrl-C): then it cancels the job and shuts the cluster down cleanly.
 */
public final class EmbeddedRunner {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRunner.class);

    /** Tried in order, so a second bridge (or a local Flink on 8081) still gets a UI. */
    public static final String DEFAULT_REST_PORTS = "8081-8181";

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final PrintWriter out;
    private final String restPorts;
    private final Configuration clusterSettings;

    public EmbeddedRunner(PrintWriter out, String restPorts) {
        this(out, restPorts, new Configuration());
    }

    /**
     * @param clusterSettings settings Flink reads from the cluster rather than the job (such as
     *     {@code execution.checkpointing.num-retained}), added to the MiniCluster's configuration
     */
    public EmbeddedRunner(PrintWriter out, String restPorts, Configuration clusterSettings) {
        this.out = out;
        this.restPorts = restPorts;
        this.clusterSettings = clusterSettings;
    }

    private PrintWriter statusOut;
    private Duration statusInterval;

    /**
     * Prints a status line to {@code err} every {@code interval} while the job runs (frames in,
     * frames out, dead letters, devices connected: {@link RunStatus}) and a summary at the end.
     */
    public EmbeddedRunner withStatus(PrintWriter err, Duration interval) {
        this.statusOut = err;
        this.statusInterval = interval;
        return this;
    }

    /** What happened to the job. */
    public enum Outcome {
        /** The job ended by itself (bounded input). */
        FINISHED,
        /** Stopped by {@code --duration} or Ctrl-C. */
        STOPPED,
        /** The job failed; the cause was printed. */
        FAILED
    }

    /**
     * Runs the job built in {@code env}; {@code onStarted} gets the web UI address once the job is
     * submitted (used to tell users where to look and sources where to connect).
     */
    public Outcome run(
            StreamExecutionEnvironment env,
            String jobName,
            int slots,
            Optional<Duration> duration,
            Consumer<URI> onStarted)
            throws Exception {
        StreamGraph streamGraph = env.getStreamGraph();
        streamGraph.setJobName(jobName);
        JobGraph jobGraph = streamGraph.getJobGraph();
        Configuration conf = new Configuration(clusterSettings);
        conf.set(RestOptions.BIND_PORT, restPorts);
        conf.set(RestOptions.ADDRESS, "localhost");
        RunStatus status = statusOut == null ? null : RunStatus.register(conf);
        long started = System.nanoTime();
        ScheduledExecutorService ticker = null;
        MiniClusterConfiguration cfg =
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(slots)
                        .build();

        MiniCluster cluster = new MiniCluster(cfg);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> stopOnSignal(cluster, jobGraph.getJobID(), finished),
                        "zipper-bridge-shutdown");
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            JobID id = cluster.submitJob(jobGraph).get().getJobID();
            Runtime.getRuntime().addShutdownHook(hook);
            onStarted.accept(rest);
            out.println(
                    "job "
                            + id
                            + " running; web UI "
                            + rest
                            + "/#/job/running/"
                            + id
                            + "/overview; "
                            + duration.map(d -> "stops after " + d.toSeconds() + " s or on Ctrl-C")
                                    .orElse("stop with Ctrl-C"));
            out.flush();
            if (status != null) {
                ticker = statusTicker(status, started);
            }
            return await(cluster, id, duration);
        } finally {
            if (ticker != null) {
                ticker.shutdownNow();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is doing the cleanup
            }
            cluster.closeAsync().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            finished.countDown();
            if (status != null) {
                // after the close every task's counters are final
                RunStatus.Snapshot s = status.snapshot();
                statusOut.println(
                        "summary: ran "
                                + RunStatus.format(Duration.ofNanos(System.nanoTime() - started))
                                + ", frames in "
                                + s.framesIn()
                                + ", frames out "
                                + s.framesOut()
                                + ", dead letters "
                                + s.deadLetters());
                statusOut.flush();
                status.unregister();
            }
        }
    }

    /** One status line every {@link #statusInterval} on a daemon thread. */
    private ScheduledExecutorService statusTicker(RunStatus status, long started) {
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "zipper-bridge-status");
                            t.setDaemon(true);
                            return t;
                        });
        long every = statusInterval.toMillis();
        ticker.scheduleAtFixedRate(
                () -> {
                    statusOut.println(
                            "status "
                                    + RunStatus.format(
                                            Duration.ofNanos(System.nanoTime() - started))
                                    + ": "
                                    + status.snapshot().line());
                    statusOut.flush();
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        return ticker;
    }

    private Outcome await(MiniCluster cluster, JobID id, Optional<Duration> duration)
            throws Exception {
        CompletableFuture<JobResult> result = cluster.requestJobResult(id);
        boolean stopped = false;
        JobResult r;
        try {
            r =
                    duration.isPresent()
                            ? result.get(duration.get().toMillis(), TimeUnit.MILLISECONDS)
                            : result.get();
        } catch (TimeoutException e) {
            out.println(
                    "duration " + duration.get().toSeconds() + " s reached: cancelling job " + id);
            out.flush();
            stopped = true;
            cluster.cancelJob(id).get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            r = result.get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        Optional<JobStatus> status = r.getJobStatus();
        if (r.isSuccess()) {
            out.println("job " + id + " finished");
            return Outcome.FINISHED;
        }
        if (stopped || status.filter(s -> s == JobStatus.CANCELED).isPresent()) {
            out.println("job " + id + " stopped");
            return Outcome.STOPPED;
        }
        Throwable cause =
                r.getSerializedThrowable()
                        .map(t -> t.deserializeError(getClass().getClassLoader()))
                        .orElse(null);
        out.println(
                "job "
                        + id
                        + " failed: "
                        + (cause == null
                                ? status.map(Object::toString).orElse("unknown")
                                : rootMessage(cause)));
        LOG.error("Job {} failed", id, cause);
        return Outcome.FAILED;
    }

    /**
     * Ctrl-C: cancel the job so sources close their listeners, then let run() close the cluster.
     */
    private void stopOnSignal(MiniCluster cluster, JobID id, CountDownLatch finished) {
        out.println("stopping: cancelling job " + id);
        out.flush();
        try {
            cluster.cancelJob(id).get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            finished.await(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Clean shutdown of job {} failed", id, e);
        }
    }

    /** The message of {@code t} and of its root cause, for one-line error reports. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? t.toString() : t.getMessage() + " (caused by " + root + ")";
    }
}
