package dev.flinkyomo.connector.yomo.source.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.split.ProducerTable;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitState;
import dev.flinkyomo.yomo.LogSafe;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.transport.InboundFrame;

import java.io.IOException;

/**
 * Builds the {@link YomoRecord}, applies the user's schema and emits with the receive time as the
 * record timestamp (a WatermarkStrategy's TimestampAssigner may replace it with a payload field).
 *
 * <p>A payload the schema refuses is handled by the source's {@link DecodeErrorPolicy} here, the
 * one place both the DataStream and the SQL source go through: counted in {@code
 * numRecordsInErrors}, then the task fails (FAIL), or the frame is logged (rate-limited) and
 * dropped (SKIP) or handed to {@link YomoDeserializationSchema#deadLetter} (DEAD_LETTER). Rows the
 * schema emitted for the frame before it threw have already gone out.
 */
@Internal
public final class YomoRecordEmitter<T> implements RecordEmitter<InboundFrame, T, YomoSplitState> {

    private final YomoDeserializationSchema<T> schema;
    private final DecodeErrorPolicy policy;
    private final Counter errors;
    private final String source;
    private final DecodeErrorLog log;
    private final TimestampedCollector<T> collector = new TimestampedCollector<>();
    private final DeviceOutputs<T> devices;
    private final Counter duplicates;

    /**
     * @param errors the reader's {@code numRecordsInErrors}
     * @param source the source's name in messages (listener or stream-function name)
     */
    public YomoRecordEmitter(
            YomoDeserializationSchema<T> schema,
            DecodeErrorPolicy policy,
            Counter errors,
            String source) {
        this(schema, policy, errors, source, null, new SimpleCounter());
    }

    /**
     * @param devices per-device watermark outputs, or null for the split's output (one watermark
     *     per split)
     * @param duplicates counts frames an acknowledging producer resent after they were emitted
     */
    public YomoRecordEmitter(
            YomoDeserializationSchema<T> schema,
            DecodeErrorPolicy policy,
            Counter errors,
            String source,
            DeviceOutputs<T> devices,
            Counter duplicates) {
        this.devices = devices;
        this.duplicates = duplicates;
        this.schema = schema;
        this.policy = policy;
        this.errors = errors;
        this.source = source;
        this.log = new DecodeErrorLog(source);
    }

    @Override
    public void emitRecord(InboundFrame frame, SourceOutput<T> output, YomoSplitState state)
            throws Exception {
        ProducerTable producers = state.producers();
        if (producers != null
                && frame.producerId() != null
                && !producers.advance(
                        frame.producerId(), frame.sequence(), frame.receivedAtMillis())) {
            // resent by an acknowledging device after it reconnected: this copy was emitted
            // already (it waited in the queue while the device resent it)
            duplicates.inc();
            return;
        }
        // metadata is decoded only if the job reads it (a counting or payload-only job never does);
        // the target the listener found while validating it is carried, for routing
        YomoRecord record =
                YomoRecord.fromValidatedWire(
                        frame.tag(), frame.payload(), frame.encodedMetadata(), frame.target());
        record.setClientName(frame.connection().clientName());
        record.setClientId(frame.connection().clientId());
        record.setReceivedAt(frame.receivedAtMillis());
        collector.output =
                devices == null
                        ? output
                        : devices.outputFor(frame, record, output, state.splitId());
        collector.timestamp = frame.receivedAtMillis();
        try {
            schema.deserialize(record, frame.connection(), collector);
        } catch (IOException | RuntimeException e) {
            rethrowDownstream(e);
            refused(record, e);
        }
        state.recordEmitted();
    }

    /**
     * With operator chaining, {@code output.collect} runs the operators after the source, so an
     * exception out of {@code deserialize} may be theirs (marked by the collector): that one is not
     * a decode error and fails the task whatever the policy.
     */
    private static void rethrowDownstream(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DownstreamFailure d) {
                throw (RuntimeException) d.getCause();
            }
        }
    }

    private void refused(YomoRecord record, Exception e) throws IOException {
        errors.inc();
        String error = message(e);
        if (policy == DecodeErrorPolicy.FAIL) {
            throw new IOException(
                    "YoMo source "
                            + source
                            + ": payload of tag "
                            + Tag.format(record.getTag())
                            + " from client "
                            + LogSafe.quote(record.getClientName())
                            + " (id "
                            + LogSafe.quote(record.getClientId())
                            + ") does not decode and 'scan.decode-errors' = 'fail'"
                            + " (DecodeErrorPolicy.FAIL); 'skip' or 'dead-letter' would keep the"
                            + " job running: "
                            + LogSafe.quote(error, LogSafe.MESSAGE_CHARS),
                    e);
        }
        log.refused(record, policy, error);
        if (policy == DecodeErrorPolicy.DEAD_LETTER) {
            try {
                schema.deadLetter(record, error, collector);
            } catch (DownstreamFailure d) {
                throw (RuntimeException) d.getCause();
            }
        }
    }

    /** The exception's message with its causes' where they add something (the byte offset). */
    static String message(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 2048; t = t.getCause()) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
            if (sb.indexOf(m) >= 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(m);
        }
        return sb.toString();
    }

    private static final class TimestampedCollector<T> implements Collector<T> {
        SourceOutput<T> output;
        long timestamp;

        @Override
        public void collect(T record) {
            try {
                output.collect(record, timestamp);
            } catch (RuntimeException e) {
                throw new DownstreamFailure(e);
            }
        }

        @Override
        public void close() {}
    }

    /** An exception of the operators chained after the source, passing through the schema. */
    private static final class DownstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DownstreamFailure(RuntimeException cause) {
            super(cause);
        }
    }
}
