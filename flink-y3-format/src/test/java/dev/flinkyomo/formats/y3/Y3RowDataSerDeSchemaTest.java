package dev.flinkyomo.formats.y3;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static dev.flinkyomo.formats.y3.TestRows.hex;
import static dev.flinkyomo.formats.y3.TestRows.rowType;
import static dev.flinkyomo.formats.y3.TestRows.toExternal;
import static dev.flinkyomo.formats.y3.TestRows.toInternal;
import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TINYINT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3RowDataSerDeSchemaTest {

    private static final DataType ALL_TYPES =
            ROW(
                    TestRows.scalarFieldsAnd(
                            FIELD("loc", ROW(FIELD("lat", DOUBLE()), FIELD("lon", DOUBLE()))),
                            FIELD("ints", ARRAY(INT())),
                            FIELD("names", ARRAY(STRING())),
                            FIELD(
                                    "points",
                                    ARRAY(ROW(FIELD("x", FLOAT()), FIELD("tag", STRING())))),
                            FIELD("matrix", ARRAY(ARRAY(BIGINT())))));

    private static final Row ALL_VALUES =
            Row.of(
                    true,
                    (byte) -7,
                    (short) 1234,
                    Integer.MIN_VALUE,
                    Long.MAX_VALUE,
                    68.123f,
                    0.01171875,
                    "héllo, 世界 🚀",
                    "abc",
                    new byte[] {0, 1, (byte) 0xFF},
                    new byte[0],
                    Instant.ofEpochMilli(1_634_000_000_123L),
                    Row.of(31.2304, 121.4737),
                    new Integer[] {1, -1, 255, 65536},
                    new String[] {"a", "", "c"},
                    new Row[] {Row.of(1.5f, "p1"), Row.of(-2f, null)},
                    new Long[][] {{1L, 2L}, {}, {Long.MIN_VALUE}});

    private static final DataType NOISE =
            ROW(FIELD("noise", FLOAT()), FIELD("time", BIGINT()), FIELD("from", STRING()));

    private static final String NOISE_KEYS = "noise=0x11,time=0x12,from=0x13";

    @ParameterizedTest
    @EnumSource(IntegerEncoding.class)
    void roundTripsEveryTypeWithBothIntegerEncodings(IntegerEncoding encoding) throws IOException {
        byte[] bytes =
                Y3RowDataSerializationSchema.builder(rowType(ALL_TYPES))
                        .integerEncoding(encoding)
                        .build()
                        .serialize(toInternal(ALL_TYPES, ALL_VALUES));

        RowData decoded =
                Y3RowDataDeserializationSchema.builder(rowType(ALL_TYPES))
                        .integerEncoding(encoding)
                        .build()
                        .deserialize(bytes);

        assertThat(toExternal(ALL_TYPES, decoded)).isEqualTo(ALL_VALUES);
    }

    @Test
    void integerEncodingsProduceDifferentBytes() {
        DataType type = ROW(FIELD("v", INT()));
        RowData row = toInternal(type, Row.of(127));
        byte[] nvar = Y3RowDataSerializationSchema.builder(rowType(type)).build().serialize(row);
        byte[] pvar =
                Y3RowDataSerializationSchema.builder(rowType(type))
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .serialize(row);
        assertThat(hex(nvar)).isEqualTo("90 03 10 01 7F");
        assertThat(hex(pvar)).isEqualTo("90 04 10 02 80 7F");
    }

    /**
     * y3-codec-golang explainer: SourceData{Name:"yomo",Noise:456,Therm{30,40}} with
     * NewCodec(0x20).
     */
    @Test
    void readsAndWritesTheY3CodecGolangStructVectorByteForByte() throws IOException {
        byte[] golang =
                hex("81 16 A0 14 10 04 79 6F 6D 6F 11 02 43 E4 92 08 13 02 41 F0 14 02 42 20");
        DataType type =
                ROW(
                        FIELD("name", STRING()),
                        FIELD("noise", FLOAT()),
                        FIELD(
                                "therm",
                                ROW(FIELD("temperature", FLOAT()), FIELD("humidity", FLOAT()))));
        String keys = "name=0x10,noise=0x11,therm=0x12,therm.temperature=0x13,therm.humidity=0x14";

        RowData row =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .keys(keys)
                        .recordPath("0x01.0x20")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .deserialize(golang);
        assertThat(toExternal(type, row)).isEqualTo(Row.of("yomo", 456f, Row.of(30f, 40f)));

        byte[] written =
                Y3RowDataSerializationSchema.builder(rowType(type))
                        .keys(keys)
                        .recordPath("0x01.0x20")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .serialize(row);
        assertThat(hex(written)).isEqualTo(hex(golang));
    }

    /** y3-codec-golang NewCodec(0x10).Marshal([]int32{123, 456}): the root node is the record. */
    @Test
    void readsAndWritesTheY3CodecGolangSliceVector() throws IOException {
        byte[] golang = hex("81 0A D0 08 00 02 80 7B 00 02 83 48");
        DataType type = ROW(FIELD("values", ARRAY(INT())));
        Y3RowDataDeserializationSchema de =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .recordPath("0x01")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build();
        assertThat((Object[]) toExternal(type, de.deserialize(golang)).getField(0))
                .containsExactly(123, 456);

        byte[] written =
                Y3RowDataSerializationSchema.builder(rowType(type))
                        .recordPath("0x01")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .serialize(de.deserialize(golang));
        assertThat(hex(written)).isEqualTo(hex(golang));
    }

    @Test
    void readsColumnsAtTopLevelWithAnEmptyRecordPath() throws IOException {
        // y3 test vector: node 0x03 {0x01: int32 -1, 0x02: int32 1}, read as a record at path 0x03
        DataType type = ROW(FIELD("a", INT()), FIELD("b", INT()));
        RowData row =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .keys("a=0x01,b=0x02")
                        .recordPath("0x03")
                        .build()
                        .deserialize(hex("83 06 01 01 FF 02 01 01"));
        assertThat(toExternal(type, row)).isEqualTo(Row.of(-1, 1));

        RowData top =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .keys("a=0x01,b=0x02")
                        .recordPath("")
                        .build()
                        .deserialize(hex("01 01 FF 02 01 01"));
        assertThat(toExternal(type, top)).isEqualTo(Row.of(-1, 1));
    }

    @Test
    void readsGoUnsignedIntegersAsTheSameBits() throws IOException {
        DataType type = ROW(FIELD("u32", INT()), FIELD("u64", BIGINT()), FIELD("small", INT()));
        // uint32 4294967295 -> FF, uint64 max -> FF, uint32 255 -> 00 FF (y3 vectors)
        byte[] bytes = hex("90 0A 10 01 FF 11 01 FF 12 02 00 FF");
        RowData row =
                Y3RowDataDeserializationSchema.builder(rowType(type)).build().deserialize(bytes);
        assertThat(row.getInt(0)).isEqualTo(-1);
        assertThat(Integer.toUnsignedLong(row.getInt(0))).isEqualTo(4294967295L);
        assertThat(row.getLong(1)).isEqualTo(-1L);
        assertThat(row.getInt(2)).isEqualTo(255);
    }

    @Test
    void writesNullColumnsAsMissingKeysAndReadsThemBackAsNull() throws IOException {
        RowData row = toInternal(NOISE, Row.of(null, 42L, null));
        byte[] bytes =
                Y3RowDataSerializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .build()
                        .serialize(row);
        assertThat(hex(bytes)).isEqualTo("90 03 12 01 2A");

        RowData back =
                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .build()
                        .deserialize(bytes);
        assertThat(toExternal(NOISE, back)).isEqualTo(Row.of(null, 42L, null));
    }

    @Test
    void projectionDecodesOnlyTheProjectedKeys() throws IOException {
        // 'from' is invalid UTF-8 and 'time' is a 9-byte integer: both fail if decoded
        byte[] bytes =
                noiseRecord(
                        w ->
                                w.bytes(0x12, new byte[9])
                                        .bytes(0x13, new byte[] {(byte) 0xC3, 0x28}));

        Y3RowDataDeserializationSchema projected =
                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .projectFields("noise")
                        .build();
        RowData row = projected.deserialize(bytes);
        assertThat(row.getArity()).isEqualTo(1);
        assertThat(row.getFloat(0)).isEqualTo(101.5f);
        assertThat(projected.getProducedType().toString()).contains("noise").doesNotContain("from");

        Y3RowDataDeserializationSchema full =
                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .projectFields("noise", "from")
                        .build();
        assertThatThrownBy(() -> full.deserialize(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("column 'from'")
                .hasMessageContaining("key path 0x10.0x13")
                .hasMessageContaining("at byte offset 19")
                .hasMessageContaining("not valid UTF-8");

        Y3RowDataDeserializationSchema time =
                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .projectFields("time")
                        .build();
        assertThatThrownBy(() -> time.deserialize(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("column 'time'")
                .hasMessageContaining("at byte offset 8")
                .hasMessageContaining("does not fit 64 bits");
    }

    @Test
    void nestedProjectionProducesTheNestedFieldOnly() throws IOException {
        DataType type =
                ROW(
                        FIELD("id", INT()),
                        FIELD("loc", ROW(FIELD("lat", DOUBLE()), FIELD("lon", STRING()))));
        Y3Writer w = new Y3Writer();
        w.beginNode(0x10)
                .int32(0x10, 7)
                .beginNode(0x11)
                .float64(0x10, 1.5)
                .bytes(0x11, new byte[] {(byte) 0xFF})
                .endNode()
                .endNode();

        RowData row =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .projection(new int[][] {{1, 0}, {0}})
                        .build()
                        .deserialize(w.toByteArray());
        assertThat(row.getArity()).isEqualTo(2);
        assertThat(row.getDouble(0)).isEqualTo(1.5);
        assertThat(row.getInt(1)).isEqualTo(7);
    }

    @Test
    void missingKeysAreNullUnlessConfiguredOrNotNull() throws IOException {
        byte[] onlyNoise = noiseRecordWithout();
        assertThat(toExternal(NOISE, noiseDeserializer(NOISE, false).deserialize(onlyNoise)))
                .isEqualTo(Row.of(101.5f, null, null));

        assertThatThrownBy(() -> noiseDeserializer(NOISE, true).deserialize(onlyNoise))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("column 'time' (Y3 key path 0x10.0x12): key is missing");

        DataType notNull =
                ROW(
                        FIELD("noise", FLOAT()),
                        FIELD("time", BIGINT().notNull()),
                        FIELD("from", STRING()));
        assertThatThrownBy(() -> noiseDeserializer(notNull, false).deserialize(onlyNoise))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("column 'time'")
                .hasMessageContaining("missing");
    }

    @Test
    void missingNestedFieldsFollowTheSameRule() throws IOException {
        DataType type =
                ROW(FIELD("loc", ROW(FIELD("lat", DOUBLE()), FIELD("lon", DOUBLE().notNull()))));
        byte[] bytes = hex("90 04 90 02 11 00"); // loc {lon: empty value}
        assertThatThrownBy(() -> deserializer(type, false).deserialize(bytes))
                .hasMessageContaining("column 'loc.lon'")
                .hasMessageContaining("at byte offset 6");
        byte[] noLon = hex("90 02 90 00");
        assertThatThrownBy(() -> deserializer(type, false).deserialize(noLon))
                .hasMessageContaining(
                        "column 'loc.lon' (Y3 key path 0x10.0x10.0x11): key is missing");
    }

    @Test
    void lastDuplicateKeyWins() throws IOException {
        byte[] bytes = hex("90 06 10 01 01 10 01 02");
        DataType type = ROW(FIELD("v", INT()));
        assertThat(deserializer(type, false).deserialize(bytes).getInt(0)).isEqualTo(2);
    }

    @Test
    void firstOccurrenceWinsTakesTheFirstAndStopsReadingTheRecord() throws IOException {
        // v twice, then a TLV that claims more bytes than the record holds
        byte[] bytes = hex("90 09 10 01 01 10 01 02 11 30 00");
        DataType type = ROW(FIELD("v", INT()), FIELD("name", STRING()));
        Y3RowDataDeserializationSchema first =
                Y3RowDataDeserializationSchema.builder(rowType(type))
                        .projectFields("v")
                        .firstOccurrenceWins(true)
                        .build();
        assertThat(first.deserialize(bytes).getInt(0)).isEqualTo(1);
        Y3RowDataDeserializationSchema last =
                Y3RowDataDeserializationSchema.builder(rowType(type)).projectFields("v").build();
        assertThatThrownBy(() -> last.deserialize(bytes)).hasMessageContaining("PAST_PARENT");
    }

    @Test
    void malformedRecordsGiveIOExceptionsWithOffsets() {
        DataType type = ROW(FIELD("v", INT()), FIELD("name", STRING()));
        Y3RowDataDeserializationSchema de = deserializer(type, false);

        assertThatThrownBy(() -> de.deserialize(hex("90 05 10 01 01 11")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PAST_PARENT at byte offset 0");
        assertThatThrownBy(() -> de.deserialize(hex("90 04 10 01 01 11")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("TRUNCATED at byte offset 5");
        assertThatThrownBy(() -> de.deserialize(hex("90 74 01 01")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("NEGATIVE_LENGTH at byte offset 1");
        assertThatThrownBy(() -> de.deserialize(hex("10 01 01")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("record at key path 0x10 is a primitive");
        assertThatThrownBy(() -> de.deserialize(hex("91 00")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no node at key path 0x10");
        assertThatThrownBy(() -> de.deserialize(hex("90 04 90 02 10 00")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("column 'v'")
                .hasMessageContaining("expected a primitive but found a node");
    }

    @Test
    void hostileLengthsAboveTheMaximumAreRefused() {
        DataType type = ROW(FIELD("name", STRING()));
        Y3RowDataDeserializationSchema de =
                Y3RowDataDeserializationSchema.builder(rowType(type)).maxPacketSize(1024).build();
        // record node claiming 2^31-1 bytes
        assertThatThrownBy(() -> de.deserialize(hex("90 87 FF FF FF 7F")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("TOO_LARGE");
    }

    @Test
    void narrowIntegersOutOfRangeAreErrors() {
        DataType type = ROW(FIELD("t", TINYINT()));
        assertThatThrownBy(() -> deserializer(type, false).deserialize(hex("90 04 10 02 01 00")))
                .hasMessageContaining("column 't'")
                .hasMessageContaining("value 256 does not fit TINYINT");
    }

    @Test
    void arraysWithNullItemsCannotBeWritten() {
        DataType type = ROW(FIELD("names", ARRAY(STRING())));
        RowData row = toInternal(type, Row.of((Object) new String[] {"a", null}));
        assertThatThrownBy(
                        () ->
                                Y3RowDataSerializationSchema.builder(rowType(type))
                                        .build()
                                        .serialize(row))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'names'")
                .hasMessageContaining("item 1 is null");
    }

    @Test
    void badArrayItemsNameTheItem() {
        DataType type = ROW(FIELD("names", ARRAY(STRING())));
        byte[] bytes =
                hex(
                        "90 07 D0 05 00 01 61 00 01 FF"
                                .replace("90 07", "90 08")
                                .replace("D0 05", "D0 06"));
        assertThatThrownBy(() -> deserializer(type, false).deserialize(bytes))
                .hasMessageContaining("column 'names[1]'")
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void ignoreParseErrorsSkipsAndCountsTheRecord() throws Exception {
        Y3RowDataDeserializationSchema de =
                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                        .keys(NOISE_KEYS)
                        .ignoreParseErrors(true)
                        .build();
        Map<String, Counter> counters = new HashMap<>();
        de.open(initContext(counters));

        assertThat(de.deserialize(hex("90 05 11 01"))).isNull();
        assertThat(de.deserialize(noiseRecordWithout())).isNotNull();
        assertThat(counters.get("y3SkippedRecords").getCount()).isEqualTo(1);
        assertThat(counters.get("y3DecodedFields").getCount()).isEqualTo(1);
        assertThat(de.deserialize(null)).isNull();
    }

    @Test
    void schemasAreSerializableAndEqualByConfiguration() throws Exception {
        Y3RowDataDeserializationSchema de =
                Y3RowDataDeserializationSchema.builder(rowType(ALL_TYPES))
                        .projection(new int[][] {{12, 1}, {7}})
                        .build();
        Y3RowDataDeserializationSchema copy = InstantiationUtil.clone(de);
        assertThat(copy).isEqualTo(de).hasSameHashCodeAs(de);
        byte[] bytes =
                Y3RowDataSerializationSchema.builder(rowType(ALL_TYPES))
                        .build()
                        .serialize(toInternal(ALL_TYPES, ALL_VALUES));
        RowData row = copy.deserialize(bytes);
        assertThat(row.getDouble(0)).isEqualTo(121.4737);
        assertThat(row.getString(1).toString()).isEqualTo("héllo, 世界 🚀");

        Y3RowDataSerializationSchema ser =
                Y3RowDataSerializationSchema.builder(rowType(NOISE)).keys(NOISE_KEYS).build();
        assertThat(InstantiationUtil.clone(ser)).isEqualTo(ser);
    }

    @Test
    void arrayOfRowsUsesTheColumnPathForItemFields() {
        DataType type = ROW(FIELD("points", ARRAY(ROW(FIELD("x", INT()), FIELD("tag", STRING())))));
        RowData row = toInternal(type, Row.of((Object) new Row[] {Row.of(1, "a")}));
        byte[] bytes =
                Y3RowDataSerializationSchema.builder(rowType(type))
                        .keys("points=0x20,points.x=0x01,points.tag=0x02")
                        .build()
                        .serialize(row);
        // record { slice 0x20 [ item node 0x00 { 0x01: 1, 0x02: "a" } ] }
        assertThat(hex(bytes)).isEqualTo("90 0A E0 08 80 06 01 01 01 02 01 61");
    }

    @Test
    void builderValidatesTheMappingAgainstTheRowType() {
        assertThatThrownBy(
                        () ->
                                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                                        .keys(NOISE_KEYS + ",speed=0x14")
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(
                        "'y3.keys' names column(s) 'speed' that are not part of the row")
                .hasMessageContaining("Known columns: 'from', 'noise', 'time'");
        assertThatThrownBy(
                        () ->
                                Y3RowDataDeserializationSchema.builder(rowType(NOISE))
                                        .recordPath(0x40)
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("above 0x3F");
        assertThatThrownBy(
                        () ->
                                Y3RowDataSerializationSchema.builder(rowType(NOISE))
                                        .keys("noise=0x11")
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Column 'time' has no key");
    }

    private static Y3RowDataDeserializationSchema deserializer(
            DataType type, boolean failOnMissing) {
        return Y3RowDataDeserializationSchema.builder(rowType(type))
                .failOnMissingKey(failOnMissing)
                .build();
    }

    private static Y3RowDataDeserializationSchema noiseDeserializer(
            DataType type, boolean failOnMissing) {
        return Y3RowDataDeserializationSchema.builder(rowType(type))
                .keys(NOISE_KEYS)
                .failOnMissingKey(failOnMissing)
                .build();
    }

    interface WriterSteps {
        void apply(Y3Writer w);
    }

    /** noise=101.5 first, then whatever the test adds, inside record node 0x10. */
    private static byte[] noiseRecord(WriterSteps rest) {
        Y3Writer w = new Y3Writer();
        w.beginNode(0x10).float32(0x11, 101.5f);
        rest.apply(w);
        return w.endNode().toByteArray();
    }

    private static byte[] noiseRecordWithout() {
        return noiseRecord(w -> {});
    }

    static DeserializationSchema.InitializationContext initContext(Map<String, Counter> counters) {
        MetricGroup group =
                new UnregisteredMetricsGroup() {
                    @Override
                    public Counter counter(String name) {
                        return counter(name, new org.apache.flink.metrics.SimpleCounter());
                    }

                    @Override
                    public <C extends Counter> C counter(String name, C counter) {
                        counters.put(name, counter);
                        return counter;
                    }
                };
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(
                        Y3RowDataSerDeSchemaTest.class.getClassLoader());
            }
        };
    }
}
