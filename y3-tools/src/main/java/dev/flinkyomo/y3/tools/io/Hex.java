package dev.flinkyomo.y3.tools.io;

import dev.flinkyomo.annotation.Internal;

import java.io.ByteArrayOutputStream;

/** Hex text as people paste it: {@code 85 0D 84}, {@code 850d84}, {@code 0x85,0x0D}. */
@Internal
public final class Hex {

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private Hex() {}

    /**
     * Parses hex digits. Whitespace, commas and colons separate groups; a group may start with
     * {@code 0x}; each group must have an even number of digits.
     *
     * @throws BadInputException naming the character offset of the first bad character
     */
    public static byte[] parse(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() / 2);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (isSeparator(c)) {
                i++;
                continue;
            }
            int groupStart = i;
            if (c == '0' && i + 1 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
                i += 2;
            }
            int digitsStart = i;
            while (i < n && !isSeparator(text.charAt(i))) {
                if (Character.digit(text.charAt(i), 16) < 0) {
                    throw new BadInputException(
                            "not a hex digit: '" + text.charAt(i) + "' at character " + i);
                }
                i++;
            }
            int digits = i - digitsStart;
            if (digits == 0 || digits % 2 != 0) {
                throw new BadInputException(
                        "odd number of hex digits in '"
                                + text.subSequence(groupStart, i)
                                + "' at character "
                                + groupStart);
            }
            for (int d = digitsStart; d < i; d += 2) {
                out.write(
                        Character.digit(text.charAt(d), 16) << 4
                                | Character.digit(text.charAt(d + 1), 16));
            }
        }
        return out.toByteArray();
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || c == ',' || c == ':';
    }

    /** Uppercase, space separated: {@code 85 0D 84}. */
    public static String spaced(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = off; i < off + len; i++) {
            if (i > off) {
                sb.append(' ');
            }
            appendByte(sb, bytes[i]);
        }
        return sb.toString();
    }

    public static String spaced(byte[] bytes) {
        return spaced(bytes, 0, bytes.length);
    }

    /** Uppercase, no separators: {@code 850D84} (the JSON form of bytes values). */
    public static String compact(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            appendByte(sb, bytes[i]);
        }
        return sb.toString();
    }

    private static void appendByte(StringBuilder sb, byte b) {
        sb.append(DIGITS[(b >> 4) & 0xF]).append(DIGITS[b & 0xF]);
    }
}
