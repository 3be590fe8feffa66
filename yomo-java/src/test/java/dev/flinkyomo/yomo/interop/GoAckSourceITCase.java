package dev.flinkyomo.yomo.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.transport.BoundedFrameQueue;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerMetrics;
import dev.flinkyomo.yomo.transport.ListenerOptions;
import dev.flinkyomo.yomo.transport.TlsOptions;
import dev.flinkyomo.yomo.transport.YomoListener;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acknowledgement extension (yomo-java/ACKS.md) in a second language: the Go {@code yomo-peer
 * source --producer-id}, with its own codec, asks for acknowledgements from the Java listener, is
 * granted ResumeAfter, numbers its frames after it and receives the Ack.
 */
class GoAckSourceITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void goSourceIsGrantedNumbersAfterResumeAfterAndReceivesTheAck() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(1000);
        Map<String, Long> emitted = Map.of("go-dev", 10L);
        try (YomoListener listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("ack-interop")
                                .host("127.0.0.1")
                                .port(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP,
                        id -> emitted.getOrDefault(id, 0L))) {
            String addr = "127.0.0.1:" + listener.start().getPort();
            try (YomoPeerProcess source =
                    YomoPeerProcess.start(
                            "source",
                            "--addr",
                            addr,
                            "--producer-id",
                            "go-dev",
                            "--await-durable",
                            "--linger",
                            "20s",
                            "--count",
                            "50",
                            "--timeout",
                            "30s")) {
                JsonNode grant = source.awaitEvent("acknowledgements", TIMEOUT);
                assertThat(grant.path("granted").asBoolean()).isTrue();
                assertThat(grant.path("resumeAfter").asLong()).isEqualTo(10);

                List<InboundFrame> frames = new ArrayList<>();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (frames.size() < 50 && System.nanoTime() < deadline) {
                    queue.drainTo(frames, 50 - frames.size(), Duration.ofMillis(50));
                }
                assertThat(frames)
                        .extracting(InboundFrame::sequence)
                        .containsExactlyElementsOf(LongStream.rangeClosed(11, 60).boxed().toList());
                assertThat(frames).extracting(InboundFrame::producerId).containsOnly("go-dev");

                listener.acknowledge("go-dev", 60);
                assertThat(source.awaitEvent("ack", TIMEOUT).path("durable").asLong())
                        .isEqualTo(60);
                assertThat(source.awaitExit(TIMEOUT)).as("exit" + source.describe()).isZero();
                assertThat(source.awaitEvent("summary", TIMEOUT).path("durable").asLong())
                        .isEqualTo(60);
            }
        }
    }

    /**
     * A stock Go source (no extension) into the same acknowledging listener: it is not numbered,
     * not granted and never acknowledged, and its frames arrive as before (at most once).
     */
    @Test
    void stockGoSourceStillDeliversToAnAcknowledgingListener() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(1000);
        try (YomoListener listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("ack-interop-stock")
                                .host("127.0.0.1")
                                .port(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP,
                        id -> 0L)) {
            String addr = "127.0.0.1:" + listener.start().getPort();
            try (YomoPeerProcess source =
                    YomoPeerProcess.start(
                            "source", "--addr", addr, "--count", "50", "--timeout", "30s")) {
                List<InboundFrame> frames = new ArrayList<>();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (frames.size() < 50 && System.nanoTime() < deadline) {
                    queue.drainTo(frames, 50 - frames.size(), Duration.ofMillis(50));
                }
                assertThat(source.awaitExit(TIMEOUT)).as("exit" + source.describe()).isZero();
                assertThat(frames)
                        .extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                        .containsExactlyElementsOf(
                                IntStream.range(0, 50).mapToObj(i -> "frame-" + i).toList());
                assertThat(frames).extracting(InboundFrame::producerId).containsOnlyNulls();
                assertThat(frames).extracting(InboundFrame::sequence).containsOnly(0L);
            }
        }
    }
}
