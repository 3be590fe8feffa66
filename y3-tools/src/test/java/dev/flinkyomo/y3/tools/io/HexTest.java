package dev.flinkyomo.y3.tools.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HexTest {

    @Test
    void acceptsTheUsualWaysOfWritingHex() {
        byte[] expected = {(byte) 0x85, 0x0D, (byte) 0x84};

        assertThat(Hex.parse("85 0D 84")).isEqualTo(expected);
        assertThat(Hex.parse("850d84")).isEqualTo(expected);
        assertThat(Hex.parse("0x85,0x0D,0x84")).isEqualTo(expected);
        assertThat(Hex.parse(" 85:0D\n84\t")).isEqualTo(expected);
        assertThat(Hex.parse("0x850D84")).isEqualTo(expected);
        assertThat(Hex.parse("")).isEmpty();
    }

    @Test
    void formatsSpacedAndCompact() {
        byte[] b = {0x01, (byte) 0xAB, (byte) 0xFF};

        assertThat(Hex.spaced(b)).isEqualTo("01 AB FF");
        assertThat(Hex.compact(b, 1, 2)).isEqualTo("ABFF");
    }

    @Test
    void rejectsOddGroupsAndNonHexWithThePosition() {
        assertThatThrownBy(() -> Hex.parse("85 0D8"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("odd number of hex digits in '0D8' at character 3");
        assertThatThrownBy(() -> Hex.parse("0x"))
                .hasMessage("odd number of hex digits in '0x' at character 0");
        assertThatThrownBy(() -> Hex.parse("85 Z0"))
                .hasMessage("not a hex digit: 'Z' at character 3");
    }
}
