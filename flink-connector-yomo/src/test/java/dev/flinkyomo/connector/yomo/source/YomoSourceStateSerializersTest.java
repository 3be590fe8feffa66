package dev.flinkyomo.connector.yomo.source;

import dev.flinkyomo.connector.yomo.source.enumerator.SplitPlan;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.split.YomoConnectSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitSerializer;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
