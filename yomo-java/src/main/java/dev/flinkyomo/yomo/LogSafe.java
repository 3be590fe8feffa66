package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Makes a string that a device or peer chose (a client name or id, a metadata value, a zipper's
 * Rejected or Goaway message, a ConnectTo endpoint, a payload snippet) safe to put in a log line:
 * one line, no terminal escapes, bounded length. A newline in a client name would otherwise forge a
 * second log line that looks like ours, an ANSI ESC would repaint the operator's terminal, and a 10
 * KB name would be 10 KB of log on every line that names the client.
 *
 * <p>The one home of this concept for every module (this one is Flink-free, so the Flink modules
 * above it use it too).
 */
@PublicEvolving
public final class LogSafe {

    /** For names and ids: long enough for any real one, short enough for one line. */
    public static final int NAME_CHARS = 128;

    /** For messages and error texts a peer sent. */
    public static final int MESSAGE_CHARS = 512;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogSafe() {}

    /** {@link #quote(String, int)} with {@link #NAME_CHARS}. */
    public static String quote(String s) {
        return quote(s, NAME_CHARS);
    }

    /**
     * {@code s} in single quotes, one printable line: {@code \n}, {@code \r}, {@code \t}, the
     * backslash and the quote are escaped with a backslash; other control characters (C0, DEL, C1,
     * including ESC), format characters (bidi overrides, zero-width), line and paragraph separators
     * and lone surrogates become {@code \}{@code uXXXX}. Printable non-ASCII text (a Chinese device
     * name) stays as it is. When the escaped text would exceed {@code maxChars}, it is cut there
     * (never inside an escape or a surrogate pair) and followed by {@code ...(N chars)} outside the
     * quotes, N being the original length. Null gives {@code null} without quotes, so it differs
     * from the string "null".
     */
    public static String quote(String s, int maxChars) {
        return s == null ? "null" : render(s, maxChars, true);
    }

    /**
     * As {@link #quote(String, int)} but without the quotes (so a quote character stays as it is),
     * for text that is the whole rest of a line, such as a line a Wasm guest printed. Null gives
     * {@code null}.
     */
    public static String escape(String s, int maxChars) {
        return s == null ? "null" : render(s, maxChars, false);
    }

    private static String render(String s, int maxChars, boolean quoted) {
        String quote = quoted ? "'" : "";
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxChars) + 24).append(quote);
        int limit = maxChars + quote.length(); // the opening quote is not counted
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int mark = sb.length();
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                int cp = s.codePointAt(i);
                if (isUnsafe(Character.getType(cp))) {
                    appendUnicodeEscape(sb, c);
                    appendUnicodeEscape(sb, s.charAt(i + 1));
                } else {
                    sb.append(c).append(s.charAt(i + 1));
                }
            } else {
                appendChar(sb, c, quoted);
            }
            if (sb.length() > limit) {
                sb.setLength(mark);
                return sb.append(quote)
                        .append("...(")
                        .append(s.length())
                        .append(" chars)")
                        .toString();
            }
            if (pair) {
                i++;
            }
        }
        return sb.append(quote).toString();
    }

    private static void appendChar(StringBuilder sb, char c, boolean quoted) {
        if (c == '\'' && !quoted) {
            sb.append(c);
            return;
        }
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\\' -> sb.append("\\\\");
            case '\'' -> sb.append("\\'");
            default -> {
                // a lone surrogate reads as SURROGATE; a valid pair never gets here
                if (isUnsafe(Character.getType(c))) {
                    appendUnicodeEscape(sb, c);
                } else {
                    sb.append(c);
                }
            }
        }
    }

    private static boolean isUnsafe(int type) {
        return type == Character.CONTROL
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE
                || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    private static void appendUnicodeEscape(StringBuilder sb, char c) {
        sb.append("\\u")
                .append(HEX[(c >> 12) & 0xF])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
