package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * The one grammar for Y3 keys written as text, shared by the Flink format's options and annotations
 * and the {@code y3} tool's arguments: a key is hex with a {@code 0x} prefix from {@code 0x00} to
 * {@code 0x3F} (one or two digits, either case), a key path is keys joined by dots ({@code
 * 0x01.0x10}, outermost first), and the blank text is the empty path.
 *
 * <p>Decimal is refused everywhere, with the hex spelling in the message: YoMo's Go struct tags
 * write {@code y3:"0x11"}, so a bare {@code 11} would be ambiguous (key 11 or key 0x11?) and the
 * two readings differ for every key above 9.
 */
@PublicEvolving
public final class Y3KeyPath {

    private Y3KeyPath() {}

    /**
     * Parses one key.
     *
     * @throws IllegalArgumentException naming the text, if it is not {@code 0x00}..{@code 0x3F}
     */
    public static int parseKey(String text) {
        String t = text.trim();
        int n = t.length();
        if ((n == 3 || n == 4)
                && t.charAt(0) == '0'
                && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            int key = hexDigit(t.charAt(2));
            if (n == 4 && key >= 0) {
                int low = hexDigit(t.charAt(3));
                key = low < 0 ? -1 : key * 16 + low;
            }
            if (key > Y3Tag.MAX_KEY) {
                throw new IllegalArgumentException(
                        "'"
                                + text
                                + "' is not a Y3 key: it is above 0x3F (a Y3 tag keeps 6 bits for"
                                + " the key; bits 7 and 6 are the node and array flags)");
            }
            if (key >= 0) {
                return key;
            }
        }
        if (!t.isEmpty() && t.length() <= 9 && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int decimal = Integer.parseInt(t);
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a Y3 key: write keys in hex"
                            + (decimal <= Y3Tag.MAX_KEY
                                    ? ", " + Y3Tag.hex(decimal)
                                    : " from 0x00 to 0x3F")
                            + " (decimal is refused: Go writes y3:\"0x11\", and 11 would be"
                            + " ambiguous)");
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a Y3 key: keys are hex from 0x00 to 0x3F, e.g. 0x11");
    }

    /**
     * Parses a dotted key path such as {@code 0x01.0x10}; blank text is the empty path.
     *
     * @throws IllegalArgumentException naming the path and the bad key
     */
    public static int[] parsePath(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split("\\.", -1);
        int[] path = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                path[i] = parseKey(parts[i]);
            } catch (IllegalArgumentException e) {
                throw parts.length == 1
                        ? e
                        : new IllegalArgumentException(
                                "key path '" + text + "': " + e.getMessage());
            }
        }
        return path;
    }

    /** {@code "0x01.0x10"}; {@code ""} for the empty path. */
    public static String format(int[] path) {
        StringBuilder sb = new StringBuilder(path.length * 5);
        for (int i = 0; i < path.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(Y3Tag.hex(path[i]));
        }
        return sb.toString();
    }

    private static int hexDigit(char c) {
        return Character.digit(c, 16) >= 0 && c < 128 ? Character.digit(c, 16) : -1;
    }
}
