package dev.flinkyomo.connector.yomo.source;

import dev.flinkyomo.connector.yomo.source.enumerator.SplitPlan;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;
import dev.flinkyomo.connector.yomo.source.split.ProducerTable;
import dev.flinkyomo.connector.yomo.source.split.YomoConnectSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitSerializer;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YomoSourceStateSerializersTest {

    private static final YomoSplitSerializer SPLITS = YomoSplitSerializer.INSTANCE;

    @Test
    void listenerSplitRoundTripsAndKeepsItsId() throws IOException {
        YomoListenerSplit split = new YomoListenerSplit(3, 9003, 12345L);
        YomoSplit back = SPLITS.deserialize(SPLITS.getVersion(), SPLITS.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(back.splitId()).isEqualTo("listener-3");
    }

    @Test
    void connectSplitRoundTripsAndKeepsItsId() throws IOException {
        YomoConnectSplit split = new YomoConnectSplit(1, 77L);
        YomoSplit back = SPLITS.deserialize(SPLITS.getVersion(), SPLITS.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(back.splitId()).isEqualTo("connect-1");
    }

    @Test
    void version1ListenerStateFromBeforeConnectModeIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeInt(9002);
            out.writeLong(99L);
        }
        assertThat(SPLITS.deserialize(1, bytes.toByteArray()))
                .isEqualTo(new YomoListenerSplit(2, 9002, 99L));
    }

    @Test
    void listenerSplitKeepsItsProducersPositions() throws IOException {
        YomoListenerSplit split =
                new YomoListenerSplit(
                        1,
                        9001,
                        40L,
                        Map.of(
                                "sensor-7", new ProducerPosition(1500, 1_700_000_000_000L),
                                "\u00e9cluse-2", new ProducerPosition(-1L, 5L)));
        YomoSplit back = SPLITS.deserialize(SPLITS.getVersion(), SPLITS.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(((YomoListenerSplit) back).producers().get("sensor-7").sequence())
                .isEqualTo(1500);
    }

    @Test
    void version2ListenerStateWithoutProducersIsStillRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // listen
            out.writeInt(2);
            out.writeInt(9002);
            out.writeLong(99L);
        }
        assertThat(SPLITS.deserialize(2, bytes.toByteArray()))
                .isEqualTo(new YomoListenerSplit(2, 9002, 99L));
    }

    @Test
    void aSplitStateCarriesItsProducersIntoTheCheckpointAndDropsExpiredOnes() {
        long now = System.currentTimeMillis();
        YomoListenerSplit restored =
                new YomoListenerSplit(
                        0,
                        0,
                        0,
                        Map.of(
                                "gone", new ProducerPosition(9, now - 3_600_000),
                                "here", new ProducerPosition(4, now)));
        ProducerTable table = new ProducerTable(restored.producers());
        YomoSplitState state = new YomoSplitState(restored, table, Duration.ofMinutes(30));
        assertThat(table.resumeAfter("here")).as("the handshake's ResumeAfter").isEqualTo(4);
        assertThat(table.advance("here", 4, now)).as("a resent duplicate").isFalse();
        assertThat(table.advance("here", 5, now)).isTrue();
        assertThat(table.advance("new", 1, now)).isTrue();

        YomoListenerSplit checkpointed = (YomoListenerSplit) state.toSplit();
        assertThat(checkpointed.producers()).containsOnlyKeys("here", "new");
        assertThat(checkpointed.producers().get("here").sequence()).isEqualTo(5);
        assertThat(table.resumeAfter("gone")).as("its memory is gone too").isZero();
    }

    @Test
    void splitStateCountsEmittedFramesAndKeepsTheMode() {
        YomoSplitState state = new YomoSplitState(new YomoConnectSplit(0, 5));
        state.recordEmitted();
        state.recordEmitted();
        assertThat(state.toSplit()).isEqualTo(new YomoConnectSplit(0, 7));
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        YomoEnumeratorState state = new YomoEnumeratorState(Set.of(0, 1, 5));
        YomoEnumeratorStateSerializer s = YomoEnumeratorStateSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
    }

    @Test
    void unknownVersionsAndCorruptBytesAreRefused() {
        assertThatThrownBy(() -> SPLITS.deserialize(99, new byte[17]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
        assertThatThrownBy(
                        () ->
                                SPLITS.deserialize(
                                        2, new byte[] {7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown mode byte 7");
        assertThatThrownBy(
                        () ->
                                SPLITS.deserialize(
                                        2,
                                        new byte[] {
                                            2,
                                            (byte) 0xFF,
                                            (byte) 0xFF,
                                            (byte) 0xFF,
                                            (byte) 0xFF,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt YomoSplit")
                .hasMessageContaining("subtask");
        assertThatThrownBy(
                        () ->
                                YomoEnumeratorStateSerializer.INSTANCE.deserialize(
                                        1, new byte[] {0x7F, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void invalidSplitsAreRefused() {
        assertThatThrownBy(() -> new YomoListenerSplit(0, 70000, 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> new YomoListenerSplit(-1, 0, 0)).hasMessageContaining("subtask");
        assertThatThrownBy(() -> new YomoConnectSplit(-1, 0)).hasMessageContaining("subtask");
    }

    @Test
    void listenPlanGivesEverySubtaskItsPort() {
        assertThat(SplitPlan.listen(9000).splitFor(2)).contains(new YomoListenerSplit(2, 9002, 0));
        assertThat(SplitPlan.listen(0).splitFor(2)).contains(new YomoListenerSplit(2, 0, 0));
        SplitPlan.listenServingFunctions(9000, "zipper").check(1);
        assertThatThrownBy(() -> SplitPlan.listenServingFunctions(9000, "zipper").check(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener 'zipper' accepts stream functions")
                .hasMessageContaining("parallelism 2")
                .hasMessageContaining("give this source parallelism 1");
        assertThatThrownBy(() -> SplitPlan.listen(65535).check(2))
                .hasMessageContaining("past port 65535");
    }

    @Test
    void connectPlanDialsOnceByDefaultAndLetsOtherSubtasksFinish() {
        SplitPlan one = SplitPlan.connect(1);
        one.check(2);
        assertThat(one.splitFor(0)).contains(new YomoConnectSplit(0, 0));
        assertThat(one.splitFor(1)).isEqualTo(Optional.empty());
        assertThat(SplitPlan.connect(2).splitFor(1)).contains(new YomoConnectSplit(1, 0));
        assertThatThrownBy(() -> SplitPlan.connect(3).check(2))
                .hasMessageContaining(
                        "3 stream-function connections need a source parallelism of at least 3");
        assertThatThrownBy(() -> SplitPlan.connect(0)).hasMessageContaining("must be positive");
    }
}
