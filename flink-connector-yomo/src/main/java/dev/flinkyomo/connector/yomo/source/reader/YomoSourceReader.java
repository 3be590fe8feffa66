package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.transport.InboundFrame;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One fetcher thread draining the queue(s) of this subtask's split: a listener's or a
 * stream-function connection's. Delivery is at-most-once: frames in the queue or in flight are lost
 * when the task fails, because stock YoMo peers keep no copy and take no acknowledgements.
 */
@Internal
public final class YomoSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<InboundFrame, T, YomoSplit, YomoSplitState> {

    public YomoSourceReader(
            Supplier<SplitReader<InboundFrame, YomoSplit>> splitReader,
            RecordEmitter<InboundFrame, T, YomoSplitState> emitter,
            Configuration config,
            SourceReaderContext context) {
        super(splitReader, emitter, config, context);
    }

    @Override
    protected void onSplitFinished(Map<String, YomoSplitState> finished) {
        // listener and connect splits never finish while the job runs
    }

    @Override
    protected YomoSplitState initializedState(YomoSplit split) {
        return new YomoSplitState(split);
    }

    @Override
    protected YomoSplit toSplitType(String splitId, YomoSplitState state) {
        return state.toSplit();
    }
}
