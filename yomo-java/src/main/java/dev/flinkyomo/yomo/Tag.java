package dev.flinkyomo.yomo;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * YoMo's data tag rule, in one place: a tag is a uint32 (held in a {@code long}), and tags {@code
 * 0xF000}-{@code 0xFFFF} are reserved by YoMo itself (a zipper closes a connection that writes one,
 * its {@code RejectReservedTagMiddleware}). Every module checks, parses and prints tags through
 * this class.
 */
@PublicEvolving
public final class Tag {

    /** The largest tag: YoMo tags are uint32. */
    public static final long MAX = 0xFFFF_FFFFL;

    /** First tag of the range YoMo reserves for itself. */
    public static final long RESERVED_MIN = 0xF000L;

    /** Last tag of the range YoMo reserves for itself. */
    public static final long RESERVED_MAX = 0xFFFFL;

    private Tag() {}

    /** A uint32. */
    public static boolean isValid(long tag) {
        return tag >= 0 && tag <= MAX;
    }

    /** In YoMo's reserved range {@code 0xF000-0xFFFF}. */
    public static boolean isReserved(long tag) {
        return tag >= RESERVED_MIN && tag <= RESERVED_MAX;
    }

    /** A uint32 outside the reserved range: a tag an application may write or observe. */
    public static boolean isUsable(long tag) {
        return isValid(tag) && !isReserved(tag);
    }

    /**
     * {@code tag} if it is a uint32, else an {@link IllegalArgumentException} naming {@code what}
     * (for example {@code "observed tag"}).
     */
    public static long checkValid(long tag, String what) {
        if (!isValid(tag)) {
            throw new IllegalArgumentException(
                    what + " must be a uint32 (0 to 0xFFFFFFFF), got " + tag);
        }
        return tag;
    }

    /**
     * {@code tag} if an application may use it (a uint32 outside {@code 0xF000-0xFFFF}), else an
     * {@link IllegalArgumentException} naming {@code what}.
     */
    public static long checkUsable(long tag, String what) {
        checkValid(tag, what);
        if (isReserved(tag)) {
            throw new IllegalArgumentException(reservedMessage(what, tag));
        }
        return tag;
    }

    /** The message for a reserved tag, the same wherever it is refused. */
    public static String reservedMessage(String what, long tag) {
        return what
                + " "
                + format(tag)
                + " is reserved by YoMo (0xF000-0xFFFF); a zipper closes connections that write it";
    }

    /**
     * Parses a tag as users write it: hexadecimal with {@code 0x} ({@code 0x33}), or decimal
     * ({@code 51}), surrounding blanks ignored. The result is a uint32; reserved tags are not
     * refused here (see {@link #checkUsable}).
     *
     * @throws IllegalArgumentException naming the text when it is not such a number
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a tag is required (0x33 or 51)");
        }
        String s = text.trim();
        boolean hex = s.startsWith("0x") || s.startsWith("0X");
        String digits = hex ? s.substring(2) : s;
        // Long.parseLong takes a sign; a tag has none ("-1" is not 0xFFFFFFFF)
        if (digits.startsWith("-") || digits.startsWith("+")) {
            throw new IllegalArgumentException(
                    "expected a tag such as 0x33 (hexadecimal) or 51 (decimal), got '"
                            + text
                            + "': tags are unsigned");
        }
        long value;
        try {
            value = Long.parseLong(digits, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "expected a tag such as 0x33 (hexadecimal) or 51 (decimal), got '"
                            + text
                            + "'");
        }
        if (!isValid(value)) {
            throw new IllegalArgumentException(
                    "tag '" + text + "' is outside uint32 (0 to 0xFFFFFFFF)");
        }
        return value;
    }

    /** {@code 0x33}, {@code 0xf001}: as YoMo's Go code prints tags ({@code %#x}). */
    public static String format(long tag) {
        return "0x" + Long.toHexString(tag);
    }
}
