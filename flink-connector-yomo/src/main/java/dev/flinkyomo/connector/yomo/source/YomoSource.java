package dev.flinkyomo.connector.yomo.source;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.UserCodeClassLoader;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.enumerator.SplitPlan;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoSplitEnumerator;
import dev.flinkyomo.connector.yomo.source.reader.FrameQueueSettings;
import dev.flinkyomo.connector.yomo.source.reader.YomoConnectSplitReader;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.connector.yomo.source.reader.YomoListenerSplitReader;
import dev.flinkyomo.connector.yomo.source.reader.YomoRecordEmitter;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceMetrics;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceReader;
import dev.flinkyomo.connector.yomo.source.split.YomoSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoSplitSerializer;
import dev.flinkyomo.yomo.transport.ClientOptions;
import dev.flinkyomo.yomo.transport.InboundFrame;
import dev.flinkyomo.yomo.transport.ListenerOptions;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * YoMo frames into Flink, unbounded and at-most-once (stock YoMo peers take no acknowledgements).
 *
 * <p><b>Listen mode</b>: Flink in the place of a YoMo zipper. Every source subtask runs a QUIC
 * listener that YoMo sources ({@code yomo.NewSource(name, "host:port")}) and upstream zippers dial;
 * one listener split per subtask.
 *
 * <pre>{@code
 * YomoSource<YomoRecord> source = YomoSource.builder()
 *         .setHost("0.0.0.0").setPort(9000)          // subtask i listens on 9000 + i
 *         .setAuthToken("secret")
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1))
 *         .withIdleness(Duration.ofSeconds(30)), "yomo").setParallelism(2);
 * }</pre>
 *
 * <p><b>Connect mode</b>: Flink as a YoMo stream function. Subtask 0 (or subtasks 0..n-1 with
 * {@code setConnections(n)}) dials an existing zipper as client type 0x5D and receives the frames
 * of the tags it observes; it redials with backoff, follows ConnectTo, and a Rejected handshake
 * fails the job with the zipper's reason.
 *
 * <pre>{@code
 * YomoSource<YomoRecord> source = YomoSource.builder()
 *         .connectTo("zipper.example.com", 9000)
 *         .setStreamFunctionName("flink-analytics")
 *         .setObservedTags(0x33)
 *         .setCredential("token:secret")
 *         .build();
 * }</pre>
 */
public final class YomoSource<T>
        implements Source<T, YomoSplit, YomoEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final YomoSourceMode mode;
    private final ListenerOptions listenerOptions;
    private final ClientOptions clientOptions;
    private final SplitPlan plan;
    private final FrameQueueSettings queueSettings;
    private final YomoDeserializationSchema<T> schema;

    private YomoSource(
            YomoSourceMode mode,
            ListenerOptions listenerOptions,
            ClientOptions clientOptions,
            SplitPlan plan,
            FrameQueueSettings queueSettings,
            YomoDeserializationSchema<T> schema) {
        this.mode = mode;
        this.listenerOptions = listenerOptions;
        this.clientOptions = clientOptions;
        this.plan = plan;
        this.queueSettings = queueSettings;
        this.schema = schema;
    }

    static <T> YomoSource<T> listening(
            ListenerOptions options,
            FrameQueueSettings queueSettings,
            YomoDeserializationSchema<T> schema) {
        return new YomoSource<>(
                YomoSourceMode.LISTEN,
                options,
                null,
                SplitPlan.listen(options.port()),
                queueSettings,
                schema);
    }

    static <T> YomoSource<T> connecting(
            ClientOptions options,
            int connections,
            FrameQueueSettings queueSettings,
            YomoDeserializationSchema<T> schema) {
        return new YomoSource<>(
                YomoSourceMode.CONNECT,
                null,
                options,
                SplitPlan.connect(connections),
                queueSettings,
                schema);
    }

    /** A builder producing {@link YomoRecord}s; call {@code setDeserializer} for other types. */
    public static YomoSourceBuilder<YomoRecord> builder() {
        return new YomoSourceBuilder<>(YomoDeserializationSchema.records());
    }

    public YomoSourceMode mode() {
        return mode;
    }

    /** The listeners' options in listen mode; empty in connect mode. */
    public Optional<ListenerOptions> listenerOptions() {
        return Optional.ofNullable(listenerOptions);
    }

    /** The stream-function client's options in connect mode; empty in listen mode. */
    public Optional<ClientOptions> clientOptions() {
        return Optional.ofNullable(clientOptions);
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
        Supplier<SplitReader<InboundFrame, YomoSplit>> splitReader =
                mode == YomoSourceMode.LISTEN
                        ? () -> new YomoListenerSplitReader(listenerOptions, queueSettings, metrics)
                        : () -> new YomoConnectSplitReader(clientOptions, queueSettings, metrics);
        return new YomoSourceReader<>(
                splitReader, new YomoRecordEmitter<>(schema), context.getConfiguration(), context);
    }

    @Override
    public SplitEnumerator<YomoSplit, YomoEnumeratorState> createEnumerator(
            SplitEnumeratorContext<YomoSplit> context) {
        return new YomoSplitEnumerator(context, plan, new YomoEnumeratorState(Set.of()));
    }

    @Override
    public SplitEnumerator<YomoSplit, YomoEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<YomoSplit> context, YomoEnumeratorState state) {
        return new YomoSplitEnumerator(context, plan, state);
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
