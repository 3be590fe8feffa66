package dev.flinkyomo.y3;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** yomo-protocol.md §1.9.1, verbatim from y3cg and y3 pvarint_test.go, plus the draft-01 prose. */
class PVarIntTest {

    @ParameterizedTest(name = "int32 {0} <-> {1}")
    @CsvSource({
        "-1, 7F",
        "-5, 7B",
        "-3, 7D",
        "63, 3F",
        "-65, FF 3F",
        "127, 80 7F",
        "255, 81 7F",
        "511, 83 7F",
        "-4097, DF 7F",
        "-8193, FF BF 7F",
        "-2097152, FF 80 80 00",
        "-134217729, FF BF FF FF 7F",
        "-2147483648, F8 80 80 80 00",
        "2147483647, 87 FF FF FF 7F",
        "0, 00"
    })
    void int32(int value, String hex) {
        assertThat(Hex.of(PVarInt.encode32(value))).isEqualTo(hex);
        assertThat(PVarInt.size32(value)).isEqualTo(Hex.bytes(hex).length);
        byte[] b = Hex.bytes(hex);
        assertThat(PVarInt.decodeValue32(b, 0, b.length, 0)).isEqualTo(value);
        assertThat(IntegerEncoding.PVARINT.read32(b, 0, b.length, 0)).isEqualTo(value);
    }

    @ParameterizedTest(name = "uint32 {0} <-> {1}")
    @CsvSource({
        "1, 01",
        "127, 80 7F",
        "128, 81 00",
        "130, 81 02",
        "1048576, 80 C0 80 00",
        "134217728, 80 C0 80 80 00",
        "4294967295, 7F"
    })
    void uint32IsTheSameBitsAsInt32(long value, String hex) {
        assertThat(Hex.of(PVarInt.encode32((int) value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(Integer.toUnsignedLong(PVarInt.decodeValue32(b, 0, b.length, 0)))
                .isEqualTo(value);
    }

    @ParameterizedTest(name = "int64/uint64 {0} <-> {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "-1, 7F",
        "9223372036854775807, 80 FF FF FF FF FF FF FF FF 7F",
        "-9223372036854775808, FF 80 80 80 80 80 80 80 80 00"
    })
    void int64(long value, String hex) {
        assertThat(Hex.of(PVarInt.encode64(value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(PVarInt.decodeValue64(b, 0, b.length, 0)).isEqualTo(value);
    }

    @org.junit.jupiter.api.Test
    void uint64MaxIsMinusOne() {
        // 18446744073709551615 as Go's uint64 is the bits of int64 -1
        assertThat(Hex.of(PVarInt.encode64(-1L))).isEqualTo("7F");
    }

    @org.junit.jupiter.api.Test
    void valueMustEndExactlyAtItsLength() {
        byte[] continued = Hex.bytes("81 81");
        assertThatThrownBy(() -> PVarInt.decodeValue32(continued, 0, 2, 0))
                .isInstanceOf(Y3Exception.class)
                .hasMessageContaining("offset 1");
        byte[] early = Hex.bytes("01 01");
        assertThatThrownBy(() -> PVarInt.decodeValue32(early, 0, 2, 0))
                .isInstanceOf(Y3Exception.class)
                .extracting(e -> ((Y3Exception) e).reason())
                .isEqualTo(Y3Exception.Reason.BAD_VALUE);
        byte[] tooLong = Hex.bytes("80 80 80 80 80 00");
        assertThatThrownBy(() -> PVarInt.decodeValue32(tooLong, 0, 6, 0))
                .isInstanceOf(Y3Exception.class);
        assertThatThrownBy(() -> PVarInt.decodeValue32(new byte[0], 0, 0, 0))
                .isInstanceOf(Y3Exception.class);
    }
}
