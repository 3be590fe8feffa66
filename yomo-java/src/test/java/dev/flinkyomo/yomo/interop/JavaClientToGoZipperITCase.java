package dev.flinkyomo.yomo.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoClient;
import dev.flinkyomo.yomo.transport.YomoClientListener;
import dev.flinkyomo.yomo.transport.YomoRejectedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java {@link YomoClient} (as source 0x5F and as stream function 0x5D) against the Go {@code
 * yomo-peer zipper}, which checks the handshake like yomo's server and prints what it decodes.
 */
class JavaClientToGoZipperITCase {

    private static final String TOKEN = "zipper-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static ClientOptions.Builder client(String zipperAddr, String name, ClientType type) {
        int port = Integer.parseInt(zipperAddr.substring(zipperAddr.lastIndexOf(':') + 1));
        return ClientOptions.builder("127.0.0.1", port, name, type)
                .credential("token:" + TOKEN)
                .tls(TlsOptions.INSECURE_DEFAULT)
                .reconnect(false);
    }

    @Test
    void javaSourceFramesAreDecodedByTheGoZipperInOrder() throws Exception {
        int n = 500;
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper(
                                "--token",
                                TOKEN,
                                "--expect",
                                String.valueOf(n),
                                "--timeout",
                                "30s");
                YomoClient source =
                        new YomoClient(
                                client(zipper.listenAddress(), "java-source", ClientType.SOURCE)
                                        .id("java-src")
                                        .build(),
                                YomoClientListener.NO_OP)) {
            source.start().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertThat(source.awaitWritable(TIMEOUT))
                        .as("writable before frame %d", i)
                        .isTrue();
                byte[] md =
                        MetadataCodec.encode(
                                Map.of("yomo-source-id", "java-src", "yomo-tid", "t-" + i));
                source.write(
                        new DataFrame(0x21, md, ("frame-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            source.flush();
            // the zipper exits after --expect frames; the client stays open until then so that no
            // frame is cut off by closing the connection early
            assertThat(zipper.awaitExit(TIMEOUT))
                    .as("zipper exit code" + zipper.describe())
                    .isZero();

            JsonNode connected = zipper.events("connected").get(0);
            assertThat(connected.path("client").asText()).isEqualTo("java-source");
            assertThat(connected.path("clientId").asText()).isEqualTo("java-src");
            assertThat(connected.path("clientType").asText()).isEqualTo("source");
            List<JsonNode> data = zipper.events("data");
            assertThat(data).hasSize(n);
            for (int i = 0; i < n; i++) {
                JsonNode e = data.get(i);
                assertThat(e.path("seq").asInt()).isEqualTo(i);
                assertThat(e.path("tag").asLong()).isEqualTo(0x21L);
                assertThat(new String(YomoPeerProcess.payload(e), StandardCharsets.UTF_8))
                        .isEqualTo("frame-" + i);
                assertThat(YomoPeerProcess.metadata(e))
                        .isEqualTo(Map.of("yomo-source-id", "java-src", "yomo-tid", "t-" + i));
            }
        }
    }

    @Test
    void javaStreamFunctionReceivesOnlyObservedTagsRoutedByTheGoZipper() throws Exception {
        BlockingQueue<DataFrame> received = new LinkedBlockingQueue<>();
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "40s");
                YomoClient sfn =
                        streamFunction(zipper.listenAddress(), List.of(0x33L, 0x35L), received)) {
            sfn.start().get(10, TimeUnit.SECONDS);
            JsonNode connected = zipper.awaitEvent("connected", TIMEOUT);
            assertThat(connected.path("clientType").asText()).isEqualTo("sfn");
            assertThat(connected.path("observe").toString()).isEqualTo("[51,53]");

            // Frames of an unobserved tag first: had any been routed, it would arrive before the
            // observed ones on the same stream.
            YomoPeerProcess.runSource(
                    zipper.listenAddress(), "token:" + TOKEN, "noise", "0x34", 20, TIMEOUT);
            YomoPeerProcess.runSource(
                    zipper.listenAddress(), "token:" + TOKEN, "sensor", "0x33", 1000, TIMEOUT);

            List<DataFrame> frames = poll(received, 1000);
            assertThat(frames).hasSize(1000);
            for (int i = 0; i < frames.size(); i++) {
                DataFrame f = frames.get(i);
                assertThat(f.tag()).as("tag of frame %d", i).isEqualTo(0x33L);
                assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo("frame-" + i);
                assertThat(MetadataCodec.decode(f.metadata()))
                        .isEqualTo(Map.of("yomo-source-id", "sensor", "yomo-tid", "sensor-" + i));
            }
            assertThat(received).as("frames beyond the observed 1000").isEmpty();
        }
    }

    @Test
    void javaStreamFunctionStaysConnectedBeyondTheZipperIdleTimeout() throws Exception {
        // The Go zipper has yomo's 5 s idle timeout; 40 frames at 5/s keep the session busy for 8
        // s,
        // so the Java client's keep-alive handling must cope with a quic-go peer.
        BlockingQueue<DataFrame> received = new LinkedBlockingQueue<>();
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "40s");
                YomoClient sfn = streamFunction(zipper.listenAddress(), List.of(0x33L), received)) {
            sfn.start().get(10, TimeUnit.SECONDS);
            zipper.awaitEvent("connected", TIMEOUT);
            try (YomoPeerProcess source =
                    YomoPeerProcess.start(
                            "source",
                            "--addr",
                            zipper.listenAddress(),
                            "--id",
                            "slow",
                            "--credential",
                            "token:" + TOKEN,
                            "--tag",
                            "0x33",
                            "--count",
                            "40",
                            "--rate",
                            "5",
                            "--timeout",
                            "30s")) {
                List<DataFrame> frames = poll(received, 40);
                assertThat(source.awaitExit(TIMEOUT))
                        .as(
                                "source exit code"
                                        + source.describe()
                                        + "\nzipper:"
                                        + zipper.describe())
                        .isZero();
                assertThat(frames)
                        .as("frames at the Java stream function; zipper:" + zipper.describe())
                        .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                        .containsExactlyElementsOf(
                                IntStream.range(0, 40).mapToObj(i -> "frame-" + i).toList());
            }
            assertThat(zipper.events("disconnected"))
                    .as("the zipper must not have lost the Java stream function")
                    .noneMatch(e -> e.path("client").asText().equals("java-sfn"));
        }
    }

    @Test
    void javaClientWithWrongTokenIsRejectedByTheGoZipper() throws Exception {
        try (YomoPeerProcess zipper =
                        YomoPeerProcess.startZipper("--token", TOKEN, "--timeout", "30s");
                YomoClient source =
                        new YomoClient(
                                client(zipper.listenAddress(), "java-intruder", ClientType.SOURCE)
                                        .credential("token:nope")
                                        .build(),
                                YomoClientListener.NO_OP)) {
            assertThatThrownBy(() -> source.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(YomoRejectedException.class)
                    .hasMessageContaining("authentication failed");
            assertThat(source.state()).isEqualTo(YomoClient.State.REJECTED);
            assertThat(zipper.awaitEvent("rejected", TIMEOUT).path("client").asText())
                    .isEqualTo("java-intruder");
        }
    }

    /**
     * A Java stream function observing {@code tags} that puts every received frame in {@code sink}.
     */
    private static YomoClient streamFunction(
            String zipperAddr, List<Long> tags, BlockingQueue<DataFrame> sink) {
        return new YomoClient(
                client(zipperAddr, "java-sfn", ClientType.STREAM_FUNCTION)
                        .observeDataTags(tags)
                        .build(),
                new YomoClientListener() {
                    @Override
                    public void onData(DataFrame frame) {
                        sink.add(frame);
                    }
                });
    }

    private static List<DataFrame> poll(BlockingQueue<DataFrame> received, int n)
            throws InterruptedException {
        List<DataFrame> frames = new ArrayList<>(n);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (frames.size() < n && System.nanoTime() < deadline) {
            DataFrame f = received.poll(100, TimeUnit.MILLISECONDS);
            if (f != null) {
                frames.add(f);
            }
        }
        return frames;
    }
}
