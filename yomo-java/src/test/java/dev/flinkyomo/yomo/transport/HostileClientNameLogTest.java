package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client chooses its name: one with a newline and an ANSI escape must give the listener's log one
 * escaped line, not a forged second line or a repainted terminal.
 */
class HostileClientNameLogTest {

    private static final String HOSTILE =
            "dev-1\n12:00:00,000 INFO  YomoListener - admin connected\u001b[2J";

    @Test
    void aRejectedClientWithANewlineInItsNameLogsOneEscapedLine() throws Exception {
        List<String> lines;
        try (ListenerHarness zipper = new ListenerHarness(10, b -> b.authToken("right"));
                CapturedLog log = new CapturedLog(RefusalLog.class);
                YomoClient client =
                        new YomoClient(
                                zipper.client(HOSTILE)
                                        .credential("token:wrong")
                                        .reconnect(false)
                                        .build(),
                                YomoClientListener.NO_OP)) {
            assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("authentication failed");
            lines = log.messages().stream().filter(m -> m.contains("rejected handshake")).toList();
        }
        assertThat(lines)
                .singleElement()
                .asString()
                .doesNotContain("\n", "\u001b")
                .contains(
                        "rejected handshake of 'dev-1\\n12:00:00,000 INFO  YomoListener - admin"
                                + " connected\\u001b[2J'")
                .contains("wrong token for client 'dev-1\\n");
    }

    @Test
    void aFloodOfRejectedHandshakesLogsOneLineAnInterval() throws Exception {
        List<String> lines;
        try (ListenerHarness zipper = new ListenerHarness(10, b -> b.authToken("right"));
                CapturedLog log = new CapturedLog(RefusalLog.class)) {
            for (int i = 0; i < 5; i++) {
                try (YomoClient client =
                        new YomoClient(
                                zipper.client("guess-" + i)
                                        .credential("token:guess-" + i)
                                        .reconnect(false)
                                        .build(),
                                YomoClientListener.NO_OP)) {
                    assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
                            .hasMessageContaining("authentication failed");
                }
            }
            lines = log.messages().stream().filter(m -> m.contains("rejected handshake")).toList();
            assertThat(zipper.metrics.rejected.get()).as("each one counted").isEqualTo(5);
        }
        assertThat(lines).singleElement().asString().contains("'guess-0'");
    }

    @Test
    void connectionsThatVanishMidFrameLogOneLineAnInterval() throws Exception {
        List<String> lines;
        try (ListenerHarness zipper = new ListenerHarness();
                CapturedLog log = new CapturedLog(RefusalLog.class)) {
            for (int i = 0; i < 5; i++) {
                try (RawQuicPeer peer = RawQuicPeer.connect(zipper.address, YomoProtocol.ALPN)) {
                    peer.write(
                            FinalFrameCodec.INSTANCE.encode(
                                    HandshakeFrame.of("cut-" + i, "c", ClientType.SOURCE)));
                    // a data frame announcing 48 bytes, of which 3 arrive before the hang-up
                    peer.write(new byte[] {(byte) 0xBF, 0x30, 1, 1, 0x33});
                    Thread.sleep(200);
                    peer.hangUp();
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (zipper.metrics.decodeErrors.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(zipper.metrics.decodeErrors.get()).as("each one counted").isEqualTo(5);
            lines = log.messages().stream().filter(m -> m.contains("vanished mid-frame")).toList();
        }
        assertThat(lines).singleElement().asString().contains("'cut-0'");
    }
}
