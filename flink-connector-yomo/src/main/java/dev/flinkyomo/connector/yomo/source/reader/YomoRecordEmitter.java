package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.transport.InboundFrame;

/**
 * Builds the {@link YomoRecord}, applies the user's schema and emits with the receive time as the
 * record timestamp (a WatermarkStrategy's TimestampAssigner may replace it with a payload field).
 */
@Internal
public final class YomoRecordEmitter<T> implements RecordEmitter<InboundFrame, T, YomoSplitState> {

    private final YomoDeserializationSchema<T> schema;
    private final TimestampedCollector<T> collector = new TimestampedCollector<>();

    public YomoRecordEmitter(YomoDeserializationSchema<T> schema) {
        this.schema = schema;
    }

    @Override
    public void emitRecord(InboundFrame frame, SourceOutput<T> output, YomoSplitState state)
            throws Exception {
        // metadata is decoded only if the job reads it (a counting or payload-only job never does)
        YomoRecord record =
                YomoRecord.fromWire(frame.tag(), frame.payload(), frame.encodedMetadata());
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
