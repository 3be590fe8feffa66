package dev.flinkyomo.connector.yomo.source.reader;

import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplitState;
import dev.flinkyomo.connector.yomo.transport.InboundFrame;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;

/**
 * One fetcher thread draining the listener queue(s) of this subtask. Delivery is at-most-once:
 * frames in the queue or in flight are lost when the task fails, because stock YoMo clients keep
 * no copy and send no acknowledgements.
 */
public final class YomoSourceReader<T>
        extends SingleThreadMultiplexSourceReaderBase<InboundFrame, T, YomoListenerSplit, YomoListenerSplitState> {

    public YomoSourceReader(
            Supplier<SplitReader<InboundFrame, YomoListenerSplit>> splitReader,
            RecordEmitter<InboundFrame, T, YomoListenerSplitState> emitter,
            Configuration config,
            SourceReaderContext context) {
        super(splitReader, emitter, config, context);
    }

    @Override
    protected void onSplitFinished(Map<String, YomoListenerSplitState> finished) {
        // listener splits never finish while the job runs
    }

    @Override
    protected YomoListenerSplitState initializedState(YomoListenerSplit split) {
        return new YomoListenerSplitState(split);
    }

    @Override
    protected YomoListenerSplit toSplitType(String splitId, YomoListenerSplitState state) {
        return state.toSplit();
    }
}
