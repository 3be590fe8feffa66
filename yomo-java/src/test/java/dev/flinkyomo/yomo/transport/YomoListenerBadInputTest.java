package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeAckFrame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each kind of bad input gets a clear close reason (error 0x13), frames accepted before it are
 * still delivered, and one well-behaved client on the same listener keeps being served throughout.
 */
class YomoListenerBadInputTest {

    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int MAX_FRAME = 4096;

    private static ListenerHarness h;
    private static YomoClient good;
    private static int goodSeq;

    @BeforeAll
    static void start() throws Exception {
        h =
                new ListenerHarness(
                        10_000,
                        b -> b.maxFrameSize(MAX_FRAME).handshakeTimeout(Duration.ofMillis(500)));
        good = new YomoClient(h.client("good").build(), YomoClientListener.NO_OP);
        good.start().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        good.close();
        h.close();
    }

    /** After every bad client, the good one still gets its frames through. */
    @AfterEach
    void goodClientIsStillServed() throws Exception {
        int seq = goodSeq++;
        good.send(data(0x10, "good-" + seq));
        List<InboundFrame> got = h.take(1, WAIT);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).connection().clientName()).isEqualTo("good");
        assertThat(new String(got.get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("good-" + seq);
        assertThat(good.isConnected()).isTrue();
    }

    private static DataFrame data(long tag, String payload) {
        return new DataFrame(tag, new byte[0], payload.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] handshake(String name) {
        return CODEC.encode(HandshakeFrame.of(name, name + "-id", ClientType.SOURCE));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Sends the bytes on a fresh connection and returns the close the listener answered with. */
    private static CloseReason sendAndAwaitClose(byte[] bytes) throws Exception {
        try (RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(bytes);
            CloseReason r = peer.awaitClose();
            assertThat(r).as("close frame from the listener").isNotNull();
            assertThat(r.code()).isEqualTo(YomoProtocol.CLOSE_ERROR_CODE);
            return r;
        }
    }

    private static List<String> payloadsFrom(List<InboundFrame> frames, String client) {
        return frames.stream()
                .filter(f -> f.connection().clientName().equals(client))
                .map(f -> new String(f.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void garbageBytesAreRefusedAtTheFirstByte() throws Exception {
        int errors = h.metrics.decodeErrors.get();
        CloseReason r =
                sendAndAwaitClose("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(r.reason()).contains("expected a handshake").contains("0x47");
        assertThat(h.metrics.decodeErrors.get()).isEqualTo(errors + 1);
    }

    @Test
    void dataBeforeHandshakeIsRefused() throws Exception {
        CloseReason r = sendAndAwaitClose(CODEC.encode(data(1, "early")));
        assertThat(r.reason()).contains("expected a handshake").contains("0xBF");
    }

    @Test
    void unknownFrameTypeClosesButEarlierFramesAreDelivered() throws Exception {
        CloseReason r =
                sendAndAwaitClose(
                        concat(
                                handshake("unknown"),
                                CODEC.encode(data(1, "u-0")),
                                CODEC.encode(data(1, "u-1")),
                                bytes("B5 00")));
        assertThat(r.reason()).contains("unknown frame type 0x35");
        assertThat(payloadsFrom(h.take(2, WAIT), "unknown")).containsExactly("u-0", "u-1");
    }

    @Test
    void oversizedFrameIsRefusedFromItsHeader() throws Exception {
        byte[] big = new byte[MAX_FRAME + 1];
        CloseReason r =
                sendAndAwaitClose(
                        concat(
                                handshake("big"),
                                CODEC.encode(data(1, "b-0")),
                                CODEC.encode(new DataFrame(1, new byte[0], big))));
        assertThat(r.reason()).contains("exceeds the maximum frame size of " + MAX_FRAME);
        assertThat(payloadsFrom(h.take(1, WAIT), "big")).containsExactly("b-0");
    }

    @Test
    void hostileLengthIsRefusedWithoutWaitingForIt() throws Exception {
        // a DataFrame header claiming 2^31-1 bytes: refused as soon as the header is complete
        CloseReason r = sendAndAwaitClose(concat(handshake("hostile"), bytes("BF 87 FF FF FF 7F")));
        assertThat(r.reason()).contains("exceeds the maximum frame size");
    }

    @Test
    void malformedFrameNamesFrameAndOffset() throws Exception {
        // DataFrame whose payload field runs past the frame
        CloseReason r =
                sendAndAwaitClose(concat(handshake("malformed"), bytes("BF 05 01 01 15 02 09")));
        assertThat(r.reason()).startsWith("DataFrame at byte 5").contains("PAST_PARENT");
    }

    @Test
    void badMetadataIsRefused() throws Exception {
        CloseReason r =
                sendAndAwaitClose(
                        concat(
                                handshake("badmeta"),
                                CODEC.encode(new DataFrame(1, bytes("A3 61 62 63"), new byte[0]))));
        assertThat(r.reason()).contains("metadata").contains("expected a map");
    }

    @Test
    void reservedTagClosesTheConnection() throws Exception {
        CloseReason r =
                sendAndAwaitClose(concat(handshake("reserved"), CODEC.encode(data(0xF001, "x"))));
        assertThat(r.reason()).contains("reserved tag 0xf001");
    }

    @Test
    void secondHandshakeIsAProtocolError() throws Exception {
        CloseReason r = sendAndAwaitClose(concat(handshake("twice"), handshake("twice")));
        assertThat(r.reason())
                .contains("HandshakeFrame")
                .contains("not allowed from a client after the handshake");
    }

    @Test
    void noHandshakeWithinTheDeadlineCloses() throws Exception {
        try (RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            long t0 = System.nanoTime();
            CloseReason r = peer.awaitClose();
            assertThat(r.reason()).isEqualTo("no handshake within 500 ms");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        }
    }

    @Test
    void handshakeThatStopsHalfwayTimesOut() throws Exception {
        byte[] hs = handshake("slow");
        CloseReason r = sendAndAwaitClose(Arrays.copyOf(hs, hs.length / 2));
        assertThat(r.reason()).isEqualTo("no handshake within 500 ms");
    }

    @Test
    void clientVanishingMidFrameKeepsEarlierFrames() throws Exception {
        int errors = h.metrics.decodeErrors.get();
        byte[] last = CODEC.encode(data(1, "v-2-never-complete"));
        try (RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    concat(
                            handshake("vanish"),
                            CODEC.encode(data(1, "v-0")),
                            CODEC.encode(data(1, "v-1")),
                            Arrays.copyOf(last, last.length - 3)));
            assertThat(payloadsFrom(h.take(2, WAIT), "vanish")).containsExactly("v-0", "v-1");
            peer.hangUp();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (h.metrics.decodeErrors.get() == errors && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(h.metrics.decodeErrors.get()).as("partial frame reported").isEqualTo(errors + 1);
    }

    @Test
    void secondStreamIsRefused() throws Exception {
        try (RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(handshake("streams"));
            peer.writeOnNewStream(CODEC.encode(data(1, "x")));
            CloseReason r = peer.awaitClose();
            assertThat(r.reason()).contains("exactly one bidirectional stream");
            assertThat(CODEC.decode(peer.received())).isEqualTo(HandshakeAckFrame.INSTANCE);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        try (ListenerHarness limited = new ListenerHarness(100, b -> b.maxConnections(2));
                RawQuicPeer a = RawQuicPeer.connect(limited.address, YomoProtocol.ALPN);
                RawQuicPeer b = RawQuicPeer.connect(limited.address, YomoProtocol.ALPN)) {
            a.write(handshake("a"));
            b.write(handshake("b"));
            try (RawQuicPeer c = RawQuicPeer.connect(limited.address, YomoProtocol.ALPN)) {
                // pending connections do not count; the third is refused when it would be admitted
                c.write(handshake("c"));
                assertThat(c.awaitClose().reason())
                        .isEqualTo("too many connections (max-connections 2)");
            }
            assertThat(limited.metrics.connectionsRefused.get()).isEqualTo(1);
            assertThat(a.isOpen()).isTrue();
            assertThat(b.isOpen()).isTrue();
        }
    }

    @Test
    void wrongAlpnFailsTheTlsHandshakeAtOnceNamingTheAlert() throws Exception {
        int accepted = h.metrics.accepted.get();
        try (YomoClient wrong =
                new YomoClient(
                        h.client("wrong-alpn")
                                .alpn("h3")
                                .reconnect(false)
                                .handshakeTimeout(Duration.ofSeconds(5))
                                .build(),
                        YomoClientListener.NO_OP)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> wrong.start().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("TLS alert 120 (no_application_protocol");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                    .as("not the 5 s handshake timeout")
                    .isLessThan(2000);
            assertThat(wrong.isConnected()).isFalse();
        }
        assertThat(h.metrics.accepted.get()).as("no session for a wrong ALPN").isEqualTo(accepted);
    }
}
