package dev.flinkyomo.yomo.protocol;

import dev.flinkyomo.yomo.MetadataKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static dev.flinkyomo.yomo.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Vectors of yomo@v1.5.3 internal/frame/*_test.go (reference §2.3.5) and derived ones. */
class LegacyFrameCodecTest {

    private static final LegacyFrameCodec CODEC = LegacyFrameCodec.INSTANCE;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static DataFrame data(String tid, long tag, String payload) {
        return new DataFrame(
                tag, MetadataCodec.encode(Map.of(MetadataKeys.TID, tid)), utf8(payload));
    }

    private static HandshakeFrame handshake(String name, int type) {
        return new HandshakeFrame(name, "", type, List.of(), "", "", "", "", "");
    }

    @Test
    void handshakeVector() {
        String v = "BD 09 01 04 31 32 33 34 02 01 D3";
        assertThat(hex(CODEC.encode(handshake("1234", 0xD3)))).isEqualTo(v);
        assertThat(CODEC.decode(bytes(v))).isEqualTo(handshake("1234", 0xD3));
    }

    /** yomo v1.6 appended {@code 0x06 ObserveDataTags}, one byte per tag, to the handshake. */
    @Test
    void v16HandshakeCarriesObservedTagsAsOneBytePerTag() {
        String v = "BD 0D 01 04 4E 6F 69 73 02 01 5D 06 02 33 21";
        HandshakeFrame h = handshake("Nois", 0x5D).withObserveDataTags(List.of(0x33L, 0x21L));
        assertThat(hex(CODEC.encode(h))).isEqualTo(v);
        assertThat(CODEC.decode(bytes(v))).isEqualTo(h);
        // a tag the 2021 protocol cannot carry is refused, not truncated
        assertThatThrownBy(() -> CODEC.encode(h.withObserveDataTags(List.of(0x40L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x00-0x3F");
    }

    @Test
    void dataFrameVector() {
        String v = "BF 10 AF 06 01 04 31 32 33 34 AE 06 15 04 79 6F 6D 6F";
        assertThat(CODEC.decode(bytes(v))).isEqualTo(data("1234", 0x15, "yomo"));
        assertThat(hex(CODEC.encode(data("1234", 0x15, "yomo")))).isEqualTo(v);
    }

    @Test
    void dataFrameEncodeIsGenericOverTheTid() {
        for (String tid : new String[] {"", "1", "1634000000", "a-much-longer-transaction-id"}) {
            byte[] t = utf8(tid);
            String expected =
                    hex(
                                    new byte[] {
                                        (byte) 0xBF,
                                        (byte) (t.length + 12),
                                        (byte) 0xAF,
                                        (byte) (t.length + 2),
                                        0x01,
                                        (byte) t.length
                                    })
                            + (t.length == 0 ? "" : " " + hex(t))
                            + " AE 06 15 04 79 6F 6D 6F";
            assertThat(hex(CODEC.encode(data(tid, 0x15, "yomo")))).isEqualTo(expected);
        }
    }

    @Test
    void acceptedAndRejected() {
        assertThat(hex(CODEC.encode(HandshakeAckFrame.INSTANCE))).isEqualTo("BA 00");
        assertThat(hex(CODEC.encode(new RejectedFrame("ignored")))).isEqualTo("B9 00");
        assertThat(CODEC.decode(bytes("BA 00"))).isEqualTo(HandshakeAckFrame.INSTANCE);
        assertThat(CODEC.decode(bytes("B9 00"))).isEqualTo(new RejectedFrame(""));
    }

    @Test
    void derivedNoiseSourceHandshakesAndDataFrame() {
        assertThat(hex(CODEC.encode(handshake("yomo-source", 0x5F))))
                .isEqualTo("BD 10 01 0B 79 6F 6D 6F 2D 73 6F 75 72 63 65 02 01 5F");
        assertThat(hex(CODEC.encode(handshake("Noise", 0x5D))))
                .isEqualTo("BD 0A 01 05 4E 6F 69 73 65 02 01 5D");
        String json = "{\"noise\":45.5,\"time\":1634000000000,\"from\":\"localhost\"}";
        assertThat(json).hasSize(54);
        String wire = hex(CODEC.encode(data("1634000000", 0x33, json)));
        assertThat(wire)
                .startsWith(
                        "BF 80 48 AF 0C 01 0A 31 36 33 34 30 30 30 30 30 30 AE 38 33 36 7B 22 6E 6F")
                .endsWith("22 7D");
        assertThat(CODEC.decode(bytes(wire))).isEqualTo(data("1634000000", 0x33, json));
    }

    @Test
    void pingAndPongAreIgnorable() {
        assertThat(CODEC.isIgnorable(bytes("BC 00"))).isTrue();
        assertThat(CODEC.isIgnorable(bytes("BB 00"))).isTrue();
        assertThat(CODEC.isIgnorable(bytes("BF 00"))).isFalse();
    }

    @Test
    void tagsAboveTheKeyRangeCannotBeEncoded() {
        assertThatThrownBy(() -> CODEC.encode(data("t", 0x40, "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x00-0x3F");
        assertThatThrownBy(() -> CODEC.encode(new GoawayFrame("bye")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataFrameWithoutPayloadIsRefused() {
        assertThatThrownBy(() -> CODEC.decode(bytes("BF 08 AF 06 01 04 31 32 33 34")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("DataFrame(2021)")
                .hasMessageContaining("PayloadFrame");
    }

    @Test
    void metaAsPrimitiveIsRefusedWithOffset() {
        assertThatThrownBy(() -> CODEC.decode(bytes("BF 08 2F 00 AE 04 15 02 68 69")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("expected a node")
                .satisfies(e -> assertThat(((YomoProtocolException) e).offset()).isEqualTo(2));
    }

    @Test
    void unknownFrameIsNamed() {
        assertThatThrownBy(() -> CODEC.decode(bytes("B1 00")))
                .isInstanceOf(YomoProtocolException.class)
                .hasMessageContaining("unknown frame type 0x31 (2021 protocol)");
    }
}
