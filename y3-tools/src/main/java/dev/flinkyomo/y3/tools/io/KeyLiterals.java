package dev.flinkyomo.y3.tools.io;

import dev.flinkyomo.y3.Y3Tag;

import java.util.regex.Pattern;

/** Y3 keys as written on the command line: {@code 0x11}, {@code 17}, paths {@code 0x01.0x10}. */
public final class KeyLiterals {

    /** A field name that is itself a key, used for keys that have no name in the mapping. */
    private static final Pattern LITERAL_NAME = Pattern.compile("0[xX][0-9a-fA-F]{1,2}");

    private KeyLiterals() {}

    /**
     * Parses one key, hex with {@code 0x} or decimal.
     *
     * @throws IllegalArgumentException if it is not a number in 0x00..0x3F
     */
    public static int parseKey(String text) {
        String t = text.trim();
        int key;
        try {
            key =
                    t.startsWith("0x") || t.startsWith("0X")
                            ? Integer.parseInt(t.substring(2), 16)
                            : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a key (use 0x00..0x3F)");
        }
        if (key < 0 || key > Y3Tag.MAX_KEY) {
            throw new IllegalArgumentException(
                    "key "
                            + t
                            + " is outside 0x00..0x3F (bits 7 and 6 of the tag are the node and array flags)");
        }
        return key;
    }

    /** Parses a dotted key path such as {@code 0x01.0x10}. */
    public static int[] parsePath(String text) {
        String[] parts = text.split("\\.", -1);
        int[] path = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            path[i] = parseKey(parts[i]);
        }
        return path;
    }

    public static boolean isLiteralName(String name) {
        return LITERAL_NAME.matcher(name).matches();
    }

    /** The name a key without a mapped name gets in JSON: {@code 0x15}. */
    public static String literalName(int key) {
        return Y3Tag.hex(key);
    }
}
