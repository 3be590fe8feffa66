package dev.flinkyomo.y3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lengths are signed PVarInt32: 64 already takes two bytes and 8192 three (§1.2). */
class LengthBoundaryTest {

    @ParameterizedTest(name = "length {0} -> {1}")
    @CsvSource({
        "0, 00",
        "63, 3F",
        "64, 80 40",
        "100, 80 64",
        "255, 81 7F",
        "8191, BF 7F",
        "8192, 80 C0 00",
        "65535, 83 FF 7F",
        "1048575, BF FF 7F",
        "1048576, 80 C0 80 00",
        "2147483647, 87 FF FF FF 7F"
    })
    void lengthHeader(int length, String hex) {
        assertThat(Hex.of(PVarInt.encode32(length))).isEqualTo(hex);
        byte[] header = Hex.bytes("01 " + hex);
        long h = Y3Header.tryParse(header, 0, header.length, Integer.MAX_VALUE, 0);
        assertThat(Y3Header.headerSize(h)).isEqualTo(header.length);
        assertThat(Y3Header.valueLength(h)).isEqualTo(length);
    }

    @ParameterizedTest(name = "value of {0} bytes round-trips")
    @ValueSource(ints = {0, 1, 63, 64, 8191, 8192, 100_000})
    void valuesAroundTheBoundariesRoundTrip(int length) {
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) 0x11); // bytes equal to a key must not confuse anything
        byte[] packet = new Y3Writer().beginNode(0x3F).bytes(0x02, value).endNode().toByteArray();
        Y3Cursor outer = new Y3Cursor(packet);
        assertThat(outer.next()).isTrue();
        Y3Cursor inner = outer.children();
        assertThat(inner.next()).isTrue();
        assertThat(inner.valueLength()).isEqualTo(length);
        assertThat(inner.bytes()).isEqualTo(value);
        assertThat(inner.next()).isFalse();
        assertThat(outer.next()).isFalse();
    }

    @ParameterizedTest(name = "max packet size {0}: length {0} passes, {0}+1 is refused")
    @ValueSource(ints = {63, 64, 8191, 8192})
    void maximumPacketSizeIsInclusive(int max) {
        Y3Limits limits = Y3Limits.of(max, 8);
        byte[] ok = new Y3Writer().bytes(0x01, new byte[max]).toByteArray();
        Y3Cursor c = new Y3Cursor(ok, 0, ok.length, limits);
        assertThat(c.next()).isTrue();
        byte[] tooBig = new Y3Writer().bytes(0x01, new byte[max + 1]).toByteArray();
        assertThatThrownBy(() -> new Y3Cursor(tooBig, 0, tooBig.length, limits).next())
                .isInstanceOf(Y3Exception.class)
                .extracting(e -> ((Y3Exception) e).reason(), e -> ((Y3Exception) e).offset())
                .containsExactly(Y3Exception.Reason.TOO_LARGE, 1L);
    }

    @org.junit.jupiter.api.Test
    void maximalLengthIsRefusedByTheDefaultLimitWithoutAllocating() {
        byte[] header = Hex.bytes("01 87 FF FF FF 7F");
        Y3PacketReader reader = new Y3PacketReader();
        reader.feed(header);
        assertThatThrownBy(reader::next)
                .isInstanceOf(Y3Exception.class)
                .hasMessageContaining("2147483647")
                .extracting(e -> ((Y3Exception) e).reason())
                .isEqualTo(Y3Exception.Reason.TOO_LARGE);
    }
}
