package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.y3.IntegerEncoding;
import dev.flinkyomo.y3.Y3Writer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static dev.flinkyomo.yomo.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors of yomo@v1.22.3 pkg/frame-codec/y3codec/codec_test.go (reference §2.5.5), both ways. */
class FinalFrameCodecTest {

    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;

    private static void roundTrip(Frame frame, String vector) {
        assertThat(hex(CODEC.encode(frame))).isEqualTo(vector);
        assertThat(CODEC.decode(bytes(vector))).isEqualTo(frame);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void dataFrameVector() {
        roundTrip(
                new DataFrame(0x15, utf8("metadata"), utf8("yomo")),
                "BF 13 01 01 15 03 08 6D 65 74 61 64 61 74 61 02 04 79 6F 6D 6F");
    }

    /**
     * The DataFrame encoder writes in one pass from precomputed sizes; the reference is the generic
     * Y3Writer the encoder used before, over every length class of every field (one- to three-byte
     * lengths, tags and sequences up to the 64-bit extremes).
     */
    @Test
    void dataFrameEncoderEqualsTheGenericWriter() {
        Random random = new Random(17);
        long[] tags = {0, 1, 0x15, 0x3F, 0x40, 0x7F, 0x80, 0xFFFF, 0x7FFF_FFFFL, 0xFFFF_FFFFL};
        long[] sequences = {0, 1, 63, 64, 8191, 8192, Long.MAX_VALUE, -1L, Long.MIN_VALUE};
        int[] sizes = {0, 1, 63, 64, 127, 128, 8191, 8192, 70_000};
        for (long tag : tags) {
            for (long sequence : sequences) {
                for (int size : sizes) {
                    byte[] payload = new byte[size];
                    random.nextBytes(payload);
                    byte[] metadata = new byte[random.nextInt(200)];
                    random.nextBytes(metadata);
                    DataFrame d = new DataFrame(tag, metadata, payload, sequence);
                    assertThat(CODEC.encode(d)).as("%s", d).isEqualTo(withGenericWriter(d));
                    assertThat(CODEC.decode(CODEC.encode(d))).isEqualTo(d);
                }
            }
        }
    }

    private static byte[] withGenericWriter(DataFrame d) {
        Y3Writer w =
                new Y3Writer(IntegerEncoding.NVARINT)
                        .beginNode(FrameType.DATA.code())
                        .uint32(FinalFrameCodec.DATA_TAG, d.tag())
                        .bytes(FinalFrameCodec.DATA_METADATA, d.metadata())
                        .bytes(FinalFrameCodec.DATA_PAYLOAD, d.payload());
        if (d.sequence() != 0) {
            w.uint64(FinalFrameCodec.DATA_SEQUENCE, d.sequence());
        }
        return w.endNode().toByteArray();
    }

    @Test
    void handshakeVector() {
        HandshakeFrame h =
                new HandshakeFrame(
                        "the-name",
                        "the-id",
                        104,
                        List.of((long) 'a', (long) 'b', (long) 'c'),
                        "ddddd",
                        "eeeee",
                        "2014-01-03",
                        "handshake-metadata",
                        "the-wanted-target");
        roundTrip(
                h,
                "B1 80 64 01 08 74 68 65 2D 6E 61 6D 65 03 06 74 68 65 2D 69 64 02 01 68 06 0C 61 00"
                        + " 00 00 62 00 00 00 63 00 00 00 04 05 64 64 64 64 64 05 05 65 65 65 65 65 07"
                        + " 0A 32 30 31 34 2D 30 31 2D 30 33 09 12 68 61 6E 64 73 68 61 6B 65 2D 6D 65"
                        + " 74 61 64 61 74 61 08 11 74 68 65 2D 77 61 6E 74 65 64 2D 74 61 72 67 65 74");
    }

    @Test
    void handshakeAckRejectedGoawayConnectToVectors() {
        roundTrip(HandshakeAckFrame.INSTANCE, "A9 00");
        roundTrip(
                new RejectedFrame("rejected error"),
                "B9 10 01 0E 72 65 6A 65 63 74 65 64 20 65 72 72 6F 72");
        roundTrip(
                new GoawayFrame("goaway error"), "AE 0E 01 0C 67 6F 61 77 61 79 20 65 72 72 6F 72");
        roundTrip(
                new ConnectToFrame("11.11.11.11:8080"),
                "BE 12 01 10 31 31 2E 31 31 2E 31 31 2E 31 31 3A 38 30 38 30");
    }

    @Test
    void derivedDataFrameWithEmptyMetadata() {
        roundTrip(
                new DataFrame(0x33, MetadataCodec.encode(Map.of()), utf8("hello")),
                "BF 0C 01 01 33 03 00 02 05 68 65 6C 6C 6F");
    }

    @Test
    void derivedStreamFunctionHandshake() {
        HandshakeFrame h =
                HandshakeFrame.of("sfn", "x", ClientType.STREAM_FUNCTION)
                        .withObserveDataTags(List.of(0x33L))
                        .withCredential("token:secret");
        roundTrip(
                h,
                "B1 30 01 03 73 66 6E 03 01 78 02 01 5D 06 04 33 00 00 00 04 05 74 6F 6B 65 6E 05 06"
                        + " 73 65 63 72 65 74 07 0A 32 30 32 34 2D 30 31 2D 30 33 09 00 08 00");
    }

    @Test
    void tagsUseTheFullUint32RangeAsNVarInt() {
        // uint32 4294967295 is the int32 -1: one byte FF
        DataFrame max = new DataFrame(0xFFFF_FFFFL, new byte[0], new byte[0]);
        assertThat(hex(CODEC.encode(max))).isEqualTo("BF 07 01 01 FF 03 00 02 00");
        assertThat(CODEC.decode(CODEC.encode(max))).isEqualTo(max);
        // 255 needs a leading zero byte to stay positive
        assertThat(hex(CODEC.encode(new DataFrame(0xFF, new byte[0], new byte[0]))))
                .isEqualTo("BF 08 01 02 00 FF 03 00 02 00");
    }

    @Test
    void decodesFieldsInAnyOrderLastDuplicateWinsUnknownIgnored() {
        // payload first, tag twice (0x10 then 0x11), an unknown key 0x20, metadata absent
        DataFrame d =
                (DataFrame) CODEC.decode(bytes("BF 0D 02 02 68 69 01 01 10 20 01 00 01 01 11"));
        assertThat(d).isEqualTo(new DataFrame(0x11, new byte[0], utf8("hi")));
    }

    @Test
    void largePayloadUsesMultiByteLengths() {
        byte[] payload = new byte[70_000];
        payload[69_999] = 7;
        DataFrame d = new DataFrame(1, new byte[0], payload);
        byte[] wire = CODEC.encode(d);
        assertThat(CODEC.decode(wire)).isEqualTo(d);
    }

    @Test
    void unknownFrameTypeIsNamed() {
        assertThatThrownBy(() -> CODEC.decode(bytes("B5 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("unknown frame type 0x35");
    }

    @Test
    void truncatedFrameNamesFrameAndOffset() {
        // DataFrame claims 0x13 bytes, payload field runs past the frame
        byte[] wire = bytes("BF 08 01 01 15 02 09 79 6F 6D");
        assertThatThrownBy(() -> CODEC.decode(wire))
                .isInstanceOf(YomoProtocolException.class)
                .satisfies(
                        e -> {
                            YomoProtocolException p = (YomoProtocolException) e;
                            assertThat(p.frame()).isEqualTo("DataFrame");
                            assertThat(p.offset()).isEqualTo(5);
                        });
    }

    @Test
    void trailingBytesAfterTheFrameAreRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("A9 00 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("after the end of the frame");
    }

    @Test
    void primitiveWhereFrameNodeExpected() {
        assertThatThrownBy(() -> CODEC.decode(bytes("3F 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("primitive");
    }

    @Test
    void oversizedTagValueIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("BF 07 01 05 01 02 03 04 05")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("DataFrame")
                .hasMessageContaining("does not fit 32 bits");
    }

    @Test
    void handshakeWithoutClientTypeOrWithWideTypeIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("B1 03 01 01 61")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("client type field 0x02 is missing");
        assertThatThrownBy(() -> CODEC.decode(bytes("B1 04 02 02 5F 5F")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("exactly 1 byte");
    }

    @Test
    void partialObservedTagIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("B1 08 02 01 5D 06 03 33 00 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("not a multiple of 4")
                .satisfies(e -> assertThat(((YomoProtocolException) e).offset()).isEqualTo(7));
    }

    @Test
    void invalidUtf8NameIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("B1 06 01 01 FF 02 01 5F")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void handshakeToStringHidesTheToken() {
        HandshakeFrame h =
                HandshakeFrame.of("s", "i", ClientType.SOURCE).withCredential("token:s3cr3t");
        assertThat(h.toString()).doesNotContain("s3cr3t").contains("SOURCE(0x5F)");
    }
}
