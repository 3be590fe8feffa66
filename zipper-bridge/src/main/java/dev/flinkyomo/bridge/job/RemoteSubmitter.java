package dev.flinkyomo.bridge.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Submits a job to a running Flink cluster through its REST endpoint, shipping the bridge's job jar
 * (bridge, connector, Wasm runtime; no Flink classes) with it.
 */
public final class RemoteSubmitter {

    /** System property with the job jar; set by bin/zipper-bridge. */
    public static final String JOB_JAR_PROPERTY = "zipper.bridge.jar";

    private RemoteSubmitter() {}

    /**
     * The remote environment to build the job in: everything the job needs travels in {@code jars}.
     */
    public static StreamExecutionEnvironment environment(String host, int port, List<Path> jars) {
        return environment(host, port, new Configuration(), jars);
    }

    /** The same, with the job's own settings (checkpointing, a restore path). */
    public static StreamExecutionEnvironment environment(
            String host, int port, Configuration jobConfiguration, List<Path> jars) {
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("job jar " + jar + " does not exist");
            }
        }
        return StreamExecutionEnvironment.createRemoteEnvironment(
                host,
                port,
                jobConfiguration,
                jars.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new));
    }

    /** Submits without waiting for the job to end; prints the job id and its web UI link. */
    public static JobClient submit(
            StreamExecutionEnvironment env, String jobName, String host, int port, PrintWriter out)
            throws Exception {
        JobClient client = env.executeAsync(jobName);
        out.println(
                "submitted job "
                        + client.getJobID()
                        + " ("
                        + jobName
                        + ") to "
                        + host
                        + ":"
                        + port);
        out.println(
                "web UI: http://"
                        + host
                        + ":"
                        + port
                        + "/#/job/running/"
                        + client.getJobID()
                        + "/overview");
        out.flush();
        return client;
    }

    /** The job jar: the launcher's property, or the jar this class was loaded from. */
    public static Path jobJar() {
        String property = System.getProperty(JOB_JAR_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        try {
            Path self =
                    Path.of(
                            RemoteSubmitter.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
                return self;
            }
        } catch (Exception e) {
            // fall through to the explicit error
        }
        throw new IllegalStateException(
                "cannot find the zipper-bridge job jar to ship to the cluster; run through"
                        + " bin/zipper-bridge or set -D"
                        + JOB_JAR_PROPERTY
                        + "=<path to zipper-bridge-*-job.jar>");
    }
}
