package dev.flinkyomo.formats.y3.testsource;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
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
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.Collector;

import java.util.List;

/** Bounded scan over registered records that hands the pushed-down projection to the format. */
final class Y3TestTableSource implements ScanTableSource, SupportsProjectionPushDown {

    private final String dataId;
    private final DecodingFormat<DeserializationSchema<RowData>> format;
    private final DataType physicalType;
    private int[][] projection; // null: all columns

    Y3TestTableSource(
            String dataId,
            DecodingFormat<DeserializationSchema<RowData>> format,
            DataType physicalType,
            int[][] projection) {
        this.dataId = dataId;
        this.format = format;
        this.physicalType = physicalType;
        this.projection = projection;
    }

    @Override
    public boolean supportsNestedProjection() {
        return format instanceof ProjectableDecodingFormat
                && ((ProjectableDecodingFormat<?>) format).supportsNestedProjection();
    }

    @Override
    public void applyProjection(int[][] projectedFields, DataType producedDataType) {
        this.projection = projectedFields;
    }

    @Override
    public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
        int[][] fields =
                projection != null ? projection : Projection.all(physicalType).toNestedIndexes();
        if (!(format instanceof ProjectableDecodingFormat)) {
            throw new IllegalStateException("the y3 test source needs a projectable format");
        }
        DeserializationSchema<RowData> decoder =
                ((ProjectableDecodingFormat<DeserializationSchema<RowData>>) format)
                        .createRuntimeDecoder(context, physicalType, fields);
        TypeInformation<RowData> producedType = decoder.getProducedType();
        List<byte[]> records = Y3TestRecords.records(dataId);
        String id = dataId;
        return new DataStreamScanProvider() {
            @Override
            public DataStream<RowData> produceDataStream(
                    ProviderContext ctx, StreamExecutionEnvironment env) {
                return env.fromData(records, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                        .setParallelism(1)
                        .flatMap(new DecodeFunction(decoder, id))
                        .returns(producedType)
                        .setParallelism(1);
            }

            @Override
            public boolean isBounded() {
                return true;
            }
        };
    }

    @Override
    public ChangelogMode getChangelogMode() {
        return format.getChangelogMode();
    }

    @Override
    public DynamicTableSource copy() {
        return new Y3TestTableSource(dataId, format, physicalType, projection);
    }

    @Override
    public String asSummaryString() {
        return Y3TestSourceFactory.IDENTIFIER;
    }

    /** Runs the format's decoder; its counters land in {@link Y3TestRecords}. */
    private static final class DecodeFunction extends RichFlatMapFunction<byte[], RowData> {
        private static final long serialVersionUID = 1L;

        private final DeserializationSchema<RowData> decoder;
        private final String dataId;

        DecodeFunction(DeserializationSchema<RowData> decoder, String dataId) {
            this.decoder = decoder;
            this.dataId = dataId;
        }

        @Override
        public void open(OpenContext openContext) throws Exception {
            decoder.open(
                    RuntimeContextInitializationContextAdapters.deserializationAdapter(
                            getRuntimeContext(), ignored -> new RegistryMetricGroup(dataId)));
        }

        @Override
        public void flatMap(byte[] value, Collector<RowData> out) throws Exception {
            decoder.deserialize(value, out);
        }
    }

    private static final class RegistryMetricGroup extends UnregisteredMetricsGroup {
        private final String dataId;

        RegistryMetricGroup(String dataId) {
            this.dataId = dataId;
        }

        @Override
        public Counter counter(String name) {
            return Y3TestRecords.counter(dataId, name);
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            throw new UnsupportedOperationException(
                    "the y3 format registers counters by name only");
        }
    }
}
