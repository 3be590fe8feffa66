package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static dev.flinkyomo.yomo.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataCodecTest {

    @Test
    void singleKeyVectorIsFixmapFixstr() {
        byte[] wire = MetadataCodec.encode(Map.of("yomo-tid", "abc"));
        assertThat(hex(wire)).isEqualTo("81 A8 79 6F 6D 6F 2D 74 69 64 A3 61 62 63");
        assertThat(MetadataCodec.decode(wire)).containsExactly(Map.entry("yomo-tid", "abc"));
    }

    @Test
    void emptyMapIsZeroBytesBothWays() {
        assertThat(MetadataCodec.encode(Map.of())).isEmpty();
        assertThat(MetadataCodec.decode(new byte[0])).isEmpty();
        assertThat(MetadataCodec.decode(bytes("80"))).isEmpty();
    }

    @Test
    void reservedKeysRoundTrip() {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(MetadataKeys.TID, "tid-1");
        md.put(MetadataKeys.SOURCE_ID, "src-ü");
        md.put(MetadataKeys.TARGET, "");
        assertThat(MetadataCodec.decode(MetadataCodec.encode(md))).isEqualTo(md);
    }

    @Test
    void keysThatOnlyLookLikeWellKnownOnesDecodeAsThemselves() {
        // same lengths as yomo-tid / yomo-target, one byte different: must not match the shared
        // constants
        Map<String, String> md = new LinkedHashMap<>();
        md.put("yomo-tiX", "1");
        md.put("yomo-tid", "2");
        md.put("Yomo-target", "3");
        md.put("yomo-target", "4");
        Map<String, String> decoded = MetadataCodec.decode(MetadataCodec.encode(md));
        assertThat(decoded).containsExactlyEntriesOf(md);
    }

    @Test
    void validateAcceptsWhatDecodeAcceptsAndRefusesWhatItRefuses() {
        byte[] good = MetadataCodec.encode(Map.of("yomo-tid", "abc", "custom", "v"));
        MetadataCodec.validate(good);
        MetadataCodec.validate(new byte[0]);
        for (String bad :
                new String[] {
                    "A3 61 62 63",
                    "81 A1 61 05",
                    "82 A1 61 A1 62",
                    "81 A1 61 A1 62 00",
                    "DF 7F FF FF FF A1 61",
                    "81 A1 61 DB 7F FF FF FF"
                }) {
            Throwable decodeError =
                    org.assertj.core.api.Assertions.catchThrowable(
                            () -> MetadataCodec.decode(bytes(bad)));
            assertThatThrownBy(() -> MetadataCodec.validate(bytes(bad)))
                    .as("validate(%s)", bad)
                    .isInstanceOf(YomoProtocolException.class)
                    .hasMessage(decodeError.getMessage());
        }
    }

    @Test
    void notAMapIsRefused() {
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("A3 61 62 63")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("expected a map");
    }

    @Test
    void nonStringValueIsRefusedWithOffset() {
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("81 A1 61 05")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("expected a string")
                .satisfies(e -> assertThat(((YomoProtocolException) e).offset()).isEqualTo(3));
    }

    @Test
    void hostileLengthsAreRefusedWithoutAllocating() {
        // map32 with 2^31 entries, str32 claiming 2 GiB
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("DF 7F FF FF FF A1 61")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("claims");
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("81 DB 7F FF FF FF 61")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("more than remain");
    }

    @Test
    void truncatedAndTrailingBytesAreRefused() {
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("82 A1 61 A1 62")))
                .isInstanceOf(YomoProtocolException.class);
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("81 A1 61 A1 62 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("C1")))
                .isInstanceOf(YomoProtocolException.class);
    }

    @Test
    void everyStringFormatGoMayWriteIsRead() throws Exception {
        // map16 header; str8, str16, bin8 and nil values, as other msgpack writers produce them
        String long8 = "x".repeat(200);
        String long16 = "y".repeat(70_000);
        Map<String, String> expected = new LinkedHashMap<>();
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(20);
            for (int i = 0; i < 16; i++) {
                p.packString("k" + i).packString("v" + i);
                expected.put("k" + i, "v" + i);
            }
            p.packString("str8").packString(long8);
            p.packString("str16").packString(long16);
            byte[] bin = "bin-ü".getBytes(StandardCharsets.UTF_8);
            p.packString("bin").packBinaryHeader(bin.length).writePayload(bin);
            p.packString("nil").packNil();
            expected.put("str8", long8);
            expected.put("str16", long16);
            expected.put("bin", "bin-ü");
            expected.put("nil", "");
            byte[] wire = p.toByteArray();
            assertThat(wire[0] & 0xFF).isEqualTo(0xDE);
            assertThat(MetadataCodec.decode(wire)).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void lengthCutOffInsideAHeaderIsRefusedWithOffset() {
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("DE 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("ends inside");
        assertThatThrownBy(() -> MetadataCodec.decode(bytes("81 A1 61 DA 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("ends inside")
                .satisfies(e -> assertThat(((YomoProtocolException) e).offset()).isEqualTo(3));
    }

    @Test
    void findAgreesWithDecodeOnEveryKeyOfEveryFormatAndOnAbsentKeys() throws Exception {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(8);
            p.packString(MetadataKeys.TID).packString("tid-1");
            p.packString("custom").packString("x".repeat(300)); // str16
            p.packString(MetadataKeys.TARGET).packNil(); // "" as decode gives it
            byte[] bin = "bin-ü".getBytes(StandardCharsets.UTF_8);
            p.packString("bin").packBinaryHeader(bin.length).writePayload(bin);
            p.packNil().packString("nil key"); // a nil key decodes as ""
            p.packString("dup").packString("first");
            p.packString("yomo-ti").packString("prefix of a known key");
            p.packString("dup").packString("last"); // a repeated key: the last value wins
            byte[] wire = p.toByteArray();
            Map<String, String> decoded = MetadataCodec.decode(wire);
            assertThat(decoded).hasSize(7);
            for (String key : decoded.keySet()) {
                assertThat(MetadataCodec.find(wire, key)).as(key).isEqualTo(decoded.get(key));
            }
            assertThat(MetadataCodec.find(wire, "dup")).isEqualTo("last");
            assertThat(MetadataCodec.find(wire, "")).isEqualTo("nil key");
            for (String absent : new String[] {"yomo-source-id", "yomo-tid ", "custo", "Custom"}) {
                assertThat(MetadataCodec.find(wire, absent)).as(absent).isNull();
            }
            assertThat(MetadataCodec.find(new byte[0], MetadataKeys.TID)).isNull();
        }
    }

    /** A receiver hands on validate's target instead of calling find: they must agree. */
    @Test
    void validateReturnsTheTargetFindGives() throws Exception {
        List<byte[]> fields = new ArrayList<>();
        fields.add(new byte[0]);
        fields.add(MetadataCodec.encode(Map.of()));
        fields.add(MetadataCodec.encode(Map.of(MetadataKeys.TID, "t")));
        fields.add(MetadataCodec.encode(Map.of(MetadataKeys.TARGET, "sfn-1", "k", "v")));
        fields.add(MetadataCodec.encode(Map.of("yomo-targe", "x", "yomo-target ", "y")));
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(3); // repeated: the last value wins, as in decode
            p.packString(MetadataKeys.TARGET).packString("first");
            p.packString(MetadataKeys.TID).packString("t");
            p.packString(MetadataKeys.TARGET).packString("last");
            fields.add(p.toByteArray());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(1); // nil reads as ""
            p.packString(MetadataKeys.TARGET).packNil();
            fields.add(p.toByteArray());
        }
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            byte[] bin = "bin-target".getBytes(StandardCharsets.UTF_8);
            p.packMapHeader(1); // binary, as msgpack-go may write it
            p.packString(MetadataKeys.TARGET).packBinaryHeader(bin.length).writePayload(bin);
            fields.add(p.toByteArray());
        }
        List<String> targets = new ArrayList<>();
        for (byte[] wire : fields) {
            String target = MetadataCodec.validate(wire);
            assertThat(target).isEqualTo(MetadataCodec.find(wire, MetadataKeys.TARGET));
            targets.add(target);
        }
        assertThat(targets)
                .containsExactly(null, null, null, "sfn-1", null, "last", "", "bin-target");
    }

    @Test
    void findRefusesWhatDecodeRefusesEvenAfterTheKeyItWants() {
        for (String bad :
                new String[] {
                    "A3 61 62 63",
                    "81 A1 61 05",
                    "82 A1 61 A1 62",
                    "81 A1 61 A1 62 00",
                    "DF 7F FF FF FF A1 61",
                    "81 A1 61 DB 7F FF FF FF",
                    "82 A1 61 A1 62 A1 63 05"
                }) {
            assertThatThrownBy(() -> MetadataCodec.decode(bytes(bad)))
                    .isInstanceOf(YomoProtocolException.class);
            assertThatThrownBy(() -> MetadataCodec.find(bytes(bad), "a"))
                    .as("find(%s)", bad)
                    .isInstanceOf(YomoProtocolException.class);
        }
    }

    @Test
    void forwardableOnlyWhenYomosWriteRulesWouldChangeNothing() throws Exception {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(MetadataKeys.TID, "tid-1");
        md.put("custom", "x");
        md.put(MetadataKeys.SOURCE_ID, "src");
        assertThat(MetadataCodec.isForwardable(MetadataCodec.encode(md))).isTrue();
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(2);
            p.packRawStringHeader(0).writePayload(new byte[0], 0, 0);
            p.packString("v");
            p.packString(MetadataKeys.SOURCE_ID).packString("s");
            assertThat(MetadataCodec.isForwardable(p.toByteArray()))
                    .as("no tid, an empty key instead")
                    .isFalse();
        }
        assertThat(
                        MetadataCodec.isForwardable(
                                bytes(
                                        "DE 00 02 D9 08 79 6F 6D 6F 2D 74 69 64 A1 74 AE 79 6F 6D 6F 2D 73 6F 75 72 63 65 2D 69 64 A1 73")))
                .as("map16 and str8 headers")
                .isTrue();
        for (Map<String, String> changed :
                List.of(
                        Map.of(MetadataKeys.TID, "t"), // no source id: a sink would add its own
                        Map.of(MetadataKeys.SOURCE_ID, "s"), // no tid: a sink would make one
                        Map.of(
                                MetadataKeys.TID,
                                "t",
                                MetadataKeys.SOURCE_ID,
                                "s",
                                MetadataKeys.TARGET,
                                "sfn"),
                        Map.of(MetadataKeys.TID, "t", MetadataKeys.SOURCE_ID, "s", "gone", ""))) {
            assertThat(MetadataCodec.isForwardable(MetadataCodec.encode(changed)))
                    .as("%s", changed)
                    .isFalse();
        }
        assertThat(
                        MetadataCodec.isForwardable(
                                bytes(
                                        "82 A8 79 6F 6D 6F 2D 74 69 64 C0 AE 79 6F 6D 6F 2D 73 6F 75 72 63 65 2D 69 64 A1 73")))
                .as("a nil tid")
                .isFalse();
        assertThat(MetadataCodec.isForwardable(new byte[0])).isFalse();
        for (String bad :
                new String[] {
                    "81 A1 61 05", "82 A1 61 A1 62", "81 A1 61 A1 62 00", "81 A1 61 DB 7F FF FF FF"
                }) {
            assertThatThrownBy(() -> MetadataCodec.isForwardable(bytes(bad)))
                    .as(bad)
                    .isInstanceOf(YomoProtocolException.class);
        }
    }
}
