package dev.flinkyomo.yomo.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream function in a second language: the Go {@code yomo-peer sfn}, with its own codec,
 * connects to a Java listener that serves stream functions, as to a YoMo zipper; it receives the
 * frames of the tag it observes and its writes ({@code --echo-tag}, YoMo's {@code ctx.Write} with
 * the frame's metadata) arrive in the listener's queue.
 */
class GoStreamFunctionITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void goFunctionReceivesItsTagAndItsWritesComeBack() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(1000);
        try (YomoListener listener =
                new YomoListener(
                        ListenerOptions.builder()
                                .name("sfn-interop")
                                .host("127.0.0.1")
                                .port(0)
                                .tls(TlsOptions.INSECURE_DEFAULT)
                                .acceptStreamFunctions(true)
                                .build(),
                        queue,
                        ListenerMetrics.NO_OP)) {
            String addr = "127.0.0.1:" + listener.start().getPort();
            try (YomoPeerProcess sfn =
                    YomoPeerProcess.start(
                            "sfn",
                            "--addr",
                            addr,
                            "--name",
                            "go-sfn",
                            "--observe",
                            "0x33",
                            "--echo-tag",
                            "0x34",
                            "--count",
                            "20",
                            "--timeout",
                            "30s")) {
                sfn.awaitEvent("connected", TIMEOUT);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (listener.functions().size() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                byte[] metadata = MetadataCodec.encode(Map.of("yomo-tid", "tid-7"));
                for (int i = 0; i < 20; i++) {
                    byte[] payload = ("reading-" + i).getBytes(StandardCharsets.UTF_8);
                    assertThat(
                                    listener.functions()
                                            .deliver(new DataFrame(0x33, metadata, payload), null))
                            .isEqualTo(1);
                    // a tag it does not observe goes nowhere
                    assertThat(
                                    listener.functions()
                                            .deliver(new DataFrame(0x35, metadata, payload), null))
                            .isZero();
                }
                List<InboundFrame> echoed = new ArrayList<>();
                while (echoed.size() < 20 && System.nanoTime() < deadline) {
                    queue.drainTo(echoed, 20 - echoed.size(), Duration.ofMillis(50));
                }
                assertThat(sfn.awaitExit(TIMEOUT)).as("exit" + sfn.describe()).isZero();
                JsonNode summary = sfn.awaitEvent("summary", TIMEOUT);
                assertThat(summary.path("received").asInt()).isEqualTo(20);
                assertThat(echoed).hasSize(20);
                for (int i = 0; i < 20; i++) {
                    InboundFrame f = echoed.get(i);
                    assertThat(f.tag()).isEqualTo(0x34);
                    assertThat(new String(f.payload(), StandardCharsets.UTF_8))
                            .isEqualTo("reading-" + i);
                    assertThat(f.metadata()).containsEntry("yomo-tid", "tid-7");
                    assertThat(f.connection().clientType())
                            .isEqualTo(ClientType.STREAM_FUNCTION.code());
                }
            }
        }
    }
}
