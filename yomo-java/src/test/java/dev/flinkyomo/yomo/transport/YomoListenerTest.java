package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.ProtocolGeneration;
import dev.flinkyomo.yomo.protocol.RejectedFrame;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener over real QUIC on 127.0.0.1 with this module's own client. */
class YomoListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static DataFrame frame(long tag, int i, String sourceId) {
        Map<String, String> md =
                Map.of(MetadataKeys.TID, "tid-" + i, MetadataKeys.SOURCE_ID, sourceId);
        return new DataFrame(
                tag, MetadataCodec.encode(md), ("payload-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertFrame(InboundFrame f, long tag, int i, String sourceId) {
        assertThat(f.tag()).isEqualTo(tag);
        assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo("payload-" + i);
        assertThat(f.metadata())
                .containsEntry(MetadataKeys.TID, "tid-" + i)
                .containsEntry(MetadataKeys.SOURCE_ID, sourceId);
    }

    @Test
    void sourceFramesArriveInOrderWithTagMetadataAndClient() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient client =
                        new YomoClient(
                                h.client("sensor").id("dev-1").build(), YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 2000; i++) {
                client.write(frame(0x33, i, "dev-1"));
            }
            client.flush();
            List<InboundFrame> got = h.take(2000, WAIT);
            assertThat(got).hasSize(2000);
            for (int i = 0; i < 2000; i++) {
                assertFrame(got.get(i), 0x33, i, "dev-1");
            }
            ConnectionInfo c = got.get(0).connection();
            assertThat(c.clientName()).isEqualTo("sensor");
            assertThat(c.clientId()).isEqualTo("dev-1");
            assertThat(c.clientType()).isEqualTo(ClientType.SOURCE.code());
            assertThat(c.generation()).isEqualTo(ProtocolGeneration.FINAL);
            assertThat(got.get(0).receivedAtMillis()).isPositive();
            assertThat(h.metrics.accepted.get()).isEqualTo(1);
            assertThat(h.metrics.frames.get()).isEqualTo(2000);
            assertThat(h.listener.openConnections()).isEqualTo(1);
        }
    }

    /** The listener hands on the target its metadata check found, as the metadata says it. */
    @Test
    void eachFrameCarriesTheTargetItsMetadataNames() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient client =
                        new YomoClient(
                                h.client("sensor").id("dev-1").build(), YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            client.write(frame(0x33, 0, "dev-1"));
            client.write(
                    new DataFrame(
                            0x33,
                            MetadataCodec.encode(
                                    Map.of(MetadataKeys.TID, "t", MetadataKeys.TARGET, "sfn-2")),
                            new byte[] {1}));
            client.flush();
            List<InboundFrame> got = h.take(2, WAIT);
            assertThat(got).extracting(InboundFrame::target).containsExactly(null, "sfn-2");
            for (InboundFrame f : got) {
                assertThat(f.target()).isEqualTo(f.metadata().get(MetadataKeys.TARGET));
            }
        }
    }

    @Test
    void legacy2021ClientIsDetectedAndAccepted() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient client =
                        new YomoClient(
                                h.client("yomo-source")
                                        .generation(ProtocolGeneration.LEGACY_2021)
                                        .build(),
                                YomoClientListener.NO_OP)) {
            client.start().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                client.send(
                        new DataFrame(
                                0x33,
                                MetadataCodec.encode(Map.of(MetadataKeys.TID, "tid-" + i)),
                                ("payload-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            List<InboundFrame> got = h.take(10, WAIT);
            assertThat(got).hasSize(10);
            assertThat(got.get(9).tag()).isEqualTo(0x33);
            assertThat(got.get(9).metadata()).containsExactly(Map.entry(MetadataKeys.TID, "tid-9"));
            assertThat(got.get(0).connection().generation())
                    .isEqualTo(ProtocolGeneration.LEGACY_2021);
        }
    }

    @Test
    void listenerRestrictedToFinalProtocolClosesLegacyClients() throws Exception {
        try (ListenerHarness h =
                        new ListenerHarness(
                                100, b -> b.generations(EnumSet.of(ProtocolGeneration.FINAL)));
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    dev.flinkyomo.yomo.protocol.LegacyFrameCodec.INSTANCE.encode(
                            new HandshakeFrame("old", "", 0x5F, List.of(), "", "", "", "", "")));
            CloseReason r = peer.awaitClose();
            assertThat(r.code()).isEqualTo(YomoProtocol.CLOSE_ERROR_CODE);
            assertThat(r.reason()).contains("2021 protocol").contains("disabled");
        }
    }

    @Test
    void tokenAuthAdmitsTheRightTokenAndRejectsOthersWithoutReconnect() throws Exception {
        try (ListenerHarness h = new ListenerHarness(100, b -> b.authToken("s3cret"))) {
            try (YomoClient good =
                    new YomoClient(
                            h.client("good").credential("token:s3cret").build(),
                            YomoClientListener.NO_OP)) {
                good.start().get(10, TimeUnit.SECONDS);
                good.send(frame(1, 0, "g"));
                assertThat(h.take(1, WAIT)).hasSize(1);
            }
            try (YomoClient bad =
                    new YomoClient(
                            h.client("bad").credential("token:guess").build(),
                            YomoClientListener.NO_OP)) {
                assertThatThrownBy(() -> bad.start().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(YomoRejectedException.class)
                        .hasMessageContaining("authentication failed");
                assertThat(bad.state()).isEqualTo(YomoClient.State.REJECTED);
            }
            try (YomoClient none =
                    new YomoClient(h.client("anon").build(), YomoClientListener.NO_OP)) {
                assertThatThrownBy(() -> none.start().get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(YomoRejectedException.class);
            }
            // one handshake each; a rejected client must not come back
            assertThat(h.metrics.accepted.get()).isEqualTo(1);
            assertThat(h.metrics.rejected.get()).isEqualTo(2);
        }
    }

    @Test
    void versionMismatchGetsRejectedFrameWithReasonThenClose() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("old-sdk", "x", ClientType.SOURCE)
                                    .withVersion("2023-05-01")));
            CloseReason r = peer.awaitClose();
            assertThat(r.code()).isEqualTo(YomoProtocol.CLOSE_ERROR_CODE);
            assertThat(r.reason())
                    .isEqualTo("version negotiation failed: client=2023-05-01, server=2024-01-03");
            assertThat(FinalFrameCodec.INSTANCE.decode(peer.received()))
                    .isEqualTo(
                            new RejectedFrame(
                                    "version negotiation failed: client=2023-05-01, server=2024-01-03"));
        }
    }

    @Test
    void streamFunctionsAreRejected() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient sfn =
                        new YomoClient(
                                h.client("fn")
                                        .clientType(ClientType.STREAM_FUNCTION)
                                        .observeDataTags(List.of(0x33L))
                                        .build(),
                                YomoClientListener.NO_OP)) {
            assertThatThrownBy(() -> sfn.start().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(YomoRejectedException.class)
                    .hasMessageContaining(
                            "accepts sources (0x5F) and upstream zippers (0x5E) only");
        }
    }

    @Test
    void upstreamZipperIsAccepted() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                YomoClient z =
                        new YomoClient(
                                h.client("zipper-2").clientType(ClientType.UPSTREAM_ZIPPER).build(),
                                YomoClientListener.NO_OP)) {
            z.start().get(10, TimeUnit.SECONDS);
            z.send(frame(7, 1, "s"));
            assertThat(h.take(1, WAIT).get(0).connection().clientType()).isEqualTo(0x5E);
        }
    }

    @Test
    void idleConnectionIsKeptAliveBeyondTheIdleTimeout() throws Exception {
        java.util.concurrent.atomic.AtomicInteger drops =
                new java.util.concurrent.atomic.AtomicInteger();
        YomoClientListener events =
                new YomoClientListener() {
                    @Override
                    public void onDisconnected(String reason) {
                        drops.incrementAndGet();
                    }
                };
        try (ListenerHarness h =
                        new ListenerHarness(
                                100,
                                b ->
                                        b.idleTimeout(Duration.ofSeconds(1))
                                                .keepAlive(Duration.ofMillis(300)));
                YomoClient client = new YomoClient(h.client("idle").build(), events)) {
            client.start().get(10, TimeUnit.SECONDS);
            // idling for three idle timeouts is the behaviour under test
            Thread.sleep(3000);
            assertThat(client.isConnected()).isTrue();
            client.send(frame(5, 0, "idle"));
            assertThat(h.take(1, WAIT)).hasSize(1);
            assertThat(drops.get()).isZero();
            assertThat(h.metrics.accepted.get()).isEqualTo(1);
        }
    }
}
