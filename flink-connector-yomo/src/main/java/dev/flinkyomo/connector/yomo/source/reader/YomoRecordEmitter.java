package dev.flinkyomo.connector.yomo.source.reader;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.connector.yomo.transport.InboundFrame;
import java.util.LinkedHashMap;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

/**
 * Builds the {@link YomoRecord}, applies the user's schema and emits with the receive time as the
 * record timestamp (a WatermarkStrategy's TimestampAssigner may replace it with a payload field).
 */
public final class YomoRecordEmitter<T> implements RecordEmitter<InboundFrame, T, YomoSplitState> {

    private final YomoDeserializationSchema<T> schema;
    private final TimestampedCollector<T> collector = new TimestampedCollector<>();

    public YomoRecordEmitter(YomoDeserializationSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public void emitRecord(InboundFrame frame, SourceOutput<T> output, YomoSplitState state) throws Exception {
        // the frame's metadata map was decoded for this frame alone: adopt it rather than copy it
        YomoRecord record = frame.metadata() instanceof LinkedHashMap<String, String> owned
                ? YomoRecord.adopting(frame.tag(), frame.payload(), owned)
                : new YomoRecord(frame.tag(), frame.payload(), frame.metadata());
        record.setClientName(frame.connection().clientName());
        record.setClientId(frame.connection().clientId());
        record.setReceivedAt(frame.receivedAtMillis());
        collector.output = output;
        collector.timestamp = frame.receivedAtMillis();
        schema.deserialize(record, collector);
        state.recordEmitted();
    }

    private static final class TimestampedCollector<T> implements Collector<T> {
        SourceOutput<T> output;
        long timestamp;

        @Override
        public void collect(T record) {
            output.collect(record, timestamp);
        }

        @Override
        public void close() {}
    }
}
