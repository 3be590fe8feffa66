package dev.flinkyomo.y3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Y3KeyPathTest {

    @Test
    void everyKeyRoundTripsThroughItsHexSpelling() {
        for (int key = 0; key <= Y3Tag.MAX_KEY; key++) {
            String hex = Y3Tag.hex(key);
            assertThat(Y3KeyPath.parseKey(hex)).isEqualTo(key);
            assertThat(Y3KeyPath.parseKey(hex.toLowerCase())).isEqualTo(key);
            assertThat(Y3KeyPath.parseKey("0X" + Integer.toHexString(key))).isEqualTo(key);
        }
        assertThat(Y3KeyPath.parseKey(" 0x11 ")).isEqualTo(0x11);
    }

    @Test
    void decimalIsRefusedWithTheHexSpelling() {
        assertThatThrownBy(() -> Y3KeyPath.parseKey("17"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'17' is not a Y3 key: write keys in hex, 0x11");
        assertThatThrownBy(() -> Y3KeyPath.parseKey("0"))
                .hasMessageContaining("write keys in hex, 0x00");
        assertThatThrownBy(() -> Y3KeyPath.parseKey("64"))
                .hasMessageContaining("write keys in hex from 0x00 to 0x3F");
        assertThatThrownBy(() -> Y3KeyPath.parseKey("99999999999"))
                .hasMessageContaining("'99999999999' is not a Y3 key");
    }

    @Test
    void keysOutsideTheSixBitsAndNonKeysAreRefusedNamingTheText() {
        assertThatThrownBy(() -> Y3KeyPath.parseKey("0x40"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'0x40' is not a Y3 key")
                .hasMessageContaining("above 0x3F");
        for (String bad : new String[] {"", "0x", "x11", "0x1g", "-1", "+0x11", "0x011", "0x٣"}) {
            assertThatThrownBy(() -> Y3KeyPath.parseKey(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not a Y3 key");
        }
    }

    @Test
    void pathsAreDottedKeysAndBlankIsTheEmptyPath() {
        assertThat(Y3KeyPath.parsePath("0x01.0x10")).containsExactly(0x01, 0x10);
        assertThat(Y3KeyPath.parsePath("0x3f")).containsExactly(0x3F);
        assertThat(Y3KeyPath.parsePath("  ")).isEmpty();
        assertThat(Y3KeyPath.format(new int[] {0x01, 0x10})).isEqualTo("0x01.0x10");
        assertThat(Y3KeyPath.format(new int[0])).isEmpty();
        assertThatThrownBy(() -> Y3KeyPath.parsePath("0x01.17"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "key path '0x01.17': '17' is not a Y3 key: write keys in hex, 0x11"
                                + " (decimal is refused: Go writes y3:\"0x11\", and 11 would be"
                                + " ambiguous)");
        assertThatThrownBy(() -> Y3KeyPath.parsePath("0x01."))
                .hasMessageContaining("key path '0x01.': '' is not a Y3 key");
    }
}
