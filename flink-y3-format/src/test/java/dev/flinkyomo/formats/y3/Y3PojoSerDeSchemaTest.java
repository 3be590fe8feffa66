package dev.flinkyomo.formats.y3;

import org.apache.flink.util.InstantiationUtil;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.flinkyomo.formats.y3.TestRows.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3PojoSerDeSchemaTest {

    /** The y3-codec-golang explainer's SourceData. */
    public static class SourceData {
        @Y3Key(0x10)
        public String name;

        @Y3Key(0x11)
        public float noise;

        @Y3Key(0x12)
        public Therm therm;
    }

    public static class Therm {
        @Y3Key(0x13)
        public float temperature;

        @Y3Key(0x14)
        public float humidity;
    }

    public static class Point {
        @Y3Key(0x10)
        public double x;

        @Y3Key(0x11)
        public String label;

        Point() {}

        Point(double x, String label) {
            this.x = x;
            this.label = label;
        }
    }

    public static class Everything {
        @Y3Key(0x10)
        boolean flag;

        @Y3Key(0x11)
        byte b;

        @Y3Key(0x12)
        short s;

        @Y3Key(0x13)
        int i;

        @Y3Key(0x14)
        long l;

        @Y3Key(0x15)
        float f;

        @Y3Key(0x16)
        double d;

        @Y3Key(0x17)
        String text;

        @Y3Key(0x18)
        byte[] raw;

        @Y3Key(0x19)
        Instant at;

        @Y3Key(0x1A)
        Integer boxed;

        @Y3Key(0x1B)
        List<Integer> ints;

        @Y3Key(0x1C)
        long[] longs;

        @Y3Key(0x1D)
        List<Point> points;

        @Y3Key(0x1E)
        Point[] pointArray;

        @Y3Key(0x1F)
        Point origin;

        @Y3Key(0x20)
        List<List<String>> nested;

        int notMapped = 42;
    }

    @Test
    void readsAndWritesTheY3CodecGolangStructVector() throws IOException {
        byte[] golang =
                hex("81 16 A0 14 10 04 79 6F 6D 6F 11 02 43 E4 92 08 13 02 41 F0 14 02 42 20");
        SourceData data =
                Y3PojoDeserializationSchema.builder(SourceData.class)
                        .recordPath("0x01.0x20")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .deserialize(golang);
        assertThat(data.name).isEqualTo("yomo");
        assertThat(data.noise).isEqualTo(456f);
        assertThat(data.therm.temperature).isEqualTo(30f);
        assertThat(data.therm.humidity).isEqualTo(40f);

        byte[] written =
                Y3PojoSerializationSchema.builder(SourceData.class)
                        .recordPath("0x01.0x20")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .serialize(data);
        assertThat(hex(written)).isEqualTo(hex(golang));
    }

    public static class Values {
        @Y3Key(0x10)
        List<Integer> values;
    }

    @Test
    void readsTheY3CodecGolangSliceVector() throws IOException {
        Values v =
                Y3PojoDeserializationSchema.builder(Values.class)
                        .recordPath("0x01")
                        .integerEncoding(IntegerEncoding.PVARINT)
                        .build()
                        .deserialize(hex("81 0A D0 08 00 02 80 7B 00 02 83 48"));
        assertThat(v.values).containsExactly(123, 456);
    }

    @ParameterizedTest
    @EnumSource(IntegerEncoding.class)
    void roundTripsEverySupportedFieldType(IntegerEncoding encoding) throws Exception {
        Everything e = new Everything();
        e.flag = true;
        e.b = -128;
        e.s = 32767;
        e.i = -1;
        e.l = Long.MIN_VALUE;
        e.f = 12.375f;
        e.d = -2.0;
        e.text = "ünïcode ✓";
        e.raw = new byte[] {1, 2, 3};
        e.at = Instant.ofEpochMilli(1_634_000_000_123L);
        e.boxed = null; // left out, reads back as null
        e.ints = List.of(1, 2, 300);
        e.longs = new long[] {5L, -5L};
        e.points = List.of(new Point(1.5, "a"), new Point(-1, null));
        e.pointArray = new Point[] {new Point(9, "z")};
        e.origin = new Point(0, "o");
        e.nested = List.of(List.of("x", "y"), List.of());
        e.notMapped = 7;

        Y3PojoSerializationSchema<Everything> ser =
                Y3PojoSerializationSchema.builder(Everything.class)
                        .integerEncoding(encoding)
                        .build();
        Y3PojoDeserializationSchema<Everything> de =
                InstantiationUtil.clone(
                        Y3PojoDeserializationSchema.builder(Everything.class)
                                .integerEncoding(encoding)
                                .build());
        Everything back = de.deserialize(InstantiationUtil.clone(ser).serialize(e));

        assertThat(back).usingRecursiveComparison().ignoringFields("notMapped").isEqualTo(e);
        assertThat(back.notMapped).isEqualTo(42);
    }

    @Test
    void missingKeysKeepConstructorDefaultsAndUnknownKeysAreSkipped() throws IOException {
        Y3Writer w = new Y3Writer();
        w.beginNode(0x10).string(0x3F, "unknown").float32(0x11, 3f).endNode();
        SourceData data =
                Y3PojoDeserializationSchema.of(SourceData.class).deserialize(w.toByteArray());
        assertThat(data.noise).isEqualTo(3f);
        assertThat(data.name).isNull();
        assertThat(data.therm).isNull();
    }

    @Test
    void decodeErrorsNameTheFieldAndOffset() throws IOException {
        byte[] bytes = hex("90 06 10 02 C3 28 11 00");
        assertThatThrownBy(
                        () -> Y3PojoDeserializationSchema.of(SourceData.class).deserialize(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("into SourceData")
                .hasMessageContaining("column 'SourceData.name' (Y3 key path 0x10)")
                .hasMessageContaining("BAD_VALUE at byte offset 4");
        assertThatThrownBy(
                        () ->
                                Y3PojoDeserializationSchema.of(SourceData.class)
                                        .deserialize(hex("91 00")))
                .hasMessageContaining("no node at key path 0x10");
        assertThat(
                        Y3PojoDeserializationSchema.builder(SourceData.class)
                                .ignoreParseErrors(true)
                                .build()
                                .deserialize(bytes))
                .isNull();
    }

    public static class WithMap {
        @Y3Key(0x10)
        Map<String, String> attrs;
    }

    public static class Duplicate {
        @Y3Key(0x10)
        int a;

        @Y3Key(0x10)
        int b;
    }

    public static class TooHigh {
        @Y3Key(0x40)
        int a;
    }

    public static class NoKeys {
        int a;
    }

    public static class NoDefaultConstructor {
        @Y3Key(0x10)
        int a;

        NoDefaultConstructor(int a) {
            this.a = a;
        }
    }

    @Test
    void unmappableClassesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Y3PojoDeserializationSchema.of(WithMap.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "WithMap.attrs has type java.util.Map<java.lang.String, java.lang.String>");
        assertThatThrownBy(() -> Y3PojoSerializationSchema.of(Duplicate.class))
                .hasMessageContaining("Duplicate.b and Duplicate.a both have @Y3Key(0x10)");
        assertThatThrownBy(() -> Y3PojoSerializationSchema.of(TooHigh.class))
                .hasMessageContaining("@Y3Key of TooHigh.a is 0x40");
        assertThatThrownBy(() -> Y3PojoSerializationSchema.of(NoKeys.class))
                .hasMessageContaining("has no @Y3Key fields");
        assertThatThrownBy(() -> Y3PojoDeserializationSchema.of(NoDefaultConstructor.class))
                .hasMessageContaining("no-argument constructor");
    }

    @Test
    void nullSliceItemsCannotBeWritten() {
        Values v = new Values();
        v.values = java.util.Arrays.asList(1, null);
        assertThatThrownBy(() -> Y3PojoSerializationSchema.of(Values.class).serialize(v))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Values.values")
                .hasMessageContaining("item 1 is null");
    }
}
