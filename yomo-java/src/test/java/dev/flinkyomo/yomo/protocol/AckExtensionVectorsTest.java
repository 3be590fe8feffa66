package dev.flinkyomo.yomo.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.flinkyomo.yomo.protocol.Hex.bytes;
import static dev.flinkyomo.yomo.protocol.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of every frame and field of the acknowledgement extension (yomo-java/ACKS.md, section
 * Vectors, which quotes them), both ways, and that the extension leaves stock frames alone.
 */
class AckExtensionVectorsTest {

    private static final FinalFrameCodec CODEC = FinalFrameCodec.INSTANCE;

    private static final String STOCK_SOURCE_HANDSHAKE =
            "01 03 73 72 63 03 01 78 02 01 5F 06 00 04 00 05 00"
                    + " 07 0A 32 30 32 34 2D 30 31 2D 30 33 09 00 08 00";

    private static void roundTrip(Frame frame, String vector) {
        assertThat(hex(CODEC.encode(frame))).isEqualTo(vector);
        assertThat(CODEC.decode(bytes(vector))).isEqualTo(frame);
    }

    private static DataFrame hello(long sequence) {
        return new DataFrame(
                        0x33,
                        MetadataCodec.encode(Map.of()),
                        "hello".getBytes(StandardCharsets.UTF_8))
                .withSequence(sequence);
    }

    @Test
    void acknowledgingHandshake() {
        roundTrip(
                HandshakeFrame.of("src", "x", ClientType.SOURCE).withAcknowledgements("dev-1"),
                "B1 2B " + STOCK_SOURCE_HANDSHAKE + " 20 01 01 21 05 64 65 76 2D 31");
    }

    @Test
    void grantingHandshakeAck() {
        roundTrip(HandshakeAckFrame.granted(0), "A9 06 20 01 01 21 01 00");
        roundTrip(HandshakeAckFrame.granted(1000), "A9 07 20 01 01 21 02 03 E8");
    }

    @Test
    void dataFrameWithSequence() {
        roundTrip(hello(1), "BF 0F 01 01 33 03 00 02 05 68 65 6C 6C 6F 20 01 01");
        roundTrip(hello(1000), "BF 10 01 01 33 03 00 02 05 68 65 6C 6C 6F 20 02 03 E8");
        // unsigned 64-bit: the highest sequence is the int64 -1, one NVarInt byte
        roundTrip(hello(-1L), "BF 0F 01 01 33 03 00 02 05 68 65 6C 6C 6F 20 01 FF");
    }

    @Test
    void ackFrame() {
        roundTrip(new AckFrame(1), "AB 03 01 01 01");
        roundTrip(new AckFrame(1000), "AB 04 01 02 03 E8");
    }

    @Test
    void stockFramesAreUnchanged() {
        roundTrip(HandshakeAckFrame.INSTANCE, "A9 00");
        roundTrip(hello(0), "BF 0C 01 01 33 03 00 02 05 68 65 6C 6C 6F");
        roundTrip(
                HandshakeFrame.of("src", "x", ClientType.SOURCE),
                "B1 21 " + STOCK_SOURCE_HANDSHAKE);
    }

    @Test
    void fastAndGeneralDataPathsAgreeOnTheSequence() {
        byte[] wire = CODEC.encode(hello(1000));
        assertThat(FinalFrameCodec.decodeWellFormedData(wire, 0, wire.length))
                .isEqualTo(CODEC.decodeGeneral(wire, 0, wire.length))
                .isEqualTo(hello(1000));
    }

    /**
     * What a stock decoder sees: a decoder that knows only YoMo's fields (as Go's, which looks
     * fields up by key) reads the same frame without them. Here, the extension's fields stripped
     * from the decoded frame give exactly the stock frame's decoding.
     */
    @Test
    void extensionFieldsCarryNothingAStockDecoderReads() {
        HandshakeFrame asking =
                (HandshakeFrame)
                        CODEC.decode(
                                CODEC.encode(
                                        HandshakeFrame.of("src", "x", ClientType.SOURCE)
                                                .withAcknowledgements("dev-1")));
        assertThat(asking.asksForAcknowledgements()).isTrue();
        assertThat(
                        new HandshakeFrame(
                                asking.name(),
                                asking.id(),
                                asking.clientType(),
                                asking.observeDataTags(),
                                asking.authName(),
                                asking.authPayload(),
                                asking.version(),
                                asking.functionDefinition(),
                                asking.wantedTarget()))
                .isEqualTo(HandshakeFrame.of("src", "x", ClientType.SOURCE));
        DataFrame numbered = (DataFrame) CODEC.decode(CODEC.encode(hello(7)));
        assertThat(numbered.withSequence(0)).isEqualTo(hello(0));
    }

    @Test
    void unknownFieldsOfALaterVersionAreIgnored() {
        // a granting ack with a field 0x22 this version does not know, and a handshake ack of
        // version 0 (not granted) with a stray ResumeAfter: both decode
        assertThat(CODEC.decode(bytes("A9 09 20 01 01 21 01 05 22 01 07")))
                .isEqualTo(HandshakeAckFrame.granted(5));
        assertThat(CODEC.decode(bytes("A9 06 20 01 00 21 01 05")))
                .isEqualTo(HandshakeAckFrame.INSTANCE);
        assertThat(CODEC.decode(bytes("AB 06 01 01 09 22 01 07"))).isEqualTo(new AckFrame(9));
    }

    @Test
    void theLegacyProtocolCannotCarryAcknowledgements() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> LegacyFrameCodec.INSTANCE.encode(new AckFrame(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AckFrame");
    }
}
