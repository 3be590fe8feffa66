package dev.flinkyomo.connector.yomo.source.enumerator;

import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every source subtask its own listener split when it registers: port = base port + subtask
 * index (or 0 for ephemeral ports). Splits handed back after a failure are re-assigned when their
 * subtask registers again. The source is unbounded, so "no more splits" is never signalled.
 */
public final class YomoListenerEnumerator implements SplitEnumerator<YomoListenerSplit, YomoEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoListenerEnumerator.class);

    private final SplitEnumeratorContext<YomoListenerSplit> context;
    private final int basePort;
    private final Set<Integer> assigned;

    public YomoListenerEnumerator(SplitEnumeratorContext<YomoListenerSplit> context, int basePort, YomoEnumeratorState restored) {
        this.context = context;
        this.basePort = basePort;
        this.assigned = new HashSet<>(restored.assignedSubtasks());
    }

    @Override
    public void start() {
        int parallelism = context.currentParallelism();
        if (basePort > 0 && basePort + parallelism - 1 > 65535) {
            throw new IllegalArgumentException("base port " + basePort + " + parallelism " + parallelism
                    + " runs past port 65535");
        }
    }

    @Override
    public void addReader(int subtaskId) {
        if (assigned.add(subtaskId)) {
            YomoListenerSplit split = new YomoListenerSplit(subtaskId, portOf(subtaskId), 0);
            LOG.info("Assigning {} to subtask {}", split, subtaskId);
            context.assignSplit(split, subtaskId);
        }
    }

    int portOf(int subtaskId) {
        return basePort == 0 ? 0 : basePort + subtaskId;
    }

    @Override
    public void addSplitsBack(List<YomoListenerSplit> splits, int subtaskId) {
        // the subtask failed; it gets its listener back when it registers again (addReader)
        for (YomoListenerSplit s : splits) {
            assigned.remove(s.subtaskIndex());
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // splits are pushed on registration; readers never ask
    }

    @Override
    public YomoEnumeratorState snapshotState(long checkpointId) {
        return new YomoEnumeratorState(assigned);
    }

    @Override
    public void close() {}
}
