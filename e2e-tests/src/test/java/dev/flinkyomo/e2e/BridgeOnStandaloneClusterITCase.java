package dev.flinkyomo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.examples.simulator.NoiseGenerator;
import dev.flinkyomo.examples.simulator.PayloadGenerator;
import dev.flinkyomo.examples.simulator.SimulatedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's cluster run: the noise workflow is submitted with {@code zipper-bridge run
 * --jobmanager} (its own JVM, the shaded job jar) to a standalone cluster whose class path is Flink
 * only; the YoMo listener, the Rust Wasm noise function and the file sinks then run in the
 * TaskManager process, fed over QUIC by the noise simulator in this JVM.
 */
class BridgeOnStandaloneClusterITCase {

    private static final int READINGS = 50;
    private static final long SEED = 42;
    private static final String TOKEN = "e2e-s3cret";
    private static final String SENSOR = "e2e-sensor";

    /** What the Rust noise function observes (yomo v1.5.3's multi-stream-fn noise tag). */
    private static final long NOISE_IN_TAG = 0x33;

    private static final long RESULT_TAG = 0x34;
    private static final long ALERT_TAG = 0x35;
    private static final Pattern SUBMITTED = Pattern.compile("submitted job ([0-9a-f]{32}) ");

    private final ObjectMapper json = new ObjectMapper();

    @TempDir Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void noiseWorkflowSubmittedWithJobmanagerRunsOnTheClusterAndWritesEveryResult()
            throws Exception {
        int port = freeUdpPort();
        Path workflow = writeNoiseWorkflow(port);
        List<String> sent = new CopyOnWriteArrayList<>();
        String jobDetails;

        try (StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(
                        StandaloneFlinkCluster.workDir("bridge"), 2, Duration.ofSeconds(60))) {
            ZipperBridgeCli.Result submit =
                    ZipperBridgeCli.run(
                            dir,
                            Duration.ofSeconds(60),
                            "run",
                            "--jobmanager",
                            cluster.restAddress(),
                            workflow.toString());
            assertThat(submit.exitCode()).as(submit.output()).isZero();
            Matcher id = SUBMITTED.matcher(submit.output());
            assertThat(id.find()).as(submit.output()).isTrue();
            String jobId = id.group(1);
            assertThat(submit.output())
                    .contains(
                            "web UI: http://" + cluster.restAddress() + "/#/job/running/" + jobId);

            // The CLI's JVM has exited: from here on the job lives only in the cluster's processes.
            cluster.awaitJobState(jobId, Duration.ofSeconds(30), "RUNNING");
            jobDetails = cluster.getOrNull("/jobs/" + jobId);

            long pushed = noiseSensor(port, sent).run();
            assertThat(pushed).isEqualTo(READINGS);

            int expectedLines = READINGS + (int) sent.stream().filter(this::loud).count();
            awaitLines(
                    dir.resolve("out/results.txt"), expectedLines, Duration.ofSeconds(30), cluster);

            // Flink's TaskExecutor logged the bridge's tasks in the TaskManager process.
            assertThat(Files.readString(cluster.logDir().resolve("taskmanager.log")))
                    .contains("Received task Source: YoMo listener 127.0.0.1:" + port)
                    .contains("Stage 1: noise (wasm)");

            cluster.cancel(jobId);
            assertThat(cluster.awaitJobState(jobId, Duration.ofSeconds(30), "CANCELED", "FAILED"))
                    .as(cluster.logTails())
                    .isEqualTo("CANCELED");
        }

        assertThat(jobDetails)
                .contains("YoMo listener 127.0.0.1:" + port)
                .contains("Stage 1: noise (wasm)");
        assertThat(sent)
                .filteredOn(this::loud)
                .as("seed %d gives loud readings (noise >= 160)", SEED)
                .isNotEmpty();

        // The listener on the TaskManager received every reading exactly once, byte for byte.
        List<SinkLine> readings =
                SinkLine.readAll(dir.resolve("out/readings.txt")).stream()
                        .map(SinkLine::parse)
                        .toList();
        assertThat(readings)
                .allSatisfy(
                        r -> {
                            assertThat(r.origin()).isEqualTo("source");
                            assertThat(r.tag()).isEqualTo(NOISE_IN_TAG);
                        });
        assertThat(readings)
                .extracting(SinkLine::payload)
                .containsExactlyInAnyOrderElementsOf(sent);
        Map<String, JsonNode> sentByTid = new HashMap<>();
        for (SinkLine r : readings) {
            assertThat(sentByTid.put(r.tid(), json.readTree(r.payload())))
                    .as("tid %s repeated", r.tid())
                    .isNull();
        }

        // The Rust function wrote noise / 10 for every reading, and an alert for exactly the loud
        // ones.
        List<SinkLine> outputs =
                SinkLine.readAll(dir.resolve("out/results.txt")).stream()
                        .map(SinkLine::parse)
                        .toList();
        assertThat(outputs).allSatisfy(o -> assertThat(o.origin()).isEqualTo("noise"));
        List<SinkLine> results = outputs.stream().filter(o -> o.tag() == RESULT_TAG).toList();
        List<SinkLine> alerts = outputs.stream().filter(o -> o.tag() == ALERT_TAG).toList();
        assertThat(results.size() + alerts.size())
                .as("only tags 0x34 and 0x35")
                .isEqualTo(outputs.size());

        assertThat(results)
                .extracting(SinkLine::tid)
                .containsExactlyInAnyOrderElementsOf(sentByTid.keySet());
        List<String> expectedAlertTids = new ArrayList<>();
        for (SinkLine r : results) {
            JsonNode in = sentByTid.get(r.tid());
            assertThat(json.readTree(r.payload())).isEqualTo(expectedResult(in));
            if (in.get("noise").doubleValue() / 10 >= 16) {
                expectedAlertTids.add(r.tid());
            }
        }
        assertThat(alerts)
                .extracting(SinkLine::tid)
                .containsExactlyInAnyOrderElementsOf(expectedAlertTids);
        for (SinkLine a : alerts) {
            ObjectNode expected = json.createObjectNode().put("alert", "noise");
            expected.setAll(expectedResult(sentByTid.get(a.tid())));
            assertThat(json.readTree(a.payload())).isEqualTo(expected);
        }
    }

