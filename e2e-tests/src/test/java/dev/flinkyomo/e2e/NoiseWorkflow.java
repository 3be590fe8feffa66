package dev.flinkyomo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flinkyomo.examples.simulator.NoiseGenerator;
import dev.flinkyomo.examples.simulator.PayloadGenerator;
import dev.flinkyomo.examples.simulator.SimulatedSource;

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
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The noise workflow of examples/noise on the cluster, however it is submitted: the file (a free
 * port, token auth, parallelism 2, the built Rust noise.wasm, file sinks for the results and the
 * raw readings), the noise sensor that pushes {@link #READINGS} readings to it, and the exact
 * checks of what the file sinks hold afterwards.
 */
final class NoiseWorkflow {

    static final int READINGS = 50;
    private static final long SEED = 42;
    static final String TOKEN = "e2e-s3cret";
    private static final String SENSOR = "e2e-sensor";

    /** What the Rust noise function observes (yomo v1.5.3's multi-stream-fn noise tag). */
    private static final long NOISE_IN_TAG = 0x33;

    private static final long RESULT_TAG = 0x34;
    private static final long ALERT_TAG = 0x35;

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final int port;

    /** {@code dir} holds the workflow, its functions directory and {@code out/}. */
    NoiseWorkflow(Path dir) throws IOException {
        this.dir = dir;
        this.port = freeUdpPort();
    }

    int port() {
        return port;
    }

    Path results() {
        return dir.resolve("out/results.txt");
    }

    /**
     * Writes {@code workflow.yaml} (and {@code functions/noise.wasm}) into the directory; file
     * sinks at absolute paths, so the workflow may also be read from elsewhere (a jar). {@code
     * flinkLines} are added to the {@code flink:} section.
     */
    Path write(String... flinkLines) throws IOException {
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
        List<String> lines =
                new ArrayList<>(
                        List.of(
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
                                "    - {type: file, path: " + results() + "}",
                                "    - {type: file, path: "
                                        + dir.resolve("out/readings.txt")
                                        + ", tags: [0x33]}"));
        lines.addAll(List.of(flinkLines));
        lines.add("");
        return Files.writeString(dir.resolve("workflow.yaml"), String.join("\n", lines));
    }

    /** Pushes the readings (waiting up to 30 s for the listener), then waits for every line. */
    void pushAndAwait(StandaloneFlinkCluster cluster) throws Exception {
        pushAndAwait(cluster::logTails);
    }

    /** The same; {@code diagnostics} says what ran when lines are missing. */
    void pushAndAwait(Supplier<String> diagnostics) throws Exception {
        long pushed = noiseSensor().run();
        assertThat(pushed).isEqualTo(READINGS);
        int expectedLines = READINGS + (int) sent.stream().filter(this::loud).count();
        awaitLines(results(), expectedLines, Duration.ofSeconds(30), diagnostics);
    }

    /**
     * The listener got every reading once, byte for byte, each with its own tid; one 0x34 result
     * per reading ({noise: noise/10, time, from}, same tid); one 0x35 alert for exactly the loud
     * ones.
     */
    void verify() throws IOException {
        assertThat(sent)
                .filteredOn(this::loud)
                .as("seed %d gives loud readings (noise >= 160)", SEED)
                .isNotEmpty();
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

        List<SinkLine> outputs = SinkLine.readAll(results()).stream().map(SinkLine::parse).toList();
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
    private SimulatedSource noiseSensor() {
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
     * Polls files another process writes (no latch reaches across JVMs) until they hold {@code n}
     * lines.
     */
    static void awaitLines(Path path, int n, Duration timeout, Supplier<String> diagnostics)
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
                        + diagnostics.get());
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
