package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.ack.Acknowledger;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoSplitEnumerator;
import dev.flinkyomo.connector.yomo.source.reader.DecodeErrorPolicy;
import dev.flinkyomo.connector.yomo.source.reader.DeviceOutputs;
import dev.flinkyomo.connector.yomo.source.reader.DeviceWatermarkSettings;
import dev.flinkyomo.connector.yomo.source.reader.FrameQueueSettings;
import dev.flinkyomo.connector.yomo.source.reader.TaskManagerAddress;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.connector.yomo.source.reader.YomoRecordEmitter;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceMetrics;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceReader;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitSerializer;

import java.util.Set;

/**
 * YoMo frames into Flink, unbounded and at-most-once (stock YoMo peers take no acknowledgements):
 * frames queued in a subtask or in flight are lost when it fails.
 *
 * <p><b>{@link #listener()}</b>: Flink in the place of a YoMo zipper. Every source subtask runs a
 * QUIC listener that YoMo sources ({@code yomo.NewSource(name, "host:port")}) and upstream zippers
 * dial; one listener split per subtask.
 *
 * <pre>{@code
 * YomoSource<YomoRecord> source = YomoSource.listener()
 *         .setHost("0.0.0.0").setPort(9000)          // subtask i listens on 9000 + i
 *         .setAuthToken("secret")
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1))
 *         .withIdleness(Duration.ofSeconds(30)), "yomo").setParallelism(2);
 * }</pre>
 *
 * <p>Event time: each device (client id, or {@code yomo-source-id} for frames an upstream zipper
 * forwards) gets its own watermark generator and idleness from the {@code WatermarkStrategy}, the
 * way a Kafka source has one per partition, and a subtask's watermark is the minimum over its
 * active devices (see {@link AbstractYomoSourceBuilder#setPerDeviceWatermarks}). {@link
 * YomoWatermarks#withLatenessMetrics} adds the late-record and per-device lag metrics.
 *
 * <p><b>{@link #streamFunction()}</b>: Flink as a YoMo stream function. Subtask 0 (or subtasks
 * 0..n-1 with {@code setConnections(n)}) dials an existing zipper as client type 0x5D and receives
 * the frames of the tags it observes; it redials with backoff, follows ConnectTo, and a Rejected
 * handshake fails the job with the zipper's reason.
 *
 * <pre>{@code
 * YomoSource<YomoRecord> source = YomoSource.streamFunction()
 *         .setZipper("zipper.example.com", 9000)
 *         .setName("flink-analytics")
 *         .setObservedTags(0x33)
 *         .setCredential("token:secret")
 *         .build();
 * }</pre>
 */
@PublicEvolving
public final class YomoSource<T>
        implements Source<T, YomoSplit, YomoEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final SourceRole role;
    private final FrameQueueSettings queueSettings;
    private final YomoDeserializationSchema<T> schema;
    private final DecodeErrorPolicy decodeErrorPolicy;
    private final DeviceWatermarkSettings deviceWatermarks;

    YomoSource(
            SourceRole role,
            FrameQueueSettings queueSettings,
            YomoDeserializationSchema<T> schema,
            DecodeErrorPolicy decodeErrorPolicy,
            DeviceWatermarkSettings deviceWatermarks) {
        this.role = role;
        this.queueSettings = queueSettings;
        this.schema = schema;
        this.decodeErrorPolicy = decodeErrorPolicy;
        this.deviceWatermarks = deviceWatermarks;
    }

    /** Flink as the zipper: a builder producing {@link YomoRecord}s. */
    public static YomoListenerSourceBuilder<YomoRecord> listener() {
        return new YomoListenerSourceBuilder<>();
    }

    /**
     * Flink as a stream function of an existing zipper: a builder producing {@link YomoRecord}s.
     */
    public static YomoStreamFunctionSourceBuilder<YomoRecord> streamFunction() {
        return new YomoStreamFunctionSourceBuilder<>();
    }

    /** The role this source was built for, with its transport options. */
    @Internal
    public SourceRole role() {
        return role;
    }

    @Internal
    public FrameQueueSettings queueSettings() {
        return queueSettings;
    }

    /** Whether and how each device gets its own watermark. */
    @Internal
    public DeviceWatermarkSettings deviceWatermarks() {
        return deviceWatermarks;
    }

    /** What happens to a frame whose payload does not decode. */
    public DecodeErrorPolicy decodeErrorPolicy() {
        return decodeErrorPolicy;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, YomoSplit> createReader(SourceReaderContext context) throws Exception {
        schema.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup().addGroup("deserializer");
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }
                });
        YomoSourceMetrics metrics = new YomoSourceMetrics(context.metricGroup());
        DeviceOutputs<T> devices =
                deviceWatermarks.enabled()
                        ? new DeviceOutputs<>(
                                deviceWatermarks,
                                context.metricGroup().addGroup("yomo"),
                                role.name())
                        : null;
        Acknowledger acks = role.newAcknowledger();
        TaskManagerAddress taskManager = TaskManagerAddress.of(context);
        if (acks != null) {
            metrics.bindProducersTracked(acks::producersTracked);
        }
        return new YomoSourceReader<>(
                () -> role.newSplitReader(queueSettings, metrics, acks, taskManager),
                new YomoRecordEmitter<>(
                        schema,
                        decodeErrorPolicy,
                        context.metricGroup().getNumRecordsInErrorsCounter(),
                        role.name(),
                        devices,
                        metrics.duplicatesDropped()),
                devices,
                acks,
                context.getConfiguration(),
                context);
    }

    @Override
    public SplitEnumerator<YomoSplit, YomoEnumeratorState> createEnumerator(
            SplitEnumeratorContext<YomoSplit> context) {
        return new YomoSplitEnumerator(
                context, role.splitPlan(), new YomoEnumeratorState(Set.of()));
    }

    @Override
    public SplitEnumerator<YomoSplit, YomoEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<YomoSplit> context, YomoEnumeratorState state) {
        return new YomoSplitEnumerator(context, role.splitPlan(), state);
    }

    @Override
    public SimpleVersionedSerializer<YomoSplit> getSplitSerializer() {
        return YomoSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<YomoEnumeratorState> getEnumeratorCheckpointSerializer() {
        return YomoEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return schema.getProducedType();
    }
}
