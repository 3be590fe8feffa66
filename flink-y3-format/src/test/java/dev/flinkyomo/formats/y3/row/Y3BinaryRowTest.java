package dev.flinkyomo.formats.y3.row;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import dev.flinkyomo.formats.y3.TestRows;
import dev.flinkyomo.formats.y3.Y3KeyMapping;
import dev.flinkyomo.formats.y3.Y3RowDataSerializationSchema;
import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Limits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.BIGINT;
import static org.apache.flink.table.api.DataTypes.BOOLEAN;
import static org.apache.flink.table.api.DataTypes.CHAR;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.FLOAT;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.SMALLINT;
import static org.apache.flink.table.api.DataTypes.STRING;
import static org.apache.flink.table.api.DataTypes.TINYINT;
import static org.apache.flink.table.api.DataTypes.VARBINARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The binary rows of {@link Y3RecordDecoder} against the {@code GenericRowData} path and against
 * Flink's own {@code BinaryRowWriter} (through {@link RowDataSerializer#toBinaryRow}): byte for
 * byte equal for every type, null, missing key and projection.
 */
class Y3BinaryRowTest {

    private static final DataType SCALARS = ROW(TestRows.scalarFieldsAnd(FIELD("str2", STRING())));

    private static final Y3DecodeSettings SETTINGS =
            new Y3DecodeSettings(IntegerEncoding.NVARINT, Y3Limits.DEFAULT_MAX_PACKET_SIZE, false);

    private static final int[] RECORD_PATH = {Y3RowLayout.FIRST_DEFAULT_KEY};

    @Test
    void randomRowsEqualTheGenericRowAndFlinksOwnBinaryRowByteForByte() {
        RowType type = (RowType) SCALARS.getLogicalType();
        Random random = new Random(17);
        int[][] all = identity(type.getFieldCount());
        Y3RecordDecoder allBinary = decoder(type, all, true); // reused: slots left from before
        Y3RecordDecoder allGeneric = decoder(type, all, false);
        for (int n = 0; n < 2_000; n++) {
            GenericRowData in = randomRow(type, random);
            byte[] record = encode(type, in);
            // the whole row, and a random projection in a random order (some columns twice)
            for (int[][] projection : new int[][][] {all, randomProjection(type, random)}) {
                RowType produced = project(type, projection);
                boolean whole = projection == all;
                RowData binary =
                        (whole ? allBinary : decoder(type, projection, true)).decode(record);
                RowData generic =
                        (whole ? allGeneric : decoder(type, projection, false)).decode(record);
                assertThat(generic).isInstanceOf(GenericRowData.class);
                boolean anyString =
                        produced.getChildren().stream().anyMatch(Y3BinaryRowTest::isString);
                assertThat(binary)
                        .isInstanceOf(anyString ? BinaryRowData.class : GenericRowData.class);

                assertSameFields(produced, binary, generic);
                if (projection == all) {
                    // values in the record's order, as Flink's writer lays them out in field order;
                    // with a reordered projection only the order of the variable part differs
                    BinaryRowData expected = new RowDataSerializer(produced).toBinaryRow(generic);
                    assertThat(binary).as("record %d", n).isEqualTo(expected); // the bytes
                }
            }
        }
    }

