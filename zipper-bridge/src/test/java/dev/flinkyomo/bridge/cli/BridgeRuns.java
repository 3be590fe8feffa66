package dev.flinkyomo.bridge.cli;

import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;

import java.io.IOException;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the end-to-end {@code run} tests share: a port, the command on another thread, a source. */
final class BridgeRuns {

    private BridgeRuns() {}

    static int freeUdpPort() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** A TCP port nothing listens on (just closed): a JobManager that is not there. */
    static int closedTcpPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** The embedded job's REST base ({@code http://host:port}) and id, once it is RUNNING. */
    record RunningJob(String rest, String jobId) {}

    private static final java.util.regex.Pattern RUNNING =
            java.util.regex.Pattern.compile(
                    "job ([0-9a-f]{32}) running; web UI (http://\\S+?)/#/job/running/");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Waits (up to 60 s) until a {@code run} writing to {@code out} has printed its job and the job
     * is RUNNING, failing early if {@code code} completes first.
     */
    static RunningJob awaitRunning(StringWriter out, StringWriter err, CompletableFuture<?> code)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        java.util.regex.Matcher m;
        while (!(m = RUNNING.matcher(out.toString())).find()) {
            assertThat(code).as(out + "\n" + err).isNotDone();
            assertThat(System.nanoTime()).as("job start").isLessThan(deadline);
            Thread.sleep(50);
        }
        RunningJob job = new RunningJob(m.group(2), m.group(1));
        // checkpoint statistics and job details answer only once the JobMaster is up
        while (!"RUNNING".equals(get(job.rest() + "/jobs/" + job.jobId()).at("/state").asText())) {
            assertThat(System.nanoTime()).as("job running").isLessThan(deadline);
            Thread.sleep(50);
        }
        return job;
    }

    /** GET of a REST URL, as JSON. */
    static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** {@code zipper-bridge run --duration <duration> --rest-port 0 <config>} on another thread. */
    static CompletableFuture<CliTest.Run> runFor(String duration, String config) {
        return CompletableFuture.supplyAsync(
                () -> CliTest.run("run", "--duration", duration, "--rest-port", "0", config));
    }

    /** A YoMo source for the bridge's port, not started; {@code credential} may be null. */
    static YomoClient source(int port, String credential) {
        return new YomoClient(
                ClientOptions.builder("127.0.0.1", port, "it-source", ClientType.SOURCE)
                        .credential(credential)
                        .tls(TlsOptions.INSECURE_DEFAULT)
                        .udpBufferSize(0)
                        .build(),
                YomoClientListener.NO_OP);
    }
}
