package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsWritingMetadata;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A 'yomo' sink table: each row becomes one DataFrame written to a zipper by a {@link YomoSink}
 * (Flink connects as a YoMo source). Insert-only.
 */
@Internal
final class YomoDynamicSink implements DynamicTableSink, SupportsWritingMetadata {

    private final String table;
    private final DataType physicalType;
    private final EncodingFormat<SerializationSchema<RowData>> format;
    private final YomoTableOptions options;
    private final Integer parallelism;
    private List<String> metadataKeys = List.of();

    YomoDynamicSink(
            String table,
            DataType physicalType,
            EncodingFormat<SerializationSchema<RowData>> format,
            YomoTableOptions options,
            Integer parallelism) {
        this.table = table;
        this.physicalType = physicalType;
        this.format = format;
        this.options = options;
        this.parallelism = parallelism;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.insertOnly();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        int physicalArity = DataType.getFieldCount(physicalType);
        int tagPos = position(WritableMetadata.TAG, physicalArity);
        if (tagPos < 0 && options.sinkTag() == null) {
            throw new ValidationException(
                    "table "
                            + table
                            + ": frames need a tag: set 'sink.tag' or declare a"
                            + " column `tag BIGINT METADATA`");
        }
        int[] physicalFields = new int[physicalArity];
        for (int i = 0; i < physicalArity; i++) {
            physicalFields[i] = i;
        }
        YomoRowDataSerializer serializer =
                new YomoRowDataSerializer(
                        format.createRuntimeEncoder(context, physicalType),
                        physicalFields,
                        tagPos,
                        position(WritableMetadata.METADATA, physicalArity),
                        options.sinkTag(),
                        table);
        return SinkV2Provider.of(options.sink(serializer), parallelism);
    }

    private int position(WritableMetadata m, int physicalArity) {
        int i = metadataKeys.indexOf(m.key);
        return i < 0 ? -1 : physicalArity + i;
    }

    @Override
    public Map<String, DataType> listWritableMetadata() {
        return WritableMetadata.all();
    }

    @Override
    public void applyWritableMetadata(List<String> metadataKeys, DataType consumedDataType) {
        this.metadataKeys = new ArrayList<>(metadataKeys);
    }

    @Override
    public DynamicTableSink copy() {
        YomoDynamicSink copy =
                new YomoDynamicSink(table, physicalType, format, options, parallelism);
        copy.metadataKeys = new ArrayList<>(metadataKeys);
        return copy;
    }

    @Override
    public String asSummaryString() {
        return "YoMo(sink " + table + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YomoDynamicSink s
                && table.equals(s.table)
                && physicalType.equals(s.physicalType)
                && format.equals(s.format)
                && options.equals(s.options)
                && Objects.equals(parallelism, s.parallelism)
                && metadataKeys.equals(s.metadataKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, physicalType, options, parallelism, metadataKeys);
    }
}
