package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.FinalFrameCodec;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream functions (0x5D) connected to a listener over real QUIC on 127.0.0.1, served as a YoMo
 * zipper serves them: routing by observed tag and wanted target, writes back into the listener's
 * queue, and a function that stops reading closed after the write timeout without holding up the
 * others.
 */
class ConnectedFunctionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A Java stream function that keeps the payloads of the frames routed to it. */
    private static final class Function implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final YomoClient client;

        Function(ListenerHarness h, String name, List<Long> observed, String wantedTarget)
                throws Exception {
            client =
                    new YomoClient(
                            h.client(name)
                                    .clientType(ClientType.STREAM_FUNCTION)
                                    .observeDataTags(observed)
                                    .wantedTarget(wantedTarget)
                                    .build(),
                            new YomoClientListener() {
                                @Override
                                public void onData(DataFrame frame) {
                                    received.add(
                                            new String(frame.payload(), StandardCharsets.UTF_8));
                                }
                            });
            client.start().get(10, TimeUnit.SECONDS);
        }

        void awaitReceived(int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static DataFrame frame(long tag, String payload) {
        return new DataFrame(tag, new byte[0], payload.getBytes(StandardCharsets.UTF_8));
    }

    private static ListenerHarness functionListener(Duration writeTimeout)
            throws InterruptedException {
        return new ListenerHarness(
                10_000, b -> b.acceptStreamFunctions(true).functionWriteTimeout(writeTimeout));
    }

    private static void awaitFunctions(ListenerHarness h, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (h.listener.functions().size() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.listener.functions().size()).isEqualTo(n);
    }

    @Test
    void framesGoToEveryObserverOfTheirTagAndTargetedFramesOnlyToTheirTarget() throws Exception {
        try (ListenerHarness h = functionListener(WAIT);
                Function a = new Function(h, "sfn-a", List.of(0x33L), "");
                Function b = new Function(h, "sfn-b", List.of(0x33L, 0x34L), "user-7");
                Function c = new Function(h, "sfn-c", List.of(0x35L), "")) {
            awaitFunctions(h, 3);
            ConnectedFunctions functions = h.listener.functions();
            assertThat(functions.connected())
                    .extracting(ConnectedFunction::name)
                    .containsExactlyInAnyOrder("sfn-a", "sfn-b", "sfn-c");

            assertThat(functions.deliver(frame(0x33, "all-33"), null)).isEqualTo(2);
            assertThat(functions.deliver(frame(0x33, "to-user-7"), "user-7")).isEqualTo(1);
            assertThat(functions.deliver(frame(0x33, "to-user-9"), "user-9")).isZero();
            assertThat(functions.deliver(frame(0x34, "all-34"), "")).isEqualTo(1);
            assertThat(functions.deliver(frame(0x36, "nobody"), null)).isZero();
            assertThat(functions.observes(0x35)).isTrue();
            assertThat(functions.observes(0x36)).isFalse();

            a.awaitReceived(1);
            b.awaitReceived(3);
            assertThat(a.received).containsExactly("all-33");
            assertThat(b.received).containsExactly("all-33", "to-user-7", "all-34");
            assertThat(c.received).isEmpty();
            assertThat(functions.connected())
                    .filteredOn(f -> f.name().equals("sfn-b"))
                    .singleElement()
                    .satisfies(
                            f -> {
                                assertThat(f.framesDelivered()).isEqualTo(3);
                                assertThat(f.wantedTarget()).isEqualTo("user-7");
                                assertThat(f.observedTags()).containsExactly(0x33L, 0x34L);
                            });
        }
    }

    @Test
    void whatAFunctionWritesEntersTheQueueWithItsMetadata() throws Exception {
        try (ListenerHarness h = functionListener(WAIT);
                Function f = new Function(h, "sfn-upper", List.of(0x33L), "")) {
            awaitFunctions(h, 1);
            byte[] metadata = MetadataCodec.encode(Map.of("yomo-tid", "tid-1"));
            f.client.send(new DataFrame(0x34, metadata, "HELLO".getBytes(StandardCharsets.UTF_8)));
            List<InboundFrame> got = h.take(1, WAIT);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).tag()).isEqualTo(0x34);
            assertThat(got.get(0).metadata()).containsEntry("yomo-tid", "tid-1");
            assertThat(got.get(0).connection().clientType())
                    .isEqualTo(ClientType.STREAM_FUNCTION.code());
            assertThat(got.get(0).connection().clientName()).isEqualTo("sfn-upper");
        }
    }

    @Test
    void aDisconnectedFunctionIsNoLongerServedAndIsServedAgainWhenItReconnects() throws Exception {
        try (ListenerHarness h = functionListener(WAIT)) {
            Function f = new Function(h, "sfn-a", List.of(0x33L), "");
            awaitFunctions(h, 1);
            f.close();
            awaitFunctions(h, 0);
            assertThat(h.listener.functions().deliver(frame(0x33, "while away"), null)).isZero();

            try (Function again = new Function(h, "sfn-a", List.of(0x33L), "")) {
                awaitFunctions(h, 1);
                assertThat(h.listener.functions().deliver(frame(0x33, "back"), null)).isEqualTo(1);
                again.awaitReceived(1);
                assertThat(again.received).containsExactly("back");
            }
        }
    }

    @Test
    void aFunctionThatStopsReadingIsClosedAndDoesNotHoldUpTheOthers() throws Exception {
        // long enough that the healthy function, on a loaded 2-core machine, is not taken for stuck
        // (500 ms closed it once under a load average of 15)
        Duration writeTimeout = Duration.ofSeconds(2);
        try (ListenerHarness h = functionListener(writeTimeout);
                Function healthy = new Function(h, "sfn-healthy", List.of(0x33L), "");
                RawQuicPeer stuck = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            stuck.write(
                    FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("sfn-stuck", "s", ClientType.STREAM_FUNCTION)
                                    .withObserveDataTags(List.of(0x33L))));
            awaitFunctions(h, 2);
            stuck.stopReading();

            // 64 KiB frames: the stuck function's 1 MiB window and Netty's buffer fill up
            String payload = "x".repeat(64 * 1024);
            int sent = 0;
            long started = System.nanoTime();
            while (h.listener.functions().closedAsTooSlow() == 0 && sent < 200) {
                h.listener.functions().deliver(frame(0x33, payload), null);
                sent++;
            }
            long blockedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(h.listener.functions().closedAsTooSlow()).isEqualTo(1);
            assertThat(sent).as("frames offered before the stuck one was closed").isLessThan(200);
            assertThat(blockedMillis).isGreaterThanOrEqualTo(writeTimeout.toMillis());
            CloseReason closed = stuck.awaitClose();
            assertThat(closed.reason()).contains("did not read its frames");
            assertThat(h.listener.functions().connected())
                    .extracting(ConnectedFunction::name)
                    .containsExactly("sfn-healthy");

            // the healthy one got every frame and is served on
            assertThat(h.listener.functions().deliver(frame(0x33, "after"), null)).isEqualTo(1);
            healthy.awaitReceived(sent + 1);
            assertThat(healthy.received).hasSize(sent + 1).last().isEqualTo("after");
        }
    }

    @Test
    void aPlainListenerStillRefusesStreamFunctions() throws Exception {
        try (ListenerHarness h = new ListenerHarness();
                RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            peer.write(
                    FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("sfn-x", "s", ClientType.STREAM_FUNCTION)
                                    .withObserveDataTags(List.of(0x33L))));
            assertThat(peer.awaitClose().reason()).contains("cannot connect here");
            assertThat(h.listener.functions().size()).isZero();
        }
    }
}
