package dev.flinkyomo.connector.yomo.sink;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Tag;
import dev.flinkyomo.yomo.logging.LogThrottle;
import dev.flinkyomo.yomo.protocol.DataFrame;
import dev.flinkyomo.yomo.protocol.MetadataCodec;
import dev.flinkyomo.yomo.transport.ClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Writes one subtask's elements to its zipper connection, for both a {@link YomoSink} writing as a
 * YoMo source and one relaying for a zipper mesh. Runs on the task's mailbox thread; the batching
 * timer is a mailbox timer too, so nothing here is shared across threads. The connection is flushed
 * after {@code maxBufferedFrames} frames or {@code maxBufferDelay} after the first unflushed one,
 * and at checkpoints and the end of input, so frames never wait for a checkpoint.
 *
 * <p>Metrics: {@code numRecordsSend} (frames out), {@code numBytesSend} (payload and metadata bytes
 * out), {@code numRecordsSendErrors} (records the serializer failed on, and records dropped by
 * {@link OutagePolicy#DROP}), and in the {@code yomo} group {@code recordsDropped}, {@code
 * reconnects}, {@code connected} (1/0) and {@code backpressuredTimeMs} (time writes waited for the
 * connection or for QUIC flow-control credit); with {@code AT_LEAST_ONCE} also {@code
 * unacknowledgedFrames} and {@code acknowledgementWaitTimeMs} (time checkpoints waited for the
 * receiver's acknowledgements).
 *
 * <p>Delivery guarantee {@code AT_LEAST_ONCE}: {@link #flush} (before every checkpoint and at the
 * end of input) waits until the receiver acknowledged every frame written before it, so a completed
 * checkpoint of this job never depends on a frame the receiver could still lose.
 */
@Internal
final class YomoSinkWriter<IN> implements SinkWriter<IN> {

    private static final Logger LOG = LoggerFactory.getLogger(YomoSinkWriter.class);
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final YomoSinkOptions options;
    private final YomoRecordSerializer<IN> serializer;
    private final ZipperConnection connection;
    private final OutboundMetadata metadata;
    private final ProcessingTimeService timers;
    private final Counter framesOut;
    private final Counter bytesOut;
    private final Counter sendErrors;
    private final Counter dropped;

    /** Records on a reserved tag, refused one by one (also in numRecordsSendErrors). */
    private final Counter refused;

    private final LogThrottle refusalLog = new LogThrottle(REFUSAL_LOG_INTERVAL_NANOS);
    private final DropLog dropLog;
    private int unflushed;
    private boolean flushTimerPending;
    private boolean endOfInput;

    private YomoSinkWriter(
            YomoSinkOptions options,
            YomoRecordSerializer<IN> serializer,
            ZipperConnection connection,
            ProcessingTimeService timers,
            SinkWriterMetricGroup metrics) {
        this.options = options;
        this.serializer = serializer;
        this.connection = connection;
        this.metadata =
                options.upstreamZipper()
                        ? null
                        : new OutboundMetadata(connection.clientId(), options.target());
        this.timers = timers;
        this.framesOut = metrics.getNumRecordsSendCounter();
        this.bytesOut = metrics.getNumBytesSendCounter();
        this.sendErrors = metrics.getNumRecordsSendErrorsCounter();
        MetricGroup yomo = metrics.addGroup("yomo");
        this.dropped = yomo.counter("recordsDropped");
        this.refused = yomo.counter("recordsRefused");
        this.dropLog =
                new DropLog(options.clientName() + " -> " + options.host() + ":" + options.port());
        yomo.gauge("reconnects", connection::reconnects);
        yomo.gauge("connected", () -> connection.isConnected() ? 1 : 0);
        yomo.gauge("backpressuredTimeMs", connection::blockedMillis);
        if (connection.acknowledged()) {
            yomo.gauge("unacknowledgedFrames", connection::unacknowledgedFrames);
            yomo.gauge("acknowledgementWaitTimeMs", connection::acknowledgementWaitMillis);
        }
    }

    static <IN> YomoSinkWriter<IN> open(
            YomoSinkOptions options, YomoRecordSerializer<IN> serializer, WriterInitContext context)
            throws IOException {
        try {
            serializer.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("cannot open the YoMo sink's record serializer", e);
        }
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        ClientOptions client = options.clientOptions(subtask);
        ZipperConnection connection =
                new ZipperConnection(client, options.writeTimeout(), options.outagePolicy());
        connection.start();
        LOG.info(
                "YoMo sink subtask {} writing to {}:{} as {} '{}' (id {}), on outage: {}, delivery"
                        + " guarantee: {}{}",
                subtask,
                options.host(),
                options.port(),
                client.clientType(),
                client.name(),
                client.id(),
                options.outagePolicy(),
                options.deliveryGuarantee(),
                client.acknowledgements() != null
                        ? " (producer " + client.acknowledgements().producerId() + ")"
                        : "");
        return new YomoSinkWriter<>(
                options,
                serializer,
                connection,
                context.getProcessingTimeService(),
                context.metricGroup());
    }

    @Override
    public void write(IN element, Context context) throws IOException, InterruptedException {
        YomoRecord record = serializer.serialize(element);
        if (record == null) {
            sendErrors.inc();
            throw new IOException("the YoMo sink's record serializer returned null for " + element);
        }
        long tag = record.getTag();
        if (Tag.isReserved(tag)) {
            // one record a zipper would close the connection for: refused alone, not the job
            sendErrors.inc();
            refused.inc();
            if (refusalLog.admit() >= 0) {
                LOG.warn(
                        "YoMo sink {}: record not sent, {} ({} refused so far; logged at most"
                                + " every {} s)",
                        options.clientName(),
                        Tag.reservedMessage("its tag", tag),
                        refused.getCount(),
                        REFUSAL_LOG_INTERVAL_NANOS / 1_000_000_000L);
            }
            return;
        }
        byte[] md = metadataOf(record);
        byte[] payload = record.getPayload();
        if (!connection.write(new DataFrame(tag, md, payload))) {
            sendErrors.inc();
            dropped.inc();
            dropLog.dropped(connection);
            return;
        }
        dropLog.delivered();
        framesOut.inc();
        bytesOut.inc(md.length + payload.length);
        if (++unflushed >= options.maxBufferedFrames()) {
            flushBuffered();
        } else if (!flushTimerPending) {
            flushTimerPending = true;
            long due = timers.getCurrentProcessingTime() + options.maxBufferDelay().toMillis();
            timers.registerTimer(
                    due,
                    time -> {
                        flushTimerPending = false;
                        flushBuffered();
                    });
        }
    }

    /**
     * A source applies {@code ctx.Write}'s rules; a zipper relays: the wire bytes when nothing
     * decoded them, else the metadata as it is now, re-encoded.
     */
    private byte[] metadataOf(YomoRecord record) {
        if (metadata != null) {
            return metadata.encode(record);
        }
        byte[] wire = record.undecodedMetadata();
        return wire != null ? wire : MetadataCodec.encode(record.metadataView());
    }

    private void flushBuffered() {
        if (unflushed > 0) {
            connection.flush();
            unflushed = 0;
        }
    }

    /**
     * At a checkpoint and at the end of input: everything written goes out on the connection; with
     * {@code AT_LEAST_ONCE} this also waits (at most the write timeout) until the receiver has
     * acknowledged all of it as durable, which takes up to the receiver's checkpoint interval.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        this.endOfInput |= endOfInput;
        unflushed = 0;
        if (connection.acknowledged()) {
            connection.awaitAcknowledged();
        } else {
            connection.flushAndAwaitWritable();
        }
    }

    /**
     * Drains the connection only after the end of a bounded input; on cancel or failover it closes
     * at once.
     */
    @Override
    public void close() throws InterruptedException {
        if (endOfInput) {
            connection.close(options.endOfInputLinger());
        } else {
            connection.close();
        }
    }
}
