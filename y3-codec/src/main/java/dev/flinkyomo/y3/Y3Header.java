package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * Parses one TLV header (tag byte + signed PVarInt32 length) without allocating. The result is
 * packed in a long: header size in the high 32 bits, value length in the low 32 bits.
 */
@PublicEvolving
public final class Y3Header {

    /** Returned by {@link #tryParse} when the bytes end inside the header. */
    public static final long NEED_MORE = -1L;

    private Y3Header() {}

    public static int headerSize(long packed) {
        return (int) (packed >>> 32);
    }

    public static int valueLength(long packed) {
        return (int) packed;
    }

    /**
     * Parses the header at {@code pos}, reading no byte at or past {@code end}.
     *
     * @return the packed header, or {@link #NEED_MORE} if the header is incomplete
     * @throws Y3Exception for a negative, oversized or over-long length
     */
    public static long tryParse(byte[] buf, int pos, int end, int maxValueLength, long base) {
        int p = pos + 1; // skip the tag byte
        if (p >= end) {
            return NEED_MORE;
        }
        int first = buf[p] & 0xFF;
        if ((first & 0xC0) == 0 && first <= maxValueLength) {
            return (2L << 32) | first; // one-byte length (0..63): most fields of small frames
        }
        long v = (first & 0x40) != 0 ? -1L : 0L;
        int n = 0;
        while (true) {
            if (p >= end) {
                return NEED_MORE;
            }
            int b = buf[p++] & 0xFF;
            n++;
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                break;
            }
            if (n == PVarInt.MAX_SIZE_32) {
                throw new Y3Exception(
                        Y3Exception.Reason.LENGTH_OVERFLOW,
                        pos + 1 - base,
                        "length field is longer than " + PVarInt.MAX_SIZE_32 + " bytes");
            }
        }
        int len = (int) v;
        if (v != len || len < 0) {
            throw new Y3Exception(
                    Y3Exception.Reason.NEGATIVE_LENGTH,
                    pos + 1 - base,
                    "length decodes to " + v + " (tag " + Y3Tag.hex(buf[pos] & 0xFF) + ")");
        }
        if (len > maxValueLength) {
            throw new Y3Exception(
                    Y3Exception.Reason.TOO_LARGE,
                    pos + 1 - base,
                    "length "
                            + len
                            + " exceeds the maximum packet size "
                            + maxValueLength
                            + " (tag "
                            + Y3Tag.hex(buf[pos] & 0xFF)
                            + ")");
        }
        return ((long) (1 + n) << 32) | (len & 0xFFFF_FFFFL);
    }

    /**
     * Parses a header that must lie, with its whole value, inside {@code [pos, end)}.
     *
     * @throws Y3Exception TRUNCATED or PAST_PARENT when it does not
     */
    public static long parseWithin(byte[] buf, int pos, int end, int maxValueLength, long base) {
        long h = tryParse(buf, pos, end, maxValueLength, base);
        if (h == NEED_MORE) {
            throw new Y3Exception(
                    Y3Exception.Reason.TRUNCATED, pos - base, "input ends inside a tag or length");
        }
        long valueEnd = (long) pos + headerSize(h) + valueLength(h);
        if (valueEnd > end) {
            throw new Y3Exception(
                    Y3Exception.Reason.PAST_PARENT,
                    pos - base,
                    "value of "
                            + valueLength(h)
                            + " bytes (tag "
                            + Y3Tag.hex(buf[pos] & 0xFF)
                            + ") runs "
                            + (valueEnd - end)
                            + " bytes past the end of its container");
        }
        return h;
    }
}
