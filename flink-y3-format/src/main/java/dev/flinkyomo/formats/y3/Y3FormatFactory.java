package dev.flinkyomo.formats.y3;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.EncodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.SerializationFormatFactory;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * Table/SQL factory of the {@code y3} format ({@code 'format' = 'y3'}). Options are in {@link
 * Y3FormatOptions}. The decoding format is projectable, nested fields included.
 */
@PublicEvolving
public final class Y3FormatFactory
        implements DeserializationFormatFactory, SerializationFormatFactory {

    public static final String IDENTIFIER = "y3";

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        return new Y3DecodingFormat(configFor(context, formatOptions));
    }

    @Override
    public EncodingFormat<SerializationSchema<RowData>> createEncodingFormat(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        return new Y3EncodingFormat(configFor(context, formatOptions));
    }

    private Y3FormatConfig configFor(
            DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        FactoryUtil.validateFactoryOptions(this, formatOptions);
        Y3FormatConfig config = Y3FormatConfig.from(formatOptions);
        config.checkColumnsExist((RowType) context.getPhysicalRowDataType().getLogicalType());
        return config;
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                Y3FormatOptions.KEYS,
                Y3FormatOptions.RECORD_PATH,
                Y3FormatOptions.INTEGER_ENCODING,
                Y3FormatOptions.IGNORE_PARSE_ERRORS,
                Y3FormatOptions.FAIL_ON_MISSING_KEY,
                Y3FormatOptions.FIRST_OCCURRENCE_WINS,
                Y3FormatOptions.MAX_PACKET_SIZE);
    }

    /** All options only shape the runtime (de)serializer, never the plan's topology. */
    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return optionalOptions();
    }
}
