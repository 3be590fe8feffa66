package dev.flinkyomo.yomo.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Go {@code yomo-peer source} (quic-go, independent Y3/frame/msgpack codecs) against the Java
 * {@link YomoListener}: the Java side must accept a foreign client's handshake, frames and QUIC
 * behaviour exactly as it would accept yomo's own source.
 */
class GoSourceToJavaListenerITCase {

    private static final String TOKEN = "interop-secret";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private YomoListener listener;
    private BoundedFrameQueue<InboundFrame> queue;

    private String startListener(int queueCapacity) throws InterruptedException {
        queue = new BoundedFrameQueue<>(queueCapacity);
        listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("interop-listener")
                                .host("127.0.0.1")
                                .port(0)
                                .authToken(TOKEN)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP);
        return "127.0.0.1:" + listener.start().getPort();
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void goSourceDelivers1000FramesInOrderWithTagMetadataAndPayload() throws Exception {
        String addr = startListener(10_000);
        try (YomoPeerProcess source =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        addr,
                        "--name",
                        "go-source",
                        "--id",
                        "go-src-1",
                        "--credential",
                        "token:" + TOKEN,
                        "--tag",
                        "0x33",
                        "--count",
                        "1000",
                        "--meta",
                        "trace=abc",
                        "--timeout",
                        "30s")) {
            List<InboundFrame> frames = take(1000);
            assertThat(source.awaitExit(TIMEOUT))
                    .as("source exit code" + source.describe())
                    .isZero();
            JsonNode summary = source.awaitEvent("summary", TIMEOUT);
            assertThat(summary.path("sent").asInt()).isEqualTo(1000);

            assertThat(frames).hasSize(1000);
            for (int i = 0; i < frames.size(); i++) {
                InboundFrame f = frames.get(i);
                assertThat(f.tag()).as("tag of frame %d", i).isEqualTo(0x33L);
                assertThat(new String(f.payload(), StandardCharsets.UTF_8))
                        .as("payload of frame %d", i)
                        .isEqualTo("frame-" + i);
                assertThat(f.metadata())
                        .as("metadata of frame %d", i)
                        .isEqualTo(
                                Map.of(
                                        "yomo-source-id",
                                        "go-src-1",
                                        "yomo-tid",
                                        "go-src-1-" + i,
                                        "trace",
                                        "abc"));
                assertThat(f.connection().clientName()).isEqualTo("go-source");
                assertThat(f.connection().clientId()).isEqualTo("go-src-1");
                assertThat(f.connection().clientType()).isEqualTo(ClientType.SOURCE.code());
                assertThat(f.connection().generation()).isEqualTo(ProtocolGeneration.FINAL);
            }
            assertThat(queue.size()).as("frames beyond the 1000 sent").isZero();
        }
    }

    @Test
    void largeFramesCrossFlowControlWhileTheQueueIsFull() throws Exception {
        // 200 x 64 KiB = 12.5 MiB (more than the 8 MiB stream window) through a queue of 4 frames:
        // whenever the queue is full the Java listener stops reading and quic-go is held back by
        // QUIC flow control; nothing may be lost or reordered.
        String addr = startListener(4);
        int size = 64 * 1024;
        try (YomoPeerProcess source =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        addr,
                        "--id",
                        "big",
                        "--credential",
                        "token:" + TOKEN,
                        "--tag",
                        "7",
                        "--count",
                        "200",
                        "--payload-size",
                        String.valueOf(size),
                        "--timeout",
                        "30s")) {
            List<InboundFrame> frames = take(200);
            assertThat(source.awaitExit(TIMEOUT))
                    .as("source exit code" + source.describe())
                    .isZero();
            assertThat(frames).hasSize(200);
            for (int i = 0; i < frames.size(); i++) {
                byte[] expected = expectedPayload(i, size);
                assertThat(frames.get(i).payload())
                        .as("payload of frame %d", i)
                        .isEqualTo(expected);
                assertThat(frames.get(i).tag()).isEqualTo(7L);
            }
        }
    }

    @Test
    void sessionOutlivesIdleTimeoutAndKeepAlivePeriod() throws Exception {
        // 8 s of traffic at 5 frames/s: longer than the listener's 5 s idle timeout and several
        // keep-alive periods, so keep-alive handling must not disturb a quic-go client.
        String addr = startListener(100);
        try (YomoPeerProcess source =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        addr,
                        "--id",
                        "slow",
                        "--credential",
                        "token:" + TOKEN,
                        "--count",
                        "40",
                        "--rate",
                        "5",
                        "--timeout",
                        "30s")) {
            List<InboundFrame> frames = take(40);
            assertThat(source.awaitExit(TIMEOUT))
                    .as("source exit code" + source.describe())
                    .isZero();
            assertThat(frames)
                    .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                    .containsExactlyElementsOf(
                            IntStream.range(0, 40).mapToObj(i -> "frame-" + i).toList());
        }
    }

    @Test
    void wrongTokenIsRejectedWithAReasonTheGoClientReceives() throws Exception {
        String addr = startListener(100);
        try (YomoPeerProcess source =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        addr,
                        "--name",
                        "intruder",
                        "--credential",
                        "token:wrong",
                        "--count",
                        "5",
                        "--timeout",
                        "20s")) {
            assertThat(source.awaitExit(TIMEOUT))
                    .as("exit code 3 = rejected" + source.describe())
                    .isEqualTo(3);
            assertThat(source.awaitEvent("rejected", TIMEOUT).path("reason").asText())
                    .isEqualTo("authentication failed: wrong token for client 'intruder'");
        }
        assertThat(queue.size()).isZero();
    }

    @Test
    void versionMismatchIsRejected() throws Exception {
        String addr = startListener(100);
        try (YomoPeerProcess source =
                YomoPeerProcess.start(
                        "source",
                        "--addr",
                        addr,
                        "--credential",
                        "token:" + TOKEN,
                        "--protocol-version",
                        "2023-05-01",
                        "--timeout",
                        "20s")) {
            assertThat(source.awaitExit(TIMEOUT)).as("exit code" + source.describe()).isEqualTo(3);
            assertThat(source.awaitEvent("rejected", TIMEOUT).path("reason").asText())
                    .isEqualTo("version negotiation failed: client=2023-05-01, server=2024-01-03");
        }
        assertThat(queue.size()).isZero();
    }

    @Test
    void goStreamFunctionIsRefusedByTheSourceListener() throws Exception {
        String addr = startListener(100);
        try (YomoPeerProcess sfn =
                YomoPeerProcess.start(
                        "sfn",
                        "--addr",
                        addr,
                        "--name",
                        "go-sfn",
                        "--credential",
                        "token:" + TOKEN,
                        "--observe",
                        "0x33",
                        "--timeout",
                        "20s")) {
            assertThat(sfn.awaitExit(TIMEOUT)).as("exit code" + sfn.describe()).isEqualTo(3);
            assertThat(sfn.awaitEvent("rejected", TIMEOUT).path("reason").asText())
                    .startsWith("stream function 'go-sfn' cannot connect here");
        }
    }

    /** The Go source's payload: "frame-<i>" padded with '.' (peer.Payload). */
    static byte[] expectedPayload(int i, int size) {
        byte[] prefix = ("frame-" + i).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[Math.max(size, prefix.length)];
        java.util.Arrays.fill(out, (byte) '.');
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        return out;
    }

    private List<InboundFrame> take(int n) throws InterruptedException {
        List<InboundFrame> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (out.size() < n && System.nanoTime() < deadline) {
            queue.drainTo(out, n - out.size(), Duration.ofMillis(100));
        }
        return out;
    }
}
