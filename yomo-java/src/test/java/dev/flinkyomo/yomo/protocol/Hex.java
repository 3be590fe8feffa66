package dev.flinkyomo.yomo.protocol;

import java.util.HexFormat;

/** Vectors are written as in the protocol reference: uppercase hex, space separated. */
public final class Hex {

    private Hex() {}

    public static byte[] bytes(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").replace("|", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(b);
    }
}
