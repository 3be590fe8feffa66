package dev.flinkyomo.connector.yomo.source.ack;

import org.apache.flink.annotation.Internal;

import dev.flinkyomo.connector.yomo.source.split.ProducerPosition;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The enumerator's side of "positions follow their clients": collects the {@link RestoredPositions}
 * of every reader of the current parallelism and merges them (per producer the further position).
 * Flink hands reader state out round-robin when the parallelism changes, so a device may connect to
 * a subtask that did not restore its position; only once every reader has reported is the merged
 * table complete, and only then may a reader answer a handshake.
 *
 * <p>A report after that (a reader restarted by a failover) is answered with the merged table at
 * once: it only holds positions of the restore, which later checkpoints can only have advanced, so
 * it never makes a reader skip a frame it has not emitted.
 */
@Internal
public final class PositionGather {

    private final int parallelism;
    private final Set<Integer> reported = new TreeSet<>();
    private final Map<String, ProducerPosition> merged = new HashMap<>();

    public PositionGather(int parallelism) {
        this.parallelism = parallelism;
    }

    /**
     * Takes one reader's report; returns the readers to send {@link #merged} to now: all of them
     * when this report completes the table, the reporting one alone when it was complete already,
     * none while reports are missing.
     */
    public Set<Integer> report(int subtask, RestoredPositions restored) {
        boolean wasComplete = isComplete();
        ProducerPosition.mergeInto(merged, restored.positions());
        reported.add(subtask);
        if (wasComplete) {
            return Set.of(subtask);
        }
        return isComplete() ? Set.copyOf(reported) : Set.of();
    }

    public boolean isComplete() {
        return reported.size() >= parallelism;
    }

    public PositionsAtRestore merged() {
        return new PositionsAtRestore(merged);
    }

    /** Which readers have not reported yet, for the log; empty once complete. */
    public Optional<String> missing() {
        if (isComplete()) {
            return Optional.empty();
        }
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < parallelism; i++) {
            if (!reported.contains(i)) {
                missing.add(i);
            }
        }
        return Optional.of(missing.toString());
    }
}
