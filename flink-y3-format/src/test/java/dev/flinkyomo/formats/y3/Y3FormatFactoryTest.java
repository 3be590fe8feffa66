package dev.flinkyomo.formats.y3;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.TestDynamicTableFactory;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.sink.SinkRuntimeProviderContext;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.MAP;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP;
import static org.apache.flink.table.api.DataTypes.TIMESTAMP_LTZ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The factory, its options and its planning-time validation, through Flink's factory discovery. */
class Y3FormatFactoryTest {

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("noise", FLOAT()),
                    Column.physical("time", BIGINT()),
                    Column.physical("from", STRING()),
                    Column.physical("loc", ROW(FIELD("lat", DOUBLE()), FIELD("lon", DOUBLE()))));

    private static final DataType PHYSICAL = SCHEMA.toPhysicalRowDataType();
    private static final RowType PHYSICAL_TYPE = (RowType) PHYSICAL.getLogicalType();

    private static final String KEYS =
            "noise=0x11,time=0x12,from=0x13,loc=0x20,loc.lat=0x01,loc.lon=0x02";

    @Test
    void createsTheConfiguredDeserializationSchema() {
        DeserializationSchema<RowData> actual = decoder(SCHEMA, options(o -> {}));
        Y3RowDataDeserializationSchema expected =
                Y3RowDataDeserializationSchema.builder(PHYSICAL_TYPE)
                        .keys(KEYS)
                        .recordPath("0x01.0x10")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .ignoreParseErrors(true)
                        .failOnMissingKey(true)
                        .maxPacketSize(1024 * 1024)
                        .build();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void createsTheConfiguredSerializationSchema() {
        TestDynamicTableFactory.DynamicTableSinkMock sink =
                (TestDynamicTableFactory.DynamicTableSinkMock)
                        FactoryMocks.createTableSink(SCHEMA, options(o -> {}));
        SerializationSchema<RowData> actual =
                sink.valueFormat.createRuntimeEncoder(
                        new SinkRuntimeProviderContext(false), PHYSICAL);
        Y3RowDataSerializationSchema expected =
                Y3RowDataSerializationSchema.builder(PHYSICAL_TYPE)
                        .keys(KEYS)
                        .recordPath("0x01.0x10")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build();
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void defaultsAreNvarintRecordKey0x10AndKeysFrom0x10() throws Exception {
        Map<String, String> options = baseOptions();
        DeserializationSchema<RowData> actual = decoder(SCHEMA, options);
        assertThat(actual).isEqualTo(Y3RowDataDeserializationSchema.builder(PHYSICAL_TYPE).build());

        Y3Writer w = new Y3Writer();
        w.beginNode(0x10).float32(0x10, 1.5f).int64(0x11, 7).string(0x12, "x").endNode();
        RowData row = actual.deserialize(w.toByteArray());
        assertThat(row.getFloat(0)).isEqualTo(1.5f);
        assertThat(row.getLong(1)).isEqualTo(7L);
        assertThat(row.getString(2).toString()).isEqualTo("x");
        assertThat(row.isNullAt(3)).isTrue();
    }

    @Test
    void decodingFormatPushesNestedProjectionIntoTheDecoder() throws Exception {
        ProjectableDecodingFormat<DeserializationSchema<RowData>> format =
                projectable(options(o -> {}));
        assertThat(format.supportsNestedProjection()).isTrue();

        int[][] projection = {{3, 1}, {0}};
        DeserializationSchema<RowData> decoder =
                format.createRuntimeDecoder(
                        ScanRuntimeProviderContext.INSTANCE, PHYSICAL, projection);
        assertThat(((InternalTypeInfo<?>) decoder.getProducedType()).toRowType().getFieldCount())
                .isEqualTo(2);

        Y3Writer w = new Y3Writer(IntegerEncoding.PVARINT);
        w.beginNode(0x01)
                .beginNode(0x10)
                .float32(0x11, 2.5f)
                .bytes(0x13, new byte[] {(byte) 0xFF})
                .beginNode(0x20)
                .float64(0x01, 1.0)
                .float64(0x02, 2.0)
                .endNode()
                .int64(0x12, 9)
                .endNode()
                .endNode();
        RowData row = decoder.deserialize(w.toByteArray());
        assertThat(row.getDouble(0)).isEqualTo(2.0);
        assertThat(row.getFloat(1)).isEqualTo(2.5f);
    }

    @Test
    void integerEncodingIsCaseInsensitive() {
        assertThat(decoder(SCHEMA, options(o -> o.put("y3.integer-encoding", "nvarint"))))
                .isEqualTo(
                        Y3RowDataDeserializationSchema.builder(PHYSICAL_TYPE)
                                .keys(KEYS)
                                .recordPath("0x01.0x10")
                                .ignoreParseErrors(true)
                                .failOnMissingKey(true)
                                .maxPacketSize(1024 * 1024)
                                .build());
    }

    @Test
    void unknownOptionsAreRejected() {
        assertThatThrownBy(
                        () ->
                                FactoryMocks.createTableSource(
                                        SCHEMA, options(o -> o.put("y3.key", "a=0x10"))))
                .satisfies(
                        e ->
                                assertThat(rootMessages(e))
                                        .contains("Unsupported options")
                                        .contains("y3.key"));
    }

    @Test
    void badOptionValuesAreValidationErrors() {
        assertCreateFails(
                o -> o.put("y3.keys", "noise=0x40"), "key of column 'noise'", "above 0x3F");
        assertCreateFails(
                o -> o.put("y3.keys", "noise=17"),
                "key of column 'noise'",
                "'17' is not a Y3 key: write keys in hex, 0x11");
        assertCreateFails(
                o -> o.put("y3.record-path", "0x01.17"),
                "'y3.record-path'",
                "'17' is not a Y3 key: write keys in hex, 0x11");
        assertCreateFails(
                o -> o.put("y3.keys", "noise=0x11,noise=0x12"), "Column 'noise' appears twice");
        assertCreateFails(o -> o.put("y3.keys", "noise"), "Invalid entry 'noise'");
        assertCreateFails(
                o -> o.put("y3.keys", "noise=0x11,speed=0x14"),
                "names column 'speed'",
                "does not have");
        assertCreateFails(
                o -> o.put("y3.keys", "noise=0x11,loc.alt=0x14"), "names column 'loc.alt'");
        assertCreateFails(o -> o.put("y3.record-path", "0x01.0x100"), "'y3.record-path'");
        assertCreateFails(o -> o.put("y3.max-packet-size", "3gb"), "'y3.max-packet-size'");
        assertCreateFails(o -> o.put("y3.integer-encoding", "zigzag"), "integer-encoding");
    }

    @Test
    void schemaProblemsFailAtPlanningNamingTheColumn() {
        assertDecoderFails(
                SCHEMA,
                o ->
                        o.put(
                                "y3.keys",
                                "noise=0x11,time=0x11,from=0x13,loc=0x20,loc.lat=0x01,loc.lon=0x02"),
                "Columns 'noise' and 'time' both map to Y3 key 0x11");
        assertDecoderFails(
                SCHEMA,
                o -> o.put("y3.keys", "noise=0x11,time=0x12,loc=0x20,loc.lat=0x01,loc.lon=0x02"),
                "Column 'from' has no key in 'y3.keys'");
        assertDecoderFails(
                SCHEMA,
                o -> o.put("y3.keys", "noise=0x11,time=0x12,from=0x13,loc=0x20,loc.lat=0x01"),
                "Column 'loc.lon' has no key");

        ResolvedSchema withMap =
                ResolvedSchema.of(
                        Column.physical("id", INT()),
                        Column.physical("attrs", MAP(STRING(), STRING())));
        assertDecoderFails(
                withMap,
                o -> o.remove("y3.keys"),
                "Column 'attrs' has type MAP<STRING, STRING>",
                "does not support");

        ResolvedSchema nestedBad =
                ResolvedSchema.of(Column.physical("tags", ARRAY(ROW(FIELD("at", TIMESTAMP(3))))));
        assertDecoderFails(
                nestedBad, o -> o.remove("y3.keys"), "Column 'tags.at' has type TIMESTAMP(3)");

        ResolvedSchema micros = ResolvedSchema.of(Column.physical("ts", TIMESTAMP_LTZ(6)));
        assertDecoderFails(
                micros,
                o -> o.remove("y3.keys"),
                "Column 'ts' has type TIMESTAMP_LTZ(6)",
                "TIMESTAMP_LTZ(3) only");

        Column[] wide = new Column[49];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = Column.physical("c" + i, INT());
        }
        assertDecoderFails(
                ResolvedSchema.of(wide),
                o -> o.remove("y3.keys"),
                "Column 'c48' would get the default key 0x40");
    }

    @Test
    void encoderValidatesTheSchemaToo() {
        ResolvedSchema withMap =
                ResolvedSchema.of(Column.physical("attrs", MAP(STRING(), STRING())));
        Map<String, String> o = baseOptions();
        TestDynamicTableFactory.DynamicTableSinkMock sink =
                (TestDynamicTableFactory.DynamicTableSinkMock)
                        FactoryMocks.createTableSink(withMap, o);
        assertThatThrownBy(
                        () ->
                                sink.valueFormat.createRuntimeEncoder(
                                        new SinkRuntimeProviderContext(false),
                                        withMap.toPhysicalRowDataType()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'attrs'");
    }

    // ------------------------------------------------------------------------------------------

    private static Map<String, String> baseOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", TestDynamicTableFactory.IDENTIFIER);
        options.put("target", "MyTarget");
        options.put("buffer-size", "1000");
        options.put("format", Y3FormatFactory.IDENTIFIER);
        return options;
    }

    private static Map<String, String> options(Consumer<Map<String, String>> modifier) {
        Map<String, String> options = baseOptions();
        options.put("y3.keys", KEYS);
        options.put("y3.record-path", "0x01.0x10");
        options.put("y3.integer-encoding", "PVARINT");
        options.put("y3.ignore-parse-errors", "true");
        options.put("y3.fail-on-missing-key", "true");
        options.put("y3.max-packet-size", "1mb");
        modifier.accept(options);
        return options;
    }

    @SuppressWarnings("unchecked")
    private static ProjectableDecodingFormat<DeserializationSchema<RowData>> projectable(
            Map<String, String> options) {
        return projectable(SCHEMA, options);
    }

    @SuppressWarnings("unchecked")
    private static ProjectableDecodingFormat<DeserializationSchema<RowData>> projectable(
            ResolvedSchema schema, Map<String, String> options) {
        TestDynamicTableFactory.DynamicTableSourceMock source =
                (TestDynamicTableFactory.DynamicTableSourceMock)
                        FactoryMocks.createTableSource(schema, options);
        return (ProjectableDecodingFormat<DeserializationSchema<RowData>>) source.valueFormat;
    }

    private static DeserializationSchema<RowData> decoder(
            ResolvedSchema schema, Map<String, String> options) {
        return projectable(schema, options)
                .createRuntimeDecoder(
                        ScanRuntimeProviderContext.INSTANCE, schema.toPhysicalRowDataType());
    }

    private static void assertCreateFails(
            Consumer<Map<String, String>> modifier, String... messageParts) {
        assertThatThrownBy(() -> FactoryMocks.createTableSource(SCHEMA, options(modifier)))
                .satisfies(e -> assertThat(rootMessages(e)).contains(messageParts));
    }

    private static void assertDecoderFails(
            ResolvedSchema schema, Consumer<Map<String, String>> modifier, String... messageParts) {
        assertThatThrownBy(() -> decoder(schema, options(modifier)))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    /** Flink wraps factory errors; the useful text is in the cause chain. */
    private static String rootMessages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
