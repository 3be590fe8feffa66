package dev.flinkyomo.y3;

import dev.flinkyomo.annotation.PublicEvolving;

/**
 * "Padding signed bit" varint: big-endian 7-bit groups, bit 7 = more bytes follow, bit 6 of the
 * first byte is the sign. Used for every Y3 length (signed 32-bit) and for integer values of
 * y3-codec-golang. Unsigned Go types are the same bits read as signed (uint32 max is {@code 7F}).
 */
@PublicEvolving
public final class PVarInt {

    /** Longest encodings: 5 bytes for 32-bit values, 10 bytes for 64-bit values. */
    public static final int MAX_SIZE_32 = 5;

    public static final int MAX_SIZE_64 = 10;

    private PVarInt() {}

    public static int size32(int v) {
        int lead = v >> 31;
        for (int size = 32 / 7; size > 0; size--) {
            if ((v >> (size * 7 - 1)) != lead) {
                return size + 1;
            }
        }
        return 1;
    }

    public static int size64(long v) {
        long lead = v >> 63;
        for (int size = 64 / 7; size > 0; size--) {
            if ((v >> (size * 7 - 1)) != lead) {
                return size + 1;
            }
        }
        return 1;
    }

    /** Writes {@code v} at {@code off}; returns the number of bytes written. */
    public static int write32(int v, byte[] dst, int off) {
        return writeN(v, size32(v), dst, off);
    }

    public static int write64(long v, byte[] dst, int off) {
        return writeN(v, size64(v), dst, off);
    }

    private static int writeN(long v, int n, byte[] dst, int off) {
        for (int i = n - 1; i > 0; i--) {
            dst[off++] = (byte) (((v >> (7 * i)) & 0x7F) | 0x80);
        }
        dst[off] = (byte) (v & 0x7F);
        return n;
    }

    public static byte[] encode32(int v) {
        byte[] out = new byte[size32(v)];
        write32(v, out, 0);
        return out;
    }

    public static byte[] encode64(long v) {
        byte[] out = new byte[size64(v)];
        write64(v, out, 0);
        return out;
    }

    /**
     * Decodes a PVarInt that must fill exactly {@code len} bytes (a TLV value).
     *
     * @param base subtracted from array indexes when reporting offsets
     */
    public static long decodeValue(byte[] buf, int off, int len, int maxSize, int base) {
        if (len <= 0) {
            throw new Y3Exception(Y3Exception.Reason.BAD_VALUE, off - base, "empty varint value");
        }
        if (len > maxSize) {
            throw new Y3Exception(
                    Y3Exception.Reason.BAD_VALUE,
                    off - base,
                    "varint of " + len + " bytes is longer than " + maxSize);
        }
        long v = (buf[off] & 0x40) != 0 ? -1L : 0L;
        for (int i = 0; i < len; i++) {
            int b = buf[off + i] & 0xFF;
            boolean more = (b & 0x80) != 0;
            if (more == (i == len - 1)) {
                throw new Y3Exception(
                        Y3Exception.Reason.BAD_VALUE,
                        off + i - base,
                        "varint continuation bits do not match the value length " + len);
            }
            v = (v << 7) | (b & 0x7F);
        }
        return v;
    }

    public static int decodeValue32(byte[] buf, int off, int len, int base) {
        return (int) decodeValue(buf, off, len, MAX_SIZE_32, base);
    }

    public static long decodeValue64(byte[] buf, int off, int len, int base) {
        return decodeValue(buf, off, len, MAX_SIZE_64, base);
    }
}
