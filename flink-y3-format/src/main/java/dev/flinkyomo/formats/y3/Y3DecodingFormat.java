package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.table.connector.Projection;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The decoding side of the {@code y3} format. The projection a connector pushes down becomes the
 * set of key paths the decoder observes, nested fields included, so unused columns are skipped on
 * the wire instead of being decoded and thrown away.
 */
@Internal
final class Y3DecodingFormat extends Y3Format
        implements ProjectableDecodingFormat<DeserializationSchema<RowData>> {

    Y3DecodingFormat(Y3FormatConfig config) {
        super(config);
    }

    @Override
    public DeserializationSchema<RowData> createRuntimeDecoder(
            DynamicTableSource.Context context, DataType physicalDataType, int[][] projections) {
        DataType produced = Projection.of(projections).project(physicalDataType);
        return config.deserializer((RowType) physicalDataType.getLogicalType())
                .projection(projections)
                .producedType(context.createTypeInformation(produced))
                .build();
    }

    @Override
    public boolean supportsNestedProjection() {
        return true;
    }
}
