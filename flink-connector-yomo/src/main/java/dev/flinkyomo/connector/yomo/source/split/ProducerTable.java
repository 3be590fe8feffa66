package dev.flinkyomo.connector.yomo.source.split;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.yomo.transport.ProducerPositions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live producer positions of one listener split: advanced by the record emitter on the task
 * thread as frames are emitted, read by the listener's event loops at each acknowledging handshake
 * (its ResumeAfter), and copied into the split state at each checkpoint.
 *
 * <p>It answers the handshake with the highest <em>emitted</em> sequence. Frames of an earlier
 * session still waiting in the queue are resent by the device and dropped here when they come round
 * ({@link #advance} refuses them), so each frame is emitted once.
 */
@Internal
public final class ProducerTable implements ProducerPositions {

    private final ConcurrentHashMap<String, ProducerPosition> positions;

    public ProducerTable(Map<String, ProducerPosition> restored) {
        this.positions = new ConcurrentHashMap<>(restored);
    }

    /**
     * Records the emission of {@code sequence}; false if it is at or below the producer's position
     * (a resent duplicate, which must not be emitted).
     */
    public boolean advance(String producerId, long sequence, long nowMillis) {
        ProducerPosition now = positions.get(producerId);
        if (now != null && Long.compareUnsigned(sequence, now.sequence()) <= 0) {
            return false;
        }
        positions.put(producerId, new ProducerPosition(sequence, nowMillis));
        return true;
    }

    @Override
    public long resumeAfter(String producerId) {
        ProducerPosition p = positions.get(producerId);
        return p == null ? 0 : p.sequence();
    }

    /**
     * The positions for a checkpoint, after dropping producers silent since before {@code
     * expiredBeforeMillis} (from the live table too, so neither state nor memory outlives them).
     */
    public Map<String, ProducerPosition> snapshot(long expiredBeforeMillis) {
        positions.values().removeIf(p -> p.lastSeenMillis() < expiredBeforeMillis);
        return new HashMap<>(positions);
    }

    public int size() {
        return positions.size();
    }
}
