package dev.flinkyomo.formats.y3.row;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-place validator must accept exactly what the JDK's strict UTF-8 decoder accepts. */
class Utf8Test {

    @Test
    void acceptsValidTextAndPointsAtTheFirstBadByte() {
        byte[] ok = "aé世🚀".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(ok, 0, ok.length)).isEqualTo(-1);
        assertThat(Utf8.firstInvalid(bytes(0x61, 0xC3, 0x28), 0, 3))
                .isEqualTo(1); // bad continuation
        assertThat(Utf8.firstInvalid(bytes(0xC0, 0x80), 0, 2)).isEqualTo(0); // overlong NUL
        assertThat(Utf8.firstInvalid(bytes(0xED, 0xA0, 0x80), 0, 3)).isEqualTo(0); // surrogate
        assertThat(Utf8.firstInvalid(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4))
                .isEqualTo(0); // > U+10FFFF
        assertThat(Utf8.firstInvalid(bytes(0x61, 0xE4, 0xB8), 0, 3)).isEqualTo(1); // truncated
        assertThat(Utf8.firstInvalid(bytes(0xE4, 0xB8, 0x96, 0xFF), 1, 2))
                .isEqualTo(1); // range respected
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(20211009);
        byte[] alphabet =
                bytes(
                        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                        0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF);
        for (int n = 0; n < 100_000; n++) {
            byte[] b = new byte[random.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(Utf8.firstInvalid(b, 0, b.length) < 0)
                    .as("bytes %s", java.util.Arrays.toString(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    @Test
    void eightByteAsciiStepFindsTheBadByteAtAnyPosition() {
        for (int len = 1; len <= 40; len++) {
            for (int bad = 0; bad < len; bad++) {
                byte[] b = new byte[len + 3];
                java.util.Arrays.fill(b, (byte) 'a');
                b[3 + bad] = (byte) 0xFF;
                assertThat(Utf8.firstInvalid(b, 3, len))
                        .as("len %d bad %d", len, bad)
                        .isEqualTo(3 + bad);
                b[3 + bad] = (byte) 'b';
                assertThat(Utf8.firstInvalid(b, 3, len)).isEqualTo(-1);
            }
        }
        // a valid multi-byte sequence cut by the end of the range after an ASCII run
        byte[] cut = bytes(0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xE4, 0xB8, 0x96);
        assertThat(Utf8.firstInvalid(cut, 0, 11)).isEqualTo(9);
        assertThat(Utf8.firstInvalid(cut, 0, 12)).isEqualTo(-1);
    }

    @Test
    void agreesWithTheJdkDecoderOnLongMostlyAsciiInput() {
        Random random = new Random(20261207);
        byte[] rare = bytes(0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[random.nextInt(48)];
            for (int i = 0; i < b.length; i++) {
                b[i] =
                        random.nextInt(10) == 0
                                ? rare[random.nextInt(rare.length)]
                                : (byte) random.nextInt(128);
            }
            assertThat(Utf8.firstInvalid(b, 0, b.length) < 0)
                    .as("bytes %s", java.util.Arrays.toString(b))
                    .isEqualTo(jdkAccepts(b));
        }
    }

    private static boolean jdkAccepts(byte[] b) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
