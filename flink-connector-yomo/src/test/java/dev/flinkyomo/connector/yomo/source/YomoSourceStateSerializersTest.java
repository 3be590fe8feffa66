package dev.flinkyomo.connector.yomo.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplitSerializer;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YomoSourceStateSerializersTest {

    @Test
    void splitRoundTripsAndKeepsItsId() throws IOException {
        YomoListenerSplit split = new YomoListenerSplit(3, 9003, 12345L);
        YomoListenerSplitSerializer s = YomoListenerSplitSerializer.INSTANCE;
        YomoListenerSplit back = s.deserialize(s.getVersion(), s.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(back.splitId()).isEqualTo("listener-3");
    }

    @Test
    void enumeratorStateRoundTrips() throws IOException {
        YomoEnumeratorState state = new YomoEnumeratorState(Set.of(0, 1, 5));
        YomoEnumeratorStateSerializer s = YomoEnumeratorStateSerializer.INSTANCE;
        assertThat(s.deserialize(s.getVersion(), s.serialize(state))).isEqualTo(state);
    }

    @Test
    void unknownVersionsAndCorruptBytesAreRefused() {
        assertThatThrownBy(() -> YomoListenerSplitSerializer.INSTANCE.deserialize(99, new byte[16]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
        assertThatThrownBy(() -> YomoEnumeratorStateSerializer.INSTANCE.deserialize(1, new byte[] {0x7F, 0, 0, 0}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void invalidSplitsAreRefused() {
        assertThatThrownBy(() -> new YomoListenerSplit(0, 70000, 0)).hasMessageContaining("port");
        assertThatThrownBy(() -> new YomoListenerSplit(-1, 0, 0)).hasMessageContaining("subtask");
    }
}
