package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every source subtask its split from the {@link SplitPlan} when it registers. Splits handed
 * back after a failure are re-assigned when their subtask registers again. The source is unbounded:
 * only subtasks the plan gives nothing are told "no more splits" (they finish, so they hold back no
 * watermarks).
 */
@Internal
public final class YomoSplitEnumerator implements SplitEnumerator<YomoSplit, YomoEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoSplitEnumerator.class);

    private final SplitEnumeratorContext<YomoSplit> context;
    private final SplitPlan plan;
    private final Set<Integer> assigned;

    public YomoSplitEnumerator(
            SplitEnumeratorContext<YomoSplit> context,
            SplitPlan plan,
            YomoEnumeratorState restored) {
        this.context = context;
        this.plan = plan;
        this.assigned = new HashSet<>(restored.assignedSubtasks());
    }

    @Override
    public void start() {
        plan.check(context.currentParallelism());
    }

    @Override
    public void addReader(int subtaskId) {
        Optional<YomoSplit> split = plan.splitFor(subtaskId);
        if (split.isEmpty()) {
            LOG.info("Subtask {} has no YoMo split to serve and finishes", subtaskId);
            context.signalNoMoreSplits(subtaskId);
        } else if (assigned.add(subtaskId)) {
            LOG.info("Assigning {} to subtask {}", split.get(), subtaskId);
            context.assignSplit(split.get(), subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<YomoSplit> splits, int subtaskId) {
        // the subtask failed; it gets its split back when it registers again (addReader)
        for (YomoSplit s : splits) {
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