    /**
     * {"noise": noise / 10, "time": .., "from": ..}; numbers compare as doubles, as Rust's f64
     * prints them.
     */
    private ObjectNode expectedResult(JsonNode in) {
        return json.createObjectNode()
                .put("noise", in.get("noise").doubleValue() / 10)
                .put("time", in.get("time").longValue())
                .put("from", in.get("from").textValue());
    }

    private boolean loud(String reading) {
        try {
            return json.readTree(reading).get("noise").doubleValue() / 10 >= 16;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** YoMo's noise sensor on the function's tag, recording each payload it sends. */
    private static SimulatedSource noiseSensor(int port, List<String> sent) {
        NoiseGenerator noise = new NoiseGenerator(SEED, SENSOR);
        PayloadGenerator recording =
                (seq, now) -> {
                    byte[] payload = noise.payload(seq, now);
                    sent.add(new String(payload, StandardCharsets.UTF_8));
                    return payload;
                };
        return SimulatedSource.builder(SENSOR, NOISE_IN_TAG, recording)
                .endpoint("127.0.0.1", port)
                .credential("token:" + TOKEN)
                .interval(Duration.ofMillis(40))
                .count(READINGS)
                .connectTimeout(
                        Duration.ofSeconds(30)) // the listener binds when the source task starts
                .build();
    }

    /**
     * The noise workflow of examples/noise, on a free port with token auth, two slots and file
     * sinks.
     */
    private Path writeNoiseWorkflow(int port) throws IOException {
        Path functions = Files.createDirectories(dir.resolve("functions"));
        try (InputStream wasm =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("dev/flinkyomo/wasm/guests/noise.wasm")) {
            assertThat(wasm)
                    .as("the built Rust noise.wasm on the class path (flink-wasm-udf)")
                    .isNotNull();
            Files.copy(wasm, functions.resolve("noise.wasm"));
        }
        return Files.writeString(
                dir.resolve("workflow.yaml"),
                String.join(
                        "\n",
                        "name: e2e-noise",
                        "host: 127.0.0.1",
                        "port: " + port,
                        "auth:",
                        "  type: token",
                        "  token: " + TOKEN,
                        "functions:",
                        "  - name: noise",
                        "flink:",
                        "  parallelism: 2",
                        "  checkpoint-interval: 500ms   # the file sinks flush their lines on checkpoints",
                        "  functions-dir: functions",
                        "  sinks:",
                        "    - {type: file, path: out/results.txt}",
                        "    - {type: file, path: out/readings.txt, tags: [0x33]}",
                        ""));
    }

    /**
     * Polls files another process writes (no latch reaches across JVMs) until they hold {@code n}
     * lines.
     */
    private static void awaitLines(
            Path path, int n, Duration timeout, StandaloneFlinkCluster cluster)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = SinkLine.readAll(path).size();
            if (seen >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "expected "
                        + n
                        + " lines in "
                        + path
                        + "*, saw "
                        + seen
                        + " after "
                        + timeout
                        + "\n"
                        + cluster.logTails());
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
