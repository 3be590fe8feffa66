package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/** The encoding side of the {@code y3} format. */
@Internal
final class Y3EncodingFormat extends Y3Format
        implements EncodingFormat<SerializationSchema<RowData>> {

    Y3EncodingFormat(Y3FormatConfig config) {
        super(config);
    }

    @Override
    public SerializationSchema<RowData> createRuntimeEncoder(
            DynamicTableSink.Context context, DataType physicalDataType) {
        return config.serializer((RowType) physicalDataType.getLogicalType()).build();
    }
}
