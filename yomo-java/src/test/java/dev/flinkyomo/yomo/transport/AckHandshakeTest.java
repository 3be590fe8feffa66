package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.Hex;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The handshake of the acknowledgement extension over real QUIC on 127.0.0.1: who is granted what,
 * and what stays as it was (ACKS.md, Session 1-2).
 */
class AckHandshakeTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;

    private static DataFrame frame(String payload) {
        return new DataFrame(0x21, new byte[0], payload.getBytes(StandardCharsets.UTF_8));
    }

    private static ListenerHarness granting(EmittingConsumer positions)
            throws InterruptedException {
        return new ListenerHarness(new BoundedFrameQueue<>(10_000), b -> b, positions);
    }

    @Test
    void grantedHandshakeCarriesTheProducersResumeAfter() throws Exception {
        EmittingConsumer reader = new EmittingConsumer();
        reader.emitted.put("dev-1", 41L);
        try (ListenerHarness h = granting(reader);
                YomoClient client =
                        new YomoClient(
                                h.client("sensor").acknowledgements(AckOptions.of("dev-1")).build(),
                                YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            assertThat(client.acknowledgementsGranted()).isTrue();
            // the client never numbered a frame: it continues after what the receiver emitted
            assertThat(client.lastSequence()).isEqualTo(41);
            client.send(frame("a"));
            List<InboundFrame> got = h.take(1, WAIT);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).producerId()).isEqualTo("dev-1");
            assertThat(got.get(0).sequence()).isEqualTo(42);
            assertThat(h.metrics.acksGranted.get()).isEqualTo(1);
        }
    }

    @Test
    void stockClientOfAGrantingListenerIsUnaffected() throws Exception {
        try (ListenerHarness h = granting(new EmittingConsumer());
                YomoClient client =
                        new YomoClient(h.client("stock").build(), YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            assertThat(client.acknowledgementsGranted()).isFalse();
            h.assertDelivers(client, "plain");
            client.send(frame("plain-2"));
            InboundFrame f = h.take(1, WAIT).get(0);
            assertThat(f.producerId()).isNull();
            assertThat(f.sequence()).isZero();
            assertThat(h.metrics.acksGranted.get()).isZero();
        }
    }

    @Test
    void stockHandshakeGetsTheStockAckByteForByte() throws Exception {
        try (ListenerHarness h = granting(new EmittingConsumer());
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(CODEC.encode(HandshakeFrame.of("raw", "r", ClientType.SOURCE)));
            assertThat(Hex.hex(awaitReceived(peer, 2))).isEqualTo("A9 00");
        }
    }

    @Test
    void listenerWithoutPositionsAnswersAnAskingHandshakeAsAStockZipper() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    CODEC.encode(
                            HandshakeFrame.of("raw", "r", ClientType.SOURCE)
                                    .withAcknowledgements("dev-1")));
            assertThat(CODEC.decode(awaitReceived(peer, 2))).isEqualTo(HandshakeAckFrame.INSTANCE);
        }
    }

    @Test
    void badProducerIdIsRejectedWithAReason() throws Exception {
        try (ListenerHarness h = granting(new EmittingConsumer());
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    CODEC.encode(
                            HandshakeFrame.of("raw", "r", ClientType.SOURCE)
                                    .withAcknowledgements("")));
            CloseReason close = peer.awaitClose();
            assertThat(close.reason()).contains("producer id of 0 bytes");
            assertThat(((RejectedFrame) CODEC.decode(peer.received())).message())
                    .contains("1 to 128 bytes");
            assertThat(h.metrics.rejected.get()).isEqualTo(1);
        }
    }

    @Test
    void requiredAcknowledgementsFailClearlyAgainstAStockListener() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient client =
                        new YomoClient(
                                h.client("strict")
                                        .acknowledgements(AckOptions.of("dev-1").withRequired(true))
                                        .build(),
                                YomoClientListener.NO_OP)) {
            assertThatThrownBy(() -> client.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(AcknowledgementsRefusedException.class)
                    .hasMessageContaining("did not grant acknowledgements")
                    .hasMessageContaining("AckOptions.required");
            assertThat(client.state()).isEqualTo(YomoClient.State.REJECTED);
            assertThatThrownBy(() -> client.write(frame("x")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void optionalAcknowledgementsRunAtMostOnceWithOneWarning() throws Exception {
        try (CapturedLog log = new CapturedLog(YomoClient.class);
                ListenerHarness h = new ListenerHarness();
                YomoClient client =
                        new YomoClient(
                                h.client("lenient")
                                        .acknowledgements(AckOptions.of("dev-1"))
                                        .build(),
                                YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            assertThat(client.acknowledgementsGranted()).isFalse();
            client.send(frame("once"));
            InboundFrame f = h.take(1, WAIT).get(0);
            assertThat(f.sequence()).isZero();
            assertThat(client.lastSequence()).isZero();
            assertThat(log.messages()).filteredOn(m -> m.contains("at most once")).hasSize(1);
        }
    }

    @Test
    void newerConnectionOfAProducerWinsAndGetsTheAcks() throws Exception {
        try (ListenerHarness h = granting(new EmittingConsumer());
                YomoClient older =
                        new YomoClient(
                                h.client("older")
                                        .acknowledgements(AckOptions.of("dev-1"))
                                        .reconnect(false)
                                        .build(),
                                YomoClientListener.NO_OP);
                YomoClient newer =
                        new YomoClient(
                                h.client("newer").acknowledgements(AckOptions.of("dev-1")).build(),
                                YomoClientListener.NO_OP)) {
            older.start().get(10, TimeUnit.SECONDS);
            newer.start().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (older.lastCloseReason() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(older.lastCloseReason().reason()).contains("the newer connection wins");
            newer.send(frame("n"));
            assertThat(h.take(1, WAIT)).hasSize(1);
            h.listener.acknowledge("dev-1", 1);
            assertThat(newer.awaitDurable(1, WAIT)).isTrue();
        }
    }

    private static byte[] awaitReceived(RawQuicPeer peer, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (peer.received().length < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return peer.received();
    }
}
