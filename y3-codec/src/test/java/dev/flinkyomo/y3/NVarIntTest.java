package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** yomo-protocol.md §1.9.2, verbatim from y3 nvarint_test.go, plus the derived tag values. */
class NVarIntTest {

    @ParameterizedTest(name = "int32 {0} <-> {1}")
    @CsvSource({
        "-1, FF",
        "-5, FB",
        "63, 3F",
        "-65, BF",
        "127, 7F",
        "255, 00 FF",
        "-4097, EF FF",
        "-8193, DF FF",
        "-2097152, E0 00 00",
        "-134217729, F7 FF FF FF",
        "-2147483648, 80 00 00 00",
        "2147483647, 7F FF FF FF",
        "0, 00"
    })
    void int32(int value, String hex) {
        assertThat(Hex.of(NVarInt.encode32(value))).isEqualTo(hex);
        assertThat(NVarInt.size32(value)).isEqualTo(Hex.bytes(hex).length);
        byte[] b = Hex.bytes(hex);
        assertThat(NVarInt.decodeValue32(b, 0, b.length, 0)).isEqualTo(value);
    }

    @ParameterizedTest(name = "uint32 {0} <-> {1}")
    @CsvSource({
        "1, 01",
        "127, 7F",
        "128, 00 80",
        "130, 00 82",
        "1048576, 10 00 00",
        "134217728, 08 00 00 00",
        "4294967295, FF",
        // derived: YoMo data tags
        "51, 33",
        "57345, 00 E0 01",
        "57346, 00 E0 02",
        "61440, 00 F0 00",
        "65535, 00 FF FF"
    })
    void uint32(long value, String hex) {
        assertThat(Hex.of(NVarInt.encode32((int) value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(Y3Values.uint32(IntegerEncoding.NVARINT, b, 0, b.length, 0)).isEqualTo(value);
    }

    @ParameterizedTest(name = "int64 {0} <-> {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "-1, FF",
        "9223372036854775807, 7F FF FF FF FF FF FF FF",
        "1634000000000, 01 7C 71 FD 54 00"
    })
    void int64(long value, String hex) {
        assertThat(Hex.of(NVarInt.encode64(value))).isEqualTo(hex);
        byte[] b = Hex.bytes(hex);
        assertThat(NVarInt.decodeValue64(b, 0, b.length, 0)).isEqualTo(value);
    }

    @Test
    void uint64MaxIsFF() {
        assertThat(Hex.of(NVarInt.encode64(-1L))).isEqualTo("FF");
    }

    @Test
    void widthIsChecked() {
        byte[] five = Hex.bytes("01 02 03 04 05");
        assertThatThrownBy(() -> NVarInt.decodeValue32(five, 0, 5, 0))
                .isInstanceOf(Y3Exception.class)
                .hasMessageContaining("32 bits");
        assertThatThrownBy(() -> NVarInt.decodeValue64(new byte[9], 0, 9, 0))
                .isInstanceOf(Y3Exception.class);
        assertThatThrownBy(() -> NVarInt.decodeValue32(new byte[1], 0, 0, 0))
                .isInstanceOf(Y3Exception.class);
    }

    /**
     * The one-load path (a value ending at index 8 or later) and the byte loop (earlier) against
     * the definition, for every length 1..8 at offsets 0..15 of random buffers.
     */
    @Test
    void decodingAgreesWithTheDefinitionAtEveryOffsetAndLength() {
        java.util.Random random = new java.util.Random(8);
        for (int n = 0; n < 2_000; n++) {
            byte[] buf = new byte[24];
            random.nextBytes(buf);
            for (int off = 0; off < 16; off++) {
                for (int len = 1; len <= 8; len++) {
                    long expected = buf[off];
                    for (int i = 1; i < len; i++) {
                        expected = expected << 8 | (buf[off + i] & 0xFF);
                    }
                    assertThat(NVarInt.decodeValue64(buf, off, len, 0))
                            .as("off %d, len %d", off, len)
                            .isEqualTo(expected);
                    if (len <= 4) {
                        assertThat(NVarInt.decodeValue32(buf, off, len, 0))
                                .isEqualTo((int) expected);
                    }
                }
            }
        }
    }
}
