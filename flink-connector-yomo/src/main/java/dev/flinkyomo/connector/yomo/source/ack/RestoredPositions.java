package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;

import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;

import java.util.HashMap;
import java.util.Map;

/**
 * Reader to enumerator, once at reader start: the producer positions of every listener split this
 * reader restored (its own and those it adopted), empty when it restored none.
 */
@Internal
public record RestoredPositions(Map<String, ProducerPosition> positions) implements SourceEvent {

    public RestoredPositions {
        positions = new HashMap<>(positions); // serializable, whatever the caller passed
    }
}
