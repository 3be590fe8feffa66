package dev.flinkyomo.connector.yomo.source.enumerator;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import dev.flinkyomo.connector.yomo.source.ack.PositionGather;
import dev.flinkyomo.connector.yomo.source.ack.PositionsAtRestore;
import dev.flinkyomo.connector.yomo.source.ack.RestoredPositions;
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
 *
 * <p>In listen mode a reader serves only the split of its own subtask index, so every registration
 * gets it: after a rescale the restored enumerator state cannot say which reader holds which split
 * (Flink hands reader state out round-robin), and a reader drops a copy of a split it restored.
 * Acknowledging readers report the positions they restored; once all have, the merged positions go
 * to every reader ({@link PositionGather}).
 */
@Internal
public final class YomoSplitEnumerator implements SplitEnumerator<YomoSplit, YomoEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoSplitEnumerator.class);

    private final SplitEnumeratorContext<YomoSplit> context;
    private final SplitPlan plan;
    private final Set<Integer> assigned;
    private PositionGather positions;

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
        } else if (assigned.add(subtaskId) || plan.assignOnEveryRegistration()) {
            LOG.info("Assigning {} to subtask {}", split.get(), subtaskId);
            context.assignSplit(split.get(), subtaskId);
        }
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (!(event instanceof RestoredPositions restored)) {
            LOG.warn("Ignoring unknown source event {} from subtask {}", event, subtaskId);
            return;
        }
        if (positions == null) {
            positions = new PositionGather(context.currentParallelism());
        }
        boolean wasComplete = positions.isComplete();
        Set<Integer> readers = positions.report(subtaskId, restored);
        if (!positions.isComplete()) {
            LOG.info(
                    "Subtask {} restored {} producer positions; waiting for the reports of"
                            + " subtasks {}",
                    subtaskId,
                    restored.positions().size(),
                    positions.missing().orElse("[]"));
            return;
        }
        PositionsAtRestore merged = positions.merged();
        if (!wasComplete) {
            LOG.info(
                    "All {} readers reported; {} producer positions go to every reader",
                    context.currentParallelism(),
                    merged.positions().size());
        }
        for (int reader : readers) {
            // a reader that failed since it reported reports again when it is back
            if (context.registeredReaders().containsKey(reader)) {
                context.sendEventToSourceReader(reader, merged);
            }
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
