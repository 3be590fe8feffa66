package dev.flinkyomo.bridge.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits a job to a running Flink cluster through its REST endpoint, shipping the bridge's job jar
 * (bridge, connector, Wasm runtime; no Flink classes) with it.
 */
public final class RemoteSubmitter {

    /** System property with the job jar; set by bin/zipper-bridge. */
    public static final String JOB_JAR_PROPERTY = "zipper.bridge.jar";

    /** How long {@link #checkReachable} waits for the connection and for the answer. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private RemoteSubmitter() {}

    /** A JobManager whose REST endpoint does not answer; the message is one line for users. */
    public static final class JobManagerUnreachableException extends IOException {
        private static final long serialVersionUID = 1L;

        JobManagerUnreachableException(String message) {
            super(message);
        }
    }

    /**
     * Asks the JobManager's REST endpoint for {@code GET /config} before anything is submitted:
     * Flink's own client retries an unreachable endpoint for about a minute, logging every attempt.
     * This fails within {@link #PROBE_TIMEOUT} with one line saying why.
     *
     * @return the cluster's Flink version, as the endpoint reports it
     */
    public static String checkReachable(String host, int port)
            throws JobManagerUnreachableException, InterruptedException {
        String at = host + ":" + port;
        String hint =
                ": is the cluster running? --jobmanager takes its REST address (rest.address and"
                        + " rest.port, 8081 by default); without --jobmanager the job runs on an"
                        + " embedded Flink";
        HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
        HttpResponse<String> response;
        try {
            response =
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://" + at + "/config"))
                                    .timeout(PROBE_TIMEOUT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(at, "no connection within " + PROBE_TIMEOUT.toSeconds() + " s", hint);
        } catch (HttpTimeoutException e) {
            throw unreachable(at, "no answer within " + PROBE_TIMEOUT.toSeconds() + " s", hint);
        } catch (ConnectException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why =
                    cause instanceof UnknownHostException
                            ? "unknown host"
                            : cause.getMessage() == null
                                    ? "connection refused"
                                    : cause.getMessage().toLowerCase(Locale.ROOT);
            throw unreachable(at, why.isBlank() ? "connection refused" : why, hint);
        } catch (IllegalArgumentException e) {
            throw unreachable(at, "not a valid address: " + e.getMessage(), hint);
        } catch (IOException e) {
            throw unreachable(at, String.valueOf(e.getMessage()), hint);
        }
        String body = response.body() == null ? "" : response.body();
        Matcher version = Pattern.compile("\"flink-version\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        if (response.statusCode() != 200 || !version.find()) {
            throw new JobManagerUnreachableException(
                    at
                            + " answered GET /config with HTTP "
                            + response.statusCode()
                            + " but not as a Flink JobManager's REST endpoint does: is "
                            + at
                            + " the cluster's REST address (rest.address and rest.port, 8081 by"
                            + " default)?");
        }
        return version.group(1);
    }

    private static JobManagerUnreachableException unreachable(String at, String why, String hint) {
        return new JobManagerUnreachableException(
                "cannot reach the Flink JobManager at " + at + " (" + why + ")" + hint);
    }

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
