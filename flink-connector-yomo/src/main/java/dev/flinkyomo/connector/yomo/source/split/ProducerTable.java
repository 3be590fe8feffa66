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
 *
 * <p>After a restore it also knows the positions other subtasks restored ({@link #learn}): a device
 * may connect to another subtask than before a rescale. Those are consulted, not checkpointed: the
 * subtask that restored a position keeps it in its own split until it expires, so it is in the
 * state once; a producer enters this table's checkpointed positions when this split emits one of
 * its frames.
 */
@Internal
public final class ProducerTable implements ProducerPositions {

    private final ConcurrentHashMap<String, ProducerPosition> positions;
    private final ConcurrentHashMap<String, ProducerPosition> elsewhere = new ConcurrentHashMap<>();

    public ProducerTable(Map<String, ProducerPosition> restored) {
        this.positions = new ConcurrentHashMap<>(restored);
    }

    /**
     * Takes over positions this split checkpoints from now on: those of a restored split that no
     * subtask serves any more. A producer in both keeps the further position.
     */
    public void adopt(Map<String, ProducerPosition> restored) {
        ProducerPosition.mergeInto(positions, restored);
    }

    /** Positions other subtasks restored, for producers that connect here now. */
    public void learn(Map<String, ProducerPosition> restoredElsewhere) {
        ProducerPosition.mergeInto(elsewhere, restoredElsewhere);
    }

    /**
     * Records the emission of {@code sequence}; false if it is at or below the producer's position
     * (a resent duplicate, which must not be emitted).
     */
    public boolean advance(String producerId, long sequence, long nowMillis) {
        ProducerPosition now = positionOf(producerId);
        if (now != null && Long.compareUnsigned(sequence, now.sequence()) <= 0) {
            return false;
        }
        positions.put(producerId, new ProducerPosition(sequence, nowMillis));
        elsewhere.remove(producerId);
        return true;
    }

    @Override
    public long resumeAfter(String producerId) {
        ProducerPosition p = positionOf(producerId);
        return p == null ? 0 : p.sequence();
    }

    private ProducerPosition positionOf(String producerId) {
        ProducerPosition own = positions.get(producerId);
        ProducerPosition other = elsewhere.isEmpty() ? null : elsewhere.get(producerId);
        if (own == null || other == null) {
            return own == null ? other : own;
        }
        return ProducerPosition.further(own, other);
    }

    /**
     * The positions for a checkpoint, after dropping producers silent since before {@code
     * expiredBeforeMillis} (from the live table too, so neither state nor memory outlives them).
     */
    public Map<String, ProducerPosition> snapshot(long expiredBeforeMillis) {
        positions.values().removeIf(p -> p.lastSeenMillis() < expiredBeforeMillis);
        elsewhere.values().removeIf(p -> p.lastSeenMillis() < expiredBeforeMillis);
        return new HashMap<>(positions);
    }

    /** The producers this split checkpoints. */
    public int size() {
        return positions.size();
    }
}