    /**
     * 60 columns: null bits in two words (the first kept apart while the row is built), slots of
     * null fields cleared at build; strings ASCII and not, inline and not.
     */
    @Test
    void wideRowsWithNullsInBothWordsOfNullBitsAreByteEqual() {
        List<RowType.RowField> fields = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            LogicalType t =
                    i % 3 == 0
                            ? new VarCharType(VarCharType.MAX_LENGTH)
                            : i % 3 == 1 ? new IntType() : new DoubleType();
            fields.add(new RowType.RowField("c" + i, t));
            keys.put("c" + i, i + 1);
        }
        RowType type = new RowType(fields);
        Y3KeyMapping mapping = Y3KeyMapping.of(keys);
        Random random = new Random(60);
        Y3RecordDecoder binaryDecoder = decoder(type, identity(60), true, mapping);
        Y3RecordDecoder genericDecoder = decoder(type, identity(60), false, mapping);
        for (int n = 0; n < 500; n++) {
            GenericRowData in = randomRow(type, random);
            byte[] record =
                    Y3RowDataSerializationSchema.builder(type).keys(mapping).build().serialize(in);
            RowData binary = binaryDecoder.decode(record); // one decoder: slots left from before
            RowData generic = genericDecoder.decode(record);
            assertThat(binary).isInstanceOf(BinaryRowData.class);
            assertThat(binary)
                    .as("record %d", n)
                    .isEqualTo(new RowDataSerializer(type).toBinaryRow(generic));
        }
    }

    @Test
    void repeatedKeysLastWinsWhateverTheLengthsLeaveBehind() {
        // str three times: 17 bytes (variable part), "ab" (inline), "" (inline): the last wins.
        // The earlier long value's bytes stay, unreferenced, in the row's variable part, so the
        // row is not byte-equal to Flink's writer's; its fields are.
        RowType type = (RowType) ROW(FIELD("str", STRING()), FIELD("i", INT())).getLogicalType();
        byte[] record =
                concat(
                        new byte[] {(byte) 0x90, 25},
                        new byte[] {0x10, 17},
                        "long string value".getBytes(StandardCharsets.UTF_8),
                        new byte[] {0x10, 2, 'a', 'b', 0x10, 0});
        RowData binary = decoder(type, identity(2), true).decode(record);
        assertThat(binary).isInstanceOf(BinaryRowData.class);
        assertThat(binary.getString(0).toString()).isEqualTo("");
        assertThat(binary.isNullAt(1)).isTrue();
        assertSameFields(type, binary, decoder(type, identity(2), false).decode(record));
    }

    @Test
    void everyRowIsFreshAndHoldsNoPartOfTheRecord() {
        RowType type = (RowType) ROW(FIELD("str", STRING()), FIELD("l", BIGINT())).getLogicalType();
        Y3RecordDecoder decoder = decoder(type, identity(2), true);
        byte[] first = encode(type, GenericRowData.of(StringData.fromString("first value!"), 1L));
        RowData a = decoder.decode(first);
        Arrays.fill(first, (byte) 0); // the row must not read the record's bytes
        RowData b =
                decoder.decode(
                        encode(type, GenericRowData.of(StringData.fromString("second"), 2L)));
        assertThat(a).isNotSameAs(b);
        assertThat(a.getString(0).toString()).isEqualTo("first value!");
        assertThat(a.getLong(1)).isEqualTo(1L);
        assertThat(b.getString(0).toString()).isEqualTo("second");
        assertThat(b.getLong(1)).isEqualTo(2L);
    }

    @Test
    void rowAndArrayColumnsAndRowsWithoutStringsStayGeneric() {
        RowType nested =
                (RowType)
                        ROW(
                                        FIELD("str", STRING()),
                                        FIELD("loc", ROW(FIELD("lat", DOUBLE()))),
                                        FIELD("ints", ARRAY(INT())),
                                        FIELD("f", FLOAT()))
                                .getLogicalType();
        GenericRowData in =
                GenericRowData.of(
                        StringData.fromString("x"),
                        GenericRowData.of(1.5),
                        new org.apache.flink.table.data.GenericArrayData(new Integer[] {1, 2}),
                        2.5f);
        byte[] record = encode(nested, in);
        assertThat(decoder(nested, new int[][] {{0}, {1}}, true).decode(record))
                .isInstanceOf(GenericRowData.class);
        assertThat(decoder(nested, new int[][] {{0}, {2}}, true).decode(record))
                .isInstanceOf(GenericRowData.class);
        assertThat(decoder(nested, new int[][] {{3}}, true).decode(record))
                .isInstanceOf(GenericRowData.class);
        // a nested projection down to a scalar is a plain column of the produced row
        RowData lat = decoder(nested, new int[][] {{0}, {1, 0}}, true).decode(record);
        assertThat(lat).isInstanceOf(BinaryRowData.class);
        assertThat(lat.getString(0).toString()).isEqualTo("x");
        assertThat(lat.getDouble(1)).isEqualTo(1.5);
    }

    @Test
    void errorsAreTheSameAsTheGenericPath() {
        RowType type =
                (RowType)
                        ROW(
                                        FIELD("str", STRING()),
                                        FIELD("t", TINYINT()),
                                        FIELD("n", INT().notNull()))
                                .getLogicalType();
        RowType wire =
                (RowType)
                        ROW(FIELD("str", STRING()), FIELD("t", INT()), FIELD("n", INT()))
                                .getLogicalType();
        byte[][] bad = {
            {(byte) 0x90, 7, 0x10, 2, (byte) 0xC3, 0x28, 0x12, 1, 5}, // bad UTF-8 in str
            encode(wire, GenericRowData.of(StringData.fromString("s"), 300, 5)), // t > TINYINT
            {(byte) 0x90, 2, 0x10, 0}, // NOT NULL n missing
            {(byte) 0x90, 5, (byte) 0x90, 0, 0x12, 1, 5}, // str is a node
        };
        for (byte[] record : bad) {
            Throwable fromGeneric = thrown(decoder(type, identity(3), false), record);
            Throwable fromBinary = thrown(decoder(type, identity(3), true), record);
            assertThat(fromGeneric).as("record %s", Arrays.toString(record)).isNotNull();
            assertThat(fromBinary).isNotNull();
            assertThat(fromBinary.getClass()).isEqualTo(fromGeneric.getClass());
            assertThat(fromBinary.getMessage()).isEqualTo(fromGeneric.getMessage());
        }
        assertThatThrownBy(() -> decoder(type, identity(3), true).decode(bad[0]))
                .hasMessageContaining("column 'str'")
                .hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> decoder(type, identity(3), true).decode(bad[1]))
                .hasMessageContaining("column 't'")
                .hasMessageContaining("does not fit TINYINT");
        assertThatThrownBy(() -> decoder(type, identity(3), true).decode(bad[3]))
                .hasMessageContaining("column 'str'")
                .hasMessageContaining("expected a primitive but found a node");
        assertThatThrownBy(() -> decoder(type, identity(3), true).decode(bad[2]))
                .hasMessageContaining("column 'n'")
                .hasMessageContaining("missing");
    }

    // ---------------------------------------------------------------------------------------

    private static Throwable thrown(Y3RecordDecoder decoder, byte[] record) {
        try {
            decoder.decode(record);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Y3RecordDecoder decoder(RowType type, int[][] projection, boolean binary) {
        return decoder(type, projection, binary, Y3KeyMapping.defaults());
    }

    private static Y3RecordDecoder decoder(
            RowType type, int[][] projection, boolean binary, Y3KeyMapping keys) {
        Y3RowLayout layout = Y3RowLayout.of(type, keys.asMap());
        return new Y3RecordDecoder(layout, RECORD_PATH, projection, SETTINGS, binary);
    }

    private static byte[] encode(RowType type, RowData row) {
        return Y3RowDataSerializationSchema.builder(type).build().serialize(row);
    }

    private static boolean isString(LogicalType t) {
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return true;
            default:
                return false;
        }
    }

    private static void assertSameFields(RowType type, RowData actual, RowData expected) {
        assertThat(actual.getArity()).isEqualTo(expected.getArity());
        for (int i = 0; i < type.getFieldCount(); i++) {
            RowData.FieldGetter getter = RowData.createFieldGetter(type.getTypeAt(i), i);
            Object a = getter.getFieldOrNull(actual);
            Object e = getter.getFieldOrNull(expected);
            if (e instanceof byte[]) {
                assertThat((byte[]) a).isEqualTo((byte[]) e);
            } else {
                assertThat(a).as("field %d", i).isEqualTo(e);
            }
        }
    }

    private static int[][] identity(int n) {
        int[][] p = new int[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new int[] {i};
        }
        return p;
    }

    private static int[][] randomProjection(RowType type, Random random) {
        int n = 1 + random.nextInt(type.getFieldCount() + 2);
        int[][] p = new int[n][];
        for (int i = 0; i < n; i++) {
            p[i] = new int[] {random.nextInt(type.getFieldCount())};
        }
        // a path projected twice must not be observed twice: keep the first of each
        List<int[]> distinct = new ArrayList<>();
        boolean[] seen = new boolean[type.getFieldCount()];
        for (int[] f : p) {
            if (!seen[f[0]]) {
                seen[f[0]] = true;
                distinct.add(f);
            }
        }
        return distinct.toArray(new int[0][]);
    }

    private static RowType project(RowType type, int[][] projection) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int[] p : projection) {
            fields.add(type.getFields().get(p[0]));
        }
        return new RowType(fields);
    }

    /** Random values, about one in five null (a missing key), strings of 0..40 bytes. */
    private static GenericRowData randomRow(RowType type, Random random) {
        GenericRowData row = new GenericRowData(type.getFieldCount());
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (random.nextInt(5) == 0) {
                continue;
            }
            row.setField(i, randomValue(type.getTypeAt(i), random));
        }
        return row;
    }

    private static Object randomValue(LogicalType t, Random random) {
        switch (t.getTypeRoot()) {
            case BOOLEAN:
                return random.nextBoolean();
            case TINYINT:
                return (byte) random.nextInt();
            case SMALLINT:
                return (short) random.nextInt();
            case INTEGER:
                return random.nextInt();
            case BIGINT:
                return random.nextLong() >> random.nextInt(64);
            case FLOAT:
                return random.nextFloat() * 1000 - 500;
            case DOUBLE:
                return random.nextDouble() * 1e6 - 5e5;
            case CHAR:
            case VARCHAR:
                return StringData.fromString(randomText(random));
            case VARBINARY:
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                return b;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return TimestampData.fromEpochMillis(random.nextLong() >> 20);
            default:
                throw new IllegalArgumentException(t.toString());
        }
    }

    private static String randomText(Random random) {
        String alphabet =
                random.nextBoolean() ? "abcdefghij-0123456789" : "abcdefghij-0123456789é世🚀";
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(25);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(
                    alphabet.codePointAt(
                            alphabet.offsetByCodePoints(
                                    0,
                                    random.nextInt(
                                            alphabet.codePointCount(0, alphabet.length())))));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
