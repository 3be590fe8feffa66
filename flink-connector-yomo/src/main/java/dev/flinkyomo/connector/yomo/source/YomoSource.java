package dev.flinkyomo.connector.yomo.source;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorState;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoEnumeratorStateSerializer;
import dev.flinkyomo.connector.yomo.source.enumerator.YomoListenerEnumerator;
import dev.flinkyomo.connector.yomo.source.reader.YomoDeserializationSchema;
import dev.flinkyomo.connector.yomo.source.reader.YomoListenerSplitReader;
import dev.flinkyomo.connector.yomo.source.reader.YomoRecordEmitter;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceMetrics;
import dev.flinkyomo.connector.yomo.source.reader.YomoSourceReader;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplit;
import dev.flinkyomo.connector.yomo.source.split.YomoListenerSplitSerializer;
import dev.flinkyomo.connector.yomo.transport.ListenerOptions;
import java.util.Set;
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

/**
 * Flink in the place of a YoMo zipper: every source subtask runs a QUIC listener that YoMo
 * sources ({@code yomo.NewSource(name, "host:port")}) and upstream zippers dial. Unbounded; one
 * listener split per subtask; at-most-once (stock YoMo clients have no acknowledgements).
 *
 * <pre>{@code
 * YomoSource<YomoRecord> source = YomoSource.builder()
 *         .setHost("0.0.0.0").setPort(9000)          // subtask i listens on 9000 + i
 *         .setAuthToken("secret")
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1))
 *         .withIdleness(Duration.ofSeconds(30)), "yomo").setParallelism(2);
 * }</pre>
 */
public final class YomoSource<T>
        implements Source<T, YomoListenerSplit, YomoEnumeratorState>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final ListenerOptions listenerOptions;
    private final int queueCapacity;
    private final YomoDeserializationSchema<T> schema;

    YomoSource(ListenerOptions listenerOptions, int queueCapacity, YomoDeserializationSchema<T> schema) {
        this.listenerOptions = listenerOptions;
        this.queueCapacity = queueCapacity;
        this.schema = schema;
    }

    /** A builder producing {@link YomoRecord}s; call {@code setDeserializer} for other types. */
    public static YomoSourceBuilder<YomoRecord> builder() {
        return new YomoSourceBuilder<>(YomoDeserializationSchema.records());
    }

    public ListenerOptions listenerOptions() {
        return listenerOptions;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, YomoListenerSplit> createReader(SourceReaderContext context) throws Exception {
        schema.open(new DeserializationSchema.InitializationContext() {
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
        return new YomoSourceReader<>(
                () -> new YomoListenerSplitReader(listenerOptions, queueCapacity, metrics),
                new YomoRecordEmitter<>(schema),
                context.getConfiguration(),
                context);
    }

    @Override
    public SplitEnumerator<YomoListenerSplit, YomoEnumeratorState> createEnumerator(
            SplitEnumeratorContext<YomoListenerSplit> context) {
        return new YomoListenerEnumerator(context, listenerOptions.port(), new YomoEnumeratorState(Set.of()));
    }

    @Override
    public SplitEnumerator<YomoListenerSplit, YomoEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<YomoListenerSplit> context, YomoEnumeratorState state) {
        return new YomoListenerEnumerator(context, listenerOptions.port(), state);
    }

    @Override
    public SimpleVersionedSerializer<YomoListenerSplit> getSplitSerializer() {
        return YomoListenerSplitSerializer.INSTANCE;
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
