package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Map;

/**
 * Where one producer of the acknowledgement extension (yomo-java/ACKS.md) stands in a listener
 * split: its highest emitted sequence (unsigned) and when a frame of it was last emitted, for the
 * state's time-to-live.
 */
@Internal
public record ProducerPosition(long sequence, long lastSeenMillis) implements Serializable {

    /** The further of two positions of one producer (unsigned); on a tie the later seen. */
    public static ProducerPosition further(ProducerPosition a, ProducerPosition b) {
        int c = Long.compareUnsigned(a.sequence, b.sequence);
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return a.lastSeenMillis >= b.lastSeenMillis ? a : b;
    }

    /** Merges {@code from} into {@code into}, keeping each producer's further position. */
    public static void mergeInto(
            Map<String, ProducerPosition> into, Map<String, ProducerPosition> from) {
        from.forEach(
                (producer, position) -> into.merge(producer, position, ProducerPosition::further));
    }
}
