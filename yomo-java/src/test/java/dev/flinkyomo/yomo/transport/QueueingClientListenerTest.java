package dev.flinkyomo.yomo.transport;

import dev.flinkyomo.yomo.MetadataKeys;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.protocol.YomoProtocolException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a client-side receiver (a stream function's connection to a zipper) queues. */
class QueueingClientListenerTest {

    @Test
    void malformedMetadataIsCountedAndRefusedAndNothingIsQueued() throws Exception {
        BoundedFrameQueue<InboundFrame> queue = new BoundedFrameQueue<>(10);
        CountingMetrics metrics = new CountingMetrics();
        QueueingClientListener listener = new QueueingClientListener(queue, metrics);

        byte[] notAMap = {(byte) 0xA3, 'a', 'b', 'c'};
        assertThatThrownBy(() -> listener.offerData(new DataFrame(0x33, notAMap, new byte[1]), 9))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("expected a map");
        assertThat(metrics.decodeErrors.get()).isEqualTo(1);
        assertThat(queue.size()).isZero();

        byte[] targeted = MetadataCodec.encode(Map.of(MetadataKeys.TARGET, "sfn-2"));
        assertThat(listener.offerData(new DataFrame(0x33, targeted, new byte[] {7}), 20)).isTrue();
        List<InboundFrame> got = new ArrayList<>();
        queue.drainTo(got, 10, Duration.ofSeconds(1));
        assertThat(got).singleElement().extracting(InboundFrame::target).isEqualTo("sfn-2");
        assertThat(metrics.decodeErrors.get()).isEqualTo(1);
        assertThat(metrics.frames.get()).isEqualTo(1);
    }
}
