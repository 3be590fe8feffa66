package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.abilities.SupportsProjectionPushDown;
import org.apache.flink.table.connector.source.abilities.SupportsReadingMetadata;
import org.apache.flink.table.connector.source.abilities.SupportsWatermarkPushDown;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import dev.flinkyomo.connector.yomo.source.YomoSource;
import dev.flinkyomo.connector.yomo.source.YomoWatermarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A 'yomo' source table: YoMo sources dial Flink, which listens in a zipper's place (one listener
 * per subtask), or with {@code 'mode' = 'connect'} Flink dials a zipper as a stream function
 * observing {@code 'observed-tags'} (see {@link YomoSource}). The payload is decoded by the table's
 * format. A pushed projection reaches a {@link ProjectableDecodingFormat} (so {@code y3} decodes
 * only the selected keys); other formats decode everything and the row is projected afterwards.
 * Watermarks pushed down are generated in the source, per device (see {@code
 * 'scan.watermark.per-device'}), with the late-record and device-lag metrics of {@link
 * YomoWatermarks#withLatenessMetrics}.
 */
@Internal
final class YomoDynamicSource
        implements ScanTableSource,
                SupportsReadingMetadata,
                SupportsProjectionPushDown,
                SupportsWatermarkPushDown {

    private final String table;
    private final DataType physicalType;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final YomoTableOptions options;
    private final Integer parallelism;
    private int[][] projection;
    private List<String> metadataKeys = List.of();
    private DataType producedType;
    private WatermarkStrategy<RowData> watermarks;

    YomoDynamicSource(
            String table,
            DataType physicalType,
            DecodingFormat<DeserializationSchema<RowData>> format,
            YomoTableOptions options,
            Integer parallelism) {
        this.table = table;
        this.physicalType = physicalType;
        this.format = format;
        this.options = options;
        this.parallelism = parallelism;
        this.projection = Projection.all(physicalType).toNestedIndexes();
        this.producedType = physicalType;
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        DeserializationSchema<RowData> decoder;
        int[] projectAfterDecoding;
        if (format
                instanceof ProjectableDecodingFormat<DeserializationSchema<RowData>> projectable) {
            decoder = projectable.createRuntimeDecoder(context, physicalType, projection);
            projectAfterDecoding = null;
        } else {
            decoder = format.createRuntimeDecoder(context, physicalType);
            projectAfterDecoding = Projection.of(projection).toTopLevelIndexes();
        }
        ReadableMetadata[] metadata =
                metadataKeys.stream().map(ReadableMetadata::of).toArray(ReadableMetadata[]::new);
        YomoRowDataDeserializer deserializer =
                new YomoRowDataDeserializer(
                        table,
                        decoder,
                        projection.length,
                        projectAfterDecoding,
                        metadata,
                        options.observedTags(),
                        context.createTypeInformation(producedType));
        YomoSource<RowData> source = options.source(deserializer);
        WatermarkStrategy<RowData> strategy =
                watermarks != null
                        ? YomoWatermarks.withLatenessMetrics(watermarks)
                        : WatermarkStrategy.noWatermarks();
        String name = asSummaryString();
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext provider, StreamExecutionEnvironment env) {
                DataStreamSource<RowData> stream = env.fromSource(source, strategy, name);
                provider.generateUid("yomo-source").ifPresent(stream::uid);
                if (parallelism != null) {
                    stream.setParallelism(parallelism);
                }
                return stream;
            }

            @Override
            public boolean isBounded() {
                return false;
            }
        };
    }

    @Override
    public boolean supportsNestedProjection() {
        return format instanceof ProjectableDecodingFormat<?> p && p.supportsNestedProjection();
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        this.projection = projectedFields;
        this.producedType = producedDataType;
    }

    @Override
    public Map<String, DataType> listReadableMetadata() {
        return ReadableMetadata.all();
    }

    @Override
    public void applyReadableMetadata(List<String> metadataKeys, DataType producedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
        this.producedType = producedDataType;
    }

    @Override
    public void applyWatermark(WatermarkStrategy<RowData> watermarkStrategy) {
        this.watermarks = watermarkStrategy;
    }

    @Override
    public DynamicTableSource copy() {
        YomoDynamicSource copy =
                new YomoDynamicSource(table, physicalType, format, options, parallelism);
        copy.projection = projection;
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        copy.producedType = producedType;
        copy.watermarks = watermarks;
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "YoMo(" + options.sourceMode().name().toLowerCase(Locale.ROOT) + " " + table + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoDynamicSource s
                && table.equals(s.table)
                && physicalType.equals(s.physicalType)
                && format.equals(s.format)
                && options.equals(s.options)
                && Objects.equals(parallelism, s.parallelism)
                && Arrays.deepEquals(projection, s.projection)
                && metadataKeys.equals(s.metadataKeys)
                && producedType.equals(s.producedType)
                && Objects.equals(watermarks, s.watermarks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                table,
                physicalType,
                options,
                parallelism,
                Arrays.deepHashCode(projection),
                metadataKeys);
    }
}
