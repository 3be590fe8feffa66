package dev.flinkyomo.connector.yomo.table;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;

import java.util.HashSet;
import java.util.Set;

/**
 * Factory of {@code 'connector' = 'yomo'} tables. Source tables listen for YoMo sources or, with
 * {@code 'mode' = 'connect'}, receive a zipper's frames as a stream function; sink tables write to
 * a zipper. The payload format ({@code y3}, {@code json}, {@code raw}, ...) is discovered through
 * {@code 'format'}, its options pass through with their prefix ({@code 'y3.keys'}). Options: {@link
 * YomoConnectorOptions}.
 */
@PublicEvolving
public final class YomoDynamicTableFactory
        implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    public static final String IDENTIFIER = "yomo";

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        DecodingFormat<DeserializationSchema<RowData>> format =
                helper.discoverDecodingFormat(
                        DeserializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        return new YomoDynamicSource(
                context.getObjectIdentifier().asSummaryString(),
                context.getPhysicalRowDataType(),
                format,
                tableOptions(context).validatedForSource(),
                options.getOptional(FactoryUtil.SOURCE_PARALLELISM).orElse(null));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        EncodingFormat<SerializationSchema<RowData>> format =
                helper.discoverEncodingFormat(SerializationFormatFactory.class, FactoryUtil.FORMAT);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        return new YomoDynamicSink(
                context.getObjectIdentifier().asSummaryString(),
                context.getPhysicalRowDataType(),
                format,
                tableOptions(context).validatedForSink(),
                options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null));
    }

    private static YomoTableOptions tableOptions(Context context) {
        return new YomoTableOptions(
                context.getObjectIdentifier().asSummaryString(),
                context.getObjectIdentifier().getObjectName(),
                Configuration.fromMap(context.getCatalogTable().getOptions()));
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(FactoryUtil.FORMAT);
    }

    /**
     * Options that change how the job talks to the network, not the plan: a compiled plan may run
     * with other values for them (as the Kafka connector forwards its servers and properties).
     */
    private static final Set<ConfigOption<?>> FORWARDED =
            Set.of(
                    YomoConnectorOptions.HOST,
                    YomoConnectorOptions.PORT,
                    YomoConnectorOptions.AUTH_TOKEN,
                    YomoConnectorOptions.CREDENTIAL,
                    YomoConnectorOptions.TLS_CERT_FILE,
                    YomoConnectorOptions.TLS_KEY_FILE,
                    YomoConnectorOptions.TLS_CA_FILE,
                    YomoConnectorOptions.TLS_VERIFY_PEER,
                    YomoConnectorOptions.MAX_FRAME_SIZE,
                    YomoConnectorOptions.MAX_CONNECTIONS,
                    YomoConnectorOptions.MAX_PENDING_CONNECTIONS,
                    YomoConnectorOptions.RETRY_TOKEN_LIFETIME,
                    YomoConnectorOptions.MAX_CONNECTIONS_PER_ADDRESS,
                    YomoConnectorOptions.MAX_HANDSHAKE_SIZE,
                    YomoConnectorOptions.MEMORY_BUDGET,
                    YomoConnectorOptions.FRAME_TIMEOUT,
                    YomoConnectorOptions.QUEUE_CAPACITY,
                    YomoConnectorOptions.QUEUE_MAX_BYTES,
                    YomoConnectorOptions.FETCH_LINGER,
                    YomoConnectorOptions.IDLE_TIMEOUT,
                    YomoConnectorOptions.HANDSHAKE_TIMEOUT,
                    YomoConnectorOptions.SINK_WRITE_TIMEOUT,
                    YomoConnectorOptions.SINK_BUFFER_FLUSH_MAX_ROWS,
                    YomoConnectorOptions.SINK_BUFFER_FLUSH_INTERVAL);

    /** Options that shape the plan or the semantics of the table. */
    private static final Set<ConfigOption<?>> PLANNED =
            Set.of(
                    YomoConnectorOptions.MODE,
                    YomoConnectorOptions.LISTENER_NAME,
                    YomoConnectorOptions.OBSERVED_TAGS,
                    YomoConnectorOptions.STREAM_FUNCTION_NAME,
                    YomoConnectorOptions.STREAM_FUNCTION_CONNECTIONS,
                    YomoConnectorOptions.SECURITY_PROFILE,
                    YomoConnectorOptions.PROTOCOL_GENERATIONS,
                    YomoConnectorOptions.SCAN_DECODE_ERRORS,
                    YomoConnectorOptions.SCAN_ACKNOWLEDGEMENTS,
                    YomoConnectorOptions.SCAN_ACKNOWLEDGEMENTS_PRODUCER_TTL,
                    YomoConnectorOptions.SCAN_WATERMARK_PER_DEVICE,
                    YomoConnectorOptions.SCAN_WATERMARK_PER_DEVICE_MAX_DEVICES,
                    YomoConnectorOptions.SCAN_WATERMARK_PER_DEVICE_RETENTION,
                    YomoConnectorOptions.SINK_TAG,
                    YomoConnectorOptions.SINK_TARGET,
                    YomoConnectorOptions.SINK_CLIENT_NAME,
                    YomoConnectorOptions.SINK_OUTAGE_POLICY,
                    YomoConnectorOptions.SINK_DELIVERY_GUARANTEE,
                    FactoryUtil.SOURCE_PARALLELISM,
                    FactoryUtil.SINK_PARALLELISM);

    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return FORWARDED;
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> all = new HashSet<>(FORWARDED);
        all.addAll(PLANNED);
        return all;
    }
}
