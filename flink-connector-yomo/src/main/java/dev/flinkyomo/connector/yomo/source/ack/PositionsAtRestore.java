package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;

import java.util.HashMap;
import java.util.Map;

/**
 * Enumerator to reader: the producer positions all readers restored, per producer the further one.
 * A reader grants no acknowledging handshake before it has them.
 */
@Internal
public record PositionsAtRestore(Map<String, ProducerPosition> positions) implements SourceEvent {

    public PositionsAtRestore {
        positions = new HashMap<>(positions);
    }
}
