package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.InputStatus;

import dev.flinkyomo.connector.yomo.source.ack.Acknowledger;
import dev.flinkyomo.connector.yomo.source.ack.PositionsAtRestore;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.transport.InboundFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One fetcher thread draining the queue(s) of this subtask's split: a listener's or a
 * stream-function connection's. Delivery is at-most-once: frames in the queue or in flight are lost
 * when the task fails, because stock YoMo peers keep no copy and take no acknowledgements.
 *
 * <p>With per-device watermarks it hands the {@link ReaderOutput} to the {@link DeviceOutputs},
 * which make an output per device as Flink does per split.
 *
 * <p>In listen mode it serves the listener split of its own subtask index only ({@code port +
 * subtask}, as configured). When the parallelism changed, Flink hands it restored splits of other
 * indexes, or none of its own: it serves none of those, keeps their producer positions in its own
 * split's state, and gets its own split from the enumerator.
 */
@Internal
public final class YomoSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<InboundFrame, T, YomoSplit, YomoSplitState> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoSourceReader.class);

    private final DeviceOutputs<T> devices;
    private final Acknowledger acks;
    private final int subtask;
    private final Set<String> held = new HashSet<>();
    private final List<YomoSplit> unserved = new ArrayList<>();

    public YomoSourceReader(
            Supplier<SplitReader<InboundFrame, YomoSplit>> splitReader,
            RecordEmitter<InboundFrame, T, YomoSplitState> emitter,
            Configuration config,
            SourceReaderContext context) {
        this(splitReader, emitter, null, null, config, context);
    }

    /**
     * @param devices the emitter's per-device outputs, or null
     * @param acks the acknowledgements of this reader's listener, or null
     */
    public YomoSourceReader(
            Supplier<SplitReader<InboundFrame, YomoSplit>> splitReader,
            RecordEmitter<InboundFrame, T, YomoSplitState> emitter,
            DeviceOutputs<T> devices,
            Acknowledger acks,
            Configuration config,
            SourceReaderContext context) {
        super(splitReader, emitter, config, context);
        this.devices = devices;
        this.acks = acks;
        this.subtask = context.getIndexOfSubtask();
    }

    /**
     * Restored splits arrive here before {@link #start}, the enumerator's afterwards (a copy of a
     * split this reader restored is dropped).
     */
    @Override
    public void addSplits(List<YomoSplit> splits) {
        List<YomoSplit> served = new ArrayList<>();
        for (YomoSplit split : splits) {
            if (split instanceof YomoListenerSplit l && acks != null) {
                acks.restored(l);
            }
            if (split instanceof YomoListenerSplit l && l.subtaskIndex() != subtask) {
                LOG.info(
                        "Subtask {} restored {} of another parallelism: not served (subtask {}"
                                + " serves only listener-{}){}",
                        subtask,
                        l,
                        subtask,
                        subtask,
                        acks == null
                                ? ""
                                : "; its "
                                        + l.producers().size()
                                        + " producer positions stay in this subtask's state");
                if (acks != null) {
                    acks.adopt(l);
                    unserved.add(l);
                }
            } else if (held.add(split.splitId())) {
                served.add(split);
            }
        }
        if (!served.isEmpty()) {
            super.addSplits(served);
        }
    }

    /** Acknowledging readers report their restored positions (empty ones too: all must report). */
    @Override
    public void start() {
        super.start();
        if (acks != null) {
            context.sendSourceEventToCoordinator(acks.restoredReport());
        }
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof PositionsAtRestore all && acks != null) {
            acks.positionsAtRestore(all);
        } else {
            super.handleSourceEvents(event);
        }
    }

    /**
     * The positions a checkpoint takes are acknowledged once it completes. Until this reader's own
     * split has arrived, the restored splits it does not serve stay in the state as they came: the
     * positions adopted from them are in no producer table yet.
     */
    @Override
    public List<YomoSplit> snapshotState(long checkpointId) {
        List<YomoSplit> splits = super.snapshotState(checkpointId);
        if (!unserved.isEmpty()) {
            if (held.contains(YomoListenerSplit.splitIdOf(subtask))) {
                unserved.clear();
            } else {
                splits = new ArrayList<>(splits);
                splits.addAll(unserved);
            }
        }
        if (acks != null) {
            acks.snapshotTaken(checkpointId, splits);
        }
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        if (acks != null) {
            acks.checkpointComplete(checkpointId);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (devices != null) {
            devices.bind(output);
        }
        if (acks != null) {
            acks.checkStalled();
        }
        return super.pollNext(output);
    }

    /**
     * Watermark alignment asks to pause the outputs whose watermark ran ahead, device outputs
     * included; a device's frames share the split's queue with the others', so only the split can
     * be paused (the operator's own alignment still holds the whole reader back).
     */
    @Override
    public void pauseOrResumeSplits(
            Collection<String> splitsToPause, Collection<String> splitsToResume) {
        List<String> pause =
                splitsToPause.stream().filter(id -> !DeviceOutputs.isDeviceOutput(id)).toList();
        List<String> resume =
                splitsToResume.stream().filter(id -> !DeviceOutputs.isDeviceOutput(id)).toList();
        if (!pause.isEmpty() || !resume.isEmpty()) {
            super.pauseOrResumeSplits(pause, resume);
        }
    }

    @Override
    protected void onSplitFinished(Map<String, YomoSplitState> finished) {
        // listener and connect splits never finish while the job runs
    }

    @Override
    protected YomoSplitState initializedState(YomoSplit split) {
        return acks != null ? acks.stateOf(split) : new YomoSplitState(split);
    }

    @Override
    protected YomoSplit toSplitType(String splitId, YomoSplitState state) {
        return state.toSplit();
    }
}
