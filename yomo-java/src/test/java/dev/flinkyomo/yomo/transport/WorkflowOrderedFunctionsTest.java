package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.y3.Y3Cursor;
import dev.flinkyomo.yomo.Routing;
import dev.flinkyomo.yomo.protocol.ClientType;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.Frame;
import dev.flinkyomo.yomo.protocol.HandshakeFrame;
import dev.flinkyomo.yomo.protocol.LegacyFrameCodec;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.YomoProtocol;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that holds a yomo v1.5/v1.6 workflow's function list, over real QUIC on 127.0.0.1:
 * only listed functions connect, the 2021 protocol's functions among them, each function takes only
 * what was written before it in the list, and functions are served in list order whatever order
 * they connected in.
 */
class WorkflowOrderedFunctionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> WORKFLOW = List.of("first", "second", "third");

    private static ListenerHarness orderedListener() throws InterruptedException {
        return new ListenerHarness(
                10_000, b -> b.acceptStreamFunctions(true).workflowFunctions(WORKFLOW));
    }

    /** A final-protocol Java stream function keeping what it gets. */
    private static YomoClient function(ListenerHarness h, String name, List<String> into)
            throws Exception {
        YomoClient c =
                new YomoClient(
                        h.client(name)
                                .clientType(ClientType.STREAM_FUNCTION)
                                .observeDataTags(List.of(0x33L))
                                .build(),
                        new YomoClientListener() {
                            @Override
                            public void onData(DataFrame frame) {
                                into.add(new String(frame.payload(), StandardCharsets.UTF_8));
                            }
                        });
        c.start().get(10, TimeUnit.SECONDS);
        return c;
    }

    /** A 2021-protocol stream function (yomo v1.5.3's handshake: name and type, no tags). */
    private static RawQuicPeer legacyFunction(ListenerHarness h, String name, List<Long> tags)
            throws Exception {
        RawQuicPeer peer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN);
        peer.write(
                LegacyFrameCodec.INSTANCE.encode(
                        HandshakeFrame.of(name, "", ClientType.STREAM_FUNCTION)
                                .withObserveDataTags(tags)));
        return peer;
    }

    /** The 2021 DataFrames a raw peer received, decoded. */
    private static List<DataFrame> legacyFrames(RawQuicPeer peer) {
        byte[] buf = peer.received();
        List<DataFrame> frames = new ArrayList<>();
        Y3Cursor c = new Y3Cursor(buf);
        while (c.next()) {
            int end = c.valueIndex() + c.valueLength();
            Frame f = LegacyFrameCodec.INSTANCE.decode(buf, c.tagOffset(), end - c.tagOffset());
            frames.add((DataFrame) f);
        }
        return frames;
    }

    private static DataFrame frame(long tag, String payload) {
        return new DataFrame(
                tag,
                MetadataCodec.encode(Map.of("yomo-tid", "tid-" + payload)),
                payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(java.util.function.BooleanSupplier done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(done.getAsBoolean()).as("condition within %s", WAIT).isTrue();
    }

    @Test
    void eachFunctionTakesWhatWasWrittenBeforeItAndFunctionsAreServedInListOrder()
            throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> third = new CopyOnWriteArrayList<>();
        try (ListenerHarness h = orderedListener();
                // connected out of order: third, then the 2021 function, then first
                YomoClient t = function(h, "third", third);
                RawQuicPeer second = legacyFunction(h, "second", List.of());
                YomoClient f = function(h, "first", first)) {
            ConnectedFunctions functions = h.listener.functions();
            await(() -> functions.size() == 3);
            assertThat(functions.connected())
                    .extracting(ConnectedFunction::name)
                    .containsExactly("first", "second", "third");
            assertThat(functions.positionOf("second")).isEqualTo(2);
            assertThat(functions.positionOf("stranger")).isEqualTo(Integer.MAX_VALUE);

            assertThat(functions.deliver(frame(0x33, "from-sources"), null, Routing.SOURCES))
                    .isEqualTo(3);
            assertThat(functions.deliver(frame(0x33, "from-first"), null, 1)).isEqualTo(2);
            assertThat(functions.deliver(frame(0x33, "from-second"), null, 2)).isEqualTo(1);
            assertThat(functions.deliver(frame(0x33, "from-third"), null, 3)).isZero();
            assertThat(functions.deliver(frame(0x33, "from-a-zipper"), null, -1)).isEqualTo(3);
            // the 2021 function filters on its side, so it is sent tags it may ignore, but
            // never one its protocol cannot carry
            assertThat(functions.deliver(frame(0x12, "untagged"), null, Routing.SOURCES))
                    .isEqualTo(1);
            assertThat(functions.deliver(frame(0x40, "too-big"), null, Routing.SOURCES)).isZero();

            await(() -> third.size() == 4 && first.size() == 2);
            await(() -> legacyFrames(second).size() == 4);
            assertThat(first).containsExactly("from-sources", "from-a-zipper");
            assertThat(third)
                    .containsExactly("from-sources", "from-first", "from-second", "from-a-zipper");
            List<DataFrame> got = legacyFrames(second);
            assertThat(got)
                    .extracting(d -> new String(d.payload(), StandardCharsets.UTF_8))
                    .containsExactly("from-sources", "from-first", "from-a-zipper", "untagged");
            assertThat(got).extracting(DataFrame::tag).containsExactly(0x33L, 0x33L, 0x33L, 0x12L);
            // the 2021 DataFrame carries the tid in its MetaFrame
            assertThat(MetadataCodec.decode(got.get(0).metadata()))
                    .containsEntry("yomo-tid", "tid-from-sources");
        }
    }

    @Test
    void aV16FunctionNamesItsTagsInTheHandshakeAndGetsOnlyThose() throws Exception {
        try (ListenerHarness h = orderedListener();
                RawQuicPeer second = legacyFunction(h, "second", List.of(0x21L))) {
            ConnectedFunctions functions = h.listener.functions();
            await(() -> functions.size() == 1);
            assertThat(functions.connected().get(0).observedTags()).containsExactly(0x21L);
            assertThat(functions.deliver(frame(0x33, "not-observed"), null, 0)).isZero();
            assertThat(functions.deliver(frame(0x21, "observed"), null, 0)).isEqualTo(1);
            await(() -> legacyFrames(second).size() == 1);
        }
    }

    @Test
    void whatA2021FunctionWritesEntersTheQueueWithItsTid() throws Exception {
        try (ListenerHarness h = orderedListener();
                RawQuicPeer second = legacyFunction(h, "second", List.of())) {
            await(() -> h.listener.functions().size() == 1);
            second.write(LegacyFrameCodec.INSTANCE.encode(frame(0x34, "echo")));
            List<InboundFrame> got = h.take(1, WAIT);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).tag()).isEqualTo(0x34);
            assertThat(got.get(0).metadata()).containsEntry("yomo-tid", "tid-echo");
            assertThat(got.get(0).connection().clientName()).isEqualTo("second");
            assertThat(got.get(0).connection().clientType())
                    .isEqualTo(ClientType.STREAM_FUNCTION.code());
        }
    }

    @Test
    void anUnlistedFunctionIsRefusedAndA2021OneWithYomosIllegalSfnCode() throws Exception {
        try (ListenerHarness h = orderedListener();
                RawQuicPeer legacy = legacyFunction(h, "stranger", List.of());
                RawQuicPeer finalPeer = RawQuicPeer.connect(h.address, YomoProtocol.ALPN)) {
            finalPeer.write(
                    dev.flinkyomo.yomo.protocol.FinalFrameCodec.INSTANCE.encode(
                            HandshakeFrame.of("stranger", "s", ClientType.STREAM_FUNCTION)
                                    .withObserveDataTags(List.of(0x33L))));
            CloseReason legacyClose = legacy.awaitClose();
            assertThat(legacyClose.code())
                    .isEqualTo(YomoProtocol.LEGACY_ILLEGAL_FUNCTION_CLOSE_CODE);
            assertThat(legacyClose.reason())
                    .contains("'stranger' is not one of the workflow's functions")
                    .contains("'first'", "'second'", "'third'");
            assertThat(finalPeer.awaitClose().reason())
                    .contains("is not one of the workflow's functions");
            assertThat(h.listener.functions().size()).isZero();
        }
    }

    @Test
    void withoutAWorkflowList2021FunctionsAreRefusedWithTheReason() throws Exception {
        try (ListenerHarness h = new ListenerHarness(10_000, b -> b.acceptStreamFunctions(true));
                RawQuicPeer legacy = legacyFunction(h, "second", List.of())) {
            CloseReason close = legacy.awaitClose();
            assertThat(close.reason()).contains("2021 protocol").contains("lists no functions");
            assertThat(h.listener.functions().size()).isZero();
        }
    }
}
